/* SPDX-License-Identifier: MIT */
/* Memory objects: anonymous zeroed memory, physically contiguous (DMA) memory, and MMIO ranges
 * (created only by the kernel's startup code). Guarded by the kernel lock. */
#ifndef KERNEL_VMO_H
#define KERNEL_VMO_H

#include <kernel/object.h>
#include <stdint.h>

#define VMO_MAX_SIZE (256ull << 20)

enum vmo_kind { VMO_ANON, VMO_CONTIGUOUS, VMO_MMIO };

struct vmo {
	struct kobject obj;
	enum vmo_kind kind;
	uint64_t size;       /* bytes, page multiple */
	uint64_t phys;       /* CONTIGUOUS and MMIO: base physical address */
	unsigned order;      /* CONTIGUOUS: pmm block order */
	uint64_t *pages;     /* ANON: physical address of each page, 0 until first touched */
	uint64_t committed;  /* ANON: pages allocated so far */
	uint64_t pages_size; /* bytes of the pages array */
	/* Live mappings that can write it / execute it (kernel lock). Programs never get both at
	 * once (aspace_map): W^X holds per object, not only per mapping. */
	uint32_t writable_maps, exec_maps;
};

/* Creates a zeroed anonymous or contiguous VMO; an anonymous one gets its pages as they are
 * first touched (vmo_commit_page). Errors: FERN_ERR_INVALID (size 0 or over VMO_MAX_SIZE),
 * FERN_ERR_NO_MEMORY. The caller owns the one reference. */
int vmo_create(uint64_t size, int contiguous, struct vmo **out);
/* Creates an MMIO VMO for [phys, phys + size). Kernel use only: never reachable from a system
 * call with a caller-chosen address. */
int vmo_create_mmio(uint64_t phys, uint64_t size, struct vmo **out);
/* Physical address of the page at offset (page-aligned, < size); 0 for an anonymous page not
 * yet touched. */
uint64_t vmo_page_phys(const struct vmo *v, uint64_t offset);
/* The page at offset, allocated (zeroed) first if it is an anonymous page not yet touched.
 * FERN_ERR_NO_MEMORY. */
int vmo_commit_page(struct vmo *v, uint64_t offset, uint64_t *pa);
/* Allocates every page not yet allocated, in steps that let other threads run
 * (sched_breathe). FERN_ERR_NO_MEMORY (the pages allocated so far stay), FERN_ERR_CANCELED
 * (the calling thread was killed meanwhile). */
int vmo_commit_all(struct vmo *v);

#endif
