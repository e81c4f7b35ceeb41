/* SPDX-License-Identifier: MIT */
/* Copies between kernel memory and a program's memory. The caller has checked that the
 * program's range lies inside its address space; a fault inside these routines (an unmapped
 * or read-only page) is turned into FERN_ERR_FAULT by trap.c instead of a kernel fault. */
#include <arch/asm.h>
#include "copy_loop.h"

#define FERN_ERR_FAULT -12

	.global	copy_user_begin, copy_user_end
copy_user_begin:

/*
 * long arch_copy_user(void *dst, const void *src, size_t len): 0 or FERN_ERR_FAULT.
 * 64 bytes a round in load/store pairs, then 16, then the last 8, 4, 2 and 1, whatever the
 * alignment of either side: with the MMU on, normal memory takes unaligned accesses
 * (SCTLR_EL1.A is clear), so there is no byte loop. (A program's device memory does not:
 * pointing a system call at it faults the copy, and the call returns FERN_ERR_FAULT.)
 */
FUNC(arch_copy_user)
	copy_loop x0, x1, x2
	mov	x0, #0
	ret
END(arch_copy_user)

copy_user_end:

/* trap.c resumes a faulting copy here. */
FUNC(arch_copy_user_fault)
	mov	x0, #FERN_ERR_FAULT
	ret
END(arch_copy_user_fault)
