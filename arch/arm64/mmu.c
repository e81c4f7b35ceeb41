// SPDX-License-Identifier: MIT
/* Installs translation table roots. */
#include <arch/mmu.h>
#include <arch/pagetable.h>
#include <arch/sysreg.h>

void arch_mmu_switch_kernel(uint64_t root_pa, uint64_t empty_pa)
{
	dsb(ishst); /* table writes visible to the walker before it can use them */
	sysreg_write(ttbr1_el1, root_pa);
	sysreg_write(ttbr0_el1, empty_pa);
	isb();
	__asm__ volatile("tlbi vmalle1" ::: "memory");
	dsb(nsh);
	isb();
}

void arch_tlb_flush_asid(uint16_t asid)
{
	dsb(ishst);
	__asm__ volatile("tlbi aside1is, %0" ::"r"((uint64_t)asid << 48) : "memory");
	dsb(ish);
	isb();
}
