/* SPDX-License-Identifier: MIT */
/* System-call entry for EL1-domain programs: reached with blr from EL1t (program stack in
 * SP_EL0) with the svc register convention. Builds the same (slim) frame an svc does, so the
 * dispatcher, blocking and the return path are shared with EL0; returns with eret to x30. */
#include <arch/asm.h>
#include <arch/context.h>
#include <arch/trap.h>
#include <arch/trap_asm.h>

FUNC(el1_syscall_entry)
	msr	daifset, #2		/* the kernel runs with interrupts masked */
	msr	spsel, #1		/* onto this thread's kernel stack (SP_EL1) */
	sub	sp, sp, #TRAP_FRAME_SIZE
	stp	x0, x1, [sp, #16 * 0]
	syscall_save_args
	mrs	x0, sp_el0
	stp	x30, x0, [sp, #16 * 15]
	mov	x1, #SPSR_EL1T		/* return to EL1t, interrupts on */
	stp	x30, x1, [sp, #TRAP_FRAME_ELR]
	syscall_frame_record x30
	bl	syscall_entry
	b	syscall_return		/* vectors.S: the slim return, shared with svc */
END(el1_syscall_entry)
