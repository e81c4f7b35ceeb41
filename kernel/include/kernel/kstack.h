/* SPDX-License-Identifier: MIT */
/* Thread kernel stacks: each in its own slot of the kernel stack region, above an unmapped
 * guard page range, so that an overflow faults (and is reported by name) instead of silently
 * writing over whatever lies below. Kernel lock held. */
#ifndef KERNEL_KSTACK_H
#define KERNEL_KSTACK_H

#include <stdint.h>

struct kstack {
	uint64_t base; /* lowest address of the stack (its top is base + KSTACK_SIZE) */
	void *pages;   /* the KSTACK_ORDER pages behind it, through the linear map */
	int slot;
};

/* Allocates and maps a zeroed stack. FERN_ERR_NO_MEMORY, FERN_ERR_TOO_MANY (no slot free). */
int kstack_alloc(struct kstack *out);
/* Unmaps and frees a stack from kstack_alloc (nobody may be running on it). */
void kstack_free(struct kstack *s);

#endif
