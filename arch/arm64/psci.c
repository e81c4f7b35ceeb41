// SPDX-License-Identifier: MIT
/* PSCI firmware calls (SYSTEM_OFF, SYSTEM_RESET) through the conduit the device tree names. */
#include <board.h>
#include <fern/status.h>
#include <kernel/arch.h>

#define PSCI_SYSTEM_OFF   0x84000008u
#define PSCI_SYSTEM_RESET 0x84000009u

static int64_t psci_call(enum psci_method method, uint64_t fn)
{
	register uint64_t x0 __asm__("x0") = fn;
	if (method == PSCI_HVC)
		__asm__ volatile("hvc #0" : "+r"(x0) : : "x1", "x2", "x3", "memory");
	else if (method == PSCI_SMC)
		__asm__ volatile("smc #0" : "+r"(x0) : : "x1", "x2", "x3", "memory");
	else
		return FERN_ERR_UNSUPPORTED;
	return (int64_t)x0;
}

int arch_power_off(const struct board *board)
{
	psci_call(board->psci, PSCI_SYSTEM_OFF);
	return FERN_ERR_UNSUPPORTED; /* only reached if firmware refused or there is no PSCI */
}

int arch_reset(const struct board *board)
{
	psci_call(board->psci, PSCI_SYSTEM_RESET);
	return FERN_ERR_UNSUPPORTED;
}
