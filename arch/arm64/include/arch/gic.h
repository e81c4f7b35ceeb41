/* SPDX-License-Identifier: MIT */
/* The two GIC drivers behind arch_irqchip_* (gic.c picks one from the board). */
#ifndef ARCH_GIC_H
#define ARCH_GIC_H

#include <stdbool.h>
#include <stdint.h>

struct board;

#define GIC_PRIORITY_DEFAULT 0xa0
#define GIC_PRIORITY_MASK    0xf0 /* interrupts with a lower (more urgent) value get through */
#define GIC_SPURIOUS         1023

int gicv2_init(const struct board *board);
void gicv2_enable(uint32_t intid, bool level);
uint32_t gicv2_ack(void);
void gicv2_eoi(uint32_t intid);

int gicv3_init(const struct board *board);
void gicv3_enable(uint32_t intid, bool level);
uint32_t gicv3_ack(void);
void gicv3_eoi(uint32_t intid);

/* Forwarding on/off and software-pending for one interrupt, through the frame that owns it
 * (the distributor for SPIs; GICv3 redistributors own SGIs and PPIs). */
void gic_set_enabled(volatile uint8_t *frame, uint32_t intid, bool on);
void gic_set_pending(volatile uint8_t *frame, uint32_t intid);

/* Register access helpers shared by both drivers. */
static inline uint32_t mmio_read32(volatile uint8_t *base, uint32_t off)
{
	return *(volatile uint32_t *)(base + off);
}

static inline void mmio_write32(volatile uint8_t *base, uint32_t off, uint32_t v)
{
	*(volatile uint32_t *)(base + off) = v;
}

static inline void mmio_write8(volatile uint8_t *base, uint32_t off, uint8_t v)
{
	*(volatile uint8_t *)(base + off) = v;
}

static inline uint64_t mmio_read64(volatile uint8_t *base, uint32_t off)
{
	return *(volatile uint64_t *)(base + off);
}

static inline void mmio_write64(volatile uint8_t *base, uint32_t off, uint64_t v)
{
	*(volatile uint64_t *)(base + off) = v;
}

/* Distributor registers common to GICv2 and GICv3. */
#define GICD_CTLR       0x000
#define GICD_TYPER      0x004
#define GICD_IGROUPR    0x080
#define GICD_ISENABLER  0x100
#define GICD_ICENABLER  0x180
#define GICD_ISPENDR    0x200
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR  0x800
#define GICD_ICFGR      0xc00
#define GICD_IROUTER    0x6000

/* Sets an interrupt's trigger in an ICFGR bank (2 bits each; the upper bit means edge). */
static inline void gic_set_trigger(volatile uint8_t *base, uint32_t icfgr, uint32_t intid,
				   bool level)
{
	uint32_t off = icfgr + (intid / 16) * 4, shift = (intid % 16) * 2 + 1;
	uint32_t v = mmio_read32(base, off);
	v = level ? v & ~(1u << shift) : v | (1u << shift);
	mmio_write32(base, off, v);
}

#endif
