/* SPDX-License-Identifier: MIT */
/* Kernel object memory: power-of-two size classes (32 B .. 2 KiB) in slab pages from the pmm,
 * which go back to the pmm when they empty, and whole pages above that. Zeroed on allocation.
 * Guarded by its own leaf lock. */
#ifndef KERNEL_KALLOC_H
#define KERNEL_KALLOC_H

#include <arch/spinlock.h>
#include <kernel/pmm.h>
#include <stddef.h>
#include <stdint.h>

#define KALLOC_CLASSES 7 /* 32, 64, ..., 2048 bytes */

struct pmm_page;

struct kalloc_state {
	pmm_link partial[KALLOC_CLASSES]; /* slabs with free objects (lock) */
	uint64_t bytes_in_use;            /* by live allocations, rounded to their class (lock) */
	uint64_t slab_pages;              /* pages held as slabs (lock) */
	struct spinlock lock;
};

/* Returns zeroed memory for size bytes (aligned to min(size class, 4096)), or NULL. */
void *kalloc(size_t size);
/* Like kalloc, without zeroing: for buffers about to be overwritten whole (message data). */
void *kalloc_raw(size_t size);
/* Frees memory from kalloc; size must be what was asked for. */
void kfree(void *p, size_t size);
uint64_t kalloc_bytes_in_use(void);

/* Physically contiguous, zeroed pages (2^order) through the linear map; NULL when out of
 * memory. Also counted by the pmm. */
void *page_alloc(unsigned order);
void page_free(void *p, unsigned order);

#endif
