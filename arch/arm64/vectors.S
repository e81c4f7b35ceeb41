/* SPDX-License-Identifier: MIT */
/* EL1 exception vector table: every entry saves a full trap frame and calls trap_dispatch. */
#include <arch/asm.h>
#include <arch/memlayout.h>
#include <arch/trap.h>
#include <arch/trap_asm.h>

/* Each 0x80-byte slot saves x0/x1, loads its kind into x1 and jumps to the common save.
 * from_el0 = 1 for slots whose interrupted code runs on SP_EL0: EL0 programs and EL1-domain
 * programs (EL1t). Their frames save and restore SP_EL0; kernel code (EL1h) uses SP_EL1. */
.macro vector kind, from_el0
	.balign	0x80
	sub	sp, sp, #TRAP_FRAME_SIZE
	stp	x0, x1, [sp, #16 * 0]
	mov	x1, #\kind
	b	trap_common_\from_el0
.endm

/* Saves x2-x30, the interrupted SP, ELR, SPSR, ESR and FAR, then calls trap_dispatch(frame,
 * kind) with a fake call frame so backtraces continue into the interrupted code. */
.macro trap_common from_el0
trap_common_\from_el0:
	trap_save_x2_x29
.if \from_el0
	mrs	x0, sp_el0
.else
	add	x0, sp, #TRAP_FRAME_SIZE
.endif
	stp	x30, x0, [sp, #16 * 15]
	mrs	x0, elr_el1
	mrs	x2, spsr_el1
	stp	x0, x2, [sp, #TRAP_FRAME_ELR]
	mrs	x2, esr_el1
	mrs	x3, far_el1
	stp	x2, x3, [sp, #TRAP_FRAME_ESR]
	stp	x29, x0, [sp, #-16]!
	mov	x29, sp
	add	x0, sp, #16
	bl	trap_dispatch
	add	sp, sp, #16
.if \from_el0
	.global	trap_return_program
trap_return_program:		/* sp = a program's trap frame */
.endif
	trap_restore \from_el0
.endm

.macro trap_restore from_el0
	ldp	x0, x1, [sp, #TRAP_FRAME_ELR]
	msr	elr_el1, x0
	msr	spsr_el1, x1
.if \from_el0
	ldr	x0, [sp, #TRAP_FRAME_SP]
	msr	sp_el0, x0
.endif
	ldp	x0, x1, [sp, #16 * 0]
	ldp	x2, x3, [sp, #16 * 1]
	ldp	x4, x5, [sp, #16 * 2]
	ldp	x6, x7, [sp, #16 * 3]
	ldp	x8, x9, [sp, #16 * 4]
	ldp	x10, x11, [sp, #16 * 5]
	ldp	x12, x13, [sp, #16 * 6]
	ldp	x14, x15, [sp, #16 * 7]
	ldp	x16, x17, [sp, #16 * 8]
	ldp	x18, x19, [sp, #16 * 9]
	ldp	x20, x21, [sp, #16 * 10]
	ldp	x22, x23, [sp, #16 * 11]
	ldp	x24, x25, [sp, #16 * 12]
	ldp	x26, x27, [sp, #16 * 13]
	ldp	x28, x29, [sp, #16 * 14]
	ldr	x30, [sp, #16 * 15]
	add	sp, sp, #TRAP_FRAME_SIZE
	eret
.endm

	.section .text.vectors, "ax"
	.balign	0x800
FUNC(exception_vectors)	/* slot numbers are enum trap_kind (trap.h) */
	vector 0, 1
	vector 1, 1
	vector 2, 1
	vector 3, 1
	/* EL1h synchronous: a kernel fault, or a kernel stack run into its guard page. The frame
	 * would land in the guard (bit KSTACK_GUARD_BIT of its address clear: memlayout.h), so
	 * test before storing anything: swap sp and x0 through additions (no other register is
	 * free), test, and swap back. */
	.balign	0x80
	sub	sp, sp, #TRAP_FRAME_SIZE
	add	sp, sp, x0		/* sp = frame + x0 */
	sub	x0, sp, x0		/* x0 = frame */
	tbz	x0, #KSTACK_GUARD_BIT, kernel_stack_overflow
	sub	x0, sp, x0		/* x0 = x0 again */
	sub	sp, sp, x0		/* sp = frame */
	stp	x0, x1, [sp, #16 * 0]
	mov	x1, #4
	b	trap_common_0
	vector 5, 0
	vector 6, 0
	vector 7, 0
	/* EL0 synchronous: system calls take the slim path, everything else the full one. */
	.balign	0x80
	sub	sp, sp, #TRAP_FRAME_SIZE
	stp	x0, x1, [sp, #16 * 0]
	mrs	x0, esr_el1
	ubfx	x0, x0, #26, #6
	cmp	x0, #0x15		/* SVC from AArch64 */
	b.eq	svc_from_el0
	mov	x1, #8
	b	trap_common_1
	vector 9, 1
	vector 10, 1
	vector 11, 1
	vector 12, 1
	vector 13, 1
	vector 14, 1
	vector 15, 1
END(exception_vectors)

	trap_common 0
	trap_common 1

/* A kernel stack overflowed into its guard page: nothing more can go on that stack, so move
 * to this CPU's overflow stack (indexed by struct cpu.id, the first field of TPIDR_EL1's
 * struct cpu) and report. x0, x1 and sp are lost; ELR, FAR and ESR still say where. */
kernel_stack_overflow:
	mrs	x0, tpidr_el1
	ldr	w0, [x0]
	add	x0, x0, #1
	lsl	x0, x0, #OVERFLOW_STACK_SHIFT	/* the top of stack number id */
	adr_l	x1, overflow_stacks
	add	x0, x0, x1
	mov	sp, x0
	mov	x29, xzr		/* the old frames are in the guard's way: no backtrace */
	bl	arch_kernel_stack_overflow
	b	.

	/* Per-CPU data: each CPU's stack for reporting a kernel stack overflow. */
	.pushsection .bss.overflow_stacks, "aw", %nobits
	.balign	16
overflow_stacks:
	.space	(1 << OVERFLOW_STACK_SHIFT) * OVERFLOW_STACKS
	.popsection

/*
 * System calls from EL0. The ABI (fern/abi.h) lets a system call clobber the caller-saved
 * registers, so only what the kernel reads or must give back is saved: x0..x5 (arguments and
 * results), x8 (number), x30, SP_EL0, ELR and SPSR. x19..x29 come back intact because the
 * kernel's C code preserves them; x6..x18 are zeroed on return so that no kernel value leaks.
 */
svc_from_el0:
	syscall_save_args
	mrs	x0, sp_el0
	stp	x30, x0, [sp, #16 * 15]
	mrs	x0, elr_el1
	mrs	x1, spsr_el1
	stp	x0, x1, [sp, #TRAP_FRAME_ELR]
	syscall_frame_record x0
	bl	syscall_entry
	.global	syscall_return
syscall_return:			/* sp = the frame of a system call */
	ldp	x0, x1, [sp, #TRAP_FRAME_ELR]
	msr	elr_el1, x0
	msr	spsr_el1, x1
	ldr	x0, [sp, #TRAP_FRAME_SP]
	msr	sp_el0, x0
	ldr	x30, [sp, #16 * 15]
	ldp	x4, x5, [sp, #16 * 2]
	ldp	x2, x3, [sp, #16 * 1]
	ldp	x0, x1, [sp, #16 * 0]
	mov	x6, xzr
	mov	x7, xzr
	mov	x8, xzr
	mov	x9, xzr
	mov	x10, xzr
	mov	x11, xzr
	mov	x12, xzr
	mov	x13, xzr
	mov	x14, xzr
	mov	x15, xzr
	mov	x16, xzr
	mov	x17, xzr
	mov	x18, xzr
	add	sp, sp, #TRAP_FRAME_SIZE
	eret
