// SPDX-License-Identifier: MIT
/* Program address spaces: EL0 tables with ASIDs, EL1-domain windows in the kernel half, and
 * the mappings of memory objects into them. */
#include <arch/memlayout.h>
#include <arch/pagetable.h>
#include <fern/status.h>
#include <kernel/aspace.h>
#include <kernel/kalloc.h>
#include <kernel/panic.h>
#include <kernel/sched.h>
#include <kernel/state.h>
#include <kernel/vm.h>
#include <kernel/vmo.h>

#define MAP_BATCH 256 /* pages mapped between two preemption points */

static int asid_alloc(void)
{
	for (int i = 1; i < ASID_COUNT; i++) {
		int a = (kstate.vm.asid_hint + i) % ASID_COUNT;
		if (a && !(kstate.vm.asid_used[a / 64] & (1ull << (a % 64)))) {
			kstate.vm.asid_used[a / 64] |= 1ull << (a % 64);
			kstate.vm.asid_hint = a;
			return a;
		}
	}
	return FERN_ERR_TOO_MANY;
}

/* The caller has flushed the ASID's TLB entries since its last use. */
static void asid_free(uint16_t a)
{
	kstate.vm.asid_used[a / 64] &= ~(1ull << (a % 64));
}

int aspace_create(struct aspace *as, enum fern_domain domain)
{
	*as = (struct aspace){.domain = domain, .window = -1};
	aspace_tlb_clear(as);
	if (domain == FERN_DOMAIN_EL1) {
		for (int w = 0; w < EL1_WINDOWS; w++) {
			if (kstate.vm.el1_windows & (1ull << w))
				continue;
			kstate.vm.el1_windows |= 1ull << w;
			as->window = w;
			as->root_pa = kstate.vm.root_pa;
			as->base = EL1_WINDOW_BASE + (uint64_t)w * EL1_WINDOW_SIZE;
			as->limit = as->base + EL1_WINDOW_SIZE;
			as->next_va = as->base;
			return FERN_OK;
		}
		return FERN_ERR_TOO_MANY;
	}
	int asid = asid_alloc();
	if (asid < 0)
		return asid;
	void *root = page_alloc(0);
	if (!root) {
		asid_free((uint16_t)asid); /* never used: nothing to flush */
		return FERN_ERR_NO_MEMORY;
	}
	as->asid = (uint16_t)asid;
	as->root_pa = virt_to_phys(root);
	as->base = USER_BASE;
	as->limit = USER_LIMIT;
	as->next_va = USER_BASE;
	return FERN_OK;
}

static unsigned arch_prot(const struct aspace *as, const struct vmo *vmo, unsigned prot)
{
	unsigned p = 0;
	if (prot & FERN_PROT_READ)
		p |= PROT_READ;
	if (prot & FERN_PROT_WRITE)
		p |= PROT_WRITE;
	if (prot & FERN_PROT_EXEC)
		p |= PROT_EXEC;
	if (vmo->kind == VMO_MMIO)
		p |= PROT_DEVICE;
	if (as->domain == FERN_DOMAIN_EL0)
		p |= PROT_USER;
	return p;
}

static uint16_t tlb_asid(const struct aspace *as)
{
	return as->domain == FERN_DOMAIN_EL0 ? as->asid : 0;
}

uint64_t aspace_reserve(struct aspace *as, uint64_t size)
{
	size = (size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	uint64_t va = as->next_va;
	if (!size || va + size + ASPACE_GUARD > as->limit || va + size < va)
		return 0;
	as->next_va = va + size + ASPACE_GUARD;
	return va;
}

/* Checks a mapping request against the object: sizes, alignment, and protections (readable,
 * never writable and executable, device memory never executable). */
static int map_request_ok(const struct vmo *vmo, uint64_t offset, uint64_t size, unsigned prot)
{
	if (!size || ((offset | size) & (PAGE_SIZE - 1)) || offset > vmo->size ||
	    size > vmo->size - offset)
		return 0;
	if (!(prot & FERN_PROT_READ) ||
	    (prot & ~(FERN_PROT_READ | FERN_PROT_WRITE | FERN_PROT_EXEC)))
		return 0;
	if ((prot & FERN_PROT_WRITE) && (prot & FERN_PROT_EXEC))
		return 0;
	return !(vmo->kind == VMO_MMIO && (prot & FERN_PROT_EXEC));
}

int aspace_map(struct aspace *as, struct vmo *vmo, uint64_t offset, uint64_t size, unsigned prot,
	       uint64_t *va_out)
{
	if (!map_request_ok(vmo, offset, size, prot))
		return FERN_ERR_INVALID;
	/* W^X per object: no program may write, through any mapping, what it can execute
	 * through another (in the EL1 domain that would run its own code at kernel privilege). */
	if (((prot & FERN_PROT_WRITE) && vmo->exec_maps) ||
	    ((prot & FERN_PROT_EXEC) && vmo->writable_maps))
		return FERN_ERR_BUSY;
	uint64_t va = aspace_reserve(as, size);
	if (!va)
		return FERN_ERR_NO_MEMORY;
	int err = aspace_map_at(as, va, vmo, offset, size, prot);
	if (!err)
		*va_out = va;
	return err;
}

int aspace_map_at(struct aspace *as, uint64_t va, struct vmo *vmo, uint64_t offset, uint64_t size,
		  unsigned prot)
{
	if (!map_request_ok(vmo, offset, size, prot) || (va & (PAGE_SIZE - 1)) ||
	    !aspace_range_ok(as, va, size))
		return FERN_ERR_INVALID;
	struct mapping *m = kalloc(sizeof(*m));
	if (!m)
		return FERN_ERR_NO_MEMORY;
	kobject_ref(&vmo->obj); /* the mapping's, taken now: a handle may go while we breathe */
	const struct pt_ops *ops = vm_pt_ops();
	unsigned p = arch_prot(as, vmo, prot);
	int err = FERN_OK;
	uint64_t done = 0;
	if (vmo->kind == VMO_ANON) {
		/* Only the pages the object already has: the rest are mapped when first touched
		 * (aspace_fault). */
		while (done < size && !err) {
			uint64_t pa = vmo_page_phys(vmo, offset + done);
			if (pa)
				err = pt_map(as->root_pa, va + done, pa, PAGE_SIZE, p, ops);
			if (!err)
				done += PAGE_SIZE;
			/* Between batches, let others run: the range is reserved for us alone. */
			if (!err && done < size && (done / PAGE_SIZE) % MAP_BATCH == 0)
				err = sched_breathe();
		}
	} else {
		err = pt_map(as->root_pa, va, vmo->phys + offset, size, p, ops);
		done = size; /* on failure, whatever part was mapped is undone below */
	}
	if (err) {
		pt_unmap(as->root_pa, va, done, tlb_asid(as), ops);
		kobject_unref(&vmo->obj);
		kfree(m, sizeof(*m));
		return err;
	}
	*m = (struct mapping){.va = va,
			      .size = size,
			      .vmo = vmo,
			      .offset = offset,
			      .prot = prot,
			      .next = as->mappings};
	as->mappings = m;
	as->mapped_bytes += size;
	vmo->writable_maps += !!(prot & FERN_PROT_WRITE);
	vmo->exec_maps += !!(prot & FERN_PROT_EXEC);
	return FERN_OK;
}

/* Drops m; with unmap, clears its entries first (a teardown that frees the whole table tree
 * and flushes the ASID once need not). */
static void mapping_remove(struct aspace *as, struct mapping *m, bool unmap)
{
	aspace_tlb_clear(as); /* its pages may be among the remembered ones */
	/* Program mappings are pages only (vm_pt_ops), so this cannot fail; if it did, freeing
	 * the object below would leave its pages mapped. */
	if (unmap) {
		int err = pt_unmap(as->root_pa, m->va, m->size, tlb_asid(as), vm_pt_ops());
		ASSERT(err == FERN_OK);
	}
	as->mapped_bytes -= m->size;
	m->vmo->writable_maps -= !!(m->prot & FERN_PROT_WRITE);
	m->vmo->exec_maps -= !!(m->prot & FERN_PROT_EXEC);
	kobject_unref(&m->vmo->obj);
	kfree(m, sizeof(*m));
}

int aspace_unmap(struct aspace *as, uint64_t va, uint64_t size)
{
	for (struct mapping **p = &as->mappings; *p; p = &(*p)->next) {
		struct mapping *m = *p;
		if (m->va == va && m->size == size) {
			*p = m->next;
			mapping_remove(as, m, true);
			return FERN_OK;
		}
	}
	return FERN_ERR_NOT_FOUND;
}

int aspace_fault(struct aspace *as, uint64_t va, unsigned access)
{
	struct mapping *m = as->mappings;
	while (m && !(va >= m->va && va - m->va < m->size))
		m = m->next;
	/* Not a mapping, an access it does not allow, or memory that is never mapped lazily:
	 * a real fault. */
	if (!m || (access & ~m->prot) || m->vmo->kind != VMO_ANON)
		return FERN_ERR_FAULT;
	uint64_t page_va = va & ~(PAGE_SIZE - 1), pa;
	int err = vmo_commit_page(m->vmo, m->offset + (page_va - m->va), &pa);
	if (err)
		return err;
	err = pt_map(as->root_pa, page_va, pa, PAGE_SIZE, arch_prot(as, m->vmo, m->prot),
		     vm_pt_ops());
	return err == FERN_ERR_BUSY ? FERN_OK : err; /* BUSY: another thread mapped it first */
}

static void table_free(uint64_t pa)
{
	page_free(phys_to_virt(pa), 0);
}

void aspace_destroy(struct aspace *as)
{
	if (as->domain == FERN_DOMAIN_EL1) {
		/* Mappings in the kernel's own tables: unmap each (freeing the tables they used).
		 */
		while (as->mappings) {
			struct mapping *m = as->mappings;
			as->mappings = m->next;
			mapping_remove(as, m, true);
		}
		if (as->window >= 0)
			kstate.vm.el1_windows &= ~(1ull << as->window);
		as->window = -1; /* destroying twice must not free a window reused since */
	} else if (as->root_pa) {
		/* No CPU runs this space any more: one flush of its ASID before its pages go, then
		 * the whole table tree, instead of clearing and flushing page by page (a big space
		 * once froze the kernel for many seconds on its way out). */
		arch_tlb_flush_asid(as->asid);
		while (as->mappings) {
			struct mapping *m = as->mappings;
			as->mappings = m->next;
			mapping_remove(as, m, false);
		}
		pt_free_tables(as->root_pa, vm_pt_ops(), table_free);
		asid_free(as->asid);
	}
	as->root_pa = 0;
}

int aspace_translate_slow(struct aspace *as, uint64_t va, bool write, uint64_t *pa)
{
	if (!aspace_range_ok(as, va, 1))
		return FERN_ERR_FAULT;
	unsigned access = aspace_access(as, write);
	*pa = pt_translate(as->root_pa, va, access);
	if (!*pa) {
		/* Perhaps a page not yet touched: commit it as a fault would, then look again. */
		int err = aspace_fault(as, va, write ? FERN_PROT_WRITE : FERN_PROT_READ);
		if (err)
			return err;
		*pa = pt_translate(as->root_pa, va, access);
		if (!*pa)
			return FERN_ERR_FAULT;
	}
	/* Remember it, writable or not (a read-only translation may serve reads only). */
	bool writable = write || pt_translate(as->root_pa, va, access | PROT_WRITE);
	struct aspace_tlb *e = &as->tlb[(va >> PAGE_SHIFT) % ASPACE_TLB];
	e->va = (va & ~(uint64_t)(PAGE_SIZE - 1)) | writable;
	e->pa = *pa & ~(uint64_t)(PAGE_SIZE - 1);
	return FERN_OK;
}
