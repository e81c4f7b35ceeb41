/* SPDX-License-Identifier: MIT */
/* The kernel console: a polled PL011, first at the build-time early address, then the one
 * the device tree's stdout-path names. */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include <stdint.h>

struct board;

struct console_state {
	volatile uint32_t *regs; /* mapped PL011 registers; NULL: no console */
};

/* Uses the early UART page mapped by the boot code (QEMU virt's PL011 by default). */
void console_init_early(void);
/* Switches to the UART the board names, mapping it. 0 or a negative status. */
int console_init(const struct board *board);
void console_putc(char c);
void console_write(const char *s, unsigned long len);

#endif
