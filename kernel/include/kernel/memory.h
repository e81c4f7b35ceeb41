/* SPDX-License-Identifier: MIT */
/* Boot-time setup of the page allocator from the discovered banks and reservations. */
#ifndef KERNEL_MEMORY_H
#define KERNEL_MEMORY_H

#include <stdint.h>

struct board;

/* Hands every page of every bank, minus every reservation, to the pmm; places the pmm's
 * bookkeeping in RAM itself. Needs the linear map. Errors: FERN_ERR_NO_MEMORY (no room for
 * bookkeeping), and those of pmm_add_region / range_subtract. */
int memory_init(const struct board *board);

/* Bytes of RAM used for the pmm's bookkeeping. */
uint64_t memory_meta_bytes(void);

#endif
