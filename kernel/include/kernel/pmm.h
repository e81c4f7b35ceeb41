/* SPDX-License-Identifier: MIT */
/* Physical page allocator: a buddy allocator over the RAM banks minus every reservation.
 * Pure bookkeeping on physical addresses (it never touches page contents), so it is unit-
 * tested on the host. */
#ifndef KERNEL_PMM_H
#define KERNEL_PMM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PMM_PAGE_SIZE   4096UL
#define PMM_MAX_ORDER   10 /* largest block: 2^10 pages = 4 MiB */
#define PMM_MAX_REGIONS 16

/* A link to a page's entry (pmm_link_page): its region + 1 above PMM_LINK_INDEX_BITS, its index
 * in the region below; 0 links nowhere. 32 bits, so that an entry takes 16 bytes: the
 * bookkeeping is 1/256 of RAM. */
typedef uint32_t pmm_link;
#define PMM_LINK_INDEX_BITS 27 /* 2^27 pages (512 GiB) per region */

/* Per-page bookkeeping, kept in an array per region. */
struct pmm_page {
	/* Free-list links while free and a block head; while an allocated block head, the
	 * block's owner may use them (kalloc links its slab pages with them). */
	pmm_link next, prev;
	uint8_t order;  /* block order while a free or allocated block head */
	uint8_t state;  /* PMM_PAGE_* below */
	uint8_t region; /* the region whose array holds this entry */
	/* The owner's, while an allocated block head (kalloc: its slab bookkeeping). */
	uint8_t owner_class;
	uint16_t owner_used, owner_free;
};
_Static_assert(sizeof(struct pmm_page) == 16, "pmm_page stays 16 bytes");

enum { PMM_PAGE_RESERVED = 0, PMM_PAGE_FREE_HEAD, PMM_PAGE_FREE_TAIL, PMM_PAGE_USED };

struct pmm_region {
	uint64_t base; /* page-aligned physical base */
	uint64_t pages;
	struct pmm_page *page; /* pages entries, provided by the caller */
};

struct pmm_state {
	struct pmm_region region[PMM_MAX_REGIONS];
	int region_count;
	pmm_link free_list[PMM_MAX_ORDER + 1]; /* heads of doubly linked free lists */
	uint64_t total_pages;                  /* pages in all regions */
	uint64_t free_pages;                   /* pages currently free */
	/* Locking: the caller holds the kernel's pmm lock around every call except setup. */
};

/* A struct pmm_state starts zeroed (no regions, empty lists); no init call is needed. */

/* Bytes of struct pmm_page storage a region of size bytes needs. */
size_t pmm_meta_size(uint64_t size);

/* Adds a region covering [base, base + size) (page-aligned inward; page 0 is never managed,
 * since pmm_alloc's 0 means failure; an end past 2^64 is clamped); every page starts
 * reserved. meta must hold pmm_meta_size(size) bytes. Errors: FERN_ERR_TOO_MANY (regions),
 * FERN_ERR_INVALID (empty after alignment, overlaps an existing region). */
int pmm_add_region(struct pmm_state *pmm, uint64_t base, uint64_t size, struct pmm_page *meta);

/* Makes the whole pages inside [base, base + size) available; parts outside every region are
 * ignored. Every page released must still be reserved: releasing a free (or allocated) page
 * is FERN_ERR_INVALID and changes nothing. */
int pmm_release_range(struct pmm_state *pmm, uint64_t base, uint64_t size);

/* Allocates 2^order contiguous pages aligned to their size. Returns the physical address, or
 * 0 when no block is free (or order > PMM_MAX_ORDER). */
uint64_t pmm_alloc(struct pmm_state *pmm, unsigned order);

/* Frees a block from pmm_alloc with the same order. Freeing an address that is not an
 * allocated block head of that order returns FERN_ERR_INVALID and changes nothing. */
int pmm_free(struct pmm_state *pmm, uint64_t pa, unsigned order);

/* The bookkeeping of the allocated block that starts at pa, for its owner's fields (NULL if pa
 * heads no allocated block). Constant per region, so the caller needs no pmm lock to hold it
 * while it owns the block. */
struct pmm_page *pmm_page_of(struct pmm_state *pmm, uint64_t pa);
/* The physical address of the page that p describes (the inverse of pmm_page_of). */
uint64_t pmm_page_address(struct pmm_state *pmm, struct pmm_page *p);

/* The entry a link names (NULL for 0), and the link to an entry (0 for NULL). */
static inline struct pmm_page *pmm_link_page(struct pmm_state *pmm, pmm_link l)
{
	if (!l)
		return 0;
	return &pmm->region[(l >> PMM_LINK_INDEX_BITS) - 1]
		    .page[l & ((1u << PMM_LINK_INDEX_BITS) - 1)];
}

static inline pmm_link pmm_page_link(struct pmm_state *pmm, const struct pmm_page *p)
{
	if (!p)
		return 0;
	return (pmm_link)(p->region + 1) << PMM_LINK_INDEX_BITS |
	       (pmm_link)(p - pmm->region[p->region].page);
}

/* Smallest order whose block holds n pages (n >= 1; 0 gives 0). May exceed PMM_MAX_ORDER,
 * which pmm_alloc then refuses. */
unsigned pmm_order_for(uint64_t n);

/* A sorted, non-overlapping set of physical ranges. */
struct range_set {
	uint64_t base[64];
	uint64_t size[64];
	int count;
};

/* out = [base, base + size) minus every range in holes (any order, may overlap each other
 * and may extend outside; zero-size holes are ignored), sorted by base. An end past 2^64 is
 * clamped to UINT64_MAX. Errors: FERN_ERR_TOO_MANY if out cannot hold the pieces (then
 * out->count is 0). Implemented in kernel/range.c. */
int range_subtract(uint64_t base, uint64_t size, const uint64_t *hole_base,
		   const uint64_t *hole_size, int hole_count, struct range_set *out);

#endif
