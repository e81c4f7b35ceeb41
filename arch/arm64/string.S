/* SPDX-License-Identifier: MIT */
/* memcpy and memset: 16 bytes per load/store pair whatever the alignment (with the MMU on,
 * normal memory takes unaligned accesses), no byte loops. The kernel's (and libfdt's in it):
 * they replace the portable ones in lib/string, which are weak. The programs' too: the
 * runtime links this file ahead of picolibc, whose own copy moves a byte at a time.
 * Self-contained (no includes), as both builds assemble it. */
#include "copy_loop.h"

#define FUNC(name) .global name; .type name, %function; name:
#define END(name) .size name, . - name

/* void *memcpy(void *dst, const void *src, size_t n): 64 bytes a round, then 16, then the
 * tail in at most four moves. */
FUNC(memcpy)
	mov	x3, x0
	copy_loop x3, x1, x2
	ret
END(memcpy)

/* void *memset(void *s, int c, size_t n) */
FUNC(memset)
	and	x1, x1, #0xff
	mov	x4, #0x0101010101010101
	mul	x1, x1, x4
	mov	x3, x0
	cmp	x2, #64
	b.lo	2f
1:	stp	x1, x1, [x3]
	stp	x1, x1, [x3, #16]
	stp	x1, x1, [x3, #32]
	stp	x1, x1, [x3, #48]
	add	x3, x3, #64
	sub	x2, x2, #64
	cmp	x2, #64
	b.hs	1b
2:	cmp	x2, #16
	b.lo	3f
	stp	x1, x1, [x3], #16
	sub	x2, x2, #16
	b	2b
3:	tbz	x2, #3, 4f
	str	x1, [x3], #8
4:	tbz	x2, #2, 5f
	str	w1, [x3], #4
5:	tbz	x2, #1, 6f
	strh	w1, [x3], #2
6:	tbz	x2, #0, 7f
	strb	w1, [x3]
7:	ret
END(memset)
