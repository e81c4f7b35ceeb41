// SPDX-License-Identifier: MIT
/* Polled PL011 console: the kernel's own output until user-space drivers take over. */
#include <arch/memlayout.h>
#include <board.h>
#include <fern/status.h>
#include <kernel/console.h>
#include <kernel/state.h>
#include <kernel/vm.h>
#include <string.h>

#define PL011_DR      0x00
#define PL011_FR      0x18
#define PL011_FR_TXFF (1u << 5)

void console_init_early(void)
{
	kstate.console.regs = (volatile uint32_t *)EARLY_UART_VBASE;
}

int console_init(const struct board *board)
{
	if (strcmp(board->console.compatible, "arm,pl011") != 0)
		return FERN_ERR_UNSUPPORTED;
	void *regs = vm_map_mmio(board->console.regs.base, PAGE_SIZE);
	if (!regs)
		return FERN_ERR_NO_MEMORY;
	kstate.console.regs = regs;
	return FERN_OK;
}

void console_putc(char c)
{
	volatile uint32_t *regs = kstate.console.regs;
	if (!regs)
		return;
	if (c == '\n')
		console_putc('\r');
	while (regs[PL011_FR / 4] & PL011_FR_TXFF)
		;
	regs[PL011_DR / 4] = (uint8_t)c;
}

void console_write(const char *s, unsigned long len)
{
	for (unsigned long i = 0; i < len; i++)
		console_putc(s[i]);
}
