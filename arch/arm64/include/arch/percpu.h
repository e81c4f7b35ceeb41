/* SPDX-License-Identifier: MIT */
/* Per-CPU data: TPIDR_EL1 points at this CPU's struct cpu (kernel/include/kernel/cpu.h). */
#ifndef ARCH_PERCPU_H
#define ARCH_PERCPU_H

#include <stdint.h>

struct cpu;

static inline struct cpu *arch_this_cpu(void)
{
	struct cpu *c;
	__asm__ volatile("mrs %0, tpidr_el1" : "=r"(c));
	return c;
}

static inline void arch_set_this_cpu(struct cpu *c)
{
	__asm__ volatile("msr tpidr_el1, %0" ::"r"(c) : "memory");
}

#endif
