// SPDX-License-Identifier: MIT
/* GICv2 (arm,gic-400 / arm,cortex-a15-gic): memory-mapped distributor and CPU interface. */
#include <arch/gic.h>
#include <board.h>
#include <fern/status.h>
#include <kernel/state.h>
#include <kernel/vm.h>

#define GICC_CTLR             0x00
#define GICC_PMR              0x04
#define GICC_BPR              0x08
#define GICC_IAR              0x0c
#define GICC_EOIR             0x10
#define GICD_CTLR_ENABLE_BOTH 3
#define GICC_CTLR_ENABLE_BOTH 3
#define GICC_CTLR_ACKCTL      (1u << 2)

int gicv2_init(const struct board *board)
{
	const struct board_gic *gic = &board->gic;
	if (gic->cpu_if.size == 0)
		return FERN_ERR_INVALID;
	volatile uint8_t *d = vm_map_mmio(gic->dist.base, gic->dist.size);
	volatile uint8_t *c = vm_map_mmio(gic->cpu_if.base, gic->cpu_if.size);
	if (!d || !c)
		return FERN_ERR_NO_MEMORY;
	kstate.arch.gicd = d;
	kstate.arch.gicc = c;

	uint32_t lines = ((mmio_read32(d, GICD_TYPER) & 0x1f) + 1) * 32;
	mmio_write32(d, GICD_CTLR, 0);
	for (uint32_t i = 0; i < lines; i += 32)
		mmio_write32(d, GICD_ICENABLER + i / 8, 0xffffffff);
	/* Interrupt groups are left as firmware set them: without security extensions all are
	 * group 0 and both groups are enabled here; with them, firmware (or QEMU's boot code)
	 * made them group 1 and only the non-secure enable bit is visible to us. */
	mmio_write32(d, GICD_CTLR, GICD_CTLR_ENABLE_BOTH);
	mmio_write32(c, GICC_PMR, GIC_PRIORITY_MASK);
	mmio_write32(c, GICC_BPR, 0);
	/* AckCtl lets GICC_IAR acknowledge group 1 too (else it answers 1022). */
	mmio_write32(c, GICC_CTLR, GICC_CTLR_ENABLE_BOTH | GICC_CTLR_ACKCTL);
	return FERN_OK;
}

void gicv2_enable(uint32_t intid, bool level)
{
	volatile uint8_t *d = kstate.arch.gicd;
	mmio_write8(d, GICD_IPRIORITYR + intid, GIC_PRIORITY_DEFAULT);
	if (intid >= 32) {
		mmio_write8(d, GICD_ITARGETSR + intid, 1); /* CPU interface 0: the boot CPU */
		gic_set_trigger(d, GICD_ICFGR, intid, level);
	}
	mmio_write32(d, GICD_ISENABLER + (intid / 32) * 4, 1u << (intid % 32));
}

uint32_t gicv2_ack(void)
{
	return mmio_read32(kstate.arch.gicc, GICC_IAR) & 0x3ff;
}

void gicv2_eoi(uint32_t intid)
{
	mmio_write32(kstate.arch.gicc, GICC_EOIR, intid);
}
