/* SPDX-License-Identifier: MIT */
/* Message passing between programs (docs/ipc.md). A message goes straight into the buffers or
 * registers of a receiver already waiting for it (on the channel end, or on the port the end
 * is bound to), copied once from the sender's memory; only when nobody waits is it queued,
 * its data copied into the kernel. Receives take from the queue, or wait as the end's (or the
 * port's) receiver so that the next sender can deliver to them directly. The system calls
 * (sys_channel.c, sys_port.c) decode their arguments, then call these. Kernel lock held. */
#ifndef KERNEL_IPC_H
#define KERNEL_IPC_H

#include <arch/trap.h>
#include <fern/abi.h>
#include <kernel/channel.h>
#include <stdbool.h>
#include <stdint.h>

struct thread;
struct port;

enum ipc_recv_kind {
	IPC_RECV_NONE,
	IPC_RECV_SHORT, /* into registers x1..x5 of the thread's frame (no data, no handles) */
	IPC_RECV_FULL,  /* into a struct fern_msg in the program's memory */
};

/* A receive, kept in the receiving thread while it waits (thread.recv), so that a sender can
 * complete it: what it takes and where the message goes. */
struct ipc_recv {
	uint8_t kind;    /* enum ipc_recv_kind */
	bool want_reply; /* only the reply (or ERROR) with call_id */
	bool delivered;  /* a sender completed the receive */
	uint32_t call_id;
	uint64_t umsg; /* FULL: the program's struct fern_msg */
	uint64_t data; /* FULL: its data buffer and room, as read when the receive began */
	uint32_t data_cap;
	uint64_t key;             /* reported in the message: the port binding's key, else 0 */
	struct thread *port_next; /* the port's waiting list, while waiting on one */
};

/* A message on its way: checked, its header as the sender wrote it (handle ids still the
 * sender's until it is delivered or queued; data still in the sender's memory at um.data). */
struct ipc_send {
	struct fern_msg um;
	struct kobject *object[FERN_MSG_HANDLES]; /* the handles' objects and rights (borrowed) */
	uint32_t rights[FERN_MSG_HANDLES];
};

/* Decode: reads the program's message at umsg (once) for sending on end and checks it: type,
 * sizes, and each handle (live, TRANSFER, not an end of this channel, not twice). Changes
 * nothing. FERN_ERR_FAULT, FERN_ERR_INVALID, FERN_ERR_TOO_BIG, handle errors. */
int ipc_decode(struct channel_end *end, uint64_t umsg, struct ipc_send *s);
/* Decode of a register-only message: x1 = type | call id << 32, x2..x5 the words.
 * FERN_ERR_INVALID for a type that is not a valid message type. */
int ipc_decode_short(const struct trap_frame *f, struct ipc_send *s);

/* Invoke: sends s on end. Into a receiver waiting for it when there is one (returned in
 * *direct, woken: switch to it or leave it queued to run), else into the peer's queue. Errors
 * change nothing: FERN_ERR_PEER_CLOSED, FERN_ERR_FULL, FERN_ERR_NO_MEMORY, FERN_ERR_FAULT (the
 * sender's data is not readable). */
int ipc_send(struct channel_end *end, struct ipc_send *s, struct thread **direct);

/* Sets r up for a full receive into the program's message at umsg (reads its data and
 * data_cap). FERN_ERR_FAULT. */
int ipc_recv_full(struct ipc_recv *r, uint64_t umsg);

/* Receives on end as r says (into the current thread's frame f for a short receive), waiting
 * until deadline as the end's receiver. handoff: a thread to run at once if we wait (the one
 * we just delivered to), or NULL; it is never left unrun. Errors: FERN_ERR_EMPTY (polling),
 * FERN_ERR_TIMED_OUT, FERN_ERR_PEER_CLOSED, FERN_ERR_CANCELED, and the delivery errors of
 * docs/ipc.md (FERN_ERR_TOO_BIG, FERN_ERR_FAULT, FERN_ERR_TOO_MANY: the message stays queued). */
int ipc_recv(struct channel_end *end, struct ipc_recv *r, struct trap_frame *f, uint64_t deadline,
	     struct thread *handoff);
/* Receives the next message or signal report through port p (a full receive), as ipc_recv
 * does; the message's key says which binding it came through. */
int ipc_recv_port(struct port *p, struct ipc_recv *r, uint64_t deadline, struct thread *handoff);

#endif
