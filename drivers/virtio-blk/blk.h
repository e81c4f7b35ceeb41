/* SPDX-License-Identifier: MIT */
/* The virtio block device's request core: checks block requests, puts them on the virtqueue
 * with their DMA buffers, and matches finished ones back to their slot. No environment. */
#ifndef BLK_H
#define BLK_H

#include "../virtio/virtio_mmio.h"
#include "../virtio/virtqueue.h"

#include <fern/abi.h>
#include <stdbool.h>
#include <stdint.h>

#define BLK_DEVICE_ID 2
#define BLK_SECTOR    512
#define BLK_MAX_IO    4096         /* bytes per request with the data in the message */
#define BLK_BULK_MAX  (128 * 1024) /* bytes per request through a client's bulk buffer */
/* Physically contiguous pieces of one bulk request: its pages, merged where they adjoin. */
#define BLK_SEGS_MAX  (BLK_BULK_MAX / 4096 + 1)
#define BLK_SLOTS     16 /* requests in flight at most */

#define VIRTIO_BLK_F_RO    (1ull << 5)
#define VIRTIO_BLK_F_FLUSH (1ull << 9)

#define VIRTIO_BLK_T_IN    0u
#define VIRTIO_BLK_T_OUT   1u
#define VIRTIO_BLK_T_FLUSH 4u

#define VIRTIO_BLK_S_OK     0u
#define VIRTIO_BLK_S_IOERR  1u
#define VIRTIO_BLK_S_UNSUPP 2u

/* What the device reads before the data, and the status byte it writes after it. */
struct blk_header {
	uint32_t type;
	uint32_t reserved;
	uint64_t sector;
	uint8_t status;
	uint8_t pad[15];
};

/* A piece of a request's data in physical memory. */
struct blk_seg {
	uint64_t pa;
	uint32_t len;
};

/* A request the device holds: who waits for the answer. */
struct blk_slot {
	fern_handle client; /* 0: nobody (an internal flush, or the client went away) */
	uint32_t call_id;
	uint16_t msg_type; /* enum fern_msg_type of the request */
	uint32_t len;
	bool bulk; /* the data is in the client's bulk buffer, not the slot's */
	bool busy;
};

struct blk {
	struct virtio_mmio dev;
	struct virtq vq;
	uint64_t capacity; /* bytes */
	unsigned slots;    /* usable slots: what the queue holds, at most BLK_SLOTS */
	uint8_t *data;     /* BLK_SLOTS buffers of BLK_MAX_IO bytes, DMA */
	uint64_t data_pa;
	struct blk_header *hdr; /* BLK_SLOTS headers, DMA */
	uint64_t hdr_pa;
	struct blk_slot slot[BLK_SLOTS];
	uint8_t slot_of_head[VIRTQ_MAX];
};

/* Reads the capacity and picks the slot count once the queue is set up. */
void blk_setup(struct blk *b);

/* Whether a transfer of len bytes at offset is allowed: FERN_ERR_INVALID if either is not a
 * multiple of the sector or len is 0, FERN_ERR_TOO_BIG past max, FERN_ERR_RANGE past the end
 * of the disk. */
int blk_check(const struct blk *b, uint64_t offset, uint64_t len, uint64_t max);

/* Queues a request (VIRTIO_BLK_T_*) for who. The data is in the slot's own buffer (len at
 * most BLK_MAX_IO; for T_OUT copied there from data), or with nseg > 0 in the physical pieces
 * seg[0..nseg) (a client's bulk buffer: the device reads or writes it directly; their lengths
 * add up to len). Returns the slot (>= 0). FERN_ERR_FULL when every slot (or descriptor) is
 * out; FERN_ERR_DENIED for a write to a read-only disk. The caller notifies the device. */
int blk_submit(struct blk *b, uint32_t type, uint64_t offset, uint32_t len, const void *data,
	       const struct blk_seg *seg, unsigned nseg, const struct blk_slot *who);

/* The next finished request: its slot (>= 0) and in *status FERN_OK or the error the device
 * reported. The slot stays busy (its data readable) until blk_release. FERN_ERR_EMPTY when
 * nothing finished. */
int blk_reap(struct blk *b, int *status);

static inline void blk_release(struct blk *b, int slot)
{
	b->slot[slot].busy = false;
}

/* The data buffer of slot. */
static inline uint8_t *blk_buffer(struct blk *b, int slot)
{
	return b->data + (uint64_t)slot * BLK_MAX_IO;
}

#endif
