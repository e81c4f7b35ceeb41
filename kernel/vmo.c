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

/* Pages allocated and zeroed between two preemption points: a 256 MiB object once held the
 * kernel lock, with interrupts masked, for most of a second. */
#define FILL_BATCH 64

static int anon_fill(struct vmo *v)
{
	uint64_t count = v->size / PAGE_SIZE;
	v->pages_size = count * sizeof(uint64_t);
	v->pages = kalloc(v->pages_size);
	if (!v->pages)
		return FERN_ERR_NO_MEMORY;
	for (uint64_t i = 0; i < count; i++) {
		if (i && i % FILL_BATCH == 0) {
			int err = sched_breathe(); /* v is still ours alone */
			if (err)
				return err;
		}
		void *page = page_alloc(0);
		if (!page)
			return FERN_ERR_NO_MEMORY;
		v->pages[i] = virt_to_phys(page);
	}
	return FERN_OK;
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
		err = anon_fill(v);
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

void vmo_destroy(struct kobject *o)
{
	struct vmo *v = (struct vmo *)o;
	if (v->kind == VMO_ANON && v->pages) {
		for (uint64_t i = 0; i < v->size / PAGE_SIZE && v->pages[i]; i++)
			page_free(phys_to_virt(v->pages[i]), 0);
		kfree(v->pages, v->pages_size);
	} else if (v->kind == VMO_CONTIGUOUS && v->phys) {
		page_free(phys_to_virt(v->phys), v->order);
	}
	kfree(v, sizeof(*v));
}
