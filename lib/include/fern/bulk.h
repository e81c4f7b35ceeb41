/* SPDX-License-Identifier: MIT */
/* Bulk data through shared memory (docs/ipc.md "Bulk data"): a client shares a memory object
 * with a server over their channel (SETATTR FERN_ATTR_BULK), then READ and WRITE requests
 * carrying FERN_BULK | offset in word[2] move their data through it: no copy through the
 * kernel, and up to the buffer's size per request instead of FERN_MSG_DATA_MAX. */
#ifndef FERN_BULK_H
#define FERN_BULK_H

#include <fern/abi.h>
#include <stdbool.h>
#include <stdint.h>

/* A shared buffer as one side maps it. */
struct fern_bulk {
	uint8_t *base;
	uint64_t size;
	fern_handle vmo;   /* the client's, to share it again (fern_bulk_share); a driver's, to
			    * ask for its pages' physical addresses */
	uint64_t *page_pa; /* a driver's: each page's physical address once asked (heap) */
};

/* Client: makes a memory object of size bytes (physically contiguous with contiguous, else its
 * pages come as they are first used), maps it and shares it with the server on h. The
 * server's answer is checked. Errors of creating, mapping and the call
 * (FERN_ERR_UNSUPPORTED: the server takes no bulk buffer). */
int fern_bulk_attach(fern_handle h, uint64_t size, bool contiguous, struct fern_bulk *out);
/* Client: shares b again, with the server on h (a new connection to a restarted server). */
int fern_bulk_share(fern_handle h, const struct fern_bulk *b);

/* Server: maps size bytes of the memory object vmo (what a SETATTR FERN_ATTR_BULK request
 * carries: handle[0], taken with fern_server_take_handle, and word[1]) read and write. With
 * for_dma (a device driver) the handle is kept for fern_bulk_pa; else it is closed (the
 * mapping keeps the object). Errors of mapping; FERN_ERR_INVALID without a handle. */
int fern_bulk_accept(fern_handle vmo, uint64_t size, bool for_dma, struct fern_bulk *out);
/* A driver's: the physical address of the byte at offset of the buffer (its page committed;
 * remembered, pages never move). A negative status on failure. */
int64_t fern_bulk_pa(struct fern_bulk *b, uint64_t offset);
/* Unmaps a buffer fern_bulk_accept mapped (its client went away, or shared another). */
void fern_bulk_release(struct fern_bulk *b);

/* Whether a request's FERN_BULK word names len bytes inside b; *at is where they are. */
static inline bool fern_bulk_range(const struct fern_bulk *b, uint64_t word, uint64_t len,
				   uint64_t *at)
{
	uint64_t offset = word & ~FERN_BULK;
	*at = offset;
	return b->base && (word & FERN_BULK) && offset <= b->size && len <= b->size - offset;
}

#endif
