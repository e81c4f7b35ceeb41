// SPDX-License-Identifier: MIT
/* Timer objects (timer_object.h): creation, setting, expiry and acknowledgement. */
#include <fern/abi.h>
#include <fern/status.h>
#include <kernel/kalloc.h>
#include <kernel/process.h>
#include <kernel/syscall.h>
#include <kernel/timer.h>
#include <kernel/timer_object.h>

/* Expirations by now since the timer was set: one per deadline first, first + period, ...
 * that is not later than now. */
static uint64_t expirations(const struct timer_object *o, uint64_t now)
{
	if (!o->first || now < o->first)
		return 0;
	return o->period ? (now - o->first) / o->period + 1 : 1;
}

/* The deadline of expiration number n (counting from 0), or 0 past 2^64 ns / after a
 * one-shot's only one. */
static uint64_t deadline_of(const struct timer_object *o, uint64_t n)
{
	if (n == 0)
		return o->first;
	if (!o->period || n > (UINT64_MAX - o->first) / o->period)
		return 0;
	return o->first + n * o->period;
}

static void timer_object_fire(struct ktimer *t, void *ctx)
{
	struct timer_object *o = ctx;
	kobject_signal(&o->obj, FERN_SIGNAL_TIMER, 0); /* re-armed by the acknowledgement */
}

int timer_object_create(struct timer_object **out)
{
	struct timer_object *o = kalloc(sizeof(*o));
	if (!o)
		return FERN_ERR_NO_MEMORY;
	kobject_init(&o->obj, KOBJ_TIMER);
	ktimer_init(&o->timer, timer_object_fire, o);
	*out = o;
	return FERN_OK;
}

void timer_object_destroy(struct kobject *obj)
{
	struct timer_object *o = (struct timer_object *)obj;
	ktimer_cancel(&o->timer);
	kfree(o, sizeof(*o));
}

/* Arms the kernel timer for the first expiration not yet counted off, if there is one. */
static void arm_next(struct timer_object *o)
{
	uint64_t next = deadline_of(o, o->acknowledged);
	if (next)
		ktimer_arm(&o->timer, next, 0);
	else
		ktimer_cancel(&o->timer);
}

uint64_t timer_object_ack(struct timer_object *o)
{
	uint64_t total = expirations(o, timer_uptime_ns());
	uint64_t n = total - o->acknowledged;
	o->acknowledged = total;
	kobject_signal(&o->obj, 0, FERN_SIGNAL_TIMER);
	if (o->first)
		arm_next(o);
	return n;
}

int64_t sys_timer_create(struct trap_frame *f)
{
	struct timer_object *o;
	int err = timer_object_create(&o);
	if (err)
		return err;
	fern_handle h;
	err = process_handle_add(process_current(), &o->obj,
				 FERN_RIGHT_READ | FERN_RIGHT_WRITE | FERN_RIGHT_WAIT |
				     FERN_RIGHT_TRANSFER | FERN_RIGHT_DUPLICATE,
				 &h);
	kobject_unref(&o->obj);
	return err ? err : (int64_t)h;
}

int64_t sys_timer_set(struct trap_frame *f)
{
	uint64_t deadline = f->x[1], period = f->x[2];
	struct handle_entry e;
	int err = handle_table_get(&process_current()->handles, (fern_handle)f->x[0], KOBJ_TIMER,
				   FERN_RIGHT_WRITE, &e);
	if (err)
		return err;
	if (period && period < TIMER_PERIOD_MIN)
		return FERN_ERR_RANGE;
	struct timer_object *o = e.object;
	kobject_signal(&o->obj, 0, FERN_SIGNAL_TIMER);
	o->first = deadline; /* a new setting starts a new count */
	o->period = deadline ? period : 0;
	o->acknowledged = 0;
	if (deadline)
		arm_next(o);
	else
		ktimer_cancel(&o->timer);
	return FERN_OK;
}
