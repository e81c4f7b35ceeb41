// SPDX-License-Identifier: MIT
/* Boot translation tables, built with the MMU off: the kernel image at its upper-half link
 * address (already W^X), an identity map of its text for the MMU-enable step, the DTB and the
 * early UART. Position-independent like pagetable.c: every address below is PC-relative. */
#include <arch/boot.h>
#include <arch/pagetable.h>
#include <kernel/state.h>

uint64_t *boot_table_take(void)
{
	struct boot_tables *bt = &kstate.arch.boot_tables;
	if (bt->used >= BOOT_TABLE_PAGES)
		return 0;
	uint64_t *page = bt->page[bt->used++];
	for (int i = 0; i < 512; i++)
		page[i] = 0;
	return page;
}

/* With the MMU off, pointers are physical addresses. */
static uint64_t phys_alloc(void *ctx)
{
	return (uint64_t)boot_table_take();
}

static uint64_t *phys_table(uint64_t pa, void *ctx)
{
	return (uint64_t *)pa;
}

static uint32_t be32(const volatile uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Maps the DTB read-only at FDT_VBASE: at most FDT_MAX_SIZE, one page if the header is bad
 * (discovery then reports what is wrong). */
static void map_fdt(uint64_t ttbr1, uint64_t dtb_pa, const struct pt_ops *ops)
{
	if (dtb_pa == 0 || (dtb_pa & 7))
		return;
	uint64_t size = PAGE_SIZE;
	const volatile uint8_t *hdr = (const volatile uint8_t *)dtb_pa;
	if (be32(hdr) == 0xd00dfeed) {
		size = be32(hdr + 4);
		if (size > FDT_MAX_SIZE)
			size = FDT_MAX_SIZE;
	}
	uint64_t start = dtb_pa & ~(PAGE_SIZE - 1);
	uint64_t end = (dtb_pa + size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	if (pt_map(ttbr1, FDT_VBASE, start, end - start, PROT_READ, ops) == 0)
		kstate.arch.fdt_window = end - dtb_pa;
}

static void map_image(uint64_t ttbr1, uint64_t load_pa, const void *start, const void *end,
		      unsigned prot, const struct pt_ops *ops)
{
	/* Here the symbols evaluate to physical addresses (adrp is PC-relative). */
	uint64_t pa = (uint64_t)start;
	uint64_t size = (uint64_t)end - pa;
	uint64_t va = KIMAGE_VBASE + TEXT_OFFSET + (pa - load_pa);
	if (size)
		pt_map(ttbr1, va, pa, size, prot, ops);
}

void boot_map(uint64_t load_pa, uint64_t dtb_pa, uint64_t roots[2])
{
	struct pt_ops ops = {.alloc = phys_alloc, .table = phys_table, .allow_blocks = false};
	uint64_t ttbr0 = phys_alloc(0);
	uint64_t ttbr1 = phys_alloc(0);

	pt_map(ttbr0, (uint64_t)_text_start, (uint64_t)_text_start,
	       (uint64_t)_text_end - (uint64_t)_text_start, PROT_READ | PROT_EXEC, &ops);
	map_image(ttbr1, load_pa, _head, _text_end, PROT_READ | PROT_EXEC, &ops);
	map_image(ttbr1, load_pa, _rodata_start, _rodata_end, PROT_READ, &ops);
	map_image(ttbr1, load_pa, _data_start, _image_end, PROT_READ | PROT_WRITE, &ops);
	map_fdt(ttbr1, dtb_pa, &ops);
	pt_map(ttbr1, EARLY_UART_VBASE, EARLY_UART_PA, PAGE_SIZE,
	       PROT_READ | PROT_WRITE | PROT_DEVICE, &ops);
	kstate.arch.load_pa = load_pa;
	kstate.arch.dtb_pa = dtb_pa;
	roots[0] = ttbr0;
	roots[1] = ttbr1;
}

uint64_t boot_fdt_window(void)
{
	return kstate.arch.fdt_window;
}
