// SPDX-License-Identifier: MIT
/* The kernel timer queue: a deadline-ordered list driving the CPU's one-shot timer. */
#include <fern/abi.h>
#include <kernel/arch.h>
#include <kernel/ktimer.h>
#include <kernel/state.h>
#include <kernel/timer.h>

static void queue_insert(struct ktimer *t)
{
	struct ktimer **p = &kstate.timers;
	while (*p && (*p)->deadline <= t->deadline)
		p = &(*p)->next;
	t->next = *p;
	*p = t;
	t->armed = true;
}

static void queue_remove(struct ktimer *t)
{
	for (struct ktimer **p = &kstate.timers; *p; p = &(*p)->next) {
		if (*p == t) {
			*p = t->next;
			break;
		}
	}
	t->armed = false;
	t->next = 0;
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
			/* Skip periods missed (e.g. under a slow emulator) rather than storming. */
			do
				t->deadline += t->period;
			while (t->deadline <= now);
			queue_insert(t);
		}
		t->fn(t, t->ctx);
	}
	hardware_update();
}
