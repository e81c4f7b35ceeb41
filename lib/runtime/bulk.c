// SPDX-License-Identifier: MIT
/* Shared bulk buffers between a client and a server (fern/bulk.h). */
#include <fern/bulk.h>
#include <fern/service.h>
#include <fern/status.h>
#include <fern/sys.h>
#include <stdlib.h>

int fern_bulk_share(fern_handle h, const struct fern_bulk *b)
{
	int64_t copy = fern_handle_dup(b->vmo, FERN_RIGHT_READ | FERN_RIGHT_WRITE | FERN_RIGHT_MAP |
						   FERN_RIGHT_TRANSFER);
	if (fern_is_error(copy))
		return (int)copy;
	struct fern_msg req = {.type = FERN_MSG_SETATTR,
			       .word = {FERN_ATTR_BULK, b->size},
			       .handle_count = 1,
			       .handle = {(fern_handle)copy}};
	struct fern_msg reply = {0};
	int rc = fern_call(h, &req, &reply); /* the copy moves to the server */
	if (rc) /* kept if it was never sent; a moved handle's id never names another */
		fern_handle_close((fern_handle)copy);
	return rc;
}

int fern_bulk_attach(fern_handle h, uint64_t size, bool contiguous, struct fern_bulk *out)
{
	int64_t vmo = fern_vmo_create(size, contiguous ? FERN_VMO_CONTIGUOUS : 0);
	if (fern_is_error(vmo))
		return (int)vmo;
	int64_t base = fern_vm_map((fern_handle)vmo, 0, size, FERN_PROT_READ | FERN_PROT_WRITE);
	if (fern_is_error(base)) {
		fern_handle_close((fern_handle)vmo);
		return (int)base;
	}
	struct fern_bulk b = {.base = (uint8_t *)base, .size = size, .vmo = (fern_handle)vmo};
	int rc = fern_bulk_share(h, &b);
	if (rc) {
		fern_bulk_release(&b);
		return rc;
	}
	*out = b;
	return FERN_OK;
}

int fern_bulk_accept(fern_handle vmo, uint64_t size, bool for_dma, struct fern_bulk *out)
{
	if (!vmo)
		return FERN_ERR_INVALID;
	/* Mapping fails unless the object is that big. */
	int64_t base = fern_vm_map(vmo, 0, size, FERN_PROT_READ | FERN_PROT_WRITE);
	uint64_t *page_pa = 0;
	if (!fern_is_error(base) && for_dma) {
		page_pa = calloc((size + 4095) / 4096, sizeof(*page_pa));
		if (!page_pa) {
			fern_vm_unmap((uint64_t)base, size);
			base = FERN_ERR_NO_MEMORY;
		}
	}
	if (fern_is_error(base) || !for_dma)
		fern_handle_close(vmo);
	if (fern_is_error(base))
		return (int)base;
	*out = (struct fern_bulk){
	    .base = (uint8_t *)base, .size = size, .vmo = for_dma ? vmo : 0, .page_pa = page_pa};
	return FERN_OK;
}

int64_t fern_bulk_pa(struct fern_bulk *b, uint64_t offset)
{
	if (!b->page_pa || offset >= b->size)
		return FERN_ERR_RANGE;
	uint64_t *pa = &b->page_pa[offset / 4096];
	if (!*pa) {
		int64_t got = fern_vmo_paddr_at(b->vmo, offset & ~4095ull);
		if (fern_is_error(got))
			return got;
		*pa = (uint64_t)got;
	}
	return (int64_t)(*pa | (offset & 4095));
}

void fern_bulk_release(struct fern_bulk *b)
{
	if (b->base)
		fern_vm_unmap((uint64_t)b->base, b->size);
	if (b->vmo)
		fern_handle_close(b->vmo);
	free(b->page_pa);
	*b = (struct fern_bulk){0};
}
