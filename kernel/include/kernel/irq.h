/* SPDX-License-Identifier: MIT */
/* Kernel-internal interrupt dispatch: handlers per GIC interrupt id, with delivery counts. */
#ifndef KERNEL_IRQ_H
#define KERNEL_IRQ_H

#include <stdbool.h>
#include <stdint.h>

#define IRQ_COUNT 1020 /* GIC INTIDs 0..1019 */

typedef void (*irq_handler)(uint32_t intid, void *ctx);

struct irq_entry {
	irq_handler handler;
	void *ctx;
	uint64_t count; /* deliveries, updated only by the CPU handling it */
};

struct irq_state {
	struct irq_entry entry[IRQ_COUNT];
	uint64_t spurious;
};

/* Installs a handler and enables the interrupt at the GIC. Errors: FERN_ERR_RANGE (bad
 * intid), FERN_ERR_BUSY (already has a handler). Kernel lock held. */
int irq_register(uint32_t intid, bool level, irq_handler handler, void *ctx);
/* Masks the interrupt and removes its handler. */
void irq_unregister(uint32_t intid);
/* Called from the IRQ vector: acknowledges, dispatches and completes pending interrupts. */
void irq_dispatch(void);

#endif
