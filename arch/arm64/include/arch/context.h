/* SPDX-License-Identifier: MIT */
/* Per-thread CPU state kept while a thread is switched out, and how threads start. */
#ifndef ARCH_CONTEXT_H
#define ARCH_CONTEXT_H

#define CTX_X19       0
#define CTX_SP        (12 * 8) /* after x19..x29 (11) and x30 */
#define CTX_TPIDR     (13 * 8)
#define CTX_SIZE      (14 * 8)
#define FP_STATE_SIZE (32 * 16 + 32)

/* SPSR values for entering programs: EL0t, or EL1t (EL1 running on SP_EL0); interrupts on. */
#define SPSR_EL0T 0x0
#define SPSR_EL1T 0x4

#ifndef __ASSEMBLY__
#include <arch/trap.h>
#include <stdint.h>

/* Callee-saved registers of a switched-out thread (the rest are on its kernel stack). */
struct arch_context {
	uint64_t x19_x29[11];
	uint64_t lr;        /* where the thread resumes */
	uint64_t sp;        /* its kernel stack pointer */
	uint64_t tpidr_el0; /* a program's thread pointer (TLS) */
};
_Static_assert(sizeof(struct arch_context) == CTX_SIZE, "context layout");

/* FP/SIMD registers: saved and restored on every switch, for every thread (programs and
 * libfdt use them; the kernel's own code never does). */
struct fp_state {
	__uint128_t v[32];
	uint64_t fpsr, fpcr;
	uint64_t used; /* the thread has touched FP/SIMD: load its registers eagerly (fpu.h) */
	uint64_t reserved;
} __attribute__((aligned(16)));
_Static_assert(sizeof(struct fp_state) == FP_STATE_SIZE, "fp state layout");

/* Saves the current callee-saved registers into from and resumes to. Returns when something
 * switches back to from. */
void arch_context_switch(struct arch_context *from, struct arch_context *to);
void arch_fp_save(struct fp_state *fp);
void arch_fp_restore(const struct fp_state *fp);

/* Prepares ctx so that the first switch to it calls entry(arg) on the stack ending at
 * stack_top, through thread_start_kernel (generic code, see thread.c). */
void arch_context_init(struct arch_context *ctx, uint64_t stack_top, void (*entry)(void *),
		       void *arg);

/* Fills a trap frame that enters a program at pc with x0 = arg and stack pointer sp,
 * at EL0 (el1 false) or in the EL1 domain (EL1t). */
void arch_frame_init_program(struct trap_frame *frame, uint64_t pc, uint64_t sp, uint64_t arg,
			     int el1);

/* Leaves the kernel into the program whose trap frame is frame (never returns). */
__attribute__((noreturn)) void arch_enter_program(struct trap_frame *frame);

/* Where the thread entered the kernel from: a program (EL0 or EL1t) or kernel code. */
static inline int arch_frame_from_program(const struct trap_frame *f)
{
	return (f->spsr & 0xf) == SPSR_EL0T || (f->spsr & 0xf) == SPSR_EL1T;
}
#endif

#endif
