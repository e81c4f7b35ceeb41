/* SPDX-License-Identifier: MIT */
/* Thread switching, FP/SIMD save/restore, and the first entry into programs. */
#include <arch/asm.h>
#include <arch/context.h>
#include <arch/trap.h>

/* arch_context_switch(from, to): callee-saved registers, sp, lr and TPIDR_EL0. */
FUNC(arch_context_switch)
	stp	x19, x20, [x0, #0]
	stp	x21, x22, [x0, #16]
	stp	x23, x24, [x0, #32]
	stp	x25, x26, [x0, #48]
	stp	x27, x28, [x0, #64]
	stp	x29, x30, [x0, #80]
	mov	x9, sp
	mrs	x10, tpidr_el0
	stp	x9, x10, [x0, #CTX_SP]
	ldp	x19, x20, [x1, #0]
	ldp	x21, x22, [x1, #16]
	ldp	x23, x24, [x1, #32]
	ldp	x25, x26, [x1, #48]
	ldp	x27, x28, [x1, #64]
	ldp	x29, x30, [x1, #80]
	ldp	x9, x10, [x1, #CTX_SP]
	mov	sp, x9
	msr	tpidr_el0, x10
	ret
END(arch_context_switch)

FUNC(arch_fp_save)
	stp	q0, q1, [x0, #16 * 0]
	stp	q2, q3, [x0, #16 * 2]
	stp	q4, q5, [x0, #16 * 4]
	stp	q6, q7, [x0, #16 * 6]
	stp	q8, q9, [x0, #16 * 8]
	stp	q10, q11, [x0, #16 * 10]
	stp	q12, q13, [x0, #16 * 12]
	stp	q14, q15, [x0, #16 * 14]
	stp	q16, q17, [x0, #16 * 16]
	stp	q18, q19, [x0, #16 * 18]
	stp	q20, q21, [x0, #16 * 20]
	stp	q22, q23, [x0, #16 * 22]
	stp	q24, q25, [x0, #16 * 24]
	stp	q26, q27, [x0, #16 * 26]
	stp	q28, q29, [x0, #16 * 28]
	stp	q30, q31, [x0, #16 * 30]
	mrs	x1, fpsr
	mrs	x2, fpcr
	add	x0, x0, #16 * 32
	stp	x1, x2, [x0]
	ret
END(arch_fp_save)

FUNC(arch_fp_restore)
	ldp	q0, q1, [x0, #16 * 0]
	ldp	q2, q3, [x0, #16 * 2]
	ldp	q4, q5, [x0, #16 * 4]
	ldp	q6, q7, [x0, #16 * 6]
	ldp	q8, q9, [x0, #16 * 8]
	ldp	q10, q11, [x0, #16 * 10]
	ldp	q12, q13, [x0, #16 * 12]
	ldp	q14, q15, [x0, #16 * 14]
	ldp	q16, q17, [x0, #16 * 16]
	ldp	q18, q19, [x0, #16 * 18]
	ldp	q20, q21, [x0, #16 * 20]
	ldp	q22, q23, [x0, #16 * 22]
	ldp	q24, q25, [x0, #16 * 24]
	ldp	q26, q27, [x0, #16 * 26]
	ldp	q28, q29, [x0, #16 * 28]
	ldp	q30, q31, [x0, #16 * 30]
	add	x0, x0, #16 * 32
	ldp	x1, x2, [x0]
	msr	fpsr, x1
	msr	fpcr, x2
	ret
END(arch_fp_restore)

/* First switch to a new thread lands here with x19 = entry, x20 = arg. */
FUNC(arch_thread_trampoline)
	mov	x29, xzr
	mov	x0, x19
	mov	x1, x20
	bl	thread_start_kernel	/* generic: finishes the switch, runs entry(arg) */
	b	.
END(arch_thread_trampoline)

/* arch_enter_program(frame): sp = frame, then the common trap return (restores SP_EL0). */
FUNC(arch_enter_program)
	mov	sp, x0
	b	trap_return_program
END(arch_enter_program)
