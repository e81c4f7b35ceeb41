/* SPDX-License-Identifier: MIT */
/* Copies between kernel memory and a program's memory. The caller has checked that the
 * program's range lies inside its address space; a fault inside these routines (an unmapped
 * or read-only page) is turned into FERN_ERR_FAULT by trap.c instead of a kernel fault. */
#include <arch/asm.h>

#define FERN_ERR_FAULT -12

	.global	copy_user_begin, copy_user_end
copy_user_begin:

/* long arch_copy_user(void *dst, const void *src, size_t len): 0 or FERN_ERR_FAULT. */
FUNC(arch_copy_user)
	orr	x3, x0, x1
	tst	x3, #15
	b.ne	2f
1:	cmp	x2, #16
	b.lo	2f
	ldp	x4, x5, [x1], #16
	stp	x4, x5, [x0], #16
	sub	x2, x2, #16
	b	1b
2:	cbz	x2, 3f
	ldrb	w4, [x1], #1
	strb	w4, [x0], #1
	sub	x2, x2, #1
	b	2b
3:	mov	x0, #0
	ret
END(arch_copy_user)

copy_user_end:

/* trap.c resumes a faulting copy here. */
FUNC(arch_copy_user_fault)
	mov	x0, #FERN_ERR_FAULT
	ret
END(arch_copy_user_fault)
