// SPDX-License-Identifier: MIT
/* GICv3 (arm,gic-v3): distributor with affinity routing, per-CPU redistributors, and the
 * system-register CPU interface. */
#include <arch/gic.h>
#include <arch/sysreg.h>
#include <board.h>
#include <fern/status.h>
#include <kernel/state.h>
#include <kernel/vm.h>

#define GICD_CTLR_RWP       (1u << 31)
#define GICD_CTLR_ARE_NS    (1u << 4)
#define GICD_CTLR_ENABLE_G1 (1u << 1)
#define GICR_TYPER          0x0008
#define GICR_TYPER_LAST     (1u << 4)
#define GICR_TYPER_VLPIS    (1u << 1)
#define GICR_WAKER          0x0014
#define GICR_WAKER_SLEEP    (1u << 1)
#define GICR_WAKER_ASLEEP   (1u << 2)
#define GICR_SGI            0x10000 /* SGI/PPI frame after the RD frame */
#define GICR_FRAME          0x20000

static void wait_rwp(volatile uint8_t *d)
{
	for (int i = 0; i < 1000000 && (mmio_read32(d, GICD_CTLR) & GICD_CTLR_RWP); i++)
		;
}

/* Affinity of this CPU in GICR_TYPER/GICD_IROUTER layout (Aff3.Aff2.Aff1.Aff0). */
static uint64_t cpu_affinity(void)
{
	uint64_t mpidr = sysreg_read(mpidr_el1);
	return (mpidr & 0xffffff) | ((mpidr >> 32) & 0xff) << 24;
}

/* Finds this CPU's redistributor by walking the frames of every region. */
static volatile uint8_t *find_redistributor(const struct board_gic *gic)
{
	uint64_t aff = cpu_affinity();
	for (int r = 0; r < gic->redist_count; r++) {
		volatile uint8_t *base = vm_map_mmio(gic->redist[r].base, gic->redist[r].size);
		if (!base)
			return 0;
		for (uint64_t off = 0; off + GICR_FRAME <= gic->redist[r].size;) {
			uint64_t typer = mmio_read64(base, off + GICR_TYPER);
			if ((typer >> 32) == aff)
				return base + off;
			if (typer & GICR_TYPER_LAST)
				break;
			off += (typer & GICR_TYPER_VLPIS) ? 2 * GICR_FRAME : GICR_FRAME;
		}
	}
	return 0;
}

static void cpu_interface_init(void)
{
	sysreg_write(S3_0_C12_C12_5, sysreg_read(S3_0_C12_C12_5) | 1); /* ICC_SRE_EL1.SRE */
	isb();
	sysreg_write(S3_0_C4_C6_0, GIC_PRIORITY_MASK); /* ICC_PMR_EL1 */
	sysreg_write(S3_0_C12_C12_3, 0);               /* ICC_BPR1_EL1 */
	sysreg_write(S3_0_C12_C12_4, 0);               /* ICC_CTLR_EL1: EOI also deactivates */
	sysreg_write(S3_0_C12_C12_7, 1);               /* ICC_IGRPEN1_EL1 */
	isb();
}

int gicv3_init(const struct board *board)
{
	const struct board_gic *gic = &board->gic;
	if (gic->redist_count == 0)
		return FERN_ERR_INVALID;
	volatile uint8_t *d = vm_map_mmio(gic->dist.base, gic->dist.size);
	if (!d)
		return FERN_ERR_NO_MEMORY;
	kstate.arch.gicd = d;

	mmio_write32(d, GICD_CTLR, 0);
	wait_rwp(d);
	uint32_t lines = ((mmio_read32(d, GICD_TYPER) & 0x1f) + 1) * 32;
	for (uint32_t i = 32; i < lines; i += 32) {
		mmio_write32(d, GICD_ICENABLER + i / 8, 0xffffffff);
		mmio_write32(d, GICD_IGROUPR + i / 8, 0xffffffff);
	}
	wait_rwp(d);
	mmio_write32(d, GICD_CTLR, GICD_CTLR_ARE_NS | GICD_CTLR_ENABLE_G1);
	wait_rwp(d);

	volatile uint8_t *r = find_redistributor(gic);
	if (!r)
		return FERN_ERR_NOT_FOUND;
	kstate.arch.gicr = r;
	mmio_write32(r, GICR_WAKER, mmio_read32(r, GICR_WAKER) & ~GICR_WAKER_SLEEP);
	for (int i = 0; i < 1000000 && (mmio_read32(r, GICR_WAKER) & GICR_WAKER_ASLEEP); i++)
		;
	mmio_write32(r, GICR_SGI + GICD_ICENABLER, 0xffffffff);
	mmio_write32(r, GICR_SGI + GICD_IGROUPR, 0xffffffff);
	cpu_interface_init();
	return FERN_OK;
}

void gicv3_enable(uint32_t intid, bool level)
{
	if (intid < 32) {
		volatile uint8_t *sgi = kstate.arch.gicr + GICR_SGI;
		mmio_write8(sgi, GICD_IPRIORITYR + intid, GIC_PRIORITY_DEFAULT);
		gic_set_trigger(sgi, GICD_ICFGR, intid, level);
		mmio_write32(sgi, GICD_ISENABLER, 1u << intid);
		return;
	}
	volatile uint8_t *d = kstate.arch.gicd;
	mmio_write8(d, GICD_IPRIORITYR + intid, GIC_PRIORITY_DEFAULT);
	gic_set_trigger(d, GICD_ICFGR, intid, level);
	mmio_write64(d, GICD_IROUTER + intid * 8, cpu_affinity());
	mmio_write32(d, GICD_ISENABLER + (intid / 32) * 4, 1u << (intid % 32));
	wait_rwp(d);
}

uint32_t gicv3_ack(void)
{
	uint32_t intid = sysreg_read(S3_0_C12_C12_0) & 0xffffff; /* ICC_IAR1_EL1 */
	__asm__ volatile("dsb sy" ::: "memory");
	return intid;
}

void gicv3_eoi(uint32_t intid)
{
	sysreg_write(S3_0_C12_C12_1, intid); /* ICC_EOIR1_EL1 */
	isb();
}
