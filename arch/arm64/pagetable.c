// SPDX-License-Identifier: MIT
/* Builds AArch64 translation tables. Runs with the MMU off at boot, so it stays position-
 * independent: no statically initialised pointers, only PC-relative references. */
#include <arch/memlayout.h>
#include <arch/pagetable.h>
#include <arch/sysreg.h>
#include <fern/status.h>

#define DESC_VALID     (1UL << 0)
#define DESC_TABLE     (1UL << 1) /* levels 0-2: next-level table; level 3: page */
#define DESC_ATTR(idx) ((uint64_t)(idx) << 2)
#define DESC_AP_EL0    (1UL << 6)
#define DESC_AP_RO     (1UL << 7)
#define DESC_SH_INNER  (3UL << 8)
#define DESC_AF        (1UL << 10)
#define DESC_NG        (1UL << 11)
#define DESC_PXN       (1UL << 53)
#define DESC_UXN       (1UL << 54)
#define DESC_ADDR_MASK 0x0000fffffffff000UL

#define LEVEL_SHIFT(level)     (PAGE_SHIFT + 9 * (3 - (level)))
#define LEVEL_SIZE(level)      (1UL << LEVEL_SHIFT(level))
#define LEVEL_INDEX(va, level) (((va) >> LEVEL_SHIFT(level)) & 511)

static uint64_t leaf_attrs(unsigned prot)
{
	uint64_t d = DESC_AF | DESC_VALID;
	if (prot & PROT_DEVICE)
		d |= DESC_ATTR(MT_DEVICE_nGnRE);
	else
		d |= DESC_ATTR(MT_NORMAL) | DESC_SH_INNER;
	if (!(prot & PROT_WRITE))
		d |= DESC_AP_RO;
	if (prot & PROT_USER) {
		d |= DESC_AP_EL0 | DESC_NG | DESC_PXN; /* the kernel never executes user memory */
		if (!(prot & PROT_EXEC))
			d |= DESC_UXN;
	} else {
		d |= DESC_UXN;
		if (!(prot & PROT_EXEC))
			d |= DESC_PXN;
	}
	return d;
}

/* Returns the table one level below entry *e, creating it if absent; NULL on failure. */
static uint64_t *next_table(uint64_t *e, const struct pt_ops *ops, int *err)
{
	if (*e & DESC_VALID) {
		if (!(*e & DESC_TABLE)) {
			*err = FERN_ERR_BUSY; /* a block already covers this range */
			return 0;
		}
		return ops->table(*e & DESC_ADDR_MASK, ops->ctx);
	}
	uint64_t pa = ops->alloc(ops->ctx);
	if (!pa) {
		*err = FERN_ERR_NO_MEMORY;
		return 0;
	}
	*e = pa | DESC_TABLE | DESC_VALID;
	return ops->table(pa, ops->ctx);
}

/* Largest level whose block fits at va/pa within size (3 = single page). */
static int leaf_level(uint64_t va, uint64_t pa, uint64_t size, const struct pt_ops *ops)
{
	if (ops->allow_blocks) {
		for (int level = 1; level <= 2; level++) {
			uint64_t block = LEVEL_SIZE(level);
			if (((va | pa) & (block - 1)) == 0 && size >= block)
				return level;
		}
	}
	return 3;
}

int pt_map(uint64_t root_pa, uint64_t va, uint64_t pa, uint64_t size, unsigned prot,
	   const struct pt_ops *ops)
{
	if (((va | pa | size) & (PAGE_SIZE - 1)) || size == 0)
		return FERN_ERR_INVALID;
	if ((prot & PROT_WRITE) && (prot & PROT_EXEC))
		return FERN_ERR_INVALID;
	uint64_t attrs = leaf_attrs(prot);
	while (size) {
		int level = leaf_level(va, pa, size, ops);
		uint64_t *table = ops->table(root_pa, ops->ctx);
		int err = FERN_OK;
		for (int l = 0; l < level && table; l++)
			table = next_table(&table[LEVEL_INDEX(va, l)], ops, &err);
		if (!table)
			return err;
		uint64_t *e = &table[LEVEL_INDEX(va, level)];
		if (*e & DESC_VALID)
			return FERN_ERR_BUSY;
		*e = pa | attrs | (level == 3 ? DESC_TABLE : 0);
		uint64_t step = LEVEL_SIZE(level);
		va += step;
		pa += step;
		size -= step;
	}
	/* The walker must see the new entries before anything is retried through them. */
	__asm__ volatile("dsb ishst; isb" ::: "memory");
	return FERN_OK;
}

uint64_t pt_translate(uint64_t root_pa, uint64_t va, unsigned access)
{
	/* Tables are reached through the linear map: this runs with the MMU on only. */
	const uint64_t *table = (const uint64_t *)(root_pa + LINEAR_BASE);
	for (int level = 0; level < 3; level++) {
		uint64_t e = table[LEVEL_INDEX(va, level)];
		if ((e & (DESC_VALID | DESC_TABLE)) != (DESC_VALID | DESC_TABLE))
			return 0; /* absent, or a block: never in program tables */
		table = (const uint64_t *)((e & DESC_ADDR_MASK) + LINEAR_BASE);
	}
	uint64_t e = table[LEVEL_INDEX(va, 3)];
	uint64_t need = DESC_VALID | DESC_TABLE | DESC_AF | DESC_ATTR(MT_NORMAL);
	uint64_t refuse = (access & PROT_WRITE) ? DESC_AP_RO : 0;
	if (access & PROT_USER)
		need |= DESC_AP_EL0;
	else
		refuse |= DESC_AP_EL0;
	if ((e & (need | refuse | DESC_ATTR(7))) != need)
		return 0;
	return (e & DESC_ADDR_MASK) | (va & (PAGE_SIZE - 1));
}

/* Unmapping more pages than this flushes the address space's whole TLB once instead of each
 * page: a teardown of 64 Ki pages is then one flush, not 64 Ki (QEMU drops its soft TLB on
 * each). */
#define UNMAP_FLUSH_PAGES 64

struct unmap {
	const struct pt_ops *ops;
	uint16_t asid;
	bool kernel;      /* upper-half addresses: every ASID */
	bool flush_later; /* one whole flush at the end instead of one per page */
};

static void tlb_invalidate_page(const struct unmap *u, uint64_t va)
{
	uint64_t page = (va >> PAGE_SHIFT) & 0xfffffffffffUL;
	__asm__ volatile("dsb ishst" ::: "memory");
	if (u->kernel)
		__asm__ volatile("tlbi vaae1is, %0" ::"r"(page) : "memory");
	else
		__asm__ volatile("tlbi vae1is, %0" ::"r"(page | ((uint64_t)u->asid << 48))
				 : "memory");
}

static bool table_empty(const uint64_t *table)
{
	for (int i = 0; i < 512; i++)
		if (table[i] & DESC_VALID)
			return false;
	return true;
}

/* Clears the pages of [va, end) under table (at level), freeing tables that become empty
 * (when ops->free is set). A block in the range is FERN_ERR_INVALID (left in place). */
static int unmap_level(struct unmap *u, uint64_t *table, int level, uint64_t va, uint64_t end)
{
	while (va < end) {
		uint64_t next = (va & ~(LEVEL_SIZE(level) - 1)) + LEVEL_SIZE(level);
		if (next > end || next == 0)
			next = end;
		uint64_t *e = &table[LEVEL_INDEX(va, level)];
		if (*e & DESC_VALID) {
			if (level == 3) {
				*e = 0;
				if (!u->flush_later)
					tlb_invalidate_page(u, va);
			} else if (!(*e & DESC_TABLE)) {
				return FERN_ERR_INVALID;
			} else {
				uint64_t child_pa = *e & DESC_ADDR_MASK;
				uint64_t *child = u->ops->table(child_pa, u->ops->ctx);
				int err = unmap_level(u, child, level + 1, va, next);
				if (err)
					return err;
				if (u->ops->free && table_empty(child)) {
					/* Off the walker's path before the page is reused: clear
					 * the entry, then drop walk-cache copies of it (a TLBI by
					 * any address it translated). */
					*e = 0;
					tlb_invalidate_page(u, va);
					__asm__ volatile("dsb ish" ::: "memory");
					u->ops->free(child_pa, u->ops->ctx);
				}
			}
		}
		va = next;
	}
	return FERN_OK;
}

int pt_unmap(uint64_t root_pa, uint64_t va, uint64_t size, uint16_t asid, const struct pt_ops *ops)
{
	if ((va | size) & (PAGE_SIZE - 1) || va + size < va)
		return FERN_ERR_INVALID;
	struct unmap u = {.ops = ops,
			  .asid = asid,
			  .kernel = va >> 63,
			  .flush_later = size / PAGE_SIZE > UNMAP_FLUSH_PAGES};
	int err = unmap_level(&u, ops->table(root_pa, ops->ctx), 0, va, va + size);
	if (u.flush_later) {
		__asm__ volatile("dsb ishst" ::: "memory");
		if (u.kernel)
			__asm__ volatile("tlbi vmalle1is" ::: "memory");
		else
			__asm__ volatile("tlbi aside1is, %0" ::"r"((uint64_t)asid << 48)
					 : "memory");
	}
	__asm__ volatile("dsb ish; isb" ::: "memory");
	return err;
}

static void free_level(uint64_t table_pa, int level, const struct pt_ops *ops,
		       void (*free_table)(uint64_t pa))
{
	if (level < 3) {
		uint64_t *table = ops->table(table_pa, ops->ctx);
		for (int i = 0; i < 512; i++) {
			uint64_t e = table[i];
			if ((e & DESC_VALID) && (e & DESC_TABLE))
				free_level(e & DESC_ADDR_MASK, level + 1, ops, free_table);
		}
	}
	free_table(table_pa);
}

void pt_free_tables(uint64_t root_pa, const struct pt_ops *ops, void (*free_table)(uint64_t pa))
{
	free_level(root_pa, 0, ops, free_table);
}
