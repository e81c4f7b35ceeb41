// SPDX-License-Identifier: MIT
/* The kernel lock (see klock.h), with its owner recorded for assertions. */
#include <arch/spinlock.h>
#include <kernel/arch.h>
#include <kernel/cpu.h>
#include <kernel/klock.h>
#include <kernel/panic.h>
#include <kernel/state.h>

void klock_acquire(void)
{
	arch_irq_disable();
	struct cpu *c = this_cpu();
	if (kstate.klock_owner == c)
		panic("kernel lock taken twice on cpu %u", c->id);
	spin_lock(&kstate.klock);
	kstate.klock_owner = c;
}

void klock_release(void)
{
	ASSERT(kstate.klock_owner == this_cpu());
	kstate.klock_owner = 0;
	spin_unlock(&kstate.klock);
}

bool klock_held(void)
{
	return kstate.klock_owner == this_cpu();
}
