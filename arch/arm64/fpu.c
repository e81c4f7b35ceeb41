// SPDX-License-Identifier: MIT
/* Lazy FP/SIMD context switching through CPACR_EL1.FPEN. Interrupts are masked throughout
 * (exception entry masks them), and the state is per CPU, so no lock is needed. */
#include <arch/context.h>
#include <arch/fpu.h>
#include <arch/sysreg.h>
#include <kernel/cpu.h>
#include <kernel/thread.h>

#define ESR_CLASS_FP 0x07

void arch_fp_set_access(struct cpu *c, bool on)
{
	sysreg_write(cpacr_el1, on ? CPACR_EL1_FPEN_ALL : 0);
	isb();
	c->fp_enabled = on;
}

void arch_fp_load(struct cpu *c, struct thread *t)
{
	if (!c->fp_enabled)
		arch_fp_set_access(c, true);
	if (c->fp_owner != t) {
		if (c->fp_owner)
			arch_fp_save(&c->fp_owner->fp);
		arch_fp_restore(&t->fp);
		c->fp_owner = t;
	}
}

int arch_fp_trap(const struct trap_frame *frame)
{
	if (((frame->esr >> 26) & 0x3f) != ESR_CLASS_FP)
		return 0;
	struct cpu *c = this_cpu();
	c->current->fp.used = 1;
	arch_fp_load(c, c->current);
	return 1;
}

void arch_fp_forget(struct thread *t)
{
	struct cpu *c = this_cpu();
	if (c->fp_owner == t)
		c->fp_owner = 0;
}

void arch_fp_init(void)
{
	struct cpu *c = this_cpu();
	c->fp_owner = c->current;
	c->fp_enabled = true; /* head.S enabled it for libfdt */
}
