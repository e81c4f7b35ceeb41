/* SPDX-License-Identifier: MIT */
/* Switching translation tables. */
#ifndef ARCH_MMU_H
#define ARCH_MMU_H

#include <stdint.h>

/* Installs root_pa as the kernel (TTBR1) tables and empty_pa (an all-invalid table) as TTBR0:
 * the boot identity map is gone; program address spaces replace TTBR0 while they run. */
void arch_mmu_switch_kernel(uint64_t root_pa, uint64_t empty_pa);

#endif
