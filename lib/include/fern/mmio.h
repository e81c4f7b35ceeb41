/* SPDX-License-Identifier: MIT */
/* Register access for drivers' register-level cores: real MMIO in a program, or a fake register
 * file in a host unit test (mmio.fake), so the same core code runs in both. */
#ifndef FERN_MMIO_H
#define FERN_MMIO_H

#include <stdint.h>

/* A fake register file: called instead of touching memory (host tests). */
struct mmio_fake {
	uint32_t (*read32)(void *ctx, uint32_t offset);
	void (*write32)(void *ctx, uint32_t offset, uint32_t value);
	void *ctx;
};

struct mmio {
	volatile uint8_t *base;       /* the mapped registers */
	const struct mmio_fake *fake; /* when set, used instead of base */
};

static inline uint32_t mmio_read32(const struct mmio *m, uint32_t offset)
{
	if (m->fake)
		return m->fake->read32(m->fake->ctx, offset);
	return *(volatile uint32_t *)(m->base + offset);
}

static inline void mmio_write32(const struct mmio *m, uint32_t offset, uint32_t value)
{
	if (m->fake)
		m->fake->write32(m->fake->ctx, offset, value);
	else
		*(volatile uint32_t *)(m->base + offset) = value;
}

/* Orders memory a device reads by DMA before the register write that tells it to look, and
 * register reads before reading what the device wrote. */
static inline void mmio_dma_barrier(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

#endif
