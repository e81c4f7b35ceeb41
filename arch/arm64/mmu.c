// SPDX-License-Identifier: MIT
/* Installs translation table roots. */
#include <arch/mmu.h>
#include <arch/sysreg.h>

void arch_mmu_switch_kernel(uint64_t root_pa)
{
	dsb(ishst); /* table writes visible to the walker before it can use them */
	sysreg_write(ttbr1_el1, root_pa);
	sysreg_write(tcr_el1, sysreg_read(tcr_el1) | TCR_EPD0);
	sysreg_write(ttbr0_el1, 0);
	isb();
	__asm__ volatile("tlbi vmalle1" ::: "memory");
	dsb(nsh);
	isb();
}
