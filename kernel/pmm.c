// SPDX-License-Identifier: MIT
/* Buddy allocator over physical page numbers; bookkeeping only, it never touches page contents. */
#include <kernel/pmm.h>

#include <fern/status.h>
#include <string.h>

/*
 * Page states (struct pmm_page.state) obey one invariant, which keeps alloc and free
 * O(order) instead of O(2^order):
 *   - RESERVED: never released; belongs to no block.
 *   - FREE_HEAD: first page of a free block of 2^order pages, linked on free_list[order].
 *   - USED: first page of an allocated block; order holds the block's order.
 *   - FREE_TAIL: any other page of a free *or* allocated block (tails are not rewritten on
 *     alloc, so "tail" says nothing about whether the block is in use).
 * Blocks are naturally aligned in physical page numbers and lie wholly inside one region.
 */

#define PMM_PAGE_SHIFT 12
#define PMM_ORDER_NONE 0xff /* order of a page that heads no block */

_Static_assert(PMM_PAGE_SIZE == 1UL << PMM_PAGE_SHIFT, "PMM_PAGE_SHIFT matches PMM_PAGE_SIZE");
_Static_assert(PMM_MAX_ORDER < PMM_ORDER_NONE, "orders fit in pmm_page.order");

static uint64_t pmm_end(uint64_t base, uint64_t size)
{
	return size > UINT64_MAX - base ? UINT64_MAX : base + size;
}

static struct pmm_region *pmm_region_of_pfn(struct pmm_state *pmm, uint64_t pfn)
{
	for (int i = 0; i < pmm->region_count; i++) {
		struct pmm_region *r = &pmm->region[i];
		uint64_t first = r->base >> PMM_PAGE_SHIFT;
		if (pfn >= first && pfn - first < r->pages)
			return r;
	}
	return NULL;
}

/* Compared as integers: the page arrays are separate objects. */
static struct pmm_region *pmm_region_of_page(struct pmm_state *pmm, struct pmm_page *p)
{
	for (int i = 0; i < pmm->region_count; i++) {
		struct pmm_region *r = &pmm->region[i];
		uintptr_t first = (uintptr_t)r->page;
		uintptr_t at = (uintptr_t)p;
		if (at >= first && (at - first) / sizeof(*p) < r->pages)
			return r;
	}
	return NULL;
}

static uint64_t pmm_region_pfn(const struct pmm_region *r)
{
	return r->base >> PMM_PAGE_SHIFT;
}

/* True if the naturally aligned block of 2^order pages at pfn lies wholly in r. */
static bool pmm_block_in_region(const struct pmm_region *r, uint64_t pfn, unsigned order)
{
	uint64_t first = pmm_region_pfn(r);
	return pfn >= first && pfn - first < r->pages && r->pages - (pfn - first) >= 1ULL << order;
}

static void pmm_list_push(struct pmm_state *pmm, struct pmm_page *p, unsigned order)
{
	p->state = PMM_PAGE_FREE_HEAD;
	p->order = (uint8_t)order;
	p->prev = 0;
	p->next = pmm->free_list[order];
	pmm_link self = pmm_page_link(pmm, p);
	if (p->next)
		pmm_link_page(pmm, p->next)->prev = self;
	pmm->free_list[order] = self;
}

static void pmm_list_remove(struct pmm_state *pmm, struct pmm_page *p)
{
	if (p->prev)
		pmm_link_page(pmm, p->prev)->next = p->next;
	else
		pmm->free_list[p->order] = p->next;
	if (p->next)
		pmm_link_page(pmm, p->next)->prev = p->prev;
	p->next = p->prev = 0;
}

/*
 * Puts the block of 2^order pages at pfn (in r, every page already FREE_TAIL or its head
 * about to become free) on the free lists, merging with free buddies of the same order.
 */
static void pmm_insert_free(struct pmm_state *pmm, struct pmm_region *r, uint64_t pfn,
			    unsigned order)
{
	uint64_t first = pmm_region_pfn(r);
	while (order < PMM_MAX_ORDER) {
		uint64_t buddy = pfn ^ (1ULL << order);
		if (!pmm_block_in_region(r, buddy, order))
			break;
		struct pmm_page *b = &r->page[buddy - first];
		if (b->state != PMM_PAGE_FREE_HEAD || b->order != order)
			break;
		pmm_list_remove(pmm, b);
		/* The higher head of the pair becomes an ordinary tail of the merged block. */
		struct pmm_page *upper = &r->page[(pfn | buddy) - first];
		upper->state = PMM_PAGE_FREE_TAIL;
		upper->order = PMM_ORDER_NONE;
		pfn &= buddy;
		order++;
	}
	pmm_list_push(pmm, &r->page[pfn - first], order);
}

size_t pmm_meta_size(uint64_t size)
{
	/* Aligning inward never yields more than size / PAGE_SIZE whole pages. */
	return (size_t)(size >> PMM_PAGE_SHIFT) * sizeof(struct pmm_page);
}

/*
 * Page 0 is never managed: pmm_alloc returns 0 for "no memory", so a block at physical 0
 * could not be told apart from a failure.
 */
int pmm_add_region(struct pmm_state *pmm, uint64_t base, uint64_t size, struct pmm_page *meta)
{
	uint64_t mask = PMM_PAGE_SIZE - 1;
	uint64_t end = pmm_end(base, size) & ~mask;
	if (!meta || base > UINT64_MAX - mask)
		return FERN_ERR_INVALID;
	base = (base + mask) & ~mask;
	if (base == 0)
		base = PMM_PAGE_SIZE;
	if (end <= base)
		return FERN_ERR_INVALID;
	for (int i = 0; i < pmm->region_count; i++) {
		const struct pmm_region *r = &pmm->region[i];
		uint64_t r_end = r->base + r->pages * PMM_PAGE_SIZE;
		if (base < r_end && r->base < end)
			return FERN_ERR_INVALID;
	}
	if (pmm->region_count >= PMM_MAX_REGIONS)
		return FERN_ERR_TOO_MANY;

	uint64_t pages = (end - base) >> PMM_PAGE_SHIFT;
	if (pages >= 1ULL << PMM_LINK_INDEX_BITS)
		return FERN_ERR_RANGE; /* more pages than a link can name */
	/* Reserved, of this region; the order of a reserved page is never read. Zero is exactly
	 * that for the first region, and a memset is cheap next to a loop over every page. */
	memset(meta, 0, pages * sizeof(*meta));
	for (uint64_t i = 0; pmm->region_count && i < pages; i++)
		meta[i].region = (uint8_t)pmm->region_count;
	pmm->region[pmm->region_count++] = (struct pmm_region){base, pages, meta};
	pmm->total_pages += pages;
	return FERN_OK;
}

/* Clips [base, end) (page-aligned) to r; false if they do not meet. */
static bool pmm_clip(const struct pmm_region *r, uint64_t base, uint64_t end, uint64_t *first,
		     uint64_t *count)
{
	uint64_t r_first = pmm_region_pfn(r);
	uint64_t lo = base >> PMM_PAGE_SHIFT, hi = end >> PMM_PAGE_SHIFT;
	if (lo < r_first)
		lo = r_first;
	if (hi > r_first + r->pages)
		hi = r_first + r->pages;
	if (lo >= hi)
		return false;
	*first = lo;
	*count = hi - lo;
	return true;
}

/* Largest order whose aligned block at pfn fits in count pages. */
static unsigned pmm_fit_order(uint64_t pfn, uint64_t count)
{
	unsigned order = 0;
	while (order < PMM_MAX_ORDER && !(pfn & (1ULL << order)) && (2ULL << order) <= count)
		order++;
	return order;
}

static void pmm_release_pages(struct pmm_state *pmm, struct pmm_region *r, uint64_t pfn,
			      uint64_t count)
{
	uint64_t first = pmm_region_pfn(r);
	for (uint64_t i = 0; i < count; i++)
		r->page[pfn - first + i].state = PMM_PAGE_FREE_TAIL;
	while (count) {
		unsigned order = pmm_fit_order(pfn, count);
		pmm_insert_free(pmm, r, pfn, order);
		pmm->free_pages += 1ULL << order;
		pfn += 1ULL << order;
		count -= 1ULL << order;
	}
}

int pmm_release_range(struct pmm_state *pmm, uint64_t base, uint64_t size)
{
	uint64_t mask = PMM_PAGE_SIZE - 1;
	uint64_t end = pmm_end(base, size) & ~mask;
	if (base > UINT64_MAX - mask)
		return FERN_OK; /* no whole page starts this high */
	base = (base + mask) & ~mask;
	if (end <= base)
		return FERN_OK;

	/* Check everything first so that a bad range changes nothing. */
	uint64_t pfn, count;
	for (int i = 0; i < pmm->region_count; i++) {
		struct pmm_region *r = &pmm->region[i];
		if (!pmm_clip(r, base, end, &pfn, &count))
			continue;
		for (uint64_t j = 0; j < count; j++) {
			if (r->page[pfn - pmm_region_pfn(r) + j].state != PMM_PAGE_RESERVED)
				return FERN_ERR_INVALID;
		}
	}
	for (int i = 0; i < pmm->region_count; i++) {
		if (pmm_clip(&pmm->region[i], base, end, &pfn, &count))
			pmm_release_pages(pmm, &pmm->region[i], pfn, count);
	}
	return FERN_OK;
}

uint64_t pmm_alloc(struct pmm_state *pmm, unsigned order)
{
	if (order > PMM_MAX_ORDER)
		return 0;
	unsigned k = order;
	while (k <= PMM_MAX_ORDER && !pmm->free_list[k])
		k++;
	if (k > PMM_MAX_ORDER)
		return 0;

	struct pmm_page *p = pmm_link_page(pmm, pmm->free_list[k]);
	struct pmm_region *r = &pmm->region[p->region];
	uint64_t first = pmm_region_pfn(r);
	uint64_t pfn = first + (uint64_t)(p - r->page);
	pmm_list_remove(pmm, p);
	/* Hand the upper halves back until the block is the size asked for. */
	while (k > order) {
		k--;
		pmm_list_push(pmm, &r->page[pfn + (1ULL << k) - first], k);
	}
	p->state = PMM_PAGE_USED;
	p->order = (uint8_t)order;
	pmm->free_pages -= 1ULL << order;
	return pfn << PMM_PAGE_SHIFT;
}

int pmm_free(struct pmm_state *pmm, uint64_t pa, unsigned order)
{
	if (order > PMM_MAX_ORDER || (pa & (PMM_PAGE_SIZE - 1)))
		return FERN_ERR_INVALID;
	uint64_t pfn = pa >> PMM_PAGE_SHIFT;
	if (pfn & ((1ULL << order) - 1))
		return FERN_ERR_INVALID;
	struct pmm_region *r = pmm_region_of_pfn(pmm, pfn);
	if (!r || !pmm_block_in_region(r, pfn, order))
		return FERN_ERR_INVALID;
	struct pmm_page *p = &r->page[pfn - pmm_region_pfn(r)];
	if (p->state != PMM_PAGE_USED || p->order != order)
		return FERN_ERR_INVALID;

	p->state = PMM_PAGE_FREE_TAIL;
	p->order = PMM_ORDER_NONE;
	pmm_insert_free(pmm, r, pfn, order);
	pmm->free_pages += 1ULL << order;
	return FERN_OK;
}

struct pmm_page *pmm_page_of(struct pmm_state *pmm, uint64_t pa)
{
	uint64_t pfn = pa >> PMM_PAGE_SHIFT;
	struct pmm_region *r = pmm_region_of_pfn(pmm, pfn);
	if (!r || (pa & (PMM_PAGE_SIZE - 1)))
		return NULL;
	struct pmm_page *p = &r->page[pfn - pmm_region_pfn(r)];
	return p->state == PMM_PAGE_USED ? p : NULL;
}

uint64_t pmm_page_address(struct pmm_state *pmm, struct pmm_page *p)
{
	struct pmm_region *r = pmm_region_of_page(pmm, p);
	return r ? (pmm_region_pfn(r) + (uint64_t)(p - r->page)) << PMM_PAGE_SHIFT : 0;
}

unsigned pmm_order_for(uint64_t n)
{
	unsigned order = 0;
	while (order < 64 && (1ULL << order) < n)
		order++;
	return order;
}
