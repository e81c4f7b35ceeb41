// SPDX-License-Identifier: MIT
/*
 * Kernel object memory: slabs of one size class per page, with whole pages from the pmm
 * above the largest class. A slab's bookkeeping lives in the pmm's record of its page
 * (owner_* fields): the class, how many objects are in use, and the first free object; free
 * objects link to the next by index, inside the page. Slabs with free objects sit on their
 * class's partial list; one that empties goes back to the pmm unless it is the class's only
 * partial slab (so that one object coming and going does not churn pages). A flood of kernel
 * objects therefore gives its memory back when they go.
 */
#include <arch/memlayout.h>
#include <kernel/kalloc.h>
#include <kernel/panic.h>
#include <kernel/pmm.h>
#include <kernel/state.h>
#include <kernel/vm.h>
#include <string.h>

#define KALLOC_MIN_SHIFT 5
#define SLAB_NONE        0xffff /* no free object */

static void *pages_get(unsigned order)
{
	spin_lock(&kstate.pmm_lock);
	uint64_t pa = pmm_alloc(&kstate.pmm, order);
	spin_unlock(&kstate.pmm_lock);
	return pa ? phys_to_virt(pa) : 0;
}

void *page_alloc(unsigned order)
{
	void *p = pages_get(order);
	if (p)
		memset(p, 0, PAGE_SIZE << order);
	return p;
}

void page_free(void *p, unsigned order)
{
	spin_lock(&kstate.pmm_lock);
	int err = pmm_free(&kstate.pmm, virt_to_phys(p), order);
	spin_unlock(&kstate.pmm_lock);
	ASSERT(err == 0);
}

static int size_class(size_t size)
{
	int c = 0;
	while (c < KALLOC_CLASSES && (1UL << (c + KALLOC_MIN_SHIFT)) < size)
		c++;
	return c; /* KALLOC_CLASSES: too big for a class */
}

static size_t class_size(int c)
{
	return 1UL << (c + KALLOC_MIN_SHIFT);
}

static unsigned page_order(size_t size)
{
	return pmm_order_for((size + PAGE_SIZE - 1) / PAGE_SIZE);
}

static struct pmm_page *slab_meta(const void *page)
{
	struct pmm_page *m = pmm_page_of(&kstate.pmm, virt_to_phys(page));
	ASSERT(m);
	return m;
}

static uint8_t *slab_page(struct pmm_page *m)
{
	return phys_to_virt(pmm_page_address(&kstate.pmm, m));
}

static void partial_push(struct kalloc_state *k, int c, struct pmm_page *m)
{
	struct pmm_state *pmm = &kstate.pmm;
	m->prev = 0;
	m->next = k->partial[c];
	pmm_link self = pmm_page_link(pmm, m);
	if (m->next)
		pmm_link_page(pmm, m->next)->prev = self;
	k->partial[c] = self;
}

static void partial_remove(struct kalloc_state *k, int c, struct pmm_page *m)
{
	struct pmm_state *pmm = &kstate.pmm;
	if (m->prev)
		pmm_link_page(pmm, m->prev)->next = m->next;
	else
		k->partial[c] = m->next;
	if (m->next)
		pmm_link_page(pmm, m->next)->prev = m->prev;
	m->next = m->prev = 0;
}

/* Makes page (fresh from the pmm) a slab of class c with every object free. */
static void slab_init(struct kalloc_state *k, int c, uint8_t *page)
{
	struct pmm_page *m = slab_meta(page);
	size_t object = class_size(c);
	uint16_t count = (uint16_t)(PAGE_SIZE / object);
	for (uint16_t i = 0; i < count; i++)
		*(uint16_t *)(page + i * object) = i + 1 < count ? i + 1 : SLAB_NONE;
	m->owner_class = (uint8_t)c;
	m->owner_used = 0;
	m->owner_free = 0;
	partial_push(k, c, m);
	k->slab_pages++;
}

/* An object of size bytes, its contents whatever they were. */
static void *object_get(size_t size)
{
	struct kalloc_state *k = &kstate.kalloc;
	int c = size_class(size);
	if (c == KALLOC_CLASSES)
		return pages_get(page_order(size));
	size_t object = class_size(c);
	spin_lock(&k->lock);
	if (!k->partial[c]) {
		spin_unlock(&k->lock);
		uint8_t *page = page_alloc(0);
		if (!page)
			return 0;
		spin_lock(&k->lock);
		slab_init(k, c, page);
	}
	struct pmm_page *m = pmm_link_page(&kstate.pmm, k->partial[c]);
	uint8_t *p = slab_page(m) + (size_t)m->owner_free * object;
	m->owner_free = *(uint16_t *)p;
	m->owner_used++;
	if (m->owner_free == SLAB_NONE)
		partial_remove(k, c, m); /* full */
	k->bytes_in_use += object;
	spin_unlock(&k->lock);
	return p;
}

void *kalloc(size_t size)
{
	void *p = object_get(size);
	if (p)
		memset(p, 0, size);
	return p;
}

void *kalloc_raw(size_t size)
{
	return object_get(size);
}

void kfree(void *p, size_t size)
{
	struct kalloc_state *k = &kstate.kalloc;
	if (!p)
		return;
	int c = size_class(size);
	if (c == KALLOC_CLASSES) {
		page_free(p, page_order(size));
		return;
	}
	size_t object = class_size(c);
	uint8_t *page = (uint8_t *)((uint64_t)p & ~(PAGE_SIZE - 1));
	spin_lock(&k->lock);
	struct pmm_page *m = slab_meta(page);
	ASSERT(m->owner_class == c && m->owner_used > 0);
	if (m->owner_free == SLAB_NONE)
		partial_push(k, c, m); /* was full */
	*(uint16_t *)p = m->owner_free;
	m->owner_free = (uint16_t)(((uint8_t *)p - page) / object);
	m->owner_used--;
	k->bytes_in_use -= object;
	bool give_back = !m->owner_used && (m->prev || m->next);
	if (give_back) {
		partial_remove(k, c, m);
		k->slab_pages--;
	}
	spin_unlock(&k->lock);
	if (give_back)
		page_free(page, 0);
}

uint64_t kalloc_bytes_in_use(void)
{
	return kstate.kalloc.bytes_in_use;
}
