/* SPDX-License-Identifier: MIT */
/* Host stand-in for arch/arm64/include/arch/percpu.h, used by host unit tests only. */
#ifndef ARCH_PERCPU_H
#define ARCH_PERCPU_H

/* The real header reads TPIDR_EL1 with inline asm ("mrs"), which a host assembler rejects
 * once kernel/object.c's kobject_block pulls it in through current_thread(). This directory
 * comes before arch/arm64/include in the test's include path, so kernel/cpu.h sees this
 * declaration instead; the test's stub file defines it (a static fake CPU). Nothing else of
 * the arm64 per-CPU interface is needed by the code under test. */
#include <stdint.h> /* kernel/cpu.h relies on it, as the real header provides it */

struct cpu;

struct cpu *arch_this_cpu(void);

#endif
