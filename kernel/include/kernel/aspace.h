/* SPDX-License-Identifier: MIT */
/* A program's address space. EL0 domain: its own lower-half tables with an ASID. EL1 domain: a
 * window of the kernel's upper half. Mappings are whole memory objects (or parts), never W+X.
 * Guarded by the kernel lock. */
#ifndef KERNEL_ASPACE_H
#define KERNEL_ASPACE_H

#include <arch/memlayout.h>
#include <arch/pagetable.h>
#include <fern/abi.h>
#include <fern/status.h>
#include <kernel/cpu.h>
#include <stdbool.h>
#include <stdint.h>

struct vmo;

#define USER_BASE       0x0000000000400000UL
#define USER_LIMIT      0x0000800000000000UL
#define EL1_WINDOW_BASE 0xffff500000000000UL
#define EL1_WINDOW_SIZE 0x0000001000000000UL /* 64 GiB per EL1-domain program */
#define EL1_WINDOWS     64
#define ASPACE_GUARD    0x10000UL /* unmapped gap after every mapping */

struct mapping {
	uint64_t va, size;
	struct vmo *vmo; /* holds a reference */
	uint64_t offset;
	unsigned prot; /* FERN_PROT_* */
	struct mapping *next;
};

/* Pages the kernel recently translated for IPC copies into this space (aspace_translate),
 * direct-mapped by page number; cleared whenever a mapping is removed, the only way a page of
 * a program can go or change. */
#define ASPACE_TLB 4
struct aspace_tlb {
	uint64_t va; /* the page's address with bit 0 set when writable; ASPACE_TLB_EMPTY */
	uint64_t pa;
};
#define ASPACE_TLB_EMPTY (~(uint64_t)0) /* matches no page, with or without bit 0 */

struct aspace {
	enum fern_domain domain;
	struct aspace_tlb tlb[ASPACE_TLB];
	uint64_t root_pa; /* EL0: own tables; EL1: the kernel's */
	uint16_t asid;    /* EL0 only */
	int window;       /* EL1 only: index of the window */
	uint64_t base, limit, next_va;
	struct mapping *mappings;
	uint64_t mapped_bytes;
};

/* Errors: FERN_ERR_NO_MEMORY, FERN_ERR_TOO_MANY (no EL1 window free). */
int aspace_create(struct aspace *as, enum fern_domain domain);
void aspace_destroy(struct aspace *as);
/* Maps size bytes of vmo from offset with prot (FERN_PROT_*) at a free address (returned in
 * *va); never writable while the object is mapped executable anywhere, nor executable while it
 * is mapped writable (FERN_ERR_BUSY; the loader's own aspace_map_at is exempt). A large mapping is
 * made in steps that let other threads run (sched_breathe). Errors: FERN_ERR_INVALID (alignment,
 * range outside the VMO, W+X, size 0), FERN_ERR_NO_MEMORY (address space or tables),
 * FERN_ERR_CANCELED (the calling thread was killed meanwhile). */
int aspace_map(struct aspace *as, struct vmo *vmo, uint64_t offset, uint64_t size, unsigned prot,
	       uint64_t *va);
/* Reserves size bytes of address space (for mapping with aspace_map_at); returns its address
 * or 0 when the space is full. */
uint64_t aspace_reserve(struct aspace *as, uint64_t size);
/* Like aspace_map at a fixed, reserved address va. FERN_ERR_BUSY if already mapped. */
int aspace_map_at(struct aspace *as, uint64_t va, struct vmo *vmo, uint64_t offset, uint64_t size,
		  unsigned prot);
/* A translation fault at va with access (FERN_PROT_READ, WRITE or EXEC) in as: when va lies in
 * a mapping of an anonymous object that allows the access, the page is allocated if it is new
 * and mapped, and the access can be retried (FERN_OK). FERN_ERR_FAULT for a real fault,
 * FERN_ERR_NO_MEMORY when no page is left. Kernel lock held. */
int aspace_fault(struct aspace *as, uint64_t va, unsigned access);
/* The physical address of the byte at va of as, for a kernel copy into (write) or out of
 * another program's memory: the page must be RAM the program may access that way; a page not
 * yet touched is committed first, as aspace_fault does. FERN_ERR_FAULT, FERN_ERR_NO_MEMORY.
 * Kernel lock held (the translation holds until the lock is dropped). */
static inline int aspace_translate(struct aspace *as, uint64_t va, bool write, uint64_t *pa);
/* Unmaps exactly one whole mapping starting at va of size bytes. FERN_ERR_NOT_FOUND. */
int aspace_unmap(struct aspace *as, uint64_t va, uint64_t size);
/* True when [va, va + len) lies inside the space's range (not necessarily mapped). */
static inline bool aspace_range_ok(const struct aspace *as, uint64_t va, uint64_t len)
{
	return va >= as->base && va <= as->limit && len <= as->limit - va;
}

/* The access pt_translate checks for a kernel read or write on behalf of as's program. */
static inline unsigned aspace_access(const struct aspace *as, bool write)
{
	return (write ? PROT_WRITE : PROT_READ) | (as->domain == FERN_DOMAIN_EL0 ? PROT_USER : 0);
}

static inline void aspace_tlb_clear(struct aspace *as)
{
	for (int i = 0; i < ASPACE_TLB; i++)
		as->tlb[i].va = ASPACE_TLB_EMPTY;
}

int aspace_translate_slow(struct aspace *as, uint64_t va, bool write, uint64_t *pa);
static inline int aspace_translate(struct aspace *as, uint64_t va, bool write, uint64_t *pa)
{
	uint64_t page = va & ~(uint64_t)(PAGE_SIZE - 1);
	struct aspace_tlb *e = &as->tlb[(va >> PAGE_SHIFT) % ASPACE_TLB];
	if (e->va == (page | 1) || (!write && e->va == page)) {
		*pa = e->pa | (va & (PAGE_SIZE - 1));
		return FERN_OK;
	}
	return aspace_translate_slow(as, va, write, pa);
}
/* Installs as (or the empty table, for kernel threads and the EL1 domain) in TTBR0 on c,
 * unless it is already there. */
static inline void aspace_activate_on(struct cpu *c, const struct aspace *as)
{
	uint64_t ttbr0 = as && as->domain == FERN_DOMAIN_EL0
			     ? arch_ttbr0_value(as->root_pa, as->asid)
			     : c->empty_ttbr0;
	if (ttbr0 != c->ttbr0) {
		arch_set_ttbr0(ttbr0);
		c->ttbr0 = ttbr0;
	}
}

static inline void aspace_activate(const struct aspace *as)
{
	aspace_activate_on(this_cpu(), as);
}

#endif
