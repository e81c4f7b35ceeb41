/* SPDX-License-Identifier: MIT */
/* The reaper: a kernel thread that destroys, in bounded batches with preemption points between
 * them, the objects that a single release would take too long to destroy at once (a program
 * exiting with 100,000 channels queued in its channels once held the kernel for a quarter of
 * a second with interrupts masked). Guarded by the kernel lock. */
#ifndef KERNEL_REAPER_H
#define KERNEL_REAPER_H

#include <kernel/object.h>
#include <stdbool.h>

struct reaper_state {
	struct kobject *list, *tail; /* objects to destroy, linked by dying_next */
	struct kobject event;        /* READABLE while list is not empty */
	bool running;                /* its thread has started */
};

/* Starts the reaper thread. Boot, before programs run; FERN_ERR_NO_MEMORY. */
int reaper_start(void);
/* Whether objects wait for the reaper (tests wait for it to settle). */
bool reaper_busy(void);

#endif
