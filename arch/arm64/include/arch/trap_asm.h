/* SPDX-License-Identifier: MIT */
/* Saving and restoring the general registers of a trap frame (included only from .S files). */
#ifndef ARCH_TRAP_ASM_H
#define ARCH_TRAP_ASM_H
/* Assembler syntax, not C: */
/* clang-format off */

/* Stores x2..x29 into the frame at sp (x0, x1, x30 and the rest are the caller's). */
.macro trap_save_x2_x29
	stp	x2, x3, [sp, #16 * 1]
	stp	x4, x5, [sp, #16 * 2]
	stp	x6, x7, [sp, #16 * 3]
	stp	x8, x9, [sp, #16 * 4]
	stp	x10, x11, [sp, #16 * 5]
	stp	x12, x13, [sp, #16 * 6]
	stp	x14, x15, [sp, #16 * 7]
	stp	x16, x17, [sp, #16 * 8]
	stp	x18, x19, [sp, #16 * 9]
	stp	x20, x21, [sp, #16 * 10]
	stp	x22, x23, [sp, #16 * 11]
	stp	x24, x25, [sp, #16 * 12]
	stp	x26, x27, [sp, #16 * 13]
	stp	x28, x29, [sp, #16 * 14]
.endm

/* The rest of a system call's slim frame after x0/x1: arguments x2..x5 and the number x8. */
.macro syscall_save_args
	stp	x2, x3, [sp, #16 * 1]
	stp	x4, x5, [sp, #16 * 2]
	str	x8, [sp, #16 * 4]
.endm

/* A call-frame record {x29, return address} for backtraces, kept in the slim frame's x28/x29
 * slots (a slim frame does not save x19..x29: the kernel's C code preserves them); then
 * x0 = the frame, the argument of syscall_entry. */
.macro syscall_frame_record ret
	stp	x29, \ret, [sp, #16 * 14]
	add	x29, sp, #16 * 14
	mov	x0, sp
.endm

/* clang-format on */
#endif
