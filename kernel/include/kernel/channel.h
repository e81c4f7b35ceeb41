/* SPDX-License-Identifier: MIT */
/* Channels: bidirectional pairs of ends, each with a bounded queue of messages of the
 * predefined types (fern/abi.h). Messages carry inline words, up to 4 KiB of data (copied
 * into the kernel) and up to 4 moved handles. Guarded by the kernel lock. */
#ifndef KERNEL_CHANNEL_H
#define KERNEL_CHANNEL_H

#include <fern/abi.h>
#include <kernel/object.h>
#include <stdint.h>

/* A message in flight: owns its data buffer and one reference to each carried object. */
struct kmsg {
	uint16_t type;
	uint16_t handle_count;
	uint32_t call_id;
	uint64_t word[FERN_MSG_WORDS];
	uint32_t data_len;
	uint8_t *data; /* kalloc'd, data_len bytes; NULL when empty */
	struct kobject *handle[FERN_MSG_HANDLES];
	uint32_t rights[FERN_MSG_HANDLES];
};

struct channel_end {
	struct kobject obj; /* READABLE while queue holds messages; PEER_CLOSED */
	struct channel_end
	    *peer; /* NULL once the peer end is destroyed (its last reference gone) */
	struct kmsg queue[FERN_CHANNEL_QUEUE]; /* received here, oldest first */
	unsigned head, count;
	/* The thread blocked receiving here (its thread.recv says how), or NULL: senders deliver
	 * straight into it (ipc_send.c); woken with the READABLE/PEER_CLOSED waiters. */
	struct thread *receiver;
};

/* Creates a connected pair; the caller holds one reference to each end. FERN_ERR_NO_MEMORY. */
int channel_create(struct channel_end **a, struct channel_end **b);

/* Queues msg at the peer of end, taking ownership of its data and objects on success.
 * Errors: FERN_ERR_PEER_CLOSED, FERN_ERR_FULL (queue full: nothing is taken). */
int channel_send(struct channel_end *end, struct kmsg *msg);

/* Takes the oldest message queued at end, or with want_reply the first reply (type has
 * FERN_MSG_REPLY or is FERN_MSG_ERROR) whose call id is call_id. Blocks until deadline.
 * Errors: FERN_ERR_EMPTY (deadline passed immediately), FERN_ERR_TIMED_OUT,
 * FERN_ERR_PEER_CLOSED (nothing queued and the peer is gone). */
int channel_recv(struct channel_end *end, int want_reply, uint32_t call_id, uint64_t deadline,
		 struct kmsg *out);

/* Index (from the head) of the oldest message a receive would take (any, or with want_reply
 * the reply with call_id), or -1; and taking it out of the queue. */
int find_message(const struct channel_end *end, int want_reply, uint32_t call_id);
void take_message(struct channel_end *end, unsigned index, struct kmsg *out);

/* Puts a message back at the head of end's queue (a receive that could not deliver it). */
void channel_unreceive(struct channel_end *end, struct kmsg *msg);

/* Frees a message's data and drops its objects (an undeliverable message). */
void kmsg_discard(struct kmsg *msg);

/* True when type is one of the predefined message types (or a reply to one). */
static inline int kmsg_type_valid(uint32_t type)
{
	uint32_t base = type & ~(uint32_t)FERN_MSG_REPLY;
	return type == FERN_MSG_ERROR || (base >= FERN_MSG_OPEN && base <= FERN_MSG_CONNECT);
}

#endif
