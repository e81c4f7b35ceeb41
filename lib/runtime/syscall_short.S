/* SPDX-License-Identifier: MIT */
/* fern_syscall_regs: a system call whose message travels in x1..x5 both ways (the short IPC
 * path): x1 = type | call_id << 32, x2..x5 = words. */

/*
 * int64_t fern_syscall_regs(number, handle, const struct fern_short_msg *in (or NULL),
 *                           struct fern_short_msg *out)
 * struct fern_short_msg is { uint32 type; uint32 call_id; uint64 word[4]; }.
 */
	.section .text.fern_syscall_regs, "ax", %progbits
	.global	fern_syscall_regs
	.type	fern_syscall_regs, %function
	.p2align 4
fern_syscall_regs:
	stp	x29, x30, [sp, #-32]!
	mov	x29, sp
	str	x3, [sp, #16]
	mov	x8, x0
	mov	x0, x1
	mov	x10, x2
	mov	x1, #0
	mov	x2, #0
	mov	x3, #0
	mov	x4, #0
	mov	x5, #0
	cbz	x10, 1f
	ldp	w1, w9, [x10]
	orr	x1, x1, x9, lsl #32
	ldp	x2, x3, [x10, #8]
	ldp	x4, x5, [x10, #24]
1:	adrp	x9, fern_rt_syscall_entry
	ldr	x9, [x9, :lo12:fern_rt_syscall_entry]
	cbnz	x9, 2f
	svc	#0
	b	3f
2:	blr	x9
3:	ldr	x10, [sp, #16]
	str	w1, [x10]
	lsr	x1, x1, #32
	str	w1, [x10, #4]
	stp	x2, x3, [x10, #8]
	stp	x4, x5, [x10, #24]
	ldp	x29, x30, [sp], #32
	ret
	.size	fern_syscall_regs, . - fern_syscall_regs
