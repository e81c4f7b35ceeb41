// SPDX-License-Identifier: MIT
/* panic(): report a broken invariant with a symbolized backtrace, then stop the machine. */
#include <fern/format.h>
#include <kernel/arch.h>
#include <kernel/ksyms.h>
#include <kernel/log.h>
#include <kernel/panic.h>
#include <kernel/state.h>

static void print_frame(uint64_t pc, void *ctx)
{
	int *n = ctx;
	uint64_t offset;
	const char *name = ksyms_lookup(pc, &offset);
	if (name)
		log_raw("  #%-2d 0x%016lx %s+0x%lx\n", (*n)++, (unsigned long)pc, name,
			(unsigned long)offset);
	else
		log_raw("  #%-2d 0x%016lx ?\n", (*n)++, (unsigned long)pc);
}

void panic_backtrace(unsigned long fp, unsigned long pc)
{
	int n = 0;
	log_raw("backtrace:\n");
	if (pc)
		print_frame(pc, &n);
	arch_backtrace(fp, print_frame, &n);
}

static void record_first(uint64_t pc, void *ctx)
{
	uint64_t *first = ctx;
	if (!*first)
		*first = pc;
}

void panic_backtrace_trap(unsigned long fp, unsigned long pc, unsigned long lr)
{
	uint64_t offset, first = 0;
	arch_backtrace(fp, record_first, &first);
	const char *pc_fn = ksyms_lookup(pc, &offset);
	const char *lr_fn = lr ? ksyms_lookup(lr - 4, &offset) : 0;
	/* In a non-leaf function lr is either the return address its frame record holds or a
	 * point inside the function itself (after a call): neither is a frame of its own. */
	bool leaf = lr_fn && lr_fn != pc_fn && lr - 4 != first;
	int n = 0;
	log_raw("backtrace:\n");
	print_frame(pc, &n);
	if (leaf)
		print_frame(lr - 4, &n);
	arch_backtrace(fp, print_frame, &n);
}

void panic_stop(void)
{
	arch_irq_disable();
	if (kstate.options.panic_poweroff && kstate.panic.depth < 2) {
		log_raw("fern: powering off after panic\n");
		arch_power_off(&kstate.board);
	}
	log_raw("fern: halted\n");
	arch_halt();
}

void panic_begin(void)
{
	arch_irq_disable();
	if (kstate.panic.depth++ > 0) {
		log_raw("\nPANIC (nested): halted\n");
		arch_halt();
	}
	log_flush_direct(); /* lines still waiting for the console driver come first */
}

void panic(const char *fmt, ...)
{
	panic_begin();
	char message[200];
	va_list ap;
	va_start(ap, fmt);
	format_vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	log_raw("\nPANIC: %s\n", message);
	panic_backtrace((unsigned long)__builtin_frame_address(0), 0);
	panic_stop();
}

/* Called by code built with -fstack-protector when a stack canary was overwritten. */
uintptr_t __stack_chk_guard = 0x595e9fbd94fda766UL;

__attribute__((noreturn)) void __stack_chk_fail(void)
{
	panic("stack smashing detected");
}
