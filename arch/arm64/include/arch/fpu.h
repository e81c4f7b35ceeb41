/* SPDX-License-Identifier: MIT */
/* Lazy FP/SIMD switching: a thread's registers are loaded on its first FP/SIMD instruction
 * after a switch (the access traps), and saved only when another thread needs the unit. */
#ifndef ARCH_FPU_H
#define ARCH_FPU_H

#include <kernel/cpu.h>
#include <stdbool.h>

struct thread;
struct trap_frame;

/* Traps or untraps FP/SIMD access (CPACR_EL1.FPEN) on c. */
void arch_fp_set_access(struct cpu *c, bool on);

/* Called when next is about to run: FP/SIMD is untrapped only if next owns the registers. */
static inline void arch_fp_switch(struct cpu *c, struct thread *next)
{
	bool on = c->fp_owner == next;
	if (c->fp_enabled != on)
		arch_fp_set_access(c, on);
}
/* Handles an FP/SIMD access trap (ESR class 0x07) from any level: loads the current thread's
 * state, saving the previous owner's. Returns 1 if the frame was such a trap. */
int arch_fp_trap(const struct trap_frame *frame);
/* Forgets t as the owner (t is being freed). */
void arch_fp_forget(struct thread *t);
/* Makes the current thread (the boot flow) the owner, FP/SIMD untrapped: boot only. */
void arch_fp_init(void);

#endif
