/* SPDX-License-Identifier: MIT */
/* Kernel time: the architected timer as the source of kernel timer interrupts (see ktimer.h),
 * and monotonic uptime. */
#ifndef KERNEL_TIMER_H
#define KERNEL_TIMER_H

#include <stdint.h>

#define TIMER_HZ 100

struct board;

struct timer_state {
	uint64_t freq;       /* boot: counter frequency in Hz (CNTFRQ or the DT's override) */
	uint32_t intid;      /* boot */
	uint64_t interrupts; /* timer interrupts handled (kernel lock) */
};

/* Hooks the timer interrupt to the kernel timer queue. Errors: those of irq_register,
 * FERN_ERR_UNSUPPORTED if the counter frequency is 0. */
int timer_init(const struct board *board);
/* Nanoseconds since kernel_main started; monotonic, usable before timer_init. */
uint64_t timer_uptime_ns(void);
/* The counter value at uptime ns (rounded up). */
uint64_t timer_ns_to_counter(uint64_t ns);
uint64_t timer_interrupts(void);

#endif
