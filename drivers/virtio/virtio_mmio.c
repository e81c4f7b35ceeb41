// SPDX-License-Identifier: MIT
/* The virtio-mmio transport, register level (virtio_mmio.h): no environment, testable on the
 * host against a fake register file. */
#include "virtio_mmio.h"

#include <fern/status.h>

static void status_set(struct virtio_mmio *d, uint32_t bits)
{
	mmio_write32(&d->m, VIRTIO_MMIO_STATUS, mmio_read32(&d->m, VIRTIO_MMIO_STATUS) | bits);
}

int virtio_mmio_probe(struct virtio_mmio *d)
{
	if (mmio_read32(&d->m, VIRTIO_MMIO_MAGIC) != VIRTIO_MMIO_MAGIC_VALUE)
		return FERN_ERR_INVALID;
	d->version = mmio_read32(&d->m, VIRTIO_MMIO_VERSION);
	d->device_id = mmio_read32(&d->m, VIRTIO_MMIO_DEVICE_ID);
	if (d->version != 2)
		return FERN_ERR_UNSUPPORTED;
	return d->device_id ? FERN_OK : FERN_ERR_NOT_FOUND;
}

static uint64_t device_features(struct virtio_mmio *d)
{
	mmio_write32(&d->m, VIRTIO_MMIO_DEVICE_FEAT_SEL, 0);
	uint64_t low = mmio_read32(&d->m, VIRTIO_MMIO_DEVICE_FEATURES);
	mmio_write32(&d->m, VIRTIO_MMIO_DEVICE_FEAT_SEL, 1);
	uint64_t high = mmio_read32(&d->m, VIRTIO_MMIO_DEVICE_FEATURES);
	return high << 32 | low;
}

int virtio_mmio_negotiate(struct virtio_mmio *d, uint64_t wanted)
{
	d->features = 0;
	mmio_write32(&d->m, VIRTIO_MMIO_STATUS, 0); /* reset */
	status_set(d, VIRTIO_STATUS_ACKNOWLEDGE);
	status_set(d, VIRTIO_STATUS_DRIVER);
	uint64_t offered = device_features(d);
	if (!(offered & VIRTIO_F_VERSION_1))
		goto failed;
	uint64_t agreed = offered & (wanted | VIRTIO_F_VERSION_1);
	mmio_write32(&d->m, VIRTIO_MMIO_DRIVER_FEAT_SEL, 0);
	mmio_write32(&d->m, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)agreed);
	mmio_write32(&d->m, VIRTIO_MMIO_DRIVER_FEAT_SEL, 1);
	mmio_write32(&d->m, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(agreed >> 32));
	status_set(d, VIRTIO_STATUS_FEATURES_OK);
	if (!(mmio_read32(&d->m, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK))
		goto failed; /* the device cannot work with this subset */
	d->features = agreed;
	return FERN_OK;
failed:
	virtio_mmio_fail(d);
	return FERN_ERR_UNSUPPORTED;
}

uint32_t virtio_mmio_queue_max(struct virtio_mmio *d, uint32_t index)
{
	mmio_write32(&d->m, VIRTIO_MMIO_QUEUE_SEL, index);
	return mmio_read32(&d->m, VIRTIO_MMIO_QUEUE_NUM_MAX);
}

int virtio_mmio_queue_setup(struct virtio_mmio *d, uint32_t index, uint32_t num, uint64_t desc,
			    uint64_t driver, uint64_t device)
{
	uint32_t max = virtio_mmio_queue_max(d, index); /* also selects the queue */
	if (!max)
		return FERN_ERR_NOT_FOUND;
	if (mmio_read32(&d->m, VIRTIO_MMIO_QUEUE_READY))
		return FERN_ERR_BUSY;
	if (!num || num > max)
		return FERN_ERR_RANGE;
	mmio_write32(&d->m, VIRTIO_MMIO_QUEUE_NUM, num);
	mmio_write32(&d->m, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)desc);
	mmio_write32(&d->m, VIRTIO_MMIO_QUEUE_DESC_HIGH, (uint32_t)(desc >> 32));
	mmio_write32(&d->m, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)driver);
	mmio_write32(&d->m, VIRTIO_MMIO_QUEUE_DRIVER_HIGH, (uint32_t)(driver >> 32));
	mmio_write32(&d->m, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)device);
	mmio_write32(&d->m, VIRTIO_MMIO_QUEUE_DEVICE_HIGH, (uint32_t)(device >> 32));
	mmio_dma_barrier(); /* the zeroed rings before the device may look at them */
	mmio_write32(&d->m, VIRTIO_MMIO_QUEUE_READY, 1);
	return FERN_OK;
}

void virtio_mmio_driver_ok(struct virtio_mmio *d)
{
	status_set(d, VIRTIO_STATUS_DRIVER_OK);
}

void virtio_mmio_fail(struct virtio_mmio *d)
{
	status_set(d, VIRTIO_STATUS_FAILED);
}

void virtio_mmio_notify(struct virtio_mmio *d, uint32_t index)
{
	mmio_dma_barrier(); /* the available ring before the doorbell */
	mmio_write32(&d->m, VIRTIO_MMIO_QUEUE_NOTIFY, index);
}

uint32_t virtio_mmio_irq_ack(struct virtio_mmio *d)
{
	uint32_t status = mmio_read32(&d->m, VIRTIO_MMIO_INTERRUPT_STATUS);
	if (status)
		mmio_write32(&d->m, VIRTIO_MMIO_INTERRUPT_ACK, status);
	mmio_dma_barrier(); /* the used ring is read after the status */
	return status;
}

uint64_t virtio_mmio_config64(struct virtio_mmio *d, uint32_t offset)
{
	uint32_t gen, low, high;
	do {
		gen = mmio_read32(&d->m, VIRTIO_MMIO_CONFIG_GEN);
		low = mmio_read32(&d->m, VIRTIO_MMIO_CONFIG + offset);
		high = mmio_read32(&d->m, VIRTIO_MMIO_CONFIG + offset + 4);
	} while (gen != mmio_read32(&d->m, VIRTIO_MMIO_CONFIG_GEN));
	return (uint64_t)high << 32 | low;
}
