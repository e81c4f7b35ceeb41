// SPDX-License-Identifier: MIT
/* PL011 register-level core (pl011.h): no environment, testable against a fake register file. */
#include "pl011.h"

void pl011_init(const struct mmio *m)
{
	mmio_write32(m, PL011_ICR, PL011_INT_RX | PL011_INT_RT);
	mmio_write32(m, PL011_IMSC, PL011_INT_RX | PL011_INT_RT);
	mmio_write32(m, PL011_CR,
		     mmio_read32(m, PL011_CR) | PL011_CR_EN | PL011_CR_TXE | PL011_CR_RXE);
}

static void put(const struct mmio *m, char c)
{
	while (mmio_read32(m, PL011_FR) & PL011_FR_TXFF)
		;
	mmio_write32(m, PL011_DR, (uint8_t)c);
}

void pl011_write(const struct mmio *m, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			put(m, '\r');
		put(m, s[i]);
	}
}

size_t pl011_read(const struct mmio *m, char *buf, size_t cap)
{
	/* Clear first, then drain: a byte that lands after the FIFO was seen empty raises the
	 * interrupt again. Cleared after the drain, that byte's interrupt was lost, and as the
	 * UART raises RX only when the FIFO fills to its trigger level, never again. */
	mmio_write32(m, PL011_ICR, PL011_INT_RX | PL011_INT_RT);
	size_t n = 0;
	while (n < cap && !(mmio_read32(m, PL011_FR) & PL011_FR_RXFE))
		buf[n++] = (char)(mmio_read32(m, PL011_DR) & 0xff);
	return n;
}
