// SPDX-License-Identifier: MIT
/* Channel system calls: moving messages between a program's memory and kernel messages. Every
 * call checks all of its input before it changes anything. */
#include <fern/abi.h>
#include <fern/status.h>
#include <kernel/channel.h>
#include <kernel/cpu.h>
#include <kernel/kalloc.h>
#include <kernel/klock.h>
#include <kernel/process.h>
#include <kernel/sched.h>
#include <kernel/state.h>
#include <kernel/syscall.h>
#include <kernel/thread.h>
#include <stdbool.h>
#include <string.h>

#define CHANNEL_RIGHTS                                                                     \
	(FERN_RIGHT_READ | FERN_RIGHT_WRITE | FERN_RIGHT_TRANSFER | FERN_RIGHT_DUPLICATE | \
	 FERN_RIGHT_WAIT)

/* Looks up a channel end of the current process and takes a reference for the call. */
static int end_get(fern_handle h, uint32_t rights, struct channel_end **out)
{
	struct handle_entry e;
	int err = handle_table_get(&process_current()->handles, h, KOBJ_CHANNEL, rights, &e);
	if (err)
		return err;
	*out = e.object;
	kobject_ref(e.object);
	return FERN_OK;
}

static void end_put(struct channel_end *end)
{
	kobject_unref(&end->obj);
}

/* Decode: copies a program's message into km and checks its handles (not yet moved). */
static int msg_decode(struct channel_end *end, uint64_t user_msg, struct kmsg *km,
		      fern_handle handles[FERN_MSG_HANDLES])
{
	struct fern_msg um;
	int err = user_copy_in(&um, user_msg, sizeof(um));
	if (err)
		return err;
	if (!kmsg_type_valid(um.type))
		return FERN_ERR_INVALID;
	if (um.handle_count > FERN_MSG_HANDLES || um.data_len > FERN_MSG_DATA_MAX)
		return FERN_ERR_TOO_BIG;
	*km = (struct kmsg){.type = um.type, .call_id = um.call_id, .data_len = um.data_len};
	memcpy(km->word, um.word, sizeof(km->word));
	struct process *p = process_current();
	for (int i = 0; i < um.handle_count; i++) {
		struct handle_entry e;
		err = handle_table_get(&p->handles, um.handle[i], 0, FERN_RIGHT_TRANSFER, &e);
		if (err)
			return err;
		/* A channel end sent through its own channel could never be closed. */
		if (e.object == &end->obj || (end->peer && e.object == &end->peer->obj))
			return FERN_ERR_INVALID;
		for (int j = 0; j < i; j++)
			if (handles[j] == um.handle[i])
				return FERN_ERR_INVALID; /* the same handle twice */
		handles[i] = um.handle[i];
	}
	if (um.data_len) {
		km->data = kalloc(um.data_len);
		if (!km->data)
			return FERN_ERR_NO_MEMORY;
		err = user_copy_in(km->data, (uint64_t)um.data, um.data_len);
		if (err) {
			kfree(km->data, um.data_len);
			km->data = 0;
			return err;
		}
	}
	km->handle_count = um.handle_count;
	return FERN_OK;
}

/* Sends a decoded message: checks the queue first, then moves the handles, then queues. */
static int msg_send(struct channel_end *end, struct kmsg *km,
		    const fern_handle handles[FERN_MSG_HANDLES])
{
	if (!end->peer || end->peer->count == FERN_CHANNEL_QUEUE) {
		if (km->data)
			kfree(km->data, km->data_len);
		return end->peer ? FERN_ERR_FULL : FERN_ERR_PEER_CLOSED;
	}
	struct process *p = process_current();
	for (int i = 0; i < km->handle_count; i++) {
		struct handle_entry e;
		handle_table_remove(&p->handles, handles[i], &e); /* checked in msg_decode */
		km->handle[i] = e.object; /* the handle's reference moves into the message */
		km->rights[i] = e.rights;
	}
	return channel_send(end, km);
}

static int send_from_user(struct channel_end *end, uint64_t user_msg)
{
	struct kmsg km;
	fern_handle handles[FERN_MSG_HANDLES];
	int err = msg_decode(end, user_msg, &km, handles);
	return err ? err : msg_send(end, &km, handles);
}

/* Gives a received message to the program; on any failure it goes back into the queue. */
static int msg_deliver(struct channel_end *end, uint64_t user_msg, struct kmsg *km)
{
	struct process *p = process_current();
	struct fern_msg um;
	int err = user_copy_in(&um, user_msg, sizeof(um));
	if (!err && km->data_len > um.data_cap)
		err = FERN_ERR_TOO_BIG;
	if (!err && km->data_len)
		err = user_copy_out((uint64_t)um.data, km->data, km->data_len);
	int installed = 0;
	while (!err && installed < km->handle_count) {
		err = handle_table_add(&p->handles, km->handle[installed],
				       km->handle[installed]->type, km->rights[installed],
				       &um.handle[installed]);
		if (!err)
			installed++;
	}
	if (!err) {
		um.type = km->type;
		um.call_id = km->call_id;
		um.handle_count = km->handle_count;
		um.data_len = km->data_len;
		memcpy(um.word, km->word, sizeof(um.word));
		err = user_copy_out(user_msg, &um, sizeof(um));
	}
	if (err) {
		struct handle_entry e;
		for (int i = 0; i < installed; i++)
			handle_table_remove(&p->handles, um.handle[i], &e);
		if (err == FERN_ERR_TOO_BIG) { /* tell the caller how much room it needs */
			um.data_len = km->data_len;
			if (user_copy_out(user_msg, &um, sizeof(um)))
				err = FERN_ERR_FAULT; /* it cannot even be told */
		}
		channel_unreceive(end, km);
		return err;
	}
	if (km->data)
		kfree(km->data, km->data_len);
	return FERN_OK;
}

static int recv_to_user(struct channel_end *end, int want_reply, uint32_t call_id,
			uint64_t user_msg, uint64_t deadline)
{
	struct kmsg km;
	int err = channel_recv(end, want_reply, call_id, deadline, &km);
	return err ? err : msg_deliver(end, user_msg, &km);
}

int64_t sys_channel_create(struct trap_frame *f)
{
	struct process *p = process_current();
	struct channel_end *a, *b;
	int err = channel_create(&a, &b);
	if (err)
		return err;
	fern_handle pair[2];
	err = process_handle_add(p, &a->obj, CHANNEL_RIGHTS, &pair[0]);
	if (!err) {
		err = process_handle_add(p, &b->obj, CHANNEL_RIGHTS, &pair[1]);
		if (err) {
			struct handle_entry e;
			handle_table_remove(&p->handles, pair[0], &e);
			kobject_unref(&a->obj);
		}
	}
	kobject_unref(&a->obj); /* creation references: the handles hold theirs */
	kobject_unref(&b->obj);
	if (err)
		return err;
	err = user_copy_out(f->x[0], pair, sizeof(pair));
	if (err) {
		struct handle_entry e;
		for (int i = 0; i < 2; i++)
			if (!handle_table_remove(&p->handles, pair[i], &e))
				kobject_unref(e.object);
	}
	return err;
}

int64_t sys_channel_send(struct trap_frame *f)
{
	struct channel_end *end;
	int err = end_get((fern_handle)f->x[0], FERN_RIGHT_WRITE, &end);
	if (err)
		return err;
	err = send_from_user(end, f->x[1]);
	end_put(end);
	return err;
}

int64_t sys_channel_recv(struct trap_frame *f)
{
	struct channel_end *end;
	int err = end_get((fern_handle)f->x[0], FERN_RIGHT_READ, &end);
	if (err)
		return err;
	err = recv_to_user(end, 0, 0, f->x[1], f->x[2]);
	end_put(end);
	return err;
}

int64_t sys_channel_call(struct trap_frame *f)
{
	struct channel_end *end;
	int err = end_get((fern_handle)f->x[0], FERN_RIGHT_READ | FERN_RIGHT_WRITE, &end);
	if (err)
		return err;
	struct fern_msg req;
	err = user_copy_in(&req, f->x[1], sizeof(req));
	if (!err)
		err = send_from_user(end, f->x[1]);
	if (!err)
		err = recv_to_user(end, 1, req.call_id, f->x[2], f->x[3]);
	end_put(end);
	return err;
}

int64_t sys_channel_reply_recv(struct trap_frame *f)
{
	struct channel_end *end;
	int err = end_get((fern_handle)f->x[0], FERN_RIGHT_READ | FERN_RIGHT_WRITE, &end);
	if (err)
		return err;
	if (f->x[1])
		err = send_from_user(end, f->x[1]);
	if (!err)
		err = recv_to_user(end, 0, 0, f->x[2], f->x[3]);
	end_put(end);
	return err;
}

/* The thread blocked in a register-only receive on end that would take msg (x1 = type |
 * call id << 32), or NULL. Only when end's queue is empty: older messages go first. */
static inline struct thread *short_receiver(struct channel_end *end, uint64_t x1)
{
	struct thread *t = end->receiver;
	if (!t || end->count || t->state != THREAD_BLOCKED)
		return 0;
	uint32_t type = (uint32_t)x1, call_id = (uint32_t)(x1 >> 32);
	if (t->short_reply &&
	    (!((type & FERN_MSG_REPLY) || type == FERN_MSG_ERROR) || call_id != t->short_call_id))
		return 0;
	return t;
}

/* Writes the message in f's x1..x5 straight into the receiver's registers. */
static void deliver_short(struct thread *to, const struct trap_frame *f)
{
	struct trap_frame *rf = to->frame;
	rf->x[0] = FERN_OK;
	rf->x[1] = f->x[1];
	rf->x[2] = f->x[2];
	rf->x[3] = f->x[3];
	rf->x[4] = f->x[4];
	rf->x[5] = f->x[5];
	to->short_delivered = true;
}

/* Receives into registers x1..x5 (no data, no handles), waiting as the end's short receiver so
 * that a sender can deliver straight into our frame. handoff: a thread to run at once while we
 * wait (the peer we just sent to), or NULL. */
static int recv_short(struct channel_end *end, bool want_reply, uint32_t call_id,
		      struct trap_frame *f, struct thread *handoff)
{
	struct thread *t = current_thread();
	for (;;) {
		int i = find_message(end, want_reply, call_id);
		if (i >= 0) {
			struct kmsg m;
			take_message(end, (unsigned)i, &m);
			if (m.data_len || m.handle_count) {
				channel_unreceive(end, &m); /* needs the full receive call */
				return FERN_ERR_TOO_BIG;
			}
			f->x[1] = m.type | (uint64_t)m.call_id << 32;
			memcpy(&f->x[2], m.word, sizeof(m.word));
			return FERN_OK;
		}
		if (!end->peer)
			return FERN_ERR_PEER_CLOSED;
		int result;
		if (end->receiver) {
			/* Another thread is the short receiver here: wait like a full receive. */
			if (handoff)
				thread_wake(handoff, FERN_OK);
			result =
			    kobject_block(&end->obj, FERN_SIGNAL_READABLE | FERN_SIGNAL_PEER_CLOSED,
					  FERN_DEADLINE_NEVER);
		} else {
			end->receiver = t;
			t->short_reply = want_reply;
			t->short_call_id = call_id;
			t->short_delivered = false;
			result = thread_block_handoff(FERN_DEADLINE_NEVER, handoff);
			end->receiver = 0;
			if (t->short_delivered)
				return FERN_OK; /* x1..x5 already hold the message */
		}
		handoff = 0;
		if (result == FERN_ERR_CANCELED)
			return result;
	}
}

/* Sends the message in x1..x5 (type | call id << 32, words): straight into a waiting short
 * receiver's registers if there is one (returned in *direct, to be switched to), else queued. */
static int send_short(struct channel_end *end, const struct trap_frame *f, struct thread **direct)
{
	uint32_t type = (uint32_t)f->x[1];
	if (type > 0xffff || !kmsg_type_valid(type))
		return FERN_ERR_INVALID;
	struct channel_end *peer = end->peer;
	if (!peer)
		return FERN_ERR_PEER_CLOSED;
	struct thread *to = short_receiver(peer, f->x[1]);
	if (to) {
		deliver_short(to, f);
		*direct = to;
		return FERN_OK;
	}
	struct kmsg km = {.type = (uint16_t)type, .call_id = (uint32_t)(f->x[1] >> 32)};
	memcpy(km.word, &f->x[2], sizeof(km.word));
	return msg_send(end, &km, 0);
}

/*
 * The fastpath of synchronous IPC, after seL4's: a register-only call, or reply-and-receive,
 * whose peer already waits in a short receive. Every precondition is checked before anything
 * changes; if one fails this returns false and the system call takes the general path. Else
 * the message goes straight into the peer's registers, the caller becomes the short receiver
 * on its own end, and the CPU switches to the peer with no queue, allocation or dispatch.
 */
static inline bool fastpath(struct trap_frame *f)
{
	uint64_t x1 = f->x[1];
	bool call = f->x[8] == SYS_CALL_SHORT; /* else SYS_REPLY_RECV_SHORT */
	if (!x1 || (uint32_t)x1 > 0xffff || !kmsg_type_valid((uint32_t)x1))
		return false;
	struct thread *t = current_thread();
	const struct handle_entry *e =
	    handle_table_lookup(&t->process->handles, (fern_handle)f->x[0]);
	if (!e || e->type != KOBJ_CHANNEL || (~e->rights & (FERN_RIGHT_READ | FERN_RIGHT_WRITE)))
		return false;
	struct channel_end *end = e->object;
	struct thread *to = end->peer ? short_receiver(end->peer, x1) : 0;
	uint32_t ready = kstate.sched.ready_mask;
	if (!to || (ready && 31 - __builtin_clz(ready) > to->priority))
		return false;

	deliver_short(to, f);
	kobject_ref(&end->obj); /* the handle may be closed while we wait */
	uint32_t call_id = (uint32_t)(x1 >> 32);
	int err = FERN_OK;
	if (end->count == 0 && !end->receiver) {
		/* Nothing queued for us and no other thread of ours receiving here (overwriting
		 * it would lose its wake-up for good): become the short receiver, run the peer. */
		end->receiver = t;
		t->short_reply = call;
		t->short_call_id = call_id;
		t->short_delivered = false;
		t->state = THREAD_BLOCKED;
		t->wake_result = FERN_OK;
		sched_switch(t, to);
		end->receiver = 0;
		if (!t->short_delivered) /* woken otherwise: the full receive sorts it out */
			err = recv_short(end, call, call_id, f, 0);
	} else {
		err = recv_short(end, call, call_id, f, to);
	}
	end_put(end);
	f->x[0] = (uint64_t)(int64_t)err;
	return true;
}

void sys_channel_short_entry(struct trap_frame *f)
{
	klock_acquire_masked();
	if (!fastpath(f))
		syscall_dispatch(f);
	sched_preempt_point();
	klock_release();
}

int64_t sys_call_short(struct trap_frame *f)
{
	struct channel_end *end;
	int err = end_get((fern_handle)f->x[0], FERN_RIGHT_READ | FERN_RIGHT_WRITE, &end);
	if (err)
		return err;
	uint32_t call_id = (uint32_t)(f->x[1] >> 32);
	struct thread *direct = 0;
	err = send_short(end, f, &direct);
	if (!err)
		err = recv_short(end, true, call_id, f, direct);
	end_put(end);
	return err;
}

int64_t sys_reply_recv_short(struct trap_frame *f)
{
	struct channel_end *end;
	int err = end_get((fern_handle)f->x[0], FERN_RIGHT_READ | FERN_RIGHT_WRITE, &end);
	if (err)
		return err;
	struct thread *direct = 0;
	if (f->x[1])
		err = send_short(end, f, &direct);
	if (!err)
		err = recv_short(end, false, 0, f, direct);
	end_put(end);
	return err;
}
