/* SPDX-License-Identifier: MIT */
/* fern_syscall: the one way into the kernel, by svc (EL0 domain) or by a call (EL1 domain). */

/*
 * int64_t fern_syscall(number, a0, a1, a2, a3, a4, a5). fern_rt_syscall_entry is 0 in the EL0
 * domain and the kernel's entry in the EL1 domain (set once by fern_runtime_start). That entry
 * may clobber every caller-saved register, which the C caller already assumes of us, but also
 * x30, which we need to return: hence the frame on that path only.
 */
	.section .text.fern_syscall, "ax", %progbits
	.global	fern_syscall
	.type	fern_syscall, %function
	.p2align 4
fern_syscall:
	.cfi_startproc
	mov	x8, x0
	mov	x0, x1
	mov	x1, x2
	mov	x2, x3
	mov	x3, x4
	mov	x4, x5
	mov	x5, x6
	adrp	x9, fern_rt_syscall_entry
	ldr	x9, [x9, :lo12:fern_rt_syscall_entry]
	cbnz	x9, 1f
	svc	#0
	ret
1:	stp	x29, x30, [sp, #-16]!
	.cfi_def_cfa_offset 16
	.cfi_offset x29, -16
	.cfi_offset x30, -8
	mov	x29, sp
	blr	x9
	ldp	x29, x30, [sp], #16
	.cfi_def_cfa_offset 0
	.cfi_restore x29
	.cfi_restore x30
	ret
	.cfi_endproc
	.size	fern_syscall, . - fern_syscall
