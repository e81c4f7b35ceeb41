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
	return FERN_OK;
}

/* Finds the level-3 entry for va, or NULL if a table on the way is missing or a block. */
static uint64_t *find_page(uint64_t root_pa, uint64_t va, const struct pt_ops *ops, int *block)
{
	uint64_t *table = ops->table(root_pa, ops->ctx);
	*block = 0;
	for (int level = 0; level < 3; level++) {
		uint64_t e = table[LEVEL_INDEX(va, level)];
		if (!(e & DESC_VALID))
			return 0;
		if (!(e & DESC_TABLE)) {
			*block = 1;
			return 0;
		}
		table = ops->table(e & DESC_ADDR_MASK, ops->ctx);
	}
	return &table[LEVEL_INDEX(va, 3)];
}

int pt_unmap(uint64_t root_pa, uint64_t va, uint64_t size, uint16_t asid, const struct pt_ops *ops)
{
	if ((va | size) & (PAGE_SIZE - 1))
		return FERN_ERR_INVALID;
	for (uint64_t off = 0; off < size; off += PAGE_SIZE) {
		int block;
		uint64_t *e = find_page(root_pa, va + off, ops, &block);
		if (block)
			return FERN_ERR_INVALID;
		if (!e || !(*e & DESC_VALID))
			continue;
		*e = 0;
		__asm__ volatile("dsb ishst" ::: "memory");
		uint64_t page = (va + off) >> PAGE_SHIFT;
		if ((va + off) >> 63)
			__asm__ volatile("tlbi vaae1is, %0" ::"r"(page & 0xfffffffffffUL)
					 : "memory");
		else
			__asm__ volatile("tlbi vae1is, %0" ::"r"((page & 0xfffffffffffUL) |
								 ((uint64_t)asid << 48))
					 : "memory");
	}
	__asm__ volatile("dsb ish; isb" ::: "memory");
	return FERN_OK;
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
