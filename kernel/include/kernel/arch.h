/* SPDX-License-Identifier: MIT */
/* The contract every architecture port implements; generic kernel code calls only these. */
#ifndef KERNEL_ARCH_H
#define KERNEL_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct board;

/* Interrupt mask of the current CPU: arch_irq_enable, arch_irq_disable, arch_irq_save (returns
 * the previous state), arch_irq_restore and arch_irq_window (let pending interrupts in for a
 * moment), inline from the port's irqflags.h. */
#include <arch/irqflags.h>

/* Copies len bytes between kernel memory and a program's (either side), any alignment: 0, or
 * FERN_ERR_FAULT when an access faults (an unmapped or read-only page of the program's) instead
 * of a kernel fault. The caller has checked that the program's range is its own. */
long arch_copy_user(void *dst, const void *src, size_t len);

/* Waits for an interrupt (WFI); returns after one is pending. */
void arch_wait_for_interrupt(void);
/* Stops this CPU for good, interrupts masked. */
__attribute__((noreturn)) void arch_halt(void);

/* The free-running system counter and its frequency in Hz (from CNTFRQ). */
uint64_t arch_counter_read(void);
uint64_t arch_counter_freq(void);
/* Arms this CPU's timer to fire when the counter reaches deadline (0: disarm). */
void arch_timer_arm(uint64_t deadline);
/* The timer's interrupt id (GIC INTID) as discovered. */
uint32_t arch_timer_intid(const struct board *board);

/* Interrupt controller: set up from the board, then per-interrupt control. 0 or -error. */
int arch_irqchip_init(const struct board *board);
void arch_irqchip_enable(uint32_t intid, bool level);
/* Stops / resumes forwarding one interrupt (an interrupt object between delivery and ack). */
void arch_irqchip_mask(uint32_t intid);
void arch_irqchip_unmask(uint32_t intid);
/* Makes a shared peripheral interrupt pending, as if the device had raised it (tests). */
void arch_irqchip_raise(uint32_t intid);
/* Acknowledges the highest-priority pending interrupt; returns its INTID (>= 1020: spurious). */
uint32_t arch_irqchip_ack(void);
void arch_irqchip_eoi(uint32_t intid);
const char *arch_irqchip_name(void);

/* Firmware (PSCI) power control through the method the device tree names. Returns only on
 * failure, with a negative status. */
int arch_power_off(const struct board *board);
int arch_reset(const struct board *board);

/* Counts retired instructions (EL0 and EL1) in PMU event counter 0, from 0, and lets programs
 * read it (PMEVCNTR0_EL0): for benchmark runs only, as it is a timing side channel. */
void arch_pmu_instructions_for_programs(void);
/* Starts counting retired instructions (EL0 and EL1) from 0 and closes the PMU to programs
 * (its reset state is architecturally unknown). Boot. */
void arch_pmu_init(void);
/* Lets programs read the count arch_pmu_init started, without resetting it (bootargs pmu). */
void arch_pmu_open_to_programs(void);
/* Retired instructions since arch_pmu_init (or the last reset). */
uint64_t arch_pmu_instructions(void);

/* Calls fn(pc, ctx) for each return address on the frame-pointer chain starting at fp.
 * Stops on an implausible frame; never faults. */
void arch_backtrace(uint64_t fp, void (*fn)(uint64_t pc, void *ctx), void *ctx);

#endif
