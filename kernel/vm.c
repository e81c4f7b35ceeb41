// SPDX-License-Identifier: MIT
/* The kernel address space: replaces the boot tables with the final ones (image W^X, linear
 * map of RAM) and hands out device windows. */
#include <arch/boot.h>
#include <arch/mmu.h>
#include <arch/pagetable.h>
#include <board.h>
#include <fern/status.h>
#include <kernel/log.h>
#include <kernel/panic.h>
#include <kernel/pmm.h>
#include <kernel/state.h>
#include <kernel/vm.h>
#include <string.h>

#define BLOCK_2M 0x200000UL

/* Table pages: from the boot pool (in the image) until the pmm is up, then from the pmm. */
static uint64_t table_alloc(void *ctx)
{
	if (!kstate.vm.pmm_ready) {
		uint64_t *page = boot_table_take();
		return page ? kimage_pa(page, kstate.arch.load_pa) : 0;
	}
	spin_lock(&kstate.pmm_lock);
	uint64_t pa = pmm_alloc(&kstate.pmm, 0);
	spin_unlock(&kstate.pmm_lock);
	if (pa)
		memset(phys_to_virt(pa), 0, PAGE_SIZE);
	return pa;
}

/* Boot-pool pages are reached through the image mapping; all others through the linear map,
 * which exists by the time the pmm hands out pages. */
static uint64_t *table_ptr(uint64_t pa, void *ctx)
{
	uint64_t pool = kimage_pa(&kstate.arch.boot_tables, kstate.arch.load_pa);
	if (pa >= pool && pa < pool + sizeof(kstate.arch.boot_tables))
		return (uint64_t *)((uint8_t *)&kstate.arch.boot_tables + (pa - pool));
	return phys_to_virt(pa);
}

static const struct pt_ops kernel_pt_ops = {
    .alloc = table_alloc, .table = table_ptr, .allow_blocks = true};

/* Program tables are always from the pmm (programs start after it is up). */
static void table_free(uint64_t pa, void *ctx)
{
	spin_lock(&kstate.pmm_lock);
	pmm_free(&kstate.pmm, pa, 0);
	spin_unlock(&kstate.pmm_lock);
}

/* Program mappings use pages only, so that any part can be unmapped page by page; tables that
 * an unmap empties are freed (a map/unmap loop once drove free memory to 0). */
static const struct pt_ops program_pt_ops = {
    .alloc = table_alloc, .table = table_ptr, .free = table_free, .allow_blocks = false};

static int map_image_part(const void *start, const void *end, unsigned prot)
{
	uint64_t size = (uint64_t)end - (uint64_t)start;
	if (!size)
		return FERN_OK;
	return pt_map(kstate.vm.root_pa, (uint64_t)start, kimage_pa(start, kstate.arch.load_pa),
		      size, prot, &kernel_pt_ops);
}

/* Linear map of one bank, leaving out no-map reservations (firmware memory that must not
 * even be speculatively accessed). */
static int map_bank(const struct board *board, const struct phys_range *bank)
{
	uint64_t hole_base[BOARD_MAX_RESERVED], hole_size[BOARD_MAX_RESERVED];
	int holes = 0;
	for (int i = 0; i < board->reserved_count; i++) {
		if (board->reserved[i].kind != RESERVE_NODE_NOMAP)
			continue;
		hole_base[holes] = board->reserved[i].range.base;
		hole_size[holes++] = board->reserved[i].range.size;
	}
	struct range_set pieces;
	int err = range_subtract(bank->base, bank->size, hole_base, hole_size, holes, &pieces);
	for (int i = 0; err == FERN_OK && i < pieces.count; i++) {
		uint64_t start = (pieces.base[i] + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
		uint64_t end = (pieces.base[i] + pieces.size[i]) & ~(PAGE_SIZE - 1);
		if (end <= start)
			continue;
		if (end > LINEAR_SIZE)
			return FERN_ERR_RANGE;
		err = pt_map(kstate.vm.root_pa, LINEAR_BASE + start, start, end - start,
			     PROT_READ | PROT_WRITE, &kernel_pt_ops);
	}
	return err;
}

int vm_init_kernel(const struct board *board)
{
	struct vm_state *vm = &kstate.vm;
	vm->mmio_next = MMIO_BASE;
	vm->root_pa = table_alloc(0);
	if (!vm->root_pa)
		return FERN_ERR_NO_MEMORY;
	int err = map_image_part(_head, _text_end, PROT_READ | PROT_EXEC);
	if (!err)
		err = map_image_part(_rodata_start, _rodata_end, PROT_READ);
	if (!err)
		err = map_image_part(_data_start, _image_end, PROT_READ | PROT_WRITE);
	for (int i = 0; !err && i < board->bank_count; i++)
		err = map_bank(board, &board->banks[i]);
	if (err)
		return err;
	/* Keep the early console and the DTB window where they are: the DTB need not lie in
	 * a bank, and console_init maps the real console later. */
	err = pt_map(vm->root_pa, EARLY_UART_VBASE, EARLY_UART_PA, PAGE_SIZE,
		     PROT_READ | PROT_WRITE | PROT_DEVICE, &kernel_pt_ops);
	uint64_t dtb_page = kstate.arch.dtb_pa & ~(PAGE_SIZE - 1);
	uint64_t window = kstate.arch.fdt_window + (kstate.arch.dtb_pa - dtb_page);
	if (!err && kstate.arch.fdt_window)
		err =
		    pt_map(vm->root_pa, FDT_VBASE, dtb_page,
			   (window + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1), PROT_READ, &kernel_pt_ops);
	if (err)
		return err;
	vm->empty_root_pa = table_alloc(0);
	if (!vm->empty_root_pa)
		return FERN_ERR_NO_MEMORY;
	arch_mmu_switch_kernel(vm->root_pa, vm->empty_root_pa);
	return FERN_OK;
}

const struct pt_ops *vm_pt_ops(void)
{
	return &program_pt_ops;
}

int vm_map_kernel(uint64_t va, uint64_t pa, uint64_t size)
{
	spin_lock(&kstate.vm.lock);
	int err = pt_map(kstate.vm.root_pa, va, pa, size, PROT_READ | PROT_WRITE, &kernel_pt_ops);
	spin_unlock(&kstate.vm.lock);
	return err;
}

void vm_unmap_kernel(uint64_t va, uint64_t size)
{
	spin_lock(&kstate.vm.lock);
	int err = pt_unmap(kstate.vm.root_pa, va, size, 0, &kernel_pt_ops);
	spin_unlock(&kstate.vm.lock);
	ASSERT(err == FERN_OK);
}

void *vm_map_mmio(uint64_t pa, uint64_t size)
{
	struct vm_state *vm = &kstate.vm;
	uint64_t offset = pa & (PAGE_SIZE - 1);
	uint64_t start = pa - offset;
	uint64_t len = (size + offset + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	spin_lock(&vm->lock);
	/* Same offset within 2 MiB as the physical address, so large windows get blocks. */
	uint64_t va = (vm->mmio_next & ~(BLOCK_2M - 1)) | (start & (BLOCK_2M - 1));
	if (va < vm->mmio_next)
		va += BLOCK_2M;
	void *result = 0;
	if (len && va + len <= MMIO_BASE + MMIO_SIZE &&
	    pt_map(vm->root_pa, va, start, len, PROT_READ | PROT_WRITE | PROT_DEVICE,
		   &kernel_pt_ops) == FERN_OK) {
		vm->mmio_next = va + len;
		result = (void *)(va + offset);
	}
	spin_unlock(&vm->lock);
	return result;
}
