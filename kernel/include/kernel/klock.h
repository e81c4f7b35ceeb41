/* SPDX-License-Identifier: MIT */
/* The kernel lock: guards the scheduler, every kernel object, handle tables and address
 * spaces. Kernel code runs with it held and interrupts masked from entry (system call,
 * exception, interrupt) to exit, so system calls are atomic with respect to each other on
 * every CPU. Leaf locks (log, pmm, kalloc) nest inside it. Code that runs with interrupts
 * enabled (the idle loop, kernel threads between operations) never holds it. Inline: it is
 * taken on every system call. */
#ifndef KERNEL_KLOCK_H
#define KERNEL_KLOCK_H

#include <arch/spinlock.h>
#include <kernel/arch.h>
#include <kernel/cpu.h>
#include <stdbool.h>

struct klock {
	struct spinlock lock;
	struct cpu *owner; /* for assertions and the nested-acquire check */
};

extern struct klock kernel_lock_state; /* defined with kstate in state.c */

__attribute__((noreturn)) void klock_nested(void);

/* For entries that arrive with interrupts already masked (exceptions, system calls). */
static inline void klock_acquire_masked(void)
{
	struct cpu *c = this_cpu();
	if (__builtin_expect(kernel_lock_state.owner == c, 0))
		klock_nested();
	spin_lock(&kernel_lock_state.lock);
	kernel_lock_state.owner = c;
}

static inline void klock_acquire(void)
{
	arch_irq_disable();
	klock_acquire_masked();
}

static inline void klock_release(void)
{
	kernel_lock_state.owner = 0;
	spin_unlock(&kernel_lock_state.lock);
}

/* True when this CPU holds the kernel lock (for assertions). */
static inline bool klock_held(void)
{
	return kernel_lock_state.owner == this_cpu();
}

#endif
