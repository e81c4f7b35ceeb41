/* SPDX-License-Identifier: MIT */
/* Copies into another program's memory for IPC: the kernel writes a message straight into a
 * waiting receiver's buffers, whichever address space is current, through the linear map.
 * Kernel lock held. */
#ifndef KERNEL_IPC_COPY_H
#define KERNEL_IPC_COPY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct aspace;

/* A small range of a program's memory (a message header) made writable by the kernel: at
 * most two pieces, as it may cross a page boundary. */
struct ipc_span {
	void *piece[2];
	size_t len[2];
};

/* Translates [va, va + len) of as (len <= one page) for writing, committing pages the program
 * has not touched yet, so that ipc_span_write cannot fail while the kernel lock is held.
 * FERN_ERR_FAULT, FERN_ERR_NO_MEMORY. */
int ipc_span_map(struct aspace *as, uint64_t va, size_t len, struct ipc_span *span);
/* Writes a received message's header into span (a struct fern_msg in the receiver's memory):
 * um as sent, with the receive r's data, data_cap and key, and ids for the moved handles. */
struct fern_msg;
struct ipc_recv;
void ipc_header_write(const struct ipc_span *span, const struct fern_msg *um,
		      const struct ipc_recv *r, const uint32_t *ids);

/* Copies len bytes to va in as from src: kernel memory, or with src_user the current
 * program's memory at that address. FERN_ERR_FAULT (*dst_bad tells whose memory was at fault:
 * true for the destination), FERN_ERR_NO_MEMORY (a destination page could not be committed;
 * *dst_bad true). Bytes already copied stay. */
int ipc_copy_to(struct aspace *as, uint64_t va, const void *src, bool src_user, size_t len,
		bool *dst_bad);

#endif
