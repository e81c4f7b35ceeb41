// SPDX-License-Identifier: MIT
/* Memory objects: their pages, creation and destruction. */
#include <arch/memlayout.h>
#include <fern/status.h>
#include <kernel/kalloc.h>
#include <kernel/pmm.h>
#include <kernel/sched.h>
#include <kernel/vm.h>
#include <kernel/vmo.h>

static struct vmo *vmo_alloc(enum vmo_kind kind, uint64_t size)
{
	struct vmo *v = kalloc(sizeof(*v));
	if (!v)
		return 0;
	kobject_init(&v->obj, KOBJ_VMO);
	v->kind = kind;
	v->size = size;
	return v;
}

static uint64_t page_round(uint64_t size)
{
	return (size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
}

/* An anonymous object starts with no pages: each is allocated, zeroed, when it is first
 * touched (vmo_commit_page), so a program's heap and stack cost only what it uses and a large
 * object costs nothing up front. */
static int anon_prepare(struct vmo *v)
{
	uint64_t count = v->size / PAGE_SIZE;
	v->pages_size = count * sizeof(uint64_t);
	v->pages = kalloc(v->pages_size);
	return v->pages ? FERN_OK : FERN_ERR_NO_MEMORY;
}

int vmo_create(uint64_t size, int contiguous, struct vmo **out)
{
	if (size == 0 || size > VMO_MAX_SIZE)
		return FERN_ERR_INVALID;
	size = page_round(size);
	struct vmo *v = vmo_alloc(contiguous ? VMO_CONTIGUOUS : VMO_ANON, size);
	if (!v)
		return FERN_ERR_NO_MEMORY;
	int err = FERN_OK;
	if (contiguous) {
		v->order = pmm_order_for(size / PAGE_SIZE);
		void *block = v->order <= PMM_MAX_ORDER ? page_alloc(v->order) : 0;
		if (block)
			v->phys = virt_to_phys(block);
		else
			err = FERN_ERR_NO_MEMORY;
	} else {
		err = anon_prepare(v);
	}
	if (err) {
		vmo_destroy(&v->obj);
		return err;
	}
	*out = v;
	return FERN_OK;
}

int vmo_create_mmio(uint64_t phys, uint64_t size, struct vmo **out)
{
	if (size == 0 || (phys & (PAGE_SIZE - 1)) || phys + size < phys)
		return FERN_ERR_INVALID;
	struct vmo *v = vmo_alloc(VMO_MMIO, page_round(size));
	if (!v)
		return FERN_ERR_NO_MEMORY;
	v->phys = phys;
	*out = v;
	return FERN_OK;
}

uint64_t vmo_page_phys(const struct vmo *v, uint64_t offset)
{
	if (v->kind == VMO_ANON)
		return v->pages[offset / PAGE_SIZE];
	return v->phys + offset;
}

int vmo_commit_page(struct vmo *v, uint64_t offset, uint64_t *pa)
{
	if (v->kind == VMO_ANON && !v->pages[offset / PAGE_SIZE]) {
		void *page = page_alloc(0);
		if (!page)
			return FERN_ERR_NO_MEMORY;
		v->pages[offset / PAGE_SIZE] = virt_to_phys(page);
		v->committed++;
	}
	*pa = vmo_page_phys(v, offset);
	return FERN_OK;
}

/* Pages allocated and zeroed between two preemption points: committing a 256 MiB object at
 * once held the kernel lock, with interrupts masked, for most of a second. */
#define COMMIT_BATCH 64

int vmo_commit_all(struct vmo *v)
{
	for (uint64_t off = 0, n = 0; off < v->size; off += PAGE_SIZE, n++) {
		if (n && n % COMMIT_BATCH == 0) {
			int err = sched_breathe(); /* the caller's object, not yet anyone else's */
			if (err)
				return err;
		}
		uint64_t pa;
		int err = vmo_commit_page(v, off, &pa);
		if (err)
			return err;
	}
	return FERN_OK;
}

void vmo_destroy(struct kobject *o)
{
	struct vmo *v = (struct vmo *)o;
	if (v->kind == VMO_ANON && v->pages) {
		for (uint64_t i = 0; i < v->size / PAGE_SIZE; i++)
			if (v->pages[i])
				page_free(phys_to_virt(v->pages[i]), 0);
		kfree(v->pages, v->pages_size);
	} else if (v->kind == VMO_CONTIGUOUS && v->phys) {
		page_free(phys_to_virt(v->phys), v->order);
	}
	kfree(v, sizeof(*v));
}
