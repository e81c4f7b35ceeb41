// SPDX-License-Identifier: MIT
/* The virtio block device's request core (blk.h). */
#include "blk.h"

#include <fern/status.h>
#include <stddef.h>
#include <string.h>

void blk_setup(struct blk *b)
{
	b->capacity = virtio_mmio_config64(&b->dev, 0) * BLK_SECTOR; /* config: sectors */
	b->slots = b->vq.num / 3 < BLK_SLOTS ? b->vq.num / 3 : BLK_SLOTS;
	if (!b->slots)
		b->slots = 1; /* a tiny queue still takes one request at a time */
}

int blk_check(const struct blk *b, uint64_t offset, uint64_t len, uint64_t max)
{
	if (!len || offset % BLK_SECTOR || len % BLK_SECTOR)
		return FERN_ERR_INVALID;
	if (len > max)
		return FERN_ERR_TOO_BIG;
	if (offset > b->capacity || len > b->capacity - offset)
		return FERN_ERR_RANGE;
	return FERN_OK;
}

int blk_submit(struct blk *b, uint32_t type, uint64_t offset, uint32_t len, const void *data,
	       const struct blk_seg *seg, unsigned nseg, const struct blk_slot *who)
{
	if (type == VIRTIO_BLK_T_OUT && (b->dev.features & VIRTIO_BLK_F_RO))
		return FERN_ERR_DENIED;
	unsigned s = 0;
	while (s < b->slots && b->slot[s].busy)
		s++;
	if (s == b->slots)
		return FERN_ERR_FULL;
	b->hdr[s] =
	    (struct blk_header){.type = type, .sector = offset / BLK_SECTOR, .status = 0xff};
	if (nseg > BLK_SEGS_MAX)
		return FERN_ERR_TOO_BIG;
	if (type == VIRTIO_BLK_T_OUT && !nseg)
		memcpy(blk_buffer(b, (int)s), data, len);
	uint64_t hdr_pa = b->hdr_pa + s * sizeof(struct blk_header);
	struct virtq_buf bufs[BLK_SEGS_MAX + 2];
	unsigned n = 0;
	bufs[n++] = (struct virtq_buf){.addr = hdr_pa, .len = 16};
	bool in = type == VIRTIO_BLK_T_IN;
	for (unsigned i = 0; i < nseg; i++)
		bufs[n++] =
		    (struct virtq_buf){.addr = seg[i].pa, .len = seg[i].len, .device_writes = in};
	if (len && !nseg)
		bufs[n++] = (struct virtq_buf){
		    .addr = b->data_pa + (uint64_t)s * BLK_MAX_IO, .len = len, .device_writes = in};
	bufs[n++] = (struct virtq_buf){
	    .addr = hdr_pa + offsetof(struct blk_header, status), .len = 1, .device_writes = true};
	int head = virtq_add(&b->vq, bufs, n);
	if (head < 0)
		return head == FERN_ERR_FULL || head == FERN_ERR_TOO_BIG ? FERN_ERR_FULL : head;
	b->slot[s] = *who;
	b->slot[s].len = len;
	b->slot[s].bulk = nseg != 0;
	b->slot[s].busy = true;
	b->slot_of_head[head] = (uint8_t)s;
	return (int)s;
}

int blk_reap(struct blk *b, int *status)
{
	for (;;) {
		uint32_t written;
		int head = virtq_get_used(&b->vq, &written);
		if (head == FERN_ERR_EMPTY)
			return head;
		if (head < 0)
			continue; /* not a chain we gave out: nothing to answer */
		int s = b->slot_of_head[head];
		uint8_t st = b->hdr[s].status;
		*status = st == VIRTIO_BLK_S_OK       ? FERN_OK
			  : st == VIRTIO_BLK_S_UNSUPP ? FERN_ERR_UNSUPPORTED
						      : FERN_ERR_FAULT; /* an I/O error */
		return s;
	}
}
