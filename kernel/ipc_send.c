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
	struct fern_msg um;
	int err = user_copy_in(&um, umsg, sizeof(um));
	if (err)
		return err;
	if (!kmsg_type_valid(um.type))
		return FERN_ERR_INVALID;
	if (um.handle_count > FERN_MSG_HANDLES || um.data_len > FERN_MSG_DATA_MAX)
		return FERN_ERR_TOO_BIG;
	s->m = (struct kmsg){.type = um.type,
			     .handle_count = um.handle_count,
			     .call_id = um.call_id,
			     .data_len = um.data_len};
	memcpy(s->m.word, um.word, sizeof(s->m.word));
	s->data_user = (uint64_t)um.data;
	const struct handle_table *table = &process_current()->handles;
	for (int i = 0; i < um.handle_count; i++) {
		const struct handle_entry *e = handle_table_lookup(table, um.handle[i]);
		if (!e)
			return FERN_ERR_BAD_HANDLE;
		if (!(e->rights & FERN_RIGHT_TRANSFER))
			return FERN_ERR_DENIED;
		/* A channel end sent through its own channel could never be closed. */
		if (e->object == &end->obj || (end->peer && e->object == &end->peer->obj))
			return FERN_ERR_INVALID;
		for (int j = 0; j < i; j++)
			if (s->ids[j] == um.handle[i])
				return FERN_ERR_INVALID; /* the same handle twice */
		s->ids[i] = um.handle[i];
		s->m.handle[i] = e->object;
		s->m.rights[i] = e->rights;
	}
	return FERN_OK;
}

int ipc_decode_short(const struct trap_frame *f, struct ipc_send *s)
{
	uint32_t type = (uint32_t)f->x[1];
	if (type > 0xffff || !kmsg_type_valid(type))
		return FERN_ERR_INVALID;
	s->m = (struct kmsg){.type = (uint16_t)type, .call_id = (uint32_t)(f->x[1] >> 32)};
	memcpy(s->m.word, &f->x[2], sizeof(s->m.word));
	s->data_user = 0;
	return FERN_OK;
}

static bool is_reply(const struct kmsg *m)
{
	return (m->type & FERN_MSG_REPLY) || m->type == FERN_MSG_ERROR;
}

/* The thread waiting to receive m at peer, or NULL: the end's own receiver when it wants m,
 * else the first thread waiting on the port the end is bound to (when nothing older is
 * queued at the end). The key of the binding goes into the receive. A reply is not given to
 * a receiver of any message while other threads wait at the end (one may be its caller):
 * queued, it is there for the right one to take. */
static struct thread *waiting_receiver(struct channel_end *peer, const struct kmsg *m)
{
	struct thread *t = peer->receiver;
	if (t && t->state == THREAD_BLOCKED && !t->recv.delivered) {
		if (t->recv.want_reply)
			return is_reply(m) && m->call_id == t->recv.call_id ? t : 0;
		return is_reply(m) && peer->obj.waiters ? 0 : t;
	}
	struct port_link *link = peer->obj.port_link;
	if (!link || !link->deliver || peer->count || !(t = link->port->waiter_head) ||
	    (is_reply(m) && peer->obj.waiters))
		return 0;
	t->recv.key = link->key;
	return t;
}

/* The sender's handles leave its table: each table reference moves into the message. */
static void take_handles(struct ipc_send *s)
{
	struct handle_table *table = &process_current()->handles;
	for (int i = 0; i < s->m.handle_count; i++) {
		struct handle_entry e;
		handle_table_remove(table, s->ids[i], &e); /* checked in ipc_decode */
	}
}

/* Writes s into to's receive. FERN_OK: done (nothing of it is left to the sender);
 * IPC_QUEUE: to cannot take it so (nothing changed); FERN_ERR_FAULT: the sender's data is not
 * readable (the send fails). Every check comes before the first handle moves. */
static int deliver(struct thread *to, struct ipc_send *s)
{
	struct ipc_recv *r = &to->recv;
	struct kmsg *m = &s->m;
	if (r->kind == IPC_RECV_SHORT) {
		if (m->data_len || m->handle_count)
			return IPC_QUEUE;
		struct trap_frame *rf = to->frame;
		rf->x[0] = FERN_OK;
		rf->x[1] = m->type | (uint64_t)m->call_id << 32;
		memcpy(&rf->x[2], m->word, sizeof(m->word));
		return FERN_OK;
	}
	struct process *rp = to->process;
	if (m->data_len > r->data_cap ||
	    HANDLE_TABLE_SIZE - rp->handles.count < (int)m->handle_count)
		return IPC_QUEUE;
	struct ipc_span header;
	if (ipc_span_map(&rp->as, r->umsg, sizeof(struct fern_msg), &header))
		return IPC_QUEUE;
	if (m->data_len) {
		bool dst_bad;
		int err = ipc_copy_to(&rp->as, r->data, (const void *)s->data_user, true,
				      m->data_len, &dst_bad);
		if (err)
			return dst_bad ? IPC_QUEUE : err;
	}
	struct fern_msg um = {.type = m->type,
			      .handle_count = m->handle_count,
			      .call_id = m->call_id,
			      .data = (void *)r->data,
			      .data_len = m->data_len,
			      .data_cap = r->data_cap,
			      .key = r->key};
	memcpy(um.word, m->word, sizeof(um.word));
	take_handles(s);
	for (int i = 0; i < m->handle_count; i++) /* cannot fail: there was room */
		handle_table_add(&rp->handles, m->handle[i], m->handle[i]->type, m->rights[i],
				 &um.handle[i]);
	ipc_span_write(&header, &um);
	return FERN_OK;
}

int ipc_send(struct channel_end *end, struct ipc_send *s, struct thread **direct)
{
	struct channel_end *peer = end->peer;
	if (!peer)
		return FERN_ERR_PEER_CLOSED;
	struct thread *to = waiting_receiver(peer, &s->m);
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
	struct kmsg *m = &s->m;
	if (m->data_len) {
		m->data = kalloc_raw(m->data_len);
		if (!m->data)
			return FERN_ERR_NO_MEMORY;
		int err = user_copy_in(m->data, s->data_user, m->data_len);
		if (err) {
			kfree(m->data, m->data_len);
			m->data = 0;
			return err;
		}
	}
	take_handles(s);
	return channel_send(end, m); /* cannot fail now; wakes the receiver and the port */
}
