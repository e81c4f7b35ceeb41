// SPDX-License-Identifier: MIT
/* Sending: decoding a program's message, and delivering it straight into a waiting receiver
 * (its registers, or its buffers in any address space) or else into the peer's queue. */
#include <fern/status.h>
#include <kernel/ipc.h>
#include <kernel/ipc_copy.h>
#include <kernel/kalloc.h>
#include <kernel/port.h>
#include <kernel/process.h>
#include <kernel/thread.h>
#include <string.h>

/* deliver()'s answer when the receiver cannot take the message straight away (too big for its
 * buffer, no room for the handles, a bad buffer): it is queued, and the receiver, woken, takes
 * it in its own context and learns why (docs/ipc.md: delivery errors). */
#define IPC_QUEUE 1

int ipc_decode(struct channel_end *end, uint64_t umsg, struct ipc_send *s)
{
	struct fern_msg *um = &s->um;
	int err = user_copy_in(um, umsg, sizeof(*um));
	if (err)
		return err;
	if (!kmsg_type_valid(um->type))
		return FERN_ERR_INVALID;
	if (um->handle_count > FERN_MSG_HANDLES || um->data_len > FERN_MSG_DATA_MAX)
		return FERN_ERR_TOO_BIG;
	const struct handle_table *table = &process_current()->handles;
	for (int i = 0; i < um->handle_count; i++) {
		const struct handle_entry *e = handle_table_lookup(table, um->handle[i]);
		if (!e)
			return FERN_ERR_BAD_HANDLE;
		if (!(e->rights & FERN_RIGHT_TRANSFER))
			return FERN_ERR_DENIED;
		/* A channel end sent through its own channel could never be closed. */
		if (e->object == &end->obj || (end->peer && e->object == &end->peer->obj))
			return FERN_ERR_INVALID;
		for (int j = 0; j < i; j++)
			if (um->handle[j] == um->handle[i])
				return FERN_ERR_INVALID; /* the same handle twice */
		s->object[i] = e->object;
		s->rights[i] = e->rights;
	}
	return FERN_OK;
}

int ipc_decode_short(const struct trap_frame *f, struct ipc_send *s)
{
	uint32_t type = (uint32_t)f->x[1];
	if (type > 0xffff || !kmsg_type_valid(type))
		return FERN_ERR_INVALID;
	s->um.type = (uint16_t)type;
	s->um.handle_count = 0;
	s->um.call_id = (uint32_t)(f->x[1] >> 32);
	s->um.data_len = 0;
	memcpy(s->um.word, &f->x[2], sizeof(s->um.word));
	return FERN_OK;
}

static bool is_reply(uint32_t type)
{
	return (type & FERN_MSG_REPLY) || type == FERN_MSG_ERROR;
}

/* The thread waiting to receive um at peer, or NULL: the end's own receiver when it wants it,
 * else the first thread waiting on the port the end is bound to (when nothing older is
 * queued at the end). The key of the binding goes into the receive. A reply is not given to
 * a receiver of any message while other threads wait at the end (one may be its caller):
 * queued, it is there for the right one to take. */
static struct thread *waiting_receiver(struct channel_end *peer, const struct fern_msg *um)
{
	struct thread *t = peer->receiver;
	bool reply = is_reply(um->type);
	if (t && t->state == THREAD_BLOCKED && !t->recv.delivered) {
		if (t->recv.want_reply)
			return reply && um->call_id == t->recv.call_id ? t : 0;
		return reply && peer->obj.waiters ? 0 : t;
	}
	struct port_link *link = peer->obj.port_link;
	if (!link || !link->deliver || peer->count || !(t = link->port->waiter_head) ||
	    (reply && peer->obj.waiters))
		return 0;
	t->recv.key = link->key;
	return t;
}

/* The sender's handles leave its table: each table reference moves with the message. */
static void take_handles(const struct ipc_send *s)
{
	struct handle_table *table = &process_current()->handles;
	for (int i = 0; i < s->um.handle_count; i++) {
		struct handle_entry e;
		handle_table_remove(table, s->um.handle[i], &e); /* checked in ipc_decode */
	}
}

/* Writes s into to's receive. FERN_OK: done (nothing of it is left to the sender);
 * IPC_QUEUE: to cannot take it so (nothing changed); FERN_ERR_FAULT: the sender's data is not
 * readable (the send fails). Every check comes before the first handle moves. */
static int deliver(struct thread *to, struct ipc_send *s)
{
	struct ipc_recv *r = &to->recv;
	const struct fern_msg *um = &s->um;
	if (r->kind == IPC_RECV_SHORT) {
		if (um->data_len || um->handle_count)
			return IPC_QUEUE;
		struct trap_frame *rf = to->frame;
		rf->x[0] = FERN_OK;
		rf->x[1] = um->type | (uint64_t)um->call_id << 32;
		memcpy(&rf->x[2], um->word, sizeof(um->word));
		return FERN_OK;
	}
	struct process *rp = to->process;
	if (um->data_len > r->data_cap ||
	    HANDLE_TABLE_SIZE - rp->handles.count < (int)um->handle_count)
		return IPC_QUEUE;
	struct ipc_span header;
	if (ipc_span_map(&rp->as, r->umsg, sizeof(struct fern_msg), &header))
		return IPC_QUEUE;
	if (um->data_len) {
		bool dst_bad;
		int err = ipc_copy_to(&rp->as, r->data, um->data, true, um->data_len, &dst_bad);
		if (err)
			return dst_bad ? IPC_QUEUE : err;
	}
	take_handles(s);
	fern_handle ids[FERN_MSG_HANDLES];
	for (int i = 0; i < um->handle_count; i++) /* cannot fail: there was room */
		handle_table_add(&rp->handles, s->object[i], s->object[i]->type, s->rights[i],
				 &ids[i]);
	ipc_header_write(&header, um, r, ids);
	return FERN_OK;
}

int ipc_send(struct channel_end *end, struct ipc_send *s, struct thread **direct)
{
	struct channel_end *peer = end->peer;
	if (!peer)
		return FERN_ERR_PEER_CLOSED;
	struct thread *to = waiting_receiver(peer, &s->um);
	if (to) {
		int err = deliver(to, s);
		if (err == FERN_OK) {
			to->recv.delivered = true;
			if (peer->receiver != to)
				port_remove_waiter(peer->obj.port_link->port, to);
			*direct = to;
			return FERN_OK;
		}
		if (err != IPC_QUEUE)
			return err;
	}
	if (peer->count == FERN_CHANNEL_QUEUE)
		return FERN_ERR_FULL;
	const struct fern_msg *um = &s->um;
	struct kmsg m = {.type = um->type,
			 .handle_count = um->handle_count,
			 .call_id = um->call_id,
			 .data_len = um->data_len};
	memcpy(m.word, um->word, sizeof(m.word));
	if (um->data_len) {
		m.data = kalloc_raw(um->data_len);
		if (!m.data)
			return FERN_ERR_NO_MEMORY;
		int err = user_copy_in(m.data, (uint64_t)um->data, um->data_len);
		if (err) {
			kfree(m.data, um->data_len);
			return err;
		}
	}
	for (int i = 0; i < um->handle_count; i++) {
		m.handle[i] = s->object[i];
		m.rights[i] = s->rights[i];
	}
	take_handles(s);
	return channel_send(end, &m); /* cannot fail now; wakes the receiver and the port */
}
