/* SPDX-License-Identifier: MIT */
/* Interrupt masking on this CPU (DAIF.I). Inline: taken on every kernel entry. */
#ifndef ARCH_IRQFLAGS_H
#define ARCH_IRQFLAGS_H

static inline void arch_irq_enable(void)
{
	__asm__ volatile("msr daifclr, #2" ::: "memory");
}

static inline void arch_irq_disable(void)
{
	__asm__ volatile("msr daifset, #2" ::: "memory");
}

/* Unmasks interrupts for a moment, so that any pending one is taken, then masks them again. */
static inline void arch_irq_window(void)
{
	__asm__ volatile("msr daifclr, #2; isb; msr daifset, #2" ::: "memory");
}

/* Masks interrupts and returns the previous state for arch_irq_restore. */
static inline unsigned long arch_irq_save(void)
{
	unsigned long flags;
	__asm__ volatile("mrs %0, daif; msr daifset, #2" : "=r"(flags)::"memory");
	return flags;
}

static inline void arch_irq_restore(unsigned long flags)
{
	__asm__ volatile("msr daif, %0" ::"r"(flags) : "memory");
}

#endif
