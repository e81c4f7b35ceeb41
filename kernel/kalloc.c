// SPDX-License-Identifier: MIT
/* Kernel object memory: size-class free lists over whole pages from the pmm. */
#include <arch/memlayout.h>
#include <kernel/kalloc.h>
#include <kernel/pmm.h>
#include <kernel/state.h>
#include <kernel/vm.h>
#include <string.h>

#define KALLOC_MIN_SHIFT 5

void *page_alloc(unsigned order)
{
	spin_lock(&kstate.pmm_lock);
	uint64_t pa = pmm_alloc(&kstate.pmm, order);
	spin_unlock(&kstate.pmm_lock);
	if (!pa)
		return 0;
	void *p = phys_to_virt(pa);
	memset(p, 0, PAGE_SIZE << order);
	return p;
}

void page_free(void *p, unsigned order)
{
	spin_lock(&kstate.pmm_lock);
	pmm_free(&kstate.pmm, virt_to_phys(p), order);
	spin_unlock(&kstate.pmm_lock);
}

static int size_class(size_t size)
{
	int c = 0;
	while (c < KALLOC_CLASSES && (1UL << (c + KALLOC_MIN_SHIFT)) < size)
		c++;
	return c; /* KALLOC_CLASSES: too big for a class */
}

static unsigned page_order(size_t size)
{
	return pmm_order_for((size + PAGE_SIZE - 1) / PAGE_SIZE);
}

void *kalloc(size_t size)
{
	struct kalloc_state *k = &kstate.kalloc;
	int c = size_class(size);
	if (c == KALLOC_CLASSES)
		return page_alloc(page_order(size));
	size_t object = 1UL << (c + KALLOC_MIN_SHIFT);
	spin_lock(&k->lock);
	if (!k->free_list[c]) {
		spin_unlock(&k->lock);
		uint8_t *page = page_alloc(0);
		if (!page)
			return 0;
		spin_lock(&k->lock);
		for (size_t off = 0; off < PAGE_SIZE; off += object) {
			*(void **)(page + off) = k->free_list[c];
			k->free_list[c] = page + off;
		}
	}
	void *p = k->free_list[c];
	k->free_list[c] = *(void **)p;
	k->bytes_in_use += object;
	spin_unlock(&k->lock);
	memset(p, 0, object);
	return p;
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
	spin_lock(&k->lock);
	*(void **)p = k->free_list[c];
	k->free_list[c] = p;
	k->bytes_in_use -= 1UL << (c + KALLOC_MIN_SHIFT);
	spin_unlock(&k->lock);
}

uint64_t kalloc_bytes_in_use(void)
{
	return kstate.kalloc.bytes_in_use;
}
