/* SPDX-License-Identifier: MIT */
/* Switching translation tables. */
#ifndef ARCH_MMU_H
#define ARCH_MMU_H

#include <stdint.h>

/* Installs root_pa as the kernel (TTBR1) tables and turns off TTBR0 walks: the boot identity
 * map is gone and the lower half stays empty until user address spaces exist. */
void arch_mmu_switch_kernel(uint64_t root_pa);

#endif
