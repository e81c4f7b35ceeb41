// SPDX-License-Identifier: MIT
/* PL061 register-level core (pl061.h): no environment, testable against a fake register file. */
#include "pl061.h"

#include <fern/status.h>

/* Read-modify-write of the pins' bits in a configuration register. */
static void update(const struct mmio *m, uint32_t reg, uint32_t pins, int set)
{
	uint32_t v = mmio_read32(m, reg);
	v = set ? v | pins : v & ~pins;
	mmio_write32(m, reg, v & PL061_PIN_MASK);
}

int pl061_init(const struct mmio *m)
{
	uint32_t part =
	    (mmio_read32(m, PL061_PERID) & 0xff) | (mmio_read32(m, PL061_PERID + 4) & 0xf) << 8;
	if (part != PL061_PART_NUMBER)
		return FERN_ERR_UNSUPPORTED;
	mmio_write32(m, PL061_IE, 0);
	mmio_write32(m, PL061_IC, PL061_PIN_MASK);
	return FERN_OK;
}

void pl061_set_direction(const struct mmio *m, uint32_t pins, int output)
{
	update(m, PL061_DIR, pins & PL061_PIN_MASK, output);
}

/* Address bits [9:2] are the pin mask: only those pins are read or written. */
static uint32_t data_offset(uint32_t pins)
{
	return PL061_DATA + ((pins & PL061_PIN_MASK) << 2);
}

uint32_t pl061_read(const struct mmio *m, uint32_t pins)
{
	return mmio_read32(m, data_offset(pins)) & pins & PL061_PIN_MASK;
}

void pl061_write(const struct mmio *m, uint32_t pins, uint32_t levels)
{
	mmio_write32(m, data_offset(pins), levels & pins & PL061_PIN_MASK);
}

int pl061_irq_configure(const struct mmio *m, uint32_t pins, enum pl061_sense sense)
{
	pins &= PL061_PIN_MASK;
	int level = sense == PL061_LEVEL_HIGH || sense == PL061_LEVEL_LOW;
	int both = sense == PL061_EDGE_BOTH;
	int high = sense == PL061_EDGE_RISING || sense == PL061_LEVEL_HIGH;
	if ((unsigned)sense > PL061_LEVEL_LOW)
		return FERN_ERR_INVALID;
	/* Masked while the sense changes, so a half-set sense cannot fire. */
	update(m, PL061_IE, pins, 0);
	update(m, PL061_IS, pins, level);
	update(m, PL061_IBE, pins, both);
	update(m, PL061_IEV, pins, high);
	mmio_write32(m, PL061_IC, pins);
	update(m, PL061_IE, pins, 1);
	return FERN_OK;
}

void pl061_irq_disable(const struct mmio *m, uint32_t pins)
{
	update(m, PL061_IE, pins & PL061_PIN_MASK, 0);
}

uint32_t pl061_irq_take(const struct mmio *m)
{
	uint32_t raised = mmio_read32(m, PL061_MIS) & PL061_PIN_MASK;
	if (raised)
		mmio_write32(m, PL061_IC, raised);
	return raised;
}
