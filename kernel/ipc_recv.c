// SPDX-License-Identifier: MIT
/* Receiving: taking the next message from a channel end's queue or through a port, or waiting
 * as the receiver a sender delivers to directly (ipc.h). */
#include <fern/status.h>
#include <kernel/ipc.h>
#include <kernel/kalloc.h>
#include <kernel/object.h>
#include <kernel/port.h>
#include <kernel/process.h>
#include <kernel/thread.h>
#include <stddef.h>
#include <string.h>

int ipc_recv_full(struct ipc_recv *r, uint64_t umsg)
{
	struct {
		uint64_t data;
		uint32_t data_len, data_cap;
	} part;
	_Static_assert(offsetof(struct fern_msg, data_cap) == offsetof(struct fern_msg, data) + 12,
		       "fern_msg layout");
	int err = user_copy_in(&part, umsg + offsetof(struct fern_msg, data), sizeof(part));
	if (err)
		return err;
	*r = (struct ipc_recv){
	    .kind = IPC_RECV_FULL, .umsg = umsg, .data = part.data, .data_cap = part.data_cap};
	return FERN_OK;
}

/* Lets the thread we delivered to run (later), if we are not switching to it. */
static void release(struct thread **handoff)
{
	if (*handoff)
		thread_wake(*handoff, FERN_OK);
	*handoff = 0;
}

/* Gives m, just taken from end's queue, to the current thread's receive r (into f's registers
 * for a short one). On failure m goes back to the head of the queue, as docs/ipc.md says. */
static int take_into(struct channel_end *end, struct kmsg *m, const struct ipc_recv *r,
		     struct trap_frame *f)
{
	if (r->kind == IPC_RECV_SHORT) {
		if (m->data_len || m->handle_count) {
			channel_unreceive(end, m); /* needs the full receive */
			return FERN_ERR_TOO_BIG;
		}
		f->x[1] = m->type | (uint64_t)m->call_id << 32;
		memcpy(&f->x[2], m->word, sizeof(m->word));
		return FERN_OK;
	}
	struct handle_table *table = &process_current()->handles;
	struct fern_msg um = {.type = m->type,
			      .handle_count = m->handle_count,
			      .call_id = m->call_id,
			      .data = (void *)r->data,
			      .data_len = m->data_len,
			      .data_cap = r->data_cap,
			      .key = r->key};
	memcpy(um.word, m->word, sizeof(um.word));
	int err = FERN_OK, installed = 0;
	if (m->data_len > r->data_cap) {
		/* Tell the receiver how much room it needs; if even that fails, it faulted. */
		err = user_copy_out(r->umsg + offsetof(struct fern_msg, data_len), &m->data_len,
				    sizeof(m->data_len))
			  ? FERN_ERR_FAULT
			  : FERN_ERR_TOO_BIG;
	}
	if (!err && m->data_len)
		err = user_copy_out(r->data, m->data, m->data_len);
	while (!err && installed < m->handle_count) {
		err = handle_table_add(table, m->handle[installed], m->handle[installed]->type,
				       m->rights[installed], &um.handle[installed]);
		installed += !err;
	}
	if (!err)
		err = user_copy_out(r->umsg, &um, sizeof(um));
	if (err) {
		struct handle_entry e;
		for (int i = 0; i < installed; i++)
			handle_table_remove(table, um.handle[i], &e);
		channel_unreceive(end, m);
		return err;
	}
	if (m->data)
		kfree(m->data, m->data_len);
	return FERN_OK;
}

int ipc_recv(struct channel_end *end, struct ipc_recv *r, struct trap_frame *f, uint64_t deadline,
	     struct thread *handoff)
{
	struct thread *t = current_thread();
	for (;;) {
		int i = find_message(end, r->want_reply, r->call_id);
		if (i >= 0) {
			release(&handoff);
			struct kmsg m;
			take_message(end, (unsigned)i, &m);
			return take_into(end, &m, r, f);
		}
		if (!end->peer || deadline == FERN_DEADLINE_POLL) {
			release(&handoff);
			return end->peer ? FERN_ERR_EMPTY : FERN_ERR_PEER_CLOSED;
		}
		int result;
		if (end->receiver) {
			/* Another thread is the receiver here: wait for arrivals like SYS_WAIT. */
			release(&handoff);
			result = kobject_block(
			    &end->obj, FERN_SIGNAL_READABLE | FERN_SIGNAL_PEER_CLOSED, deadline);
		} else {
			end->receiver = t;
			t->recv = *r;
			t->recv.delivered = false;
			result = thread_block_handoff(deadline, handoff);
			handoff = 0;
			end->receiver = 0;
			if (t->recv.delivered)
				return FERN_OK; /* a sender wrote the message into our receive */
		}
		if (result == FERN_ERR_CANCELED)
			return result;
		if (result == FERN_ERR_TIMED_OUT &&
		    find_message(end, r->want_reply, r->call_id) < 0)
			return FERN_ERR_TIMED_OUT;
	}
}

/* Reports signals raised by l's object to the current thread's full receive r. */
static int report_signals(struct port_link *l, const struct ipc_recv *r, uint32_t pending)
{
	struct fern_msg um = {.type = FERN_MSG_SIGNAL,
			      .word = {pending},
			      .data = (void *)r->data,
			      .data_cap = r->data_cap,
			      .key = l->key};
	return user_copy_out(r->umsg, &um, sizeof(um));
}

/* Takes what binding l (just taken off its port's ready list) has for the current thread's
 * receive r: its end's oldest message, the close of that end's peer, or its object's raised
 * signals. Returns 1 when l had nothing (any more), else the receive's result. */
static int take_from_link(struct port_link *l, struct ipc_recv *r)
{
	struct kobject *o = l->object;
	r->key = l->key;
	if (l->deliver) {
		struct channel_end *end = (struct channel_end *)o;
		if (end->count) {
			struct kmsg m;
			take_message(end, 0, &m);
			if (end->count)
				port_put_ready(l, false); /* the other bindings' turn first */
			int err = take_into(end, &m, r, 0);
			if (err)
				port_put_ready(l, true);
			return err;
		}
		if (end->peer || l->closed_told)
			return 1;
		l->closed_told = true;
		int err = report_signals(l, r, FERN_SIGNAL_PEER_CLOSED);
		if (err) {
			l->closed_told = false;
			port_put_ready(l, true);
		}
		return err;
	}
	uint32_t pending = o->signals & l->signals;
	if (!pending)
		return 1; /* lowered again before anyone looked */
	int err = report_signals(l, r, pending);
	if (err)
		port_put_ready(l, true);
	return err;
}

int ipc_recv_port(struct port *p, struct ipc_recv *r, uint64_t deadline, struct thread *handoff)
{
	struct thread *t = current_thread();
	for (;;) {
		struct port_link *l;
		while ((l = port_take_ready(p))) {
			int result = take_from_link(l, r);
			if (result != 1) {
				release(&handoff);
				return result;
			}
		}
		if (deadline == FERN_DEADLINE_POLL) {
			release(&handoff);
			return FERN_ERR_EMPTY;
		}
		t->recv = *r;
		t->recv.delivered = false;
		port_add_waiter(p, t);
		int result = thread_block_handoff(deadline, handoff);
		handoff = 0;
		port_remove_waiter(p, t); /* still there unless a sender or an arrival took us */
		if (t->recv.delivered)
			return FERN_OK;
		if (result == FERN_ERR_CANCELED)
			return result;
		if (result == FERN_ERR_TIMED_OUT && !p->ready_head)
			return FERN_ERR_TIMED_OUT;
	}
}
