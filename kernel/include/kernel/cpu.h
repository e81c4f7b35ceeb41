/* SPDX-License-Identifier: MIT */
/* Per-CPU data, reached through arch_this_cpu() (TPIDR_EL1 on arm64). */
#ifndef KERNEL_CPU_H
#define KERNEL_CPU_H

#include <arch/percpu.h>
#include <stdbool.h>

#define MAX_CPUS 8

struct kobject;
struct thread;

/* Touched only by its own CPU (with interrupts masked), so no lock. */
struct cpu {
	unsigned id;             /* first: vectors.S reads it to find this CPU's overflow stack */
	struct thread *current;  /* running on this CPU */
	struct thread *idle;     /* runs when nothing else can */
	struct thread *dead;     /* exited thread to free once we are off its stack */
	bool need_resched;       /* schedule() before returning from the current trap */
	struct thread *fp_owner; /* whose FP/SIMD state is in this CPU's registers (lazy switch) */
	uint64_t ttbr0;          /* the lower-half table installed now */
	uint64_t empty_ttbr0;    /* the all-invalid table for kernel threads and the EL1 domain */
	bool fp_enabled;         /* FP/SIMD access untrapped (fp_owner is the current thread) */
	unsigned long switches;  /* context switches, for the boot report and tests */
	struct kobject *dying;   /* objects waiting for kobject_destroy's loop (kernel lock) */
	struct kobject *dying_tail; /* its last, for handing the list on in one step */
	bool destroying;            /* that loop is running on this CPU */
};

_Static_assert(__builtin_offsetof(struct cpu, id) == 0, "vectors.S reads cpu.id at offset 0");

static inline struct cpu *this_cpu(void)
{
	return arch_this_cpu();
}

static inline struct thread *current_thread(void)
{
	return this_cpu()->current;
}

#endif
