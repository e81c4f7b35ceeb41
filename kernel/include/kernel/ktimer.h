/* SPDX-License-Identifier: MIT */
/* Kernel timers: callbacks at absolute monotonic deadlines, one-shot or periodic, kept in one
 * deadline-ordered heap (timer_heap.h) that programs the CPU timer for the earliest. Guarded by
 * the kernel lock; callbacks run with it held, from the timer interrupt. */
#ifndef KERNEL_KTIMER_H
#define KERNEL_KTIMER_H

#include <stdbool.h>
#include <stdint.h>

struct ktimer;
typedef void (*ktimer_fn)(struct ktimer *timer, void *ctx);

struct ktimer {
	uint64_t deadline; /* ns since boot */
	uint64_t period;   /* ns; 0: one-shot */
	ktimer_fn fn;
	void *ctx;
	struct ktimer *child, *sibling, *prev; /* heap links (timer_heap.c) while armed */
	bool armed;
};

void ktimer_init(struct ktimer *t, ktimer_fn fn, void *ctx);
/* (Re)arms t to fire at deadline_ns, then every period_ns if non-zero. Any deadline is valid
 * (one in the past fires at the next expiry; a periodic timer whose next deadline would pass
 * 2^64 ns stops). */
void ktimer_arm(struct ktimer *t, uint64_t deadline_ns, uint64_t period_ns);
void ktimer_cancel(struct ktimer *t);
/* Runs every expired timer and re-programs the hardware timer. Timer interrupt only. */
void ktimer_expire(void);

/* The first deadline of a periodic timer (deadline, then every period ns, period > 0) later
 * than now, or 0 when it would pass 2^64 ns. Periods missed (e.g. under a slow emulator) are
 * skipped in one step, not looped over: a period near 2^64 once looped about now times with
 * interrupts masked. */
static inline uint64_t ktimer_next_period(uint64_t deadline, uint64_t period, uint64_t now)
{
	if (deadline > now)
		return deadline;
	uint64_t missed = (now - deadline) / period + 1;
	if (missed > (UINT64_MAX - deadline) / period)
		return 0;
	return deadline + missed * period;
}

#endif
