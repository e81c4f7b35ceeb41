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
#define KSTACK_BASE      UL(0xffff600000000000) /* thread kernel stacks, one slot each */
#define FDT_VBASE        UL(0xffff7fff00000000) /* the boot DTB, until the linear map exists */
#define FDT_MAX_SIZE     UL(0x200000)           /* larger blobs are rejected by discovery */
#define EARLY_UART_VBASE UL(0xffff7fff80000000) /* early console page, mapped by head.S */
#define KIMAGE_VBASE     UL(0xffffffff80000000) /* the kernel image... */
#define TEXT_OFFSET      UL(0x200000)           /* ...is linked at KIMAGE_VBASE + TEXT_OFFSET */

/* A kernel stack slot is 32 KiB, aligned to its size: the lower half is an unmapped guard, the
 * upper half the 16 KiB stack. So bit 14 of an address on a stack is 1, and 0 in its guard:
 * the exception vector tells a stack overflow from any other kernel fault with one bit test.
 * The boot stack is laid out the same way (its lower half is unused bss). */
#define KSTACK_SLOT_SHIFT    15
#define KSTACK_GUARD_BIT     14
#define KSTACK_SLOTS         16384 /* 512 MiB of address space */
#define OVERFLOW_STACK_SHIFT 14    /* per CPU, to report a kernel stack overflow: 16 KiB */
#define OVERFLOW_STACKS      8     /* at least MAX_CPUS (kernel/cpu.h checks) */

#define BOOT_STACK_SIZE UL(0x4000)

#endif
