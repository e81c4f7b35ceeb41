/* SPDX-License-Identifier: MIT */
/* The copy loop memcpy (string.S) and arch_copy_user (copy_user.S) share: len bytes from src
 * to dst, 64 a round in load/store pairs, then 16, then the last 8, 4, 2 and 1, whatever the
 * alignment of either side (with the MMU on, normal memory takes unaligned accesses, so there
 * is no byte loop). dst, src and len advance; x4..x11 are clobbered. Assembler only, and
 * self-contained: the programs' runtime assembles string.S too. */
#ifndef ARCH_COPY_LOOP_H
#define ARCH_COPY_LOOP_H
/* Assembler syntax, not C: */
/* clang-format off */
.macro copy_loop dst, src, len
	cmp	\len, #64
	b.lo	2f
1:	ldp	x4, x5, [\src]
	ldp	x6, x7, [\src, #16]
	ldp	x8, x9, [\src, #32]
	ldp	x10, x11, [\src, #48]
	add	\src, \src, #64
	stp	x4, x5, [\dst]
	stp	x6, x7, [\dst, #16]
	stp	x8, x9, [\dst, #32]
	stp	x10, x11, [\dst, #48]
	add	\dst, \dst, #64
	sub	\len, \len, #64
	cmp	\len, #64
	b.hs	1b
2:	cmp	\len, #16
	b.lo	3f
	ldp	x4, x5, [\src], #16
	stp	x4, x5, [\dst], #16
	sub	\len, \len, #16
	b	2b
3:	tbz	\len, #3, 4f
	ldr	x4, [\src], #8
	str	x4, [\dst], #8
4:	tbz	\len, #2, 5f
	ldr	w4, [\src], #4
	str	w4, [\dst], #4
5:	tbz	\len, #1, 6f
	ldrh	w4, [\src], #2
	strh	w4, [\dst], #2
6:	tbz	\len, #0, 7f
	ldrb	w4, [\src]
	strb	w4, [\dst]
7:
.endm

/* clang-format on */
#endif
