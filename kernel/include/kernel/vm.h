/* SPDX-License-Identifier: MIT */
/* The kernel's address space: image (W^X), linear map of RAM, device windows. */
#ifndef KERNEL_VM_H
#define KERNEL_VM_H

#include <arch/memlayout.h>
#include <arch/spinlock.h>
#include <stdbool.h>
#include <stdint.h>

struct board;

#define ASID_COUNT 65536

struct pt_ops;

struct vm_state {
	uint64_t root_pa;       /* kernel (TTBR1) table root */
	uint64_t empty_root_pa; /* an all-invalid TTBR0 table for kernel threads and EL1 */
	uint64_t asid_used[ASID_COUNT / 64]; /* ASIDs in use by EL0 address spaces (kernel lock) */
	int asid_hint;
	uint64_t el1_windows; /* EL1-domain windows in use (kernel lock) */
	uint64_t mmio_next;   /* next free virtual address in the device window */
	uint64_t kstack_used[KSTACK_SLOTS / 64]; /* kernel stack slots in use (kernel lock) */
	int kstack_hint;                         /* where to look for a free slot (kernel lock) */
	bool pmm_ready; /* table pages come from the pmm once it is up, else the boot pool */
	struct spinlock lock;
};

/* Builds the final kernel tables (image W^X, linear map of every bank except no-map
 * reservations, the early console and DTB windows) and switches to them. Boot only.
 * Errors: FERN_ERR_NO_MEMORY (boot table pool), FERN_ERR_RANGE (RAM beyond the linear map). */
int vm_init_kernel(const struct board *board);
/* Table operations for program mappings (EL0 tables and EL1-domain windows): page-sized
 * entries only, table pages from the pmm (or the boot pool) reached via the linear map. */
const struct pt_ops *vm_pt_ops(void);

/* Maps [va, va + size) of the kernel's own regions (the kernel stack slots) to RAM at pa,
 * read/write, never executable. FERN_ERR_NO_MEMORY (tables), FERN_ERR_BUSY (mapped). */
int vm_map_kernel(uint64_t va, uint64_t pa, uint64_t size);
/* Removes such a mapping (its tables stay, for the next one). */
void vm_unmap_kernel(uint64_t va, uint64_t size);

/* Maps device registers [pa, pa + size) as Device-nGnRE; returns the virtual address of pa,
 * or NULL (out of window or memory). */
void *vm_map_mmio(uint64_t pa, uint64_t size);

static inline void *phys_to_virt(uint64_t pa)
{
	return (void *)(pa + LINEAR_BASE);
}

static inline uint64_t virt_to_phys(const void *va)
{
	return (uint64_t)va - LINEAR_BASE;
}

#endif
