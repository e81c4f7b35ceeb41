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

/* Per-CPU interrupts (SGIs, PPIs) live in the redistributor's SGI frame on GICv3. */
static volatile uint8_t *frame_for(uint32_t intid)
{
	if (kstate.arch.gic_version == GIC_V3 && intid < 32)
		return kstate.arch.gicr + 0x10000;
	return kstate.arch.gicd;
}

void gic_set_enabled(volatile uint8_t *frame, uint32_t intid, bool on)
{
	mmio_write32(frame, (on ? GICD_ISENABLER : GICD_ICENABLER) + (intid / 32) * 4,
		     1u << (intid % 32));
}

void gic_set_pending(volatile uint8_t *frame, uint32_t intid)
{
	mmio_write32(frame, GICD_ISPENDR + (intid / 32) * 4, 1u << (intid % 32));
}

void arch_irqchip_mask(uint32_t intid)
{
	gic_set_enabled(frame_for(intid), intid, false);
}

void arch_irqchip_unmask(uint32_t intid)
{
	gic_set_enabled(frame_for(intid), intid, true);
}

void arch_irqchip_raise(uint32_t intid)
{
	gic_set_pending(frame_for(intid), intid);
}
