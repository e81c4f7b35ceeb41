// SPDX-License-Identifier: MIT
/* Reference counting, signals and waiters shared by every kernel object. */
#include <fern/status.h>
#include <kernel/cpu.h>
#include <kernel/object.h>
#include <kernel/panic.h>
#include <kernel/port.h>
#include <kernel/thread.h>

void kobject_init(struct kobject *o, enum kobject_type type)
{
	*o = (struct kobject){.type = type, .refs = 1};
}

static void destroy_one(struct kobject *o)
{
	port_unbind(o);
	switch ((enum kobject_type)o->type) {
	case KOBJ_PROCESS: process_destroy(o); break;
	case KOBJ_CHANNEL: channel_destroy(o); break;
	case KOBJ_VMO: vmo_destroy(o); break;
	case KOBJ_IRQ: irq_object_destroy(o); break;
	case KOBJ_TIMER: timer_object_destroy(o); break;
	case KOBJ_PORT: port_destroy(o); break;
	case KOBJ_NONE:
	case KOBJ_TYPES: panic("destroying an object of bad type %u", o->type);
	}
}

bool kobject_destroy_some(unsigned limit)
{
	struct cpu *c = this_cpu();
	c->destroying = true;
	for (unsigned n = 0; c->dying && (!limit || n < limit); n++) {
		struct kobject *d = c->dying;
		c->dying = d->dying_next;
		if (!c->dying)
			c->dying_tail = 0;
		destroy_one(d); /* may put more on the list */
	}
	c->destroying = false;
	return c->dying != 0;
}

void kobject_destroy(struct kobject *o)
{
	ASSERT(!o->waiters);
	struct cpu *c = this_cpu();
	o->dying_next = c->dying;
	if (!c->dying)
		c->dying_tail = o;
	c->dying = o;
	if (c->destroying)
		return; /* the loop in kobject_destroy_some, further up this stack, takes it */
	/* A bounded batch here; a big graph (a program's 100,000 queued channels) goes to the
	 * reaper thread, which works through it letting others run. */
	if (kobject_destroy_some(KOBJECT_DESTROY_BATCH))
		reaper_take();
}

void kobject_signal(struct kobject *o, uint32_t set, uint32_t clear)
{
	o->signals = (o->signals | set) & ~clear;
	/* Every assertion wakes its waiters, even of a signal already raised: a thread waiting
	 * for a particular message must see each new arrival. Waiters re-check on waking. */
	if (!set)
		return;
	if (o->port_link)
		port_notify(o->port_link, set);
	for (struct waiter *w = o->waiters; w; w = w->next)
		if (w->signals & set)
			thread_wake(w->thread, FERN_OK);
}

int kobject_block(struct kobject *o, uint32_t signals, uint64_t deadline)
{
	struct thread *t = current_thread();
	struct waiter w;
	waiter_link(&w, t, o, signals);
	t->waiters = &w;
	t->waiter_count = 1;
	int result = thread_block(deadline);
	waiter_unlink(&w);
	t->waiters = 0;
	t->waiter_count = 0;
	return result;
}

static int collect(struct kobject **objs, const uint32_t *signals, int count, uint32_t *pending)
{
	int ready = 0;
	for (int i = 0; i < count; i++) {
		pending[i] = objs[i]->signals & signals[i];
		ready += pending[i] != 0;
	}
	return ready;
}

int kobject_wait_many(struct kobject **objs, const uint32_t *signals, int count, uint64_t deadline,
		      uint32_t *pending)
{
	ASSERT(count > 0 && count <= KOBJECT_WAIT_MAX);
	struct thread *t = current_thread();
	int ready = collect(objs, signals, count, pending);
	int result = FERN_OK;
	while (!ready && result == FERN_OK) {
		struct waiter w[KOBJECT_WAIT_MAX];
		for (int i = 0; i < count; i++)
			waiter_link(&w[i], t, objs[i], signals[i]);
		t->waiters = w;
		t->waiter_count = count;
		result = thread_block(deadline);
		for (int i = 0; i < count; i++)
			waiter_unlink(&w[i]);
		t->waiters = 0;
		t->waiter_count = 0;
		ready = collect(objs, signals, count, pending);
	}
	return ready ? ready : result;
}

int kobject_wait_one(struct kobject *o, uint32_t signals, uint64_t deadline, uint32_t *pending)
{
	for (;;) {
		if (o->signals & signals) {
			*pending = o->signals & signals;
			return FERN_OK;
		}
		int result = kobject_block(o, signals, deadline);
		if (result != FERN_OK) {
			*pending = o->signals & signals;
			return *pending ? FERN_OK : result;
		}
	}
}
