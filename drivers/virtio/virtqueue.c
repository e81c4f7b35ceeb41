// SPDX-License-Identifier: MIT
/* The split virtqueue (virtqueue.h): pure memory logic, testable on the host. */
#include "virtqueue.h"

#include <fern/mmio.h>
#include <fern/status.h>

/* The layout in one block: descriptors (16-byte aligned), the available ring (2), then the
 * used ring (4-byte aligned; we use 8). */
static uint64_t avail_offset(uint16_t num)
{
	return 16ull * num;
}

static uint64_t used_offset(uint16_t num)
{
	return (avail_offset(num) + 6 + 2ull * num + 7) & ~7ull;
}

uint64_t virtq_size(uint16_t num)
{
	return used_offset(num) + 6 + 8ull * num;
}

int virtq_init(struct virtq *vq, uint16_t num, void *mem, uint64_t pa)
{
	if (!num || num > VIRTQ_MAX || (num & (num - 1)))
		return FERN_ERR_INVALID;
	uint8_t *base = mem;
	vq->num = num;
	vq->num_free = num;
	vq->free_head = 0;
	vq->avail_idx = 0;
	vq->last_used = 0;
	vq->desc = (volatile struct virtq_desc *)base;
	vq->avail = (volatile struct virtq_avail *)(base + avail_offset(num));
	vq->used = (volatile struct virtq_used *)(base + used_offset(num));
	vq->desc_pa = pa;
	vq->avail_pa = pa + avail_offset(num);
	vq->used_pa = pa + used_offset(num);
	for (uint16_t i = 0; i < num; i++) {
		vq->next[i] = (uint16_t)(i + 1); /* the free list */
		vq->chain_len[i] = 0;
	}
	return FERN_OK;
}

int virtq_add(struct virtq *vq, const struct virtq_buf *bufs, unsigned n)
{
	if (!n)
		return FERN_ERR_INVALID;
	if (n > vq->num_free)
		return FERN_ERR_FULL;
	uint16_t head = vq->free_head, i = head;
	for (unsigned k = 0; k < n; k++) {
		volatile struct virtq_desc *d = &vq->desc[i];
		uint16_t next = vq->next[i];
		d->addr = bufs[k].addr;
		d->len = bufs[k].len;
		d->flags = (uint16_t)((bufs[k].device_writes ? VIRTQ_DESC_F_WRITE : 0) |
				      (k + 1 < n ? VIRTQ_DESC_F_NEXT : 0));
		d->next = k + 1 < n ? next : 0;
		if (k + 1 < n)
			i = next;
		else
			vq->free_head = next;
	}
	vq->num_free = (uint16_t)(vq->num_free - n);
	vq->chain_len[head] = (uint8_t)n;
	vq->avail->ring[vq->avail_idx % vq->num] = head;
	mmio_dma_barrier(); /* the descriptors and ring entry before the index that shows them */
	vq->avail_idx++;
	vq->avail->idx = vq->avail_idx;
	return head;
}

int virtq_get_used(struct virtq *vq, uint32_t *len)
{
	if (vq->last_used == vq->used->idx)
		return FERN_ERR_EMPTY;
	mmio_dma_barrier(); /* the index before the entry it covers */
	volatile struct virtq_used_elem *e = &vq->used->ring[vq->last_used % vq->num];
	uint32_t head = e->id;
	*len = e->len;
	vq->last_used++;
	if (head >= vq->num || !vq->chain_len[head])
		return FERN_ERR_INVALID;
	/* Free the chain by our own links and length, not what the device could have changed. */
	uint16_t i = (uint16_t)head;
	for (unsigned k = 1; k < vq->chain_len[head]; k++)
		i = vq->next[i];
	vq->next[i] = vq->free_head;
	vq->free_head = (uint16_t)head;
	vq->num_free = (uint16_t)(vq->num_free + vq->chain_len[head]);
	vq->chain_len[head] = 0;
	return (int)head;
}
