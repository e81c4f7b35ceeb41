/* SPDX-License-Identifier: MIT */
/* Kernel virtual memory layout (48-bit VAs, 4 KiB granule); shared by C and assembly. */
#ifndef ARCH_MEMLAYOUT_H
#define ARCH_MEMLAYOUT_H

#include <arch/ul.h>

#define PAGE_SHIFT 12
#define PAGE_SIZE  (UL(1) << PAGE_SHIFT)
#define VA_BITS    48

/* Upper half (TTBR1), from the bottom up: */
#define LINEAR_BASE      UL(0xffff000000000000) /* all RAM at LINEAR_BASE + physical address */
#define LINEAR_SIZE      UL(0x0000400000000000) /* 64 TiB of physical address space */
#define MMIO_BASE        UL(0xffff400000000000) /* device windows, allocated upwards */
#define MMIO_SIZE        UL(0x0000010000000000)
#define FDT_VBASE        UL(0xffff7fff00000000) /* the boot DTB, until the linear map exists */
#define FDT_MAX_SIZE     UL(0x200000)           /* larger blobs are rejected by discovery */
#define EARLY_UART_VBASE UL(0xffff7fff80000000) /* early console page, mapped by head.S */
#define KIMAGE_VBASE     UL(0xffffffff80000000) /* the kernel image... */
#define TEXT_OFFSET      UL(0x200000)           /* ...is linked at KIMAGE_VBASE + TEXT_OFFSET */

#define BOOT_STACK_SIZE UL(0x4000)

#endif
