// SPDX-License-Identifier: MIT
/* arch_irqchip_*: forwards to the GICv2 or GICv3 driver the device tree asked for. */
#include <arch/gic.h>
#include <board.h>
#include <fern/status.h>
#include <kernel/arch.h>
#include <kernel/state.h>

int arch_irqchip_init(const struct board *board)
{
	int err;
	if (board->gic.version == GIC_V2)
		err = gicv2_init(board);
	else if (board->gic.version == GIC_V3)
		err = gicv3_init(board);
	else
		return FERN_ERR_UNSUPPORTED;
	if (err == FERN_OK)
		kstate.arch.gic_version = board->gic.version;
	return err;
}

const char *arch_irqchip_name(void)
{
	return kstate.arch.gic_version == GIC_V3 ? "GICv3" : "GICv2";
}

void arch_irqchip_enable(uint32_t intid, bool level)
{
	if (kstate.arch.gic_version == GIC_V3)
		gicv3_enable(intid, level);
	else
		gicv2_enable(intid, level);
}

uint32_t arch_irqchip_ack(void)
{
	return kstate.arch.gic_version == GIC_V3 ? gicv3_ack() : gicv2_ack();
}

void arch_irqchip_eoi(uint32_t intid)
{
	if (kstate.arch.gic_version == GIC_V3)
		gicv3_eoi(intid);
	else
		gicv2_eoi(intid);
}
