/* SPDX-License-Identifier: MIT */
/* The trap frame saved by vectors.S on every exception, and the trap entry points. */
#ifndef ARCH_TRAP_H
#define ARCH_TRAP_H

#define TRAP_FRAME_SIZE (36 * 8)
#define TRAP_FRAME_SP   (31 * 8)
#define TRAP_FRAME_ELR  (32 * 8)
#define TRAP_FRAME_SPSR (33 * 8)
#define TRAP_FRAME_ESR  (34 * 8)
#define TRAP_FRAME_FAR  (35 * 8)

#ifndef __ASSEMBLY__
#include <stdint.h>

struct trap_frame {
	uint64_t x[31]; /* x0..x30 (x29 = frame pointer, x30 = link register) */
	uint64_t sp;    /* stack pointer of the interrupted context */
	uint64_t elr;   /* where it was interrupted */
	uint64_t spsr;
	uint64_t esr;
	uint64_t far;
};
_Static_assert(sizeof(struct trap_frame) == TRAP_FRAME_SIZE, "trap frame layout");

/* Vector slots in VBAR order: {EL1t, EL1h, EL0 AArch64, EL0 AArch32} x {sync, irq, fiq, serror}. */
enum trap_kind {
	TRAP_EL1T_SYNC,
	TRAP_EL1T_IRQ,
	TRAP_EL1T_FIQ,
	TRAP_EL1T_SERROR,
	TRAP_EL1H_SYNC,
	TRAP_EL1H_IRQ,
	TRAP_EL1H_FIQ,
	TRAP_EL1H_SERROR,
	TRAP_EL0_SYNC,
	TRAP_EL0_IRQ,
	TRAP_EL0_FIQ,
	TRAP_EL0_SERROR,
	TRAP_EL0_32_SYNC,
	TRAP_EL0_32_IRQ,
	TRAP_EL0_32_FIQ,
	TRAP_EL0_32_SERROR,
};

/* Called from vectors.S with the saved frame; returns to resume it. */
void trap_dispatch(struct trap_frame *frame, unsigned kind);

/* Human-readable exception class of an ESR value, e.g. "data abort (same EL)". */
const char *trap_class_name(uint64_t esr);

/* Prints the fault report (class, ESR, FAR, ELR, registers, backtrace) to the kernel log. */
void trap_report(const struct trap_frame *frame, const char *what);
#endif

#endif
