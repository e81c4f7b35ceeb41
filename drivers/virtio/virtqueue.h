/* SPDX-License-Identifier: MIT */
/* The split virtqueue (virtio 1.x, 2.7): descriptor table with a free list, available ring and
 * used ring in DMA memory the driver provides; buffers go in as chains, come back by head. */
#ifndef VIRTQUEUE_H
#define VIRTQUEUE_H

#include <stdbool.h>
#include <stdint.h>

#define VIRTQ_MAX 256 /* the most entries a queue here has */

#define VIRTQ_DESC_F_NEXT  1u
#define VIRTQ_DESC_F_WRITE 2u /* the device writes this buffer */

struct virtq_desc {
	uint64_t addr; /* physical */
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

struct virtq_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[];
};

struct virtq_used_elem {
	uint32_t id;  /* head of the chain */
	uint32_t len; /* bytes the device wrote */
};

struct virtq_used {
	uint16_t flags;
	uint16_t idx;
	struct virtq_used_elem ring[];
};

/* One buffer of a chain for virtq_add. */
struct virtq_buf {
	uint64_t addr; /* physical */
	uint32_t len;
	bool device_writes;
};

/* A queue: the shared rings and the driver's bookkeeping (no locking: one thread uses it). */
struct virtq {
	uint16_t num;
	uint16_t num_free;
	uint16_t free_head;
	uint16_t avail_idx; /* next free slot of the available ring (free-running) */
	uint16_t last_used; /* next used-ring entry to consume (free-running) */
	volatile struct virtq_desc *desc;
	volatile struct virtq_avail *avail;
	volatile struct virtq_used *used;
	uint64_t desc_pa, avail_pa, used_pa;
	uint16_t next[VIRTQ_MAX];     /* the links, kept here: the device could rewrite desc[] */
	uint8_t chain_len[VIRTQ_MAX]; /* per head: descriptors out with the device, 0 if none */
};

/* Bytes of DMA memory (zeroed, physically contiguous) a queue of num entries needs. */
uint64_t virtq_size(uint16_t num);

/* Lays the queue out in mem (at physical address pa, virtq_size(num) zeroed bytes) with all
 * descriptors free. FERN_ERR_INVALID unless num is a power of two from 1 to VIRTQ_MAX. */
int virtq_init(struct virtq *vq, uint16_t num, void *mem, uint64_t pa);

/* Puts a chain of n buffers on the available ring and returns its head (>= 0).
 * FERN_ERR_FULL if fewer than n descriptors are free, FERN_ERR_INVALID if n is 0.
 * The device learns of it on the next notify. */
int virtq_add(struct virtq *vq, const struct virtq_buf *bufs, unsigned n);

/* Takes the next used-ring entry: returns the head of the finished chain (>= 0) with the
 * bytes written in *len, and frees its descriptors. FERN_ERR_EMPTY when nothing is new,
 * FERN_ERR_INVALID if the device returned a head that was not out (the entry is skipped). */
int virtq_get_used(struct virtq *vq, uint32_t *len);

/* Descriptors the device holds. */
static inline unsigned virtq_in_flight(const struct virtq *vq)
{
	return (unsigned)(vq->num - vq->num_free);
}

#endif
