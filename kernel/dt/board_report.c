// SPDX-License-Identifier: MIT
/* Prints the discovered board, one "  key       value" line per item (tests grep these). */
#include "dt_internal.h"

typedef unsigned long long ull;

/* How many MPIDRs the cpus line lists before " ...". */
#define REPORT_MPIDRS 8
#define MIB           (1024ull * 1024)

const char *reserve_kind_name(enum reserve_kind kind)
{
	switch (kind) {
	case RESERVE_MEMRESERVE: return "memreserve";
	case RESERVE_NODE: return "reserved-memory";
	case RESERVE_NODE_NOMAP: return "reserved-memory-nomap";
	case RESERVE_DTB: return "dtb";
	case RESERVE_KERNEL: return "kernel";
	case RESERVE_INITRD: return "initrd";
	}
	return "unknown";
}

const char *irq_trigger_name(enum irq_trigger trigger)
{
	switch (trigger) {
	case IRQ_EDGE_RISING: return "edge-rising";
	case IRQ_EDGE_FALLING: return "edge-falling";
	case IRQ_LEVEL_HIGH: return "level-high";
	case IRQ_LEVEL_LOW: return "level-low";
	case IRQ_TRIGGER_NONE: break;
	}
	return "none";
}

/* The enable-method the CPUs share ("mixed" if they differ; CPUs without one are not counted). */
static const char *enable_name(const struct board *board)
{
	enum cpu_enable method = CPU_ENABLE_NONE;
	for (int i = 0; i < board->cpu_count; i++) {
		enum cpu_enable cpu = board->cpus[i].enable_method;
		if (cpu != CPU_ENABLE_NONE && method != CPU_ENABLE_NONE && cpu != method)
			return "mixed";
		if (cpu != CPU_ENABLE_NONE)
			method = cpu;
	}
	if (method == CPU_ENABLE_PSCI)
		return "psci";
	return method == CPU_ENABLE_SPIN_TABLE ? "spin-table" : "none";
}

static void report_memory(const struct board *board, board_printf out, void *ctx)
{
	for (int i = 0; i < board->bank_count; i++) {
		const struct phys_range *bank = &board->banks[i];
		bool mib = bank->size >= MIB;
		out(ctx, "  %-10s0x%llx size 0x%llx (%llu %s)\n", "memory", (ull)bank->base,
		    (ull)bank->size, (ull)(mib ? bank->size / MIB : bank->size / 1024),
		    mib ? "MiB" : "KiB");
	}
	for (int i = 0; i < board->reserved_count; i++) {
		const struct reservation *r = &board->reserved[i];
		bool named = r->kind == RESERVE_NODE || r->kind == RESERVE_NODE_NOMAP;
		out(ctx, "  %-10s0x%llx size 0x%llx %s%s%s\n", "reserved", (ull)r->range.base,
		    (ull)r->range.size, reserve_kind_name(r->kind), named ? " " : "",
		    named ? r->name : "");
	}
}

static void report_console(const struct board *board, board_printf out, void *ctx)
{
	const struct board_console *console = &board->console;
	out(ctx, "  %-10s%s at 0x%llx (%s)", "console", console->compatible,
	    (ull)console->regs.base, console->path);
	if (console->irq.intid != 0)
		out(ctx, " irq %u", (unsigned)console->irq.intid);
	if (console->options[0])
		out(ctx, " options %s", console->options);
	out(ctx, "\n");
}

static void report_gic(const struct board *board, board_printf out, void *ctx)
{
	const struct board_gic *gic = &board->gic;
	out(ctx, "  %-10sv%d %s dist 0x%llx", "gic", (int)gic->version, gic->compatible,
	    (ull)gic->dist.base);
	for (int i = 0; i < gic->redist_count; i++)
		out(ctx, " redist 0x%llx size 0x%llx", (ull)gic->redist[i].base,
		    (ull)gic->redist[i].size);
	if (gic->version == GIC_V2 || gic->cpu_if.size != 0)
		out(ctx, " cpu 0x%llx", (ull)gic->cpu_if.base);
	out(ctx, "\n");
}

static void report_timer(const struct board *board, board_printf out, void *ctx)
{
	const struct board_timer *timer = &board->timer;
	if (!timer->present)
		return;
	out(ctx, "  %-10svirt %u phys %u sec-phys %u", "timer",
	    (unsigned)timer->irq[TIMER_VIRT].intid, (unsigned)timer->irq[TIMER_PHYS].intid,
	    (unsigned)timer->irq[TIMER_SEC_PHYS].intid);
	if (timer->irq_count > TIMER_HYP_PHYS)
		out(ctx, " hyp %u", (unsigned)timer->irq[TIMER_HYP_PHYS].intid);
	out(ctx, " %s", irq_trigger_name(timer->irq[TIMER_VIRT].trigger));
	if (timer->clock_frequency)
		out(ctx, " freq %u", (unsigned)timer->clock_frequency);
	out(ctx, "\n");
}

static void report_cpus(const struct board *board, board_printf out, void *ctx)
{
	static const char *const psci_names[] = {"none", "hvc", "smc"};
	out(ctx, "  %-10s%d %s mpidr", "cpus", board->cpu_count, enable_name(board));
	for (int i = 0; i < board->cpu_count && i < REPORT_MPIDRS; i++)
		out(ctx, " 0x%llx", (ull)board->cpus[i].mpidr);
	out(ctx, "%s\n", board->cpu_count > REPORT_MPIDRS ? " ..." : "");
	unsigned psci = (unsigned)board->psci;
	out(ctx, "  %-10s%s\n", "psci", psci <= PSCI_SMC ? psci_names[psci] : "unknown");
}

void board_report(const struct board *board, board_printf out, void *ctx)
{
	out(ctx, "  %-10s%s\n", "board", board->model[0] ? board->model : "(unnamed)");
	report_memory(board, out, ctx);
	report_console(board, out, ctx);
	report_gic(board, out, ctx);
	report_timer(board, out, ctx);
	report_cpus(board, out, ctx);
	if (board->bootargs[0])
		out(ctx, "  %-10s\"%s\"\n", "bootargs", board->bootargs);
}
