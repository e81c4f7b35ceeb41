// SPDX-License-Identifier: MIT
/* Channel system calls: moving messages between a program's memory and kernel messages. Every
 * call checks all of its input before it changes anything. */
#include <fern/abi.h>
#include <fern/status.h>
#include <kernel/channel.h>
#include <kernel/cpu.h>
#include <kernel/ipc.h>
#include <kernel/kalloc.h>
#include <kernel/klock.h>
#include <kernel/process.h>
#include <kernel/sched.h>
#include <kernel/state.h>
#include <kernel/syscall.h>
#include <kernel/thread.h>
#include <stdbool.h>
#include <stddef.h>
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

/* Lets the thread a send delivered to run when its turn comes (we are not switching to it). */
static void release(struct thread *direct)
{
	if (direct)
		thread_wake(direct, FERN_OK);
}

int64_t sys_channel_send(struct trap_frame *f)
{
	struct channel_end *end;
	int err = end_get((fern_handle)f->x[0], FERN_RIGHT_WRITE, &end);
	if (err)
		return err;
	struct ipc_send s;
	struct thread *direct = 0;
	err = ipc_decode(end, f->x[1], &s);
	if (!err)
		err = ipc_send(end, &s, &direct);
	release(direct);
	end_put(end);
	return err;
}

int64_t sys_channel_recv(struct trap_frame *f)
{
	struct channel_end *end;
	int err = end_get((fern_handle)f->x[0], FERN_RIGHT_READ, &end);
	if (err)
		return err;
	struct ipc_recv r;
	err = ipc_recv_full(&r, f->x[1]);
	if (!err)
		err = ipc_recv(end, &r, f, f->x[2], 0);
	end_put(end);
	return err;
}

/* Sends s (unless NULL), then receives into r on the same end: a call, or a reply and the next
 * request. The receive begins with the thread just delivered to, if any, running. */
static int send_recv(struct channel_end *end, struct ipc_send *s, struct ipc_recv *r,
		     struct trap_frame *f, uint64_t deadline)
{
	struct thread *direct = 0;
	int err = s ? ipc_send(end, s, &direct) : FERN_OK;
	return err ? err : ipc_recv(end, r, f, deadline, direct);
}

int64_t sys_channel_call(struct trap_frame *f)
{
	struct channel_end *end;
	int err = end_get((fern_handle)f->x[0], FERN_RIGHT_READ | FERN_RIGHT_WRITE, &end);
	if (err)
		return err;
	struct ipc_send s;
	struct ipc_recv r;
	err = ipc_decode(end, f->x[1], &s);
	if (!err)
		err = ipc_recv_full(&r, f->x[2]);
	if (!err) {
		r.want_reply = true;
		r.call_id = s.um.call_id;
		err = send_recv(end, &s, &r, f, f->x[3]);
	}
	end_put(end);
	return err;
}

int64_t sys_channel_reply_recv(struct trap_frame *f)
{
	struct channel_end *end;
	int err = end_get((fern_handle)f->x[0], FERN_RIGHT_READ | FERN_RIGHT_WRITE, &end);
	if (err)
		return err;
	struct ipc_send s;
	struct ipc_recv r;
	err = f->x[1] ? ipc_decode(end, f->x[1], &s) : FERN_OK;
	if (!err)
		err = ipc_recv_full(&r, f->x[2]);
	if (!err)
		err = send_recv(end, f->x[1] ? &s : 0, &r, f, f->x[3]);
	end_put(end);
	return err;
}

/* A register-only send (x1..x5) and receive into x1..x5: SYS_CALL_SHORT (the reply to our
 * call id) and SYS_REPLY_RECV_SHORT (x1 = 0: nothing to send; then the oldest message). */
static int short_send_recv(struct trap_frame *f, bool call)
{
	struct channel_end *end;
	int err = end_get((fern_handle)f->x[0], FERN_RIGHT_READ | FERN_RIGHT_WRITE, &end);
	if (err)
		return err;
	struct ipc_send s;
	struct thread *direct = 0;
	if (call || f->x[1]) {
		err = ipc_decode_short(f, &s);
		if (!err)
			err = ipc_send(end, &s, &direct);
	}
	struct ipc_recv r = {
	    .kind = IPC_RECV_SHORT, .want_reply = call, .call_id = (uint32_t)(f->x[1] >> 32)};
	if (!err)
		err = ipc_recv(end, &r, f, FERN_DEADLINE_NEVER, direct);
	end_put(end);
	return err;
}

/* The thread blocked in a register-only receive on end that takes msg x1 (type | call id <<
 * 32) straight into its registers, or NULL. */
static inline struct thread *short_receiver(struct channel_end *end, uint64_t x1)
{
	struct thread *t = end->receiver;
	if (!t || t->recv.kind != IPC_RECV_SHORT || t->state != THREAD_BLOCKED || t->recv.delivered)
		return 0;
	uint32_t type = (uint32_t)x1, call_id = (uint32_t)(x1 >> 32);
	if (t->recv.want_reply &&
	    (!((type & FERN_MSG_REPLY) || type == FERN_MSG_ERROR) || call_id != t->recv.call_id))
		return 0;
	return t;
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
	if (!to || end->receiver || (ready && 31 - __builtin_clz(ready) > to->priority))
		return false;
	uint32_t call_id = (uint32_t)(x1 >> 32);
	if (end->count && find_message(end, call, call_id) >= 0)
		return false; /* what we would wait for is here already */

	struct trap_frame *rf = to->frame;
	rf->x[0] = FERN_OK;
	rf->x[1] = x1;
	rf->x[2] = f->x[2];
	rf->x[3] = f->x[3];
	rf->x[4] = f->x[4];
	rf->x[5] = f->x[5];
	to->recv.delivered = true;
	kobject_ref(&end->obj); /* the handle may be closed while we wait */
	/* Become the receiver on our end and run the peer. */
	end->receiver = t;
	t->recv.kind = IPC_RECV_SHORT;
	t->recv.want_reply = call;
	t->recv.delivered = false;
	t->recv.call_id = call_id;
	t->state = THREAD_BLOCKED;
	t->wake_result = FERN_OK;
	sched_switch(t, to);
	end->receiver = 0;
	int err = FERN_OK;
	if (!t->recv.delivered) /* woken otherwise: the general receive sorts it out */
		err = ipc_recv(end, &t->recv, f, FERN_DEADLINE_NEVER, 0);
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
	return short_send_recv(f, true);
}

int64_t sys_reply_recv_short(struct trap_frame *f)
{
	return short_send_recv(f, false);
}
