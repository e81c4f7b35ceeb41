/* SPDX-License-Identifier: MIT */
/* Copies between kernel memory and a program's memory. The caller has checked that the
 * program's range lies inside its address space; a fault inside these routines (an unmapped
 * or read-only page) is turned into FERN_ERR_FAULT by trap.c instead of a kernel fault. */
#include <arch/asm.h>

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
	cmp	x2, #64
	b.lo	2f
1:	ldp	x4, x5, [x1]
	ldp	x6, x7, [x1, #16]
	ldp	x8, x9, [x1, #32]
	ldp	x10, x11, [x1, #48]
	add	x1, x1, #64
	stp	x4, x5, [x0]
	stp	x6, x7, [x0, #16]
	stp	x8, x9, [x0, #32]
	stp	x10, x11, [x0, #48]
	add	x0, x0, #64
	sub	x2, x2, #64
	cmp	x2, #64
	b.hs	1b
2:	cmp	x2, #16
	b.lo	3f
	ldp	x4, x5, [x1], #16
	stp	x4, x5, [x0], #16
	sub	x2, x2, #16
	b	2b
3:	tbz	x2, #3, 4f
	ldr	x4, [x1], #8
	str	x4, [x0], #8
4:	tbz	x2, #2, 5f
	ldr	w4, [x1], #4
	str	w4, [x0], #4
5:	tbz	x2, #1, 6f
	ldrh	w4, [x1], #2
	strh	w4, [x0], #2
6:	tbz	x2, #0, 7f
	ldrb	w4, [x1]
	strb	w4, [x0]
7:	mov	x0, #0
	ret
END(arch_copy_user)

copy_user_end:

/* trap.c resumes a faulting copy here. */
FUNC(arch_copy_user_fault)
	mov	x0, #FERN_ERR_FAULT
	ret
END(arch_copy_user_fault)
