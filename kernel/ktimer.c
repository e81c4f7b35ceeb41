// SPDX-License-Identifier: MIT
/* The kernel timer queue: a deadline-ordered heap driving the CPU's one-shot timer. */
#include <fern/abi.h>
#include <kernel/arch.h>
#include <kernel/ktimer.h>
#include <kernel/state.h>
#include <kernel/timer.h>
#include <kernel/timer_heap.h>

static void queue_insert(struct ktimer *t)
{
	kstate.timers = timer_heap_insert(kstate.timers, t);
	t->armed = true;
}

static void queue_remove(struct ktimer *t)
{
	kstate.timers = timer_heap_remove(kstate.timers, t);
	t->armed = false;
}

/* Programs the hardware for the earliest deadline (or disarms it). */
static void hardware_update(void)
{
	struct ktimer *first = kstate.timers;
	arch_timer_arm(first ? timer_ns_to_counter(first->deadline) : 0);
}

void ktimer_init(struct ktimer *t, ktimer_fn fn, void *ctx)
{
	*t = (struct ktimer){.fn = fn, .ctx = ctx};
}

void ktimer_arm(struct ktimer *t, uint64_t deadline_ns, uint64_t period_ns)
{
	if (t->armed)
		queue_remove(t);
	t->deadline = deadline_ns;
	t->period = period_ns;
	queue_insert(t);
	if (kstate.timers == t)
		hardware_update();
}

void ktimer_cancel(struct ktimer *t)
{
	if (!t->armed)
		return;
	bool was_first = kstate.timers == t;
	queue_remove(t);
	if (was_first)
		hardware_update();
}

void ktimer_expire(void)
{
	uint64_t now = timer_uptime_ns();
	while (kstate.timers && kstate.timers->deadline <= now) {
		struct ktimer *t = kstate.timers;
		queue_remove(t);
		if (t->period) {
			uint64_t next = ktimer_next_period(t->deadline, t->period, now);
			if (next) {
				t->deadline = next;
				queue_insert(t);
			}
		}
		t->fn(t, t->ctx);
	}
	hardware_update();
}
