/* SPDX-License-Identifier: MIT */
/* What the boot path (head.S + boot_map.c) leaves for the rest of the kernel. */
#ifndef ARCH_BOOT_H
#define ARCH_BOOT_H

#include <arch/memlayout.h>
#include <stdint.h>

#define BOOT_TABLE_PAGES 40

/* The build-time early console (CMake FERN_EARLY_UART_PA; QEMU virt's PL011 by default). */
#ifndef EARLY_UART_PA
#define EARLY_UART_PA 0x09000000UL
#endif

/* Translation table pages available before the page allocator exists. */
struct boot_tables {
	uint64_t page[BOOT_TABLE_PAGES][512] __attribute__((aligned(PAGE_SIZE)));
	unsigned used; /* pages handed out so far */
};

/* Linker-script symbols delimiting the image sections (upper-half link addresses). */
extern char _head[], _text_start[], _text_end[], _rodata_start[], _rodata_end[];
extern char _data_start[], _bss_start[], _bss_end[], _image_end[];

/* Physical address of a kernel-image symbol, given where the image was loaded. */
static inline uint64_t kimage_pa(const void *va, uint64_t load_pa)
{
	return (uint64_t)va - (KIMAGE_VBASE + TEXT_OFFSET) + load_pa;
}

/* Takes a zeroed page from the boot pool, addressed as the CPU currently sees it (physical
 * with the MMU off, upper-half after). Returns NULL when the pool is exhausted. */
uint64_t *boot_table_take(void);

/* Called by head.S with the MMU off: maps the image (W^X), the DTB and the early UART.
 * Stores TTBR0 and TTBR1 values in roots[0] and roots[1]. */
void boot_map(uint64_t load_pa, uint64_t dtb_pa, uint64_t roots[2]);

/* Bytes of the DTB mapped at FDT_VBASE by boot_map (0 if x0 held no usable address). */
uint64_t boot_fdt_window(void);

#endif
