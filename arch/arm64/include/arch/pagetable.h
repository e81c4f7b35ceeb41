/* SPDX-License-Identifier: MIT */
/* AArch64 stage-1 translation tables (4 KiB granule, 4 levels): building and editing them. */
#ifndef ARCH_PAGETABLE_H
#define ARCH_PAGETABLE_H

#include <stdbool.h>
#include <stdint.h>

/* Architecture-neutral protection requested by callers. */
enum {
	PROT_READ = 1 << 0,
	PROT_WRITE = 1 << 1,
	PROT_EXEC = 1 << 2,
	PROT_DEVICE = 1 << 3, /* Device-nGnRE instead of normal write-back memory */
	PROT_USER = 1 << 4,   /* accessible from EL0 */
};

/* Where table pages come from and how the caller can reach them. */
struct pt_ops {
	/* Returns the physical address of a zeroed, page-aligned table page, or 0. */
	uint64_t (*alloc)(void *ctx);
	/* Returns a pointer through which the table page at physical address pa is accessible. */
	uint64_t *(*table)(uint64_t pa, void *ctx);
	/* Takes back a table page that pt_unmap emptied; NULL keeps empty tables. */
	void (*free)(uint64_t pa, void *ctx);
	void *ctx;
	bool allow_blocks; /* use 1 GiB / 2 MiB blocks where alignment permits */
};

/*
 * Maps [va, va + size) to [pa, pa + size) with prot in the table tree rooted at root_pa.
 * All three must be page-aligned; writable+executable is refused. Existing valid entries in the
 * range are an error (no silent remapping). Safe to call with the MMU off (position-independent:
 * no absolute addresses), which is how head.S builds the boot tables.
 * Errors: FERN_ERR_INVALID (alignment, W+X), FERN_ERR_BUSY (already mapped),
 * FERN_ERR_NO_MEMORY (ops->alloc failed).
 */
int pt_map(uint64_t root_pa, uint64_t va, uint64_t pa, uint64_t size, unsigned prot,
	   const struct pt_ops *ops);

/* The physical address va translates to in the tree at root_pa when its page mapping is of
 * normal memory (RAM, never a device) and allows access: PROT_WRITE for writing, PROT_USER for
 * an EL0 page (else a kernel-only one, as EL1-domain windows are). 0 otherwise (also for a
 * missing page). Page mappings only: program tables, reached through the linear map (the
 * kernel's IPC copies between address spaces). */
uint64_t pt_translate(uint64_t root_pa, uint64_t va, unsigned access);

/* Clears the page mappings in [va, va + size) (blocks are not split: FERN_ERR_INVALID) and
 * invalidates their TLB entries (asid for user tables, all ASIDs for kernel addresses; past
 * a few dozen pages, the whole ASID / TLB once). Missing mappings are skipped. Table pages
 * left empty go back through ops->free (never the root), when it is set. */
int pt_unmap(uint64_t root_pa, uint64_t va, uint64_t size, uint16_t asid, const struct pt_ops *ops);

/* Calls free_table(pa) for every table page under root_pa (lower half only), then for the
 * root itself. Leaf pages are the caller's (they belong to memory objects). */
void pt_free_tables(uint64_t root_pa, const struct pt_ops *ops, void (*free_table)(uint64_t pa));

/* The TTBR0 value for tables at root_pa tagged with asid. */
static inline uint64_t arch_ttbr0_value(uint64_t root_pa, uint16_t asid)
{
	return root_pa | ((uint64_t)asid << 48);
}

/* Installs a lower-half (TTBR0) table. ASID-tagged TLB entries survive the switch: no flush
 * needed. Inline: it is on the IPC path. */
static inline void arch_set_ttbr0(uint64_t value)
{
	__asm__ volatile("msr ttbr0_el1, %0; isb" ::"r"(value) : "memory");
}
/* Drops every TLB entry tagged with asid (before the ASID is reused). */
void arch_tlb_flush_asid(uint16_t asid);

#endif
