// SPDX-License-Identifier: MIT
/* Exception dispatch: interrupts go to the kernel's IRQ layer; anything else at EL1 is a
 * kernel fault, reported with decoded ESR, registers and a symbolized backtrace. */
#include <arch/fpu.h>
#include <arch/sysreg.h>
#include <arch/trap.h>
#include <fern/abi.h>
#include <kernel/irq.h>
#include <kernel/klock.h>
#include <kernel/ksyms.h>
#include <kernel/log.h>
#include <kernel/panic.h>
#include <kernel/process.h>
#include <kernel/sched.h>
#include <kernel/syscall.h>
#include <stdbool.h>

extern char copy_user_begin[], copy_user_end[];
void arch_copy_user_fault(void);

static const char *const class_names[64] = {
    [0x00] = "unknown reason",
    [0x01] = "WFI/WFE trapped",
    [0x07] = "FP/SIMD access trapped",
    [0x0e] = "illegal execution state",
    [0x15] = "SVC from AArch64",
    [0x16] = "HVC from AArch64",
    [0x17] = "SMC from AArch64",
    [0x18] = "MSR/MRS/system instruction trapped",
    [0x20] = "instruction abort from a lower EL",
    [0x21] = "instruction abort (same EL)",
    [0x22] = "PC alignment fault",
    [0x24] = "data abort from a lower EL",
    [0x25] = "data abort (same EL)",
    [0x26] = "SP alignment fault",
    [0x2c] = "FP exception",
    [0x2f] = "SError",
    [0x30] = "breakpoint from a lower EL",
    [0x31] = "breakpoint (same EL)",
    [0x32] = "software step from a lower EL",
    [0x33] = "software step (same EL)",
    [0x34] = "watchpoint from a lower EL",
    [0x35] = "watchpoint (same EL)",
    [0x3c] = "BRK instruction",
};

const char *trap_class_name(uint64_t esr)
{
	const char *name = class_names[(esr >> 26) & 0x3f];
	return name ? name : "reserved exception class";
}

/* Fault status code of an instruction/data abort (ISS bits [5:0]). */
static const char *fault_status_name(uint64_t esr, int *level)
{
	unsigned fsc = esr & 0x3f;
	*level = fsc & 3;
	switch (fsc & 0x3c) {
	case 0x04: return "translation fault";
	case 0x08: return "access flag fault";
	case 0x0c: return "permission fault";
	}
	*level = -1;
	switch (fsc) {
	case 0x00: return "address size fault";
	case 0x10: return "synchronous external abort";
	case 0x21: return "alignment fault";
	case 0x30: return "TLB conflict abort";
	}
	return "other fault";
}

static void print_symbolized(const char *label, uint64_t addr)
{
	uint64_t offset;
	const char *name = ksyms_lookup(addr, &offset);
	if (name)
		log_raw("  %s 0x%016lx <%s+0x%lx>\n", label, (unsigned long)addr, name,
			(unsigned long)offset);
	else
		log_raw("  %s 0x%016lx\n", label, (unsigned long)addr);
}

void trap_report(const struct trap_frame *f, const char *what)
{
	unsigned ec = (f->esr >> 26) & 0x3f;
	log_raw("\nPANIC: %s: %s\n", what, trap_class_name(f->esr));
	if (ec == 0x20 || ec == 0x21 || ec == 0x24 || ec == 0x25) {
		int level;
		const char *status = fault_status_name(f->esr, &level);
		const char *access =
		    ec >= 0x24 ? ((f->esr & (1u << 6)) ? " on write" : " on read") : "";
		if (level >= 0)
			log_raw("  %s, level %d%s at address 0x%lx\n", status, level, access,
				(unsigned long)f->far);
		else
			log_raw("  %s%s at address 0x%lx\n", status, access, (unsigned long)f->far);
	}
	log_raw("  esr 0x%08lx (class 0x%02x)  far 0x%016lx\n", (unsigned long)f->esr, ec,
		(unsigned long)f->far);
	print_symbolized("elr", f->elr);
	print_symbolized("lr ", f->x[30]);
	for (int i = 0; i < 30; i += 2)
		log_raw("  x%-2d 0x%016lx  x%-2d 0x%016lx\n", i, (unsigned long)f->x[i], i + 1,
			(unsigned long)f->x[i + 1]);
	log_raw("  x30 0x%016lx  sp  0x%016lx  spsr 0x%08lx\n", (unsigned long)f->x[30],
		(unsigned long)f->sp, (unsigned long)f->spsr);
}

/* The access (FERN_PROT_READ, WRITE or EXEC) of a translation fault with a valid address, which
 * the program's memory may resolve; 0 for anything else. */
static unsigned translation_fault_access(const struct trap_frame *f)
{
	unsigned ec = (f->esr >> 26) & 0x3f, fsc = f->esr & 0x3f;
	bool data = ec == 0x24 || ec == 0x25, insn = ec == 0x20 || ec == 0x21;
	if (!(data || insn) || (fsc & 0x3c) != 0x04 || (f->esr & (1u << 10))) /* FnV */
		return 0;
	if (insn)
		return FERN_PROT_EXEC;
	return (f->esr & (1u << 6)) ? FERN_PROT_WRITE : FERN_PROT_READ; /* WnR */
}

/* A first touch of a page of the current program's memory: mapped now, the access can be
 * retried. Kernel lock held. */
static bool demand_fault(const struct trap_frame *f)
{
	unsigned access = translation_fault_access(f);
	struct process *p = process_current();
	int err = access && p ? aspace_fault(&p->as, f->far, access) : FERN_ERR_FAULT;
	if (err == FERN_ERR_NO_MEMORY)
		log_err("program %s: out of memory for the page at 0x%lx", p->name,
			(unsigned long)f->far);
	return err == FERN_OK;
}

/* A fault inside arch_copy_user is a bad program pointer, not a kernel bug. */
static int copy_user_fixup(struct trap_frame *f)
{
	unsigned ec = (f->esr >> 26) & 0x3f;
	if (ec != 0x25 || f->elr < (uint64_t)copy_user_begin || f->elr >= (uint64_t)copy_user_end)
		return 0;
	/* A system call holds the kernel lock while it copies: a page not yet touched is mapped
	 * and the copy goes on; anything else ends the copy with FERN_ERR_FAULT. */
	if (!demand_fault(f))
		f->elr = (uint64_t)arch_copy_user_fault;
	return 1;
}

static int is_syscall(const struct trap_frame *f)
{
	return ((f->esr >> 26) & 0x3f) == 0x15; /* SVC from AArch64 */
}

/* Traps from programs (EL0, or the EL1 domain running in EL1t) and interrupts: the kernel lock
 * is taken on entry and released on the way out; schedule() may switch threads in between. */
static void program_or_irq(struct trap_frame *frame, unsigned kind)
{
	klock_acquire();
	switch (kind) {
	case TRAP_EL1T_IRQ:
	case TRAP_EL1H_IRQ:
	case TRAP_EL0_IRQ: irq_dispatch(); break;
	default: /* TRAP_EL0_SYNC, TRAP_EL1T_SYNC */
		if (is_syscall(frame))
			syscall_dispatch(frame);
		else if (!demand_fault(frame))
			process_fault(frame);
		break;
	}
	sched_preempt_point();
	klock_release();
}

void trap_dispatch(struct trap_frame *frame, unsigned kind)
{
	bool sync = kind == TRAP_EL0_SYNC || kind == TRAP_EL1T_SYNC || kind == TRAP_EL1H_SYNC;
	if (sync && arch_fp_trap(frame))
		return; /* first FP/SIMD use since a switch: state loaded, retry the instruction */
	switch (kind) {
	case TRAP_EL1T_IRQ:
	case TRAP_EL1H_IRQ:
	case TRAP_EL0_IRQ:
	case TRAP_EL0_SYNC:
	case TRAP_EL1T_SYNC: program_or_irq(frame, kind); return;
	case TRAP_EL1H_SYNC:
		if (copy_user_fixup(frame))
			return;
		break;
	default: break;
	}
	panic_begin();
	switch (kind) {
	case TRAP_EL1H_SYNC: trap_report(frame, "kernel fault"); break;
	case TRAP_EL1H_SERROR:
	case TRAP_EL0_SERROR:
	case TRAP_EL1T_SERROR: trap_report(frame, "SError (asynchronous external abort)"); break;
	default:
		/* FIQs are never routed here and AArch32 programs do not exist: any of these
		 * means kernel state is broken. */
		trap_report(frame, "unexpected exception");
		break;
	}
	panic_backtrace_trap(frame->x[29], frame->elr, frame->x[30]);
	panic_stop();
}

/* From vectors.S, on this CPU's overflow stack: a kernel stack ran into its guard page. That is
 * a kernel bug (unbounded recursion, a huge frame), never something a program may cause, so
 * it panics, naming the thread and where it was. */
__attribute__((noreturn)) void arch_kernel_stack_overflow(void)
{
	uint64_t elr = sysreg_read(elr_el1), far = sysreg_read(far_el1);
	panic_begin();
	struct thread *t = this_cpu()->current;
	log_raw(
	    "\nPANIC: kernel stack overflow in thread %s: the access at 0x%lx hit its guard page\n",
	    t ? t->name : "?", (unsigned long)far);
	print_symbolized("elr", elr);
	panic_stop();
}
