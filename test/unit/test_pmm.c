// SPDX-License-Identifier: MIT
/* Unit test for the buddy allocator, checked against a page-by-page model of the boot layout. */
#include <kernel/pmm.h>

#include <fern/status.h>

#include "check.h"

#define PAGE PMM_PAGE_SIZE
#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

enum { M_RESERVED, M_FREE, M_USED }; /* the model's view of a page */

struct bank {
	uint64_t base, size;
};

/* The allocator plus an independent per-page model of what it must hold. */
struct world {
	struct pmm_state pmm;
	struct pmm_page *meta[PMM_MAX_REGIONS];
	uint8_t *model[PMM_MAX_REGIONS];
	uint64_t model_free;
};

/* A machine with unaligned banks, two of them adjacent, and reservations that overlap each
 * other, straddle bank edges, lie outside every bank or run off the top of memory. */
static const struct bank banks[] = {
    {0x40001234, 0x4000000 + 0x777}, /* unaligned both ends */
    {0x80003000, 0x905000},          /* pfn aligned only to 2^0 */
    {0xfff99000, 0x87000},           /* crosses 4 GiB; ends where the next begins */
    {0x100020000, 0x400800},         /* adjacent: buddies must not merge across */
};
static const struct bank holes[] = {
    {0x40200000, 0x123456}, /* kernel image, unaligned end */
    {0x43f00800, 0x100},    /* inside one page: the whole page goes */
    {0x43f00000, 0x2000},   /* overlaps the previous one */
    {0x43f01fff, 0x1},      /* chained onto the previous one */
    {0x808ff000, 0x20000},  /* runs past the end of bank 1 */
    {0x40000000, 0x3000},   /* runs over the start of bank 0 */
    {0xfffff000, 0x2000},   /* straddles 4 GiB */
    {0x100200000, 0},       /* zero-size: ignored */
    {0x100300000, 0x5000},
    {0x20000000, 0x1000},             /* outside every bank */
    {0xfffffffffffff000, UINT64_MAX}, /* end overflows: clamped */
};

static uint64_t end_of(uint64_t base, uint64_t size)
{
	return size > UINT64_MAX - base ? UINT64_MAX : base + size;
}

static uint64_t xorshift(uint64_t *state)
{
	uint64_t x = *state;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *state = x;
}

/* Finds the region and page index holding pa, using the model's own region copy. */
static bool world_find(const struct world *w, uint64_t pa, int *ri, uint64_t *idx)
{
	for (int i = 0; i < w->pmm.region_count; i++) {
		const struct pmm_region *r = &w->pmm.region[i];
		if (pa >= r->base && (pa - r->base) / PAGE < r->pages) {
			*ri = i;
			*idx = (pa - r->base) / PAGE;
			return true;
		}
	}
	return false;
}

/* Region and index of a free-list node, found by pointer. */
static void world_find_page(const struct world *w, const struct pmm_page *p, int *ri, uint64_t *idx)
{
	for (int i = 0; i < w->pmm.region_count; i++) {
		uintptr_t first = (uintptr_t)w->meta[i], at = (uintptr_t)p;
		if (at >= first && (at - first) / sizeof(*p) < w->pmm.region[i].pages) {
			CHECK_EQ((at - first) % sizeof(*p), 0);
			*ri = i;
			*idx = (at - first) / sizeof(*p);
			return;
		}
	}
	CHECK(!"free-list node outside every region's page array");
}

static bool page_in_hole(uint64_t pa)
{
	for (int i = 0; i < N(holes); i++) {
		if (holes[i].size && pa < end_of(holes[i].base, holes[i].size) &&
		    holes[i].base < pa + PAGE)
			return true;
	}
	return false;
}

static void world_add(struct world *w, uint64_t base, uint64_t size)
{
	int i = w->pmm.region_count;
	w->meta[i] = malloc(pmm_meta_size(size) + 1); /* +1: never malloc(0) */
	CHECK(w->meta[i]);
	CHECK_EQ(pmm_add_region(&w->pmm, base, size, w->meta[i]), FERN_OK);
	CHECK_EQ(w->pmm.region_count, i + 1);
	w->model[i] = calloc(w->pmm.region[i].pages + 1, 1);
	CHECK(w->model[i]);
}

/* Boots the allocator exactly as the kernel does: each bank minus every reservation. */
static void world_boot(struct world *w)
{
	uint64_t hb[N(holes)], hs[N(holes)];
	memset(w, 0, sizeof(*w));
	for (int i = 0; i < N(holes); i++) {
		hb[i] = holes[i].base;
		hs[i] = holes[i].size;
	}
	for (int b = 0; b < N(banks); b++) {
		world_add(w, banks[b].base, banks[b].size);
		struct range_set free;
		CHECK_EQ(range_subtract(banks[b].base, banks[b].size, hb, hs, N(holes), &free),
			 FERN_OK);
		for (int i = 0; i < free.count; i++)
			CHECK_EQ(pmm_release_range(&w->pmm, free.base[i], free.size[i]), FERN_OK);
	}
	for (int i = 0; i < w->pmm.region_count; i++) {
		const struct pmm_region *r = &w->pmm.region[i];
		for (uint64_t j = 0; j < r->pages; j++) {
			if (!page_in_hole(r->base + j * PAGE)) {
				w->model[i][j] = M_FREE;
				w->model_free++;
			}
		}
	}
}

static void world_destroy(struct world *w)
{
	for (int i = 0; i < w->pmm.region_count; i++) {
		free(w->meta[i]);
		free(w->model[i]);
	}
}

/* Full check: the free lists are well formed, cover exactly the model's free pages, sum to
 * free_pages, and no two free buddies were left unmerged. */
static void world_check(struct world *w)
{
	uint64_t sum = 0;
	uint8_t *seen[PMM_MAX_REGIONS];
	for (int i = 0; i < w->pmm.region_count; i++) {
		seen[i] = calloc(w->pmm.region[i].pages + 1, 1);
		CHECK(seen[i]);
	}
	for (unsigned order = 0; order <= PMM_MAX_ORDER; order++) {
		const struct pmm_page *prev = NULL;
		for (const struct pmm_page *p = pmm_link_page(&w->pmm, w->pmm.free_list[order]); p;
		     prev = p, p = pmm_link_page(&w->pmm, p->next)) {
			int ri;
			uint64_t idx;
			world_find_page(w, p, &ri, &idx);
			const struct pmm_region *r = &w->pmm.region[ri];
			uint64_t pfn = r->base / PAGE + idx;
			CHECK(pmm_link_page(&w->pmm, p->prev) == prev);
			CHECK_EQ(p->region, ri); /* the entry knows its region */
			CHECK_EQ(p->state, PMM_PAGE_FREE_HEAD);
			CHECK_EQ(p->order, order);
			CHECK_EQ(pfn % (1ULL << order), 0);
			CHECK(idx + (1ULL << order) <= r->pages);
			for (uint64_t j = idx; j < idx + (1ULL << order); j++) {
				CHECK_EQ(w->model[ri][j], M_FREE);
				CHECK_EQ(seen[ri][j], 0);
				seen[ri][j] = 1;
				if (j != idx)
					CHECK_EQ(w->meta[ri][j].state, PMM_PAGE_FREE_TAIL);
			}
			/* A free buddy of the same order inside the region should have merged. */
			uint64_t buddy = pfn ^ (1ULL << order);
			uint64_t first = r->base / PAGE;
			if (order < PMM_MAX_ORDER && buddy >= first &&
			    buddy - first + (1ULL << order) <= r->pages) {
				const struct pmm_page *b = &w->meta[ri][buddy - first];
				CHECK(!(b->state == PMM_PAGE_FREE_HEAD && b->order == order));
			}
			sum += 1ULL << order;
		}
	}
	/* Page states: reserved stays reserved; pages in use are a USED head or a tail. */
	for (int i = 0; i < w->pmm.region_count; i++) {
		for (uint64_t j = 0; j < w->pmm.region[i].pages; j++) {
			uint8_t state = w->meta[i][j].state;
			CHECK_EQ(seen[i][j], w->model[i][j] == M_FREE);
			if (w->model[i][j] == M_RESERVED)
				CHECK_EQ(state, PMM_PAGE_RESERVED);
			if (w->model[i][j] == M_USED)
				CHECK(state == PMM_PAGE_USED || state == PMM_PAGE_FREE_TAIL);
		}
		free(seen[i]);
	}
	CHECK_EQ(sum, w->pmm.free_pages);
	CHECK_EQ(w->model_free, w->pmm.free_pages);
}

/* Naturally aligned blocks of 2^order pages wholly free in the model, within one region. */
static uint64_t model_free_blocks(const struct world *w, unsigned order)
{
	uint64_t n = 0, len = 1ULL << order;
	for (int i = 0; i < w->pmm.region_count; i++) {
		const struct pmm_region *r = &w->pmm.region[i];
		uint64_t first = r->base / PAGE;
		uint64_t start = (first + len - 1) & ~(len - 1);
		for (uint64_t pfn = start; pfn + len <= first + r->pages; pfn += len) {
			uint64_t j = 0;
			while (j < len && w->model[i][pfn - first + j] == M_FREE)
				j++;
			n += j == len;
		}
	}
	return n;
}

static uint64_t list_length(struct pmm_state *pmm, unsigned order)
{
	uint64_t n = 0;
	for (const struct pmm_page *p = pmm_link_page(pmm, pmm->free_list[order]); p;
	     p = pmm_link_page(pmm, p->next))
		n++;
	return n;
}

/* Marks a freshly allocated block used in the model, checking it was wholly free. */
static void model_take(struct world *w, uint64_t pa, unsigned order)
{
	int ri;
	uint64_t idx;
	CHECK(pa != 0);
	CHECK_EQ(pa % (PAGE << order), 0);
	CHECK(world_find(w, pa, &ri, &idx));
	CHECK(idx + (1ULL << order) <= w->pmm.region[ri].pages);
	for (uint64_t j = idx; j < idx + (1ULL << order); j++) {
		CHECK_EQ(w->model[ri][j], M_FREE);
		CHECK(!page_in_hole(w->pmm.region[ri].base + j * PAGE));
		w->model[ri][j] = M_USED;
	}
	w->model_free -= 1ULL << order;
	CHECK_EQ(w->model_free, w->pmm.free_pages);
}

static void model_give(struct world *w, uint64_t pa, unsigned order)
{
	int ri;
	uint64_t idx;
	CHECK(world_find(w, pa, &ri, &idx));
	for (uint64_t j = idx; j < idx + (1ULL << order); j++) {
		CHECK_EQ(w->model[ri][j], M_USED);
		w->model[ri][j] = M_FREE;
	}
	w->model_free += 1ULL << order;
}

static void test_order_for(void)
{
	CHECK_EQ(pmm_order_for(0), 0);
	CHECK_EQ(pmm_order_for(1), 0);
	CHECK_EQ(pmm_order_for(2), 1);
	CHECK_EQ(pmm_order_for(3), 2);
	CHECK_EQ(pmm_order_for(4), 2);
	CHECK_EQ(pmm_order_for(5), 3);
	CHECK_EQ(pmm_order_for(1023), 10);
	CHECK_EQ(pmm_order_for(1024), 10);
	CHECK_EQ(pmm_order_for(1025), 11);
	CHECK_EQ(pmm_order_for(1ULL << 63), 63);
	CHECK_EQ(pmm_order_for((1ULL << 63) + 1), 64);
	CHECK_EQ(pmm_order_for(UINT64_MAX), 64);
	for (unsigned k = 0; k < 63; k++) {
		CHECK_EQ(pmm_order_for(1ULL << k), k);
		CHECK_EQ(pmm_order_for((1ULL << k) + 1), k + 1);
	}
}

static void test_regions(void)
{
	static struct pmm_page meta[PMM_MAX_REGIONS + 1][8];
	struct pmm_state pmm = {0};

	CHECK_EQ(pmm_meta_size(0), 0);
	CHECK_EQ(pmm_meta_size(PAGE - 1), 0);
	CHECK_EQ(pmm_meta_size(3 * PAGE + 5), 3 * sizeof(struct pmm_page));
	/* Aligned inward: [0x10800, 0x14800) keeps pages 0x11000..0x13fff. */
	CHECK_EQ(pmm_add_region(&pmm, 0x10800, 0x4000, meta[0]), FERN_OK);
	CHECK_EQ(pmm.region[0].base, 0x11000);
	CHECK_EQ(pmm.region[0].pages, 3);
	CHECK_EQ(pmm.total_pages, 3);
	CHECK_EQ(pmm.free_pages, 0);
	/* Empty after alignment, empty, no metadata. */
	CHECK_EQ(pmm_add_region(&pmm, 0x20800, 0x1000, meta[1]), FERN_ERR_INVALID);
	CHECK_EQ(pmm_add_region(&pmm, 0x20000, 0, meta[1]), FERN_ERR_INVALID);
	CHECK_EQ(pmm_add_region(&pmm, 0x20000, 0x1000, NULL), FERN_ERR_INVALID);
	CHECK_EQ(pmm_add_region(&pmm, UINT64_MAX - 10, 5, meta[1]), FERN_ERR_INVALID);
	/* Overlaps: inside, covering, and at either edge. */
	CHECK_EQ(pmm_add_region(&pmm, 0x12000, 0x1000, meta[1]), FERN_ERR_INVALID);
	CHECK_EQ(pmm_add_region(&pmm, 0x0f000, 0x10000, meta[1]), FERN_ERR_INVALID);
	CHECK_EQ(pmm_add_region(&pmm, 0x13000, 0x1800, meta[1]), FERN_ERR_INVALID);
	CHECK_EQ(pmm_add_region(&pmm, 0x10000, 0x2000, meta[1]), FERN_ERR_INVALID);
	CHECK_EQ(pmm.region_count, 1);
	CHECK_EQ(pmm.total_pages, 3);
	/* Touching is not overlapping, nor are raw fringes that alignment drops. */
	CHECK_EQ(pmm_add_region(&pmm, 0x14000, 0x1000, meta[1]), FERN_OK);
	CHECK_EQ(pmm_add_region(&pmm, 0x10000, 0x1800, meta[2]), FERN_OK);
	CHECK_EQ(pmm.region[2].base, 0x10000);
	CHECK_EQ(pmm.region[2].pages, 1);
	/* Page 0 is never managed: 0 is pmm_alloc's failure value. */
	CHECK_EQ(pmm_add_region(&pmm, 0, 0x1000, meta[3]), FERN_ERR_INVALID);
	CHECK_EQ(pmm_add_region(&pmm, 0, 0x3000, meta[3]), FERN_OK);
	CHECK_EQ(pmm.region[3].base, 0x1000);
	CHECK_EQ(pmm.region[3].pages, 2);
	/* A region at the top of memory: the end is clamped, not wrapped. */
	CHECK_EQ(pmm_add_region(&pmm, UINT64_MAX - 0x4ffe, 0x10000, meta[4]), FERN_OK);
	CHECK_EQ(pmm.region[4].base, UINT64_MAX - 0x3fff);
	CHECK_EQ(pmm.region[4].pages, 3);
	CHECK_EQ(pmm.total_pages, 3 + 1 + 1 + 2 + 3);
	for (int i = 0; i < pmm.region_count; i++) {
		for (uint64_t j = 0; j < pmm.region[i].pages; j++)
			CHECK_EQ(pmm.region[i].page[j].state, PMM_PAGE_RESERVED);
	}
	/* Nothing is free until released. */
	CHECK_EQ(pmm_alloc(&pmm, 0), 0);

	/* Releasing everything makes every page free, the top region included. */
	CHECK_EQ(pmm_release_range(&pmm, 0, UINT64_MAX), FERN_OK);
	CHECK_EQ(pmm.free_pages, pmm.total_pages);
	CHECK_EQ(pmm_release_range(&pmm, 0x11000, 0x1000), FERN_ERR_INVALID);
	CHECK_EQ(pmm_alloc(&pmm, PMM_MAX_ORDER + 1), 0);
	CHECK_EQ(pmm_alloc(&pmm, 2), 0); /* 3 free pages at most in any one region */
	uint64_t got[10], top = 0, pa;
	int n = 0;
	while ((pa = pmm_alloc(&pmm, 0)) != 0) {
		CHECK(n < 10);
		got[n++] = pa;
		top = pa > top ? pa : top;
	}
	CHECK_EQ(n, 10);
	CHECK_EQ(top, UINT64_MAX - 0x1fff);
	CHECK_EQ(pmm.free_pages, 0);
	for (int i = 0; i < n; i++)
		CHECK_EQ(pmm_free(&pmm, got[i], 0), FERN_OK);
	CHECK_EQ(pmm.free_pages, pmm.total_pages);
	/* Only two aligned pairs exist: 0x12000 and the top region's first two pages. */
	uint64_t pair0 = pmm_alloc(&pmm, 1), pair1 = pmm_alloc(&pmm, 1);
	CHECK((pair0 == 0x12000 && pair1 == UINT64_MAX - 0x3fff) ||
	      (pair1 == 0x12000 && pair0 == UINT64_MAX - 0x3fff));
	CHECK_EQ(pmm_alloc(&pmm, 1), 0);

	/* Fill the table: 5 used, 11 more fit, the 17th is refused. */
	for (int i = 5; i < PMM_MAX_REGIONS; i++)
		CHECK_EQ(pmm_add_region(&pmm, 0x100000 * (uint64_t)(i + 1), 0x1000, meta[i]),
			 FERN_OK);
	CHECK_EQ(pmm.region_count, PMM_MAX_REGIONS);
	uint64_t total = pmm.total_pages;
	CHECK_EQ(pmm_add_region(&pmm, 0x7000000, 0x1000, meta[PMM_MAX_REGIONS]), FERN_ERR_TOO_MANY);
	CHECK_EQ(pmm.region_count, PMM_MAX_REGIONS);
	CHECK_EQ(pmm.total_pages, total);
}

/* Releasing already-free pages fails as a whole; ranges outside every region are ignored. */
static void test_release_errors(void)
{
	static struct pmm_page meta[2][64];
	struct pmm_state pmm = {0};
	CHECK_EQ(pmm_add_region(&pmm, 0x100000, 64 * PAGE, meta[0]), FERN_OK);
	CHECK_EQ(pmm_add_region(&pmm, 0x200000, 64 * PAGE, meta[1]), FERN_OK);
	CHECK_EQ(pmm_release_range(&pmm, 0x100000 + 4 * PAGE, 4 * PAGE), FERN_OK);
	CHECK_EQ(pmm.free_pages, 4);
	/* Overlaps the free part: nothing at all may change, not even the reserved pages. */
	CHECK_EQ(pmm_release_range(&pmm, 0x100000, 6 * PAGE), FERN_ERR_INVALID);
	CHECK_EQ(pmm.free_pages, 4);
	CHECK_EQ(meta[0][0].state, PMM_PAGE_RESERVED);
	/* Spanning both regions with the free part in the first: the second stays reserved. */
	CHECK_EQ(pmm_release_range(&pmm, 0x100000 + 6 * PAGE, 0x200000), FERN_ERR_INVALID);
	CHECK_EQ(meta[1][0].state, PMM_PAGE_RESERVED);
	CHECK_EQ(pmm.free_pages, 4);
	/* Outside every region, or less than a whole page: nothing happens, no error. */
	CHECK_EQ(pmm_release_range(&pmm, 0x400000, 0x100000), FERN_OK);
	CHECK_EQ(pmm_release_range(&pmm, 0x100000 + 0x10, PAGE), FERN_OK);
	CHECK_EQ(pmm_release_range(&pmm, UINT64_MAX - 5, 100), FERN_OK);
	CHECK_EQ(pmm.free_pages, 4);
	/* An allocated page is not releasable either. */
	uint64_t pa = pmm_alloc(&pmm, 2);
	CHECK_EQ(pa, 0x100000 + 4 * PAGE);
	CHECK_EQ(pmm_release_range(&pmm, pa + PAGE, PAGE), FERN_ERR_INVALID);
	CHECK_EQ(pmm_release_range(&pmm, pa, PAGE), FERN_ERR_INVALID);
	CHECK_EQ(pmm.free_pages, 0);
	CHECK_EQ(pmm_free(&pmm, pa, 2), FERN_OK);
	/* The rest, spanning both regions and the gap: everything coalesces. */
	CHECK_EQ(pmm_release_range(&pmm, 0x100000, 4 * PAGE), FERN_OK);
	CHECK_EQ(pmm_release_range(&pmm, 0x100000 + 8 * PAGE, 0x200000), FERN_OK);
	CHECK_EQ(pmm.free_pages, 128);
	CHECK_EQ(list_length(&pmm, 6), 2);
	for (unsigned k = 0; k <= PMM_MAX_ORDER; k++)
		CHECK_EQ(list_length(&pmm, k), k == 6 ? 2 : 0);
}

/* After boot, every order can be drained to exactly the number of aligned free blocks. */
static void test_exhaust_each_order(void)
{
	for (unsigned order = 0; order <= PMM_MAX_ORDER; order++) {
		struct world w;
		world_boot(&w);
		world_check(&w);
		uint64_t want = model_free_blocks(&w, order), got = 0, pa;
		while ((pa = pmm_alloc(&w.pmm, order)) != 0) {
			model_take(&w, pa, order);
			got++;
		}
		CHECK_EQ(got, want);
		CHECK_EQ(model_free_blocks(&w, order), 0);
		world_check(&w);
		world_destroy(&w);
	}
}

struct block {
	uint64_t pa;
	unsigned order;
};

static void shuffle(struct block *b, size_t n, uint64_t *seed)
{
	for (size_t i = n; i > 1; i--) {
		size_t j = xorshift(seed) % i;
		struct block t = b[i - 1];
		b[i - 1] = b[j];
		b[j] = t;
	}
}

/* Invalid frees return FERN_ERR_INVALID and change nothing. */
static void check_bad_free(struct world *w, uint64_t pa, unsigned order)
{
	uint64_t before = w->pmm.free_pages;
	if (pmm_free(&w->pmm, pa, order) != FERN_ERR_INVALID) {
		fprintf(stderr, "pmm_free(0x%" PRIx64 ", %u) was accepted\n", pa, order);
		exit(1);
	}
	CHECK_EQ(w->pmm.free_pages, before);
}

static void test_bad_frees(struct world *w, const struct block *live, size_t n)
{
	for (size_t i = 0; i < n; i += 97) {
		uint64_t pa = live[i].pa;
		unsigned order = live[i].order;
		check_bad_free(w, pa, order + 1);
		if (order > 0) {
			check_bad_free(w, pa, order - 1);
			check_bad_free(w, pa + PAGE, order - 1); /* a tail page */
			check_bad_free(w, pa + (PAGE << (order - 1)), order - 1);
		}
		check_bad_free(w, pa + 1, order);
		check_bad_free(w, pa + PAGE / 2, order);
	}
	check_bad_free(w, live[0].pa, PMM_MAX_ORDER + 1);
	check_bad_free(w, live[0].pa, 200);
	check_bad_free(w, 0, 0);
	check_bad_free(w, 0x20000000, 0); /* outside every region */
	check_bad_free(w, 0x40000000, 0); /* below bank 0 */
	check_bad_free(w, 0x40201000, 0); /* reserved: the kernel image */
	check_bad_free(w, 0x43f00000, 0); /* reserved */
	check_bad_free(w, UINT64_MAX & ~(PAGE - 1), 0);
	check_bad_free(w, 0x100000000, PMM_MAX_ORDER); /* block would cross into bank 3 */
	world_check(w);
}

/* Allocates everything at mixed orders, then frees it all back in random order. */
static void test_exhaust_and_coalesce(void)
{
	struct world w;
	world_boot(&w);
	world_check(&w);
	uint64_t initial = w.pmm.free_pages, lists[PMM_MAX_ORDER + 1];
	CHECK_EQ(w.pmm.total_pages, 0x3fff + 0x905 + 0x87 + 0x400);
	CHECK(initial > 19000 && initial < w.pmm.total_pages);
	for (unsigned k = 0; k <= PMM_MAX_ORDER; k++)
		lists[k] = list_length(&w.pmm, k);
	uint64_t max_blocks = model_free_blocks(&w, PMM_MAX_ORDER);
	CHECK(max_blocks > 0);
	CHECK_EQ(lists[PMM_MAX_ORDER], max_blocks);

	size_t n = 0;
	struct block *live = malloc(sizeof(*live) * initial);
	CHECK(live);
	for (int order = PMM_MAX_ORDER; order >= 0; order--) {
		uint64_t pa;
		while ((pa = pmm_alloc(&w.pmm, (unsigned)order)) != 0) {
			model_take(&w, pa, (unsigned)order);
			live[n++] = (struct block){pa, (unsigned)order};
		}
		CHECK_EQ(model_free_blocks(&w, (unsigned)order), 0);
	}
	CHECK_EQ(w.pmm.free_pages, 0);
	world_check(&w);

	uint64_t seed = 0x2545f4914f6cdd1dULL;
	shuffle(live, n, &seed);
	test_bad_frees(&w, live, n);
	for (size_t i = 0; i < n; i++) {
		CHECK_EQ(pmm_free(&w.pmm, live[i].pa, live[i].order), FERN_OK);
		model_give(&w, live[i].pa, live[i].order);
		check_bad_free(&w, live[i].pa, live[i].order); /* double free */
		if (i % 1000 == 0)
			world_check(&w);
	}
	world_check(&w);
	CHECK_EQ(w.pmm.free_pages, initial);
	/* Full coalescing: the free lists are back to the boot-time shape. */
	for (unsigned k = 0; k <= PMM_MAX_ORDER; k++)
		CHECK_EQ(list_length(&w.pmm, k), lists[k]);
	free(live);
	world_destroy(&w);
}

static unsigned random_order(uint64_t *seed)
{
	uint64_t r = xorshift(seed) % 100;
	if (r < 50)
		return 0;
	if (r < 85)
		return 1 + (unsigned)(xorshift(seed) % 3);
	return (unsigned)(xorshift(seed) % (PMM_MAX_ORDER + 1));
}

/* Random interleaving of alloc and free, with phases that fill and drain memory. */
static void test_random(void)
{
	enum { OPS = 100000 };
	struct world w;
	world_boot(&w);
	uint64_t initial = w.pmm.free_pages, seed = 0xdeadbeefcafef00dULL;
	struct block *live = malloc(sizeof(*live) * initial);
	size_t n = 0;
	unsigned failures = 0;
	CHECK(live);
	for (int op = 0; op < OPS; op++) {
		/* Alloc-heavy for 10k ops, then free-heavy for 10k, and so on. */
		unsigned alloc_pct = (op / 10000) % 2 ? 30 : 75;
		if (n == 0 || xorshift(&seed) % 100 < alloc_pct) {
			unsigned order = random_order(&seed);
			uint64_t pa = pmm_alloc(&w.pmm, order);
			if (pa) {
				model_take(&w, pa, order);
				live[n++] = (struct block){pa, order};
			} else if (failures++ % 50 == 0) {
				CHECK_EQ(model_free_blocks(&w, order), 0);
			}
		} else {
			size_t i = xorshift(&seed) % n;
			CHECK_EQ(pmm_free(&w.pmm, live[i].pa, live[i].order), FERN_OK);
			model_give(&w, live[i].pa, live[i].order);
			live[i] = live[--n];
		}
		CHECK_EQ(w.pmm.free_pages, w.model_free);
		if (op % 1000 == 0)
			world_check(&w);
		if (n && op % 7 == 0) { /* owners find their blocks' records, and back */
			struct pmm_page *m = pmm_page_of(&w.pmm, live[n - 1].pa);
			CHECK(m != NULL);
			CHECK_EQ(pmm_page_address(&w.pmm, m), live[n - 1].pa);
			CHECK(pmm_page_of(&w.pmm, live[n - 1].pa + 1) == NULL);
			if (live[n - 1].order)
				CHECK(pmm_page_of(&w.pmm, live[n - 1].pa + PAGE) == NULL);
		}
	}
	CHECK(failures > 0); /* the fill phases did reach exhaustion */
	printf("test_pmm: %d random ops, %u refused allocations, %zu live at the end\n", OPS,
	       failures, n);
	while (n > 0) {
		n--;
		CHECK_EQ(pmm_free(&w.pmm, live[n].pa, live[n].order), FERN_OK);
		model_give(&w, live[n].pa, live[n].order);
	}
	world_check(&w);
	CHECK_EQ(w.pmm.free_pages, initial);
	CHECK_EQ(list_length(&w.pmm, PMM_MAX_ORDER), model_free_blocks(&w, PMM_MAX_ORDER));
	free(live);
	world_destroy(&w);
}

int main(void)
{
	test_order_for();
	test_regions();
	test_release_errors();
	test_exhaust_each_order();
	test_exhaust_and_coalesce();
	test_random();
	printf("test_pmm: ok\n");
	return 0;
}
