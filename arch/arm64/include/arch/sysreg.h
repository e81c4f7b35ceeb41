/* SPDX-License-Identifier: MIT */
/* System register access and the register bit fields the kernel uses. */
#ifndef ARCH_SYSREG_H
#define ARCH_SYSREG_H

#include <arch/ul.h>

#define CURRENT_EL_EL1 (1 << 2)
#define CURRENT_EL_EL2 (2 << 2)

#define SCTLR_M           (UL(1) << 0)
#define SCTLR_C           (UL(1) << 2)
#define SCTLR_SA          (UL(1) << 3)
#define SCTLR_SA0         (UL(1) << 4)
#define SCTLR_I           (UL(1) << 12)
#define SCTLR_WXN         (UL(1) << 19)
/* RES1 bits of SCTLR_EL1 in ARMv8.0: 11, 20, 22, 23, 28, 29. */
#define SCTLR_EL1_RES1    ((UL(1) << 11) | (UL(1) << 20) | (UL(3) << 22) | (UL(3) << 28))
#define SCTLR_EL1_MMU_OFF SCTLR_EL1_RES1
#define SCTLR_EL1_KERNEL \
	(SCTLR_EL1_RES1 | SCTLR_M | SCTLR_C | SCTLR_I | SCTLR_SA | SCTLR_SA0 | SCTLR_WXN)

#define HCR_EL2_RW           (UL(1) << 31) /* EL1 is AArch64 */
#define CNTHCTL_EL2_EL1PCTEN (UL(1) << 0)
#define CNTHCTL_EL2_EL1PCEN  (UL(1) << 1)
#define CPTR_EL2_RES1        UL(0x33ff) /* nothing trapped: FP/SIMD usable at EL1/EL0 */
#define SPSR_EL1H_MASKED     UL(0x3c5)  /* EL1h, DAIF all masked */
#define ICC_SRE_EL2_SRE      (UL(1) << 0)
#define ICC_SRE_EL2_ENABLE   (UL(1) << 3)

#define CPACR_EL1_FPEN_ALL (UL(3) << 20)

/* MAIR_EL1 attribute indices used in page-table entries. */
#define MT_DEVICE_nGnRE  0
#define MT_NORMAL        1
#define MT_NORMAL_NC     2
#define MT_DEVICE_nGnRnE 3
#define MAIR_EL1_VALUE                                                         \
	((UL(0x04) << (8 * MT_DEVICE_nGnRE)) | (UL(0xff) << (8 * MT_NORMAL)) | \
	 (UL(0x44) << (8 * MT_NORMAL_NC)) | (UL(0x00) << (8 * MT_DEVICE_nGnRnE)))

/* TCR_EL1: 48-bit VAs both halves, 4 KiB granules, inner-shareable write-back walks,
 * 16-bit ASIDs. IPS is filled in from ID_AA64MMFR0_EL1.PARange at boot. */
#define TCR_T0SZ(n)    ((UL(64) - (n)) << 0)
#define TCR_T1SZ(n)    ((UL(64) - (n)) << 16)
#define TCR_IRGN0_WBWA (UL(1) << 8)
#define TCR_ORGN0_WBWA (UL(1) << 10)
#define TCR_SH0_INNER  (UL(3) << 12)
#define TCR_TG0_4K     (UL(0) << 14)
#define TCR_EPD0       (UL(1) << 7)
#define TCR_IRGN1_WBWA (UL(1) << 24)
#define TCR_ORGN1_WBWA (UL(1) << 26)
#define TCR_SH1_INNER  (UL(3) << 28)
#define TCR_TG1_4K     (UL(2) << 30)
#define TCR_IPS_SHIFT  32
#define TCR_AS         (UL(1) << 36)
#define TCR_EL1_BASE                                                                     \
	(TCR_T0SZ(48) | TCR_T1SZ(48) | TCR_IRGN0_WBWA | TCR_ORGN0_WBWA | TCR_SH0_INNER | \
	 TCR_TG0_4K | TCR_IRGN1_WBWA | TCR_ORGN1_WBWA | TCR_SH1_INNER | TCR_TG1_4K | TCR_AS)

#ifndef __ASSEMBLY__
#include <stdint.h>

#define sysreg_read(reg)                                      \
	({                                                    \
		uint64_t _v;                                  \
		__asm__ volatile("mrs %0, " #reg : "=r"(_v)); \
		_v;                                           \
	})
#define sysreg_write(reg, v) __asm__ volatile("msr " #reg ", %0" ::"r"((uint64_t)(v)) : "memory")
#define isb()                __asm__ volatile("isb" ::: "memory")
#define dsb(opt)             __asm__ volatile("dsb " #opt ::: "memory")
#endif

#endif
