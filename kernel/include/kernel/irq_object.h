/* SPDX-License-Identifier: MIT */
/* Interrupt objects: a GIC interrupt delivered to a program as a signal (FERN_SIGNAL_IRQ).
 * Guarded by the kernel lock. Timer objects are in timer_object.h. */
#ifndef KERNEL_IRQ_OBJECT_H
#define KERNEL_IRQ_OBJECT_H

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

/* Binds a shared peripheral interrupt (INTID 32..1019) to a new object. Kernel use only (the
 * startup code grants them from device-tree fragments). FERN_ERR_RANGE, FERN_ERR_BUSY. */
int irq_object_create(uint32_t intid, bool level, struct irq_object **out);

#endif
