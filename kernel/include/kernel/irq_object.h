/* SPDX-License-Identifier: MIT */
/* Interrupt and timer objects: a GIC interrupt or a kernel timer delivered to a program as a
 * signal (FERN_SIGNAL_IRQ / FERN_SIGNAL_TIMER). Guarded by the kernel lock. */
#ifndef KERNEL_IRQ_OBJECT_H
#define KERNEL_IRQ_OBJECT_H

#include <kernel/ktimer.h>
#include <kernel/object.h>
#include <stdbool.h>
#include <stdint.h>

struct irq_object {
	struct kobject obj;
	uint32_t intid;
	bool level;
	uint64_t count;        /* deliveries */
	uint64_t acknowledged; /* count at the last acknowledgement */
};

struct timer_object {
	struct kobject obj;
	struct ktimer timer;
	uint64_t expirations;
	uint64_t acknowledged; /* expirations at the last acknowledgement */
};

/* Binds a shared peripheral interrupt (INTID 32..1019) to a new object. Kernel use only (the
 * startup code grants them from device-tree fragments). FERN_ERR_RANGE, FERN_ERR_BUSY. */
int irq_object_create(uint32_t intid, bool level, struct irq_object **out);
int timer_object_create(struct timer_object **out);

#endif
