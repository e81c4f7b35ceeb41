// SPDX-License-Identifier: MIT
/* Channel ends, their bounded queues, and peer-closed notification. */
#include <fern/status.h>
#include <kernel/channel.h>
#include <kernel/cpu.h>
#include <kernel/kalloc.h>
#include <kernel/sched.h>
#include <kernel/thread.h>
#include <kernel/timer.h>
#include <string.h>

int channel_create(struct channel_end **a, struct channel_end **b)
{
	struct channel_end *x = kalloc(sizeof(*x));
	struct channel_end *y = kalloc(sizeof(*y));
	if (!x || !y) {
		kfree(x, sizeof(*x));
		kfree(y, sizeof(*y));
		return FERN_ERR_NO_MEMORY;
	}
	kobject_init(&x->obj, KOBJ_CHANNEL);
	kobject_init(&y->obj, KOBJ_CHANNEL);
	x->peer = y;
	y->peer = x;
	*a = x;
	*b = y;
	return FERN_OK;
}

void kmsg_discard(struct kmsg *msg)
{
	for (int i = 0; i < msg->handle_count; i++)
		kobject_unref(msg->handle[i]);
	if (msg->data)
		kfree(msg->data, msg->data_len);
	msg->handle_count = 0;
	msg->data = 0;
}

/* Raises READABLE or PEER_CLOSED on end: its waiters and its short receiver wake. */
static void end_raise(struct channel_end *end, uint32_t set)
{
	kobject_signal(&end->obj, set, 0);
	if (end->receiver)
		thread_wake(end->receiver, FERN_OK);
}

int channel_send(struct channel_end *end, struct kmsg *msg)
{
	struct channel_end *peer = end->peer;
	if (!peer)
		return FERN_ERR_PEER_CLOSED;
	if (peer->count == FERN_CHANNEL_QUEUE)
		return FERN_ERR_FULL;
	peer->queue[(peer->head + peer->count) % FERN_CHANNEL_QUEUE] = *msg;
	peer->count++;
	end_raise(peer, FERN_SIGNAL_READABLE);
	return FERN_OK;
}

static int is_reply_to(const struct kmsg *m, uint32_t call_id)
{
	return ((m->type & FERN_MSG_REPLY) || m->type == FERN_MSG_ERROR) && m->call_id == call_id;
}

/* Index (from head) of the message to take, or -1. */
int find_message(const struct channel_end *end, int want_reply, uint32_t call_id)
{
	for (unsigned i = 0; i < end->count; i++) {
		const struct kmsg *m = &end->queue[(end->head + i) % FERN_CHANNEL_QUEUE];
		if (!want_reply || is_reply_to(m, call_id))
			return (int)i;
	}
	return -1;
}

void take_message(struct channel_end *end, unsigned index, struct kmsg *out)
{
	unsigned n = FERN_CHANNEL_QUEUE;
	*out = end->queue[(end->head + index) % n];
	if (index == 0) {
		end->head = (end->head + 1) % n; /* the usual case: the oldest message */
	} else {
		/* A reply out of the middle: shift later messages forward (queues are short). */
		for (unsigned i = index; i + 1 < end->count; i++)
			end->queue[(end->head + i) % n] = end->queue[(end->head + i + 1) % n];
	}
	end->count--;
	if (!end->count)
		kobject_signal(&end->obj, 0, FERN_SIGNAL_READABLE);
}

int channel_recv(struct channel_end *end, int want_reply, uint32_t call_id, uint64_t deadline,
		 struct kmsg *out)
{
	for (;;) {
		int i = find_message(end, want_reply, call_id);
		if (i >= 0) {
			take_message(end, (unsigned)i, out);
			return FERN_OK;
		}
		if (!end->peer)
			return FERN_ERR_PEER_CLOSED;
		if (deadline == FERN_DEADLINE_POLL)
			return FERN_ERR_EMPTY;
		/* Wait for the next arrival (or the peer going away), then look again. */
		int result = kobject_block(
		    &end->obj, FERN_SIGNAL_READABLE | FERN_SIGNAL_PEER_CLOSED, deadline);
		if (result == FERN_ERR_CANCELED)
			return result;
		if (result == FERN_ERR_TIMED_OUT && find_message(end, want_reply, call_id) < 0)
			return FERN_ERR_TIMED_OUT;
	}
}

void channel_unreceive(struct channel_end *end, struct kmsg *msg)
{
	end->head = (end->head + FERN_CHANNEL_QUEUE - 1) % FERN_CHANNEL_QUEUE;
	end->queue[end->head] = *msg;
	end->count++;
	end_raise(end, FERN_SIGNAL_READABLE);
}

void channel_destroy(struct kobject *o)
{
	struct channel_end *end = (struct channel_end *)o;
	while (end->count) {
		struct kmsg m;
		take_message(end, 0, &m);
		kmsg_discard(&m);
	}
	if (end->peer) {
		end->peer->peer = 0;
		end_raise(end->peer, FERN_SIGNAL_PEER_CLOSED);
	}
	kfree(end, sizeof(*end));
}
