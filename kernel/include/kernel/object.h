/* SPDX-License-Identifier: MIT */
/* Kernel objects: reference-counted things a handle can name, each with signals (enum
 * fern_signal) that threads can wait for. Guarded by the kernel lock. */
#ifndef KERNEL_OBJECT_H
#define KERNEL_OBJECT_H

#include <stdbool.h>
#include <stdint.h>

enum kobject_type {
	KOBJ_NONE = 0,
	KOBJ_PROCESS,
	KOBJ_CHANNEL,
	KOBJ_VMO,
	KOBJ_IRQ,
	KOBJ_TIMER,
	KOBJ_PORT,
	KOBJ_TYPES
};

struct waiter;
struct port_link;

struct kobject {
	uint8_t type;                /* enum kobject_type */
	uint32_t refs;               /* handles and kernel references; destroyed at 0 */
	uint32_t signals;            /* enum fern_signal bits raised now */
	struct waiter *waiters;      /* threads waiting for some of its signals */
	struct kobject *dying_next;  /* this CPU's list of objects to destroy (object.c) */
	struct port_link *port_link; /* the port this object reports to, or NULL (port.h) */
};

/* One thread waiting for signals of one object (lives on the waiting thread's stack). */
struct waiter {
	struct thread *thread;
	struct kobject *object;
	uint32_t signals;
	struct waiter *next, *prev;
};

void kobject_init(struct kobject *o, enum kobject_type type);
static inline void kobject_ref(struct kobject *o)
{
	o->refs++;
}

/* Destroys an object whose last reference went (through its type's destructor). Objects
 * whose last reference goes while another is being destroyed (channels queued in a channel,
 * a process's handles) are destroyed one after another by the outermost call, not
 * recursively: no nesting of objects can overflow the kernel stack. The outermost call
 * destroys up to KOBJECT_DESTROY_BATCH objects itself and hands any more to the reaper thread
 * (reaper.h), so no release holds the CPU for long; those are gone soon after. */
void kobject_destroy(struct kobject *o);
#define KOBJECT_DESTROY_BATCH 256

/* Destroys objects from this CPU's list of dying objects, at most limit (0: all of them);
 * returns whether some are left. For kobject_destroy and the reaper. Kernel lock held. */
bool kobject_destroy_some(unsigned limit);
/* reaper.c: takes this CPU's list of dying objects for its thread (or, before it runs,
 * destroys them at once). */
void reaper_take(void);

/* Drops a reference; the last one destroys the object. */
static inline void kobject_unref(struct kobject *o)
{
	if (--o->refs == 0)
		kobject_destroy(o);
}

/* Raises set and lowers clear; wakes every waiter waiting for any signal in set. */
void kobject_signal(struct kobject *o, uint32_t set, uint32_t clear);

/* Waits until o raises any of signals or the deadline passes. Returns FERN_OK with the raised
 * signals in *pending, or FERN_ERR_TIMED_OUT. Kernel lock held. */
int kobject_wait_one(struct kobject *o, uint32_t signals, uint64_t deadline, uint32_t *pending);

/* Waits until any objs[i] raises any of signals[i], or the deadline. Returns how many have
 * signals pending (pending[i] set for each) or FERN_ERR_TIMED_OUT (or a wake result such as
 * FERN_ERR_CANCELED). At most KOBJECT_WAIT_MAX objects. Kernel lock held. */
#define KOBJECT_WAIT_MAX 64
int kobject_wait_many(struct kobject **objs, const uint32_t *signals, int count, uint64_t deadline,
		      uint32_t *pending);

/* Blocks once until o asserts any of signals (even one already raised), or the deadline.
 * Returns thread_block's result. Kernel lock held. */
int kobject_block(struct kobject *o, uint32_t signals, uint64_t deadline);

/* Waiter lists; thread_block's callers link waiters before blocking, unlink after. */
static inline void waiter_link(struct waiter *w, struct thread *t, struct kobject *o,
			       uint32_t signals)
{
	w->thread = t;
	w->object = o;
	w->signals = signals;
	w->prev = 0;
	w->next = o->waiters;
	if (o->waiters)
		o->waiters->prev = w;
	o->waiters = w;
}

static inline void waiter_unlink(struct waiter *w)
{
	if (w->prev)
		w->prev->next = w->next;
	else if (w->object->waiters == w)
		w->object->waiters = w->next;
	if (w->next)
		w->next->prev = w->prev;
	w->next = w->prev = 0;
}

/* Type-specific destructors, called when the last reference goes. */
void process_destroy(struct kobject *o);
void channel_destroy(struct kobject *o);
void vmo_destroy(struct kobject *o);
void irq_object_destroy(struct kobject *o);
void timer_object_destroy(struct kobject *o);

#endif
