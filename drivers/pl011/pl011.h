/* SPDX-License-Identifier: MIT */
/* The ARM PrimeCell PL011 UART, register level: polled output, interrupt-driven input. */
#ifndef PL011_H
#define PL011_H

#include <fern/mmio.h>
#include <stddef.h>
#include <stdint.h>

#define PL011_DR   0x000 /* data */
#define PL011_FR   0x018 /* flags */
#define PL011_CR   0x030 /* control */
#define PL011_IMSC 0x038 /* interrupt mask set/clear */
#define PL011_MIS  0x040 /* masked interrupt status */
#define PL011_ICR  0x044 /* interrupt clear */

#define PL011_FR_RXFE (1u << 4) /* receive FIFO empty */
#define PL011_FR_TXFF (1u << 5) /* transmit FIFO full */
#define PL011_CR_EN   (1u << 0)
#define PL011_CR_TXE  (1u << 8)
#define PL011_CR_RXE  (1u << 9)
#define PL011_INT_RX  (1u << 4) /* receive */
#define PL011_INT_RT  (1u << 6) /* receive timeout: bytes wait in the FIFO */

/* Enables transmit and receive and the receive interrupts. Leaves the line settings the
 * firmware or the kernel's early console chose (QEMU ignores them). */
void pl011_init(const struct mmio *m);
/* Writes len bytes, turning "\n" into "\r\n" (the terminal convention). */
void pl011_write(const struct mmio *m, const char *s, size_t len);
/* Clears the receive interrupts (receive and receive timeout), then moves received bytes into
 * buf (at most cap); returns how many. Bytes past cap stay in the FIFO with no interrupt to
 * say so: call it again (from the interrupt, or once there is room) until it returns 0. */
size_t pl011_read(const struct mmio *m, char *buf, size_t cap);

#endif
