// SPDX-License-Identifier: MIT
/* Routes GIC interrupts to kernel handlers and counts deliveries. */
#include <fern/status.h>
#include <kernel/arch.h>
#include <kernel/irq.h>
#include <kernel/log.h>
#include <kernel/state.h>

int irq_register(uint32_t intid, bool level, irq_handler handler, void *ctx)
{
	if (intid >= IRQ_COUNT || !handler)
		return FERN_ERR_RANGE;
	struct irq_entry *e = &kstate.irq.entry[intid];
	if (e->handler)
		return FERN_ERR_BUSY;
	e->handler = handler;
	e->ctx = ctx;
	arch_irqchip_enable(intid, level);
	return FERN_OK;
}

void irq_unregister(uint32_t intid)
{
	if (intid >= IRQ_COUNT)
		return;
	arch_irqchip_mask(intid);
	kstate.irq.entry[intid].handler = 0;
	kstate.irq.entry[intid].ctx = 0;
}

void irq_dispatch(void)
{
	for (;;) {
		uint32_t intid = arch_irqchip_ack();
		if (intid >= IRQ_COUNT) {
			/* 1023: nothing (more) pending; 1020-1022: special ids, never EOI'd. */
			if (intid != 1023)
				kstate.irq.spurious++;
			return;
		}
		struct irq_entry *e = &kstate.irq.entry[intid];
		e->count++;
		if (e->handler)
			e->handler(intid, e->ctx);
		else
			log_warn("interrupt %u has no handler", intid);
		arch_irqchip_eoi(intid);
	}
}
