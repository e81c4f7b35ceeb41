/* SPDX-License-Identifier: MIT */
/* Kernel time: a periodic tick on the architected timer and monotonic uptime. */
#ifndef KERNEL_TIMER_H
#define KERNEL_TIMER_H

#include <arch/spinlock.h>
#include <stdint.h>

#define TIMER_HZ 100

struct board;

struct timer_state {
	uint64_t freq;     /* counter frequency in Hz (CNTFRQ) */
	uint64_t period;   /* counter ticks per kernel tick */
	uint64_t deadline; /* counter value of the next tick */
	uint64_t ticks;    /* timer interrupts handled */
	uint32_t intid;
	struct spinlock lock;
};

/* Starts the periodic tick. Errors: those of irq_register, FERN_ERR_UNSUPPORTED if the
 * counter frequency is 0. */
int timer_init(const struct board *board);
/* Nanoseconds since kernel_main started; monotonic, usable before timer_init. */
uint64_t timer_uptime_ns(void);
uint64_t timer_ticks(void);

#endif
