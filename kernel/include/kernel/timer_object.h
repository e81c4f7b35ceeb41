/* SPDX-License-Identifier: MIT */
/* Timer objects: a kernel timer delivered to a program as FERN_SIGNAL_TIMER. Guarded by the
 * kernel lock. */
#ifndef KERNEL_TIMER_OBJECT_H
#define KERNEL_TIMER_OBJECT_H

#include <kernel/ktimer.h>
#include <kernel/object.h>
#include <stdint.h>

/*
 * A timer expires at first, then (if period) every period ns. Expirations are counted by
 * arithmetic on the clock, and the kernel timer behind it fires only when the signal is low:
 * a periodic timer interrupts the kernel at most once per acknowledgement, so no number of
 * timers or shortness of period can storm the kernel faster than their owners run.
 */
struct timer_object {
	struct kobject obj;
	struct ktimer timer;   /* one-shot: the next deadline that raises the signal */
	uint64_t first;        /* the first deadline; 0: not set */
	uint64_t period;       /* ns; 0: one-shot */
	uint64_t acknowledged; /* expirations counted off by acknowledgements */
};

#define TIMER_PERIOD_MIN 100000ull /* ns: a shorter non-zero period is FERN_ERR_RANGE */

/* FERN_ERR_NO_MEMORY. The caller holds the one reference. */
int timer_object_create(struct timer_object **out);
/* Counts off the expirations since the last acknowledgement (returned), lowers the signal
 * and arms the kernel timer for the next deadline, if any. */
uint64_t timer_object_ack(struct timer_object *o);

#endif
