// SPDX-License-Identifier: MIT
/* Glue shared by the virtio drivers (virtio_env.h). */
#include "virtio_env.h"

#include <fern/env.h>
#include <fern/status.h>
#include <fern/sys.h>
#include <libfdt.h>
#include <string.h>

/* Where the transport is in the board, for log lines. */
static const char *device_path(void)
{
	const void *env = fern_env();
	int device = env ? fdt_path_offset(env, "/device") : -1;
	const char *path = device >= 0 ? fdt_getprop(env, device, "fern,path", 0) : 0;
	return path ? path : "virtio-mmio";
}

int virtio_env_open(struct virtio_mmio *d, uint32_t device_id, uint64_t wanted)
{
	int status;
	memset(d, 0, sizeof(*d));
	d->m.base = fern_env_map_mmio(0, &status);
	if (!d->m.base) {
		fern_logf("%s: no registers: %s", device_path(), status_name(status));
		return status;
	}
	status = virtio_mmio_probe(d);
	if (status == FERN_ERR_UNSUPPORTED && d->version == 1) {
		fern_logf("%s: legacy virtio-mmio transport (version 1, device id %u) refused: "
			  "only modern (version 2) devices are driven; run QEMU with "
			  "-global virtio-mmio.force-legacy=false",
			  device_path(), d->device_id);
		return FERN_ERR_UNSUPPORTED;
	}
	if (status) {
		fern_logf("%s: not a usable virtio-mmio transport (version %u): %s", device_path(),
			  d->version, status_name(status));
		return status == FERN_ERR_NOT_FOUND ? FERN_ERR_UNSUPPORTED : status;
	}
	if (d->device_id != device_id) {
		fern_logf("%s: device id %u, not %u", device_path(), d->device_id, device_id);
		return FERN_ERR_UNSUPPORTED;
	}
	status = virtio_mmio_negotiate(d, wanted);
	if (status)
		fern_logf("%s: feature negotiation failed (offered no VERSION_1 or refused "
			  "FEATURES_OK): %s",
			  device_path(), status_name(status));
	return status;
}

int virtio_env_dma(uint64_t size, void **va, uint64_t *pa)
{
	size = (size + 0xfff) & ~0xfffull;
	int64_t vmo = fern_vmo_create(size, FERN_VMO_CONTIGUOUS);
	if (fern_is_error(vmo))
		return (int)vmo;
	int64_t paddr = fern_vmo_paddr((fern_handle)vmo);
	int64_t addr = fern_vm_map((fern_handle)vmo, 0, size, FERN_PROT_READ | FERN_PROT_WRITE);
	fern_handle_close((fern_handle)vmo); /* the mapping keeps the memory */
	if (fern_is_error(paddr))
		return (int)paddr;
	if (fern_is_error(addr))
		return (int)addr;
	*va = (void *)(uintptr_t)addr;
	*pa = (uint64_t)paddr;
	memset(*va, 0, size);
	return FERN_OK;
}

int virtio_env_queue(struct virtio_mmio *d, uint32_t index, uint16_t want, struct virtq *vq)
{
	uint32_t max = virtio_mmio_queue_max(d, index);
	uint16_t num = 1;
	while ((uint32_t)num * 2 <= max && num * 2 <= want && num * 2 <= VIRTQ_MAX)
		num = (uint16_t)(num * 2);
	if (!max)
		return FERN_ERR_NOT_FOUND;
	void *mem;
	uint64_t pa;
	int status = virtio_env_dma(virtq_size(num), &mem, &pa);
	if (status)
		return status;
	status = virtq_init(vq, num, mem, pa);
	if (status)
		return status;
	return virtio_mmio_queue_setup(d, index, num, vq->desc_pa, vq->avail_pa, vq->used_pa);
}
