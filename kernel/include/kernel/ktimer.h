/* SPDX-License-Identifier: MIT */
/* Kernel timers: callbacks at absolute monotonic deadlines, one-shot or periodic, kept in one
 * deadline-ordered queue that programs the CPU timer for the earliest. Guarded by the kernel
 * lock; callbacks run with it held, from the timer interrupt. */
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
	struct ktimer *next;
	bool armed;
};

void ktimer_init(struct ktimer *t, ktimer_fn fn, void *ctx);
/* (Re)arms t to fire at deadline_ns, then every period_ns if non-zero. */
void ktimer_arm(struct ktimer *t, uint64_t deadline_ns, uint64_t period_ns);
void ktimer_cancel(struct ktimer *t);
/* Runs every expired timer and re-programs the hardware timer. Timer interrupt only. */
void ktimer_expire(void);

#endif
