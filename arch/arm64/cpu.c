// SPDX-License-Identifier: MIT
/* CPU-level arch hooks: interrupt masking, waiting, halting, the counter and the timer. */
#include <arch/sysreg.h>
#include <board.h>
#include <kernel/arch.h>

void arch_wait_for_interrupt(void)
{
	__asm__ volatile("dsb sy; wfi" ::: "memory");
}

void arch_halt(void)
{
	__asm__ volatile("msr daifset, #0xf" ::: "memory");
	for (;;)
		__asm__ volatile("wfi");
}

/* The virtual counter: EL1 always has access to it, whatever EL2 (if any) configured. */
uint64_t arch_counter_read(void)
{
	isb();
	return sysreg_read(cntvct_el0);
}

uint64_t arch_counter_freq(void)
{
	return sysreg_read(cntfrq_el0);
}

void arch_timer_arm(uint64_t deadline)
{
	if (!deadline) {
		sysreg_write(cntv_ctl_el0, 0);
		return;
	}
	sysreg_write(cntv_cval_el0, deadline);
	sysreg_write(cntv_ctl_el0, 1); /* ENABLE, interrupt not masked */
	isb();
}

uint32_t arch_timer_intid(const struct board *board)
{
	return board->timer.irq[TIMER_VIRT].intid;
}
