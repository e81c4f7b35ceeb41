/* SPDX-License-Identifier: MIT */
/* Lazy FP/SIMD switching: a thread's registers are loaded on its first FP/SIMD instruction
 * after a switch (the access traps), and saved only when another thread needs the unit. */
#ifndef ARCH_FPU_H
#define ARCH_FPU_H

#include <kernel/cpu.h>
#include <kernel/thread.h>
#include <stdbool.h>

struct thread;
struct trap_frame;

/* Traps or untraps FP/SIMD access (CPACR_EL1.FPEN) on c. */
void arch_fp_set_access(struct cpu *c, bool on);

/* Gives the registers to next, saving the previous owner's (next uses FP/SIMD). */
void arch_fp_load(struct cpu *c, struct thread *next);

/* Called when next is about to run. A thread that has used FP/SIMD gets its registers loaded
 * now: programs that talk over IPC mostly both do (picolibc, struct copies), and a trap on
 * each switch would cost more than the load. Others run with FP/SIMD trapped, unless they own
 * the registers already. */
static inline void arch_fp_switch(struct cpu *c, struct thread *next)
{
	if (c->fp_owner != next && next->fp.used) {
		arch_fp_load(c, next);
		return;
	}
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
