/* SPDX-License-Identifier: MIT */
/* Architecture state kept inside kstate. */
#ifndef ARCH_STATE_H
#define ARCH_STATE_H

#include <arch/boot.h>

struct arch_state {
	struct boot_tables boot_tables; /* boot: table pages used before the pmm exists */
	uint64_t load_pa;               /* boot: physical address of _head */
	uint64_t dtb_pa;                /* boot: x0 at entry */
	uint64_t fdt_window;            /* boot: DTB bytes mapped at FDT_VBASE + (dtb_pa % page) */
	uint64_t counter_at_boot;       /* boot: CNTVCT when kernel_main started */
	int gic_version;                /* boot: 2 or 3 */
	volatile uint8_t *gicd, *gicc, *gicr; /* boot: mapped GIC frames (gicr: this CPU's) */
};

#endif
