// SPDX-License-Identifier: MIT
/* SYS_WAIT: one thread waits for signals on up to FERN_WAIT_MAX objects, with a deadline. */
#include <fern/abi.h>
#include <fern/status.h>
#include <kernel/cpu.h>
#include <kernel/process.h>
#include <kernel/syscall.h>
#include <kernel/thread.h>

/* Writes each item's pending signals; returns how many have any. */
static int collect(struct fern_wait_item *items, struct kobject **objs, uint32_t count)
{
	int ready = 0;
	for (uint32_t i = 0; i < count; i++) {
		items[i].pending = objs[i]->signals & items[i].signals;
		if (items[i].pending)
			ready++;
	}
	return ready;
}

int64_t sys_wait(struct trap_frame *f)
{
	uint64_t user_items = f->x[0], count = f->x[1], deadline = f->x[2];
	if (count == 0 || count > FERN_WAIT_MAX)
		return FERN_ERR_INVALID;
	struct fern_wait_item items[FERN_WAIT_MAX];
	int err = user_copy_in(items, user_items, count * sizeof(items[0]));
	if (err)
		return err;
	struct process *p = process_current();
	struct kobject *objs[FERN_WAIT_MAX];
	for (uint32_t i = 0; i < count; i++) {
		struct handle_entry e;
		err = handle_table_get(&p->handles, items[i].handle, 0, FERN_RIGHT_WAIT, &e);
		if (err)
			return err;
		objs[i] = e.object;
	}
	for (uint32_t i = 0; i < count; i++)
		kobject_ref(objs[i]); /* the handles may be closed while we sleep */

	struct thread *t = current_thread();
	int ready = collect(items, objs, count);
	int result = FERN_OK;
	while (!ready && result == FERN_OK && deadline != FERN_DEADLINE_POLL) {
		struct waiter w[FERN_WAIT_MAX];
		for (uint32_t i = 0; i < count; i++)
			waiter_link(&w[i], t, objs[i], items[i].signals);
		t->waiters = w;
		t->waiter_count = (int)count;
		result = thread_block(deadline);
		for (uint32_t i = 0; i < count; i++)
			waiter_unlink(&w[i]);
		t->waiters = 0;
		t->waiter_count = 0;
		ready = collect(items, objs, count);
	}
	for (uint32_t i = 0; i < count; i++)
		kobject_unref(objs[i]);
	err = user_copy_out(user_items, items, count * sizeof(items[0]));
	if (err)
		return err;
	return ready ? ready : (result == FERN_OK ? FERN_ERR_TIMED_OUT : result);
}
