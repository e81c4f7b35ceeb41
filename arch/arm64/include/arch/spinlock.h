/* SPDX-License-Identifier: MIT */
/* Spinlocks (load-acquire exclusive / store-release). Take them only with the MMU on. */
#ifndef ARCH_SPINLOCK_H
#define ARCH_SPINLOCK_H

#include <stdint.h>

struct spinlock {
	uint32_t locked;
};

static inline void spin_lock(struct spinlock *l)
{
	uint32_t tmp, one = 1;
	/* Uncontended: straight through. Held: wait for the owner's release (its stlr clears
	 * our exclusive monitor, which wakes wfe) and try again. */
	__asm__ volatile("	b	2f\n"
			 "1:	wfe\n"
			 "2:	ldaxr	%w0, [%1]\n"
			 "	cbnz	%w0, 1b\n"
			 "	stxr	%w0, %w2, [%1]\n"
			 "	cbnz	%w0, 2b\n"
			 : "=&r"(tmp)
			 : "r"(&l->locked), "r"(one)
			 : "memory");
}

static inline void spin_unlock(struct spinlock *l)
{
	__asm__ volatile("stlr wzr, [%0]" ::"r"(&l->locked) : "memory");
}

#endif
