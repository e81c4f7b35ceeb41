// SPDX-License-Identifier: MIT
/* The boot report on the console; tests and fern-board share its format. */
#include <board.h>
#include <fern/format.h>
#include <kernel/arch.h>
#include <kernel/irq.h>
#include <kernel/log.h>
#include <kernel/memory.h>
#include <kernel/pmm.h>
#include <kernel/report.h>
#include <kernel/state.h>
#include <kernel/timer.h>

static void report_printf(void *ctx, const char *fmt, ...)
{
	char line[256];
	va_list ap;
	va_start(ap, fmt);
	format_vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	log_raw("%s", line);
}

void report_boot(const struct board *board)
{
	const struct pmm_state *pmm = &kstate.pmm;
	log_raw("fern: boot report\n");
	board_report(board, report_printf, 0);
	log_raw("  pages     %lu KiB free of %lu KiB in %d banks (%lu KiB bookkeeping)\n",
		(unsigned long)(pmm->free_pages * 4), (unsigned long)(pmm->total_pages * 4),
		pmm->region_count, (unsigned long)(memory_meta_bytes() / 1024));
	log_raw("  irqchip   %s ready\n", arch_irqchip_name());
}

void report_timer(void)
{
	const struct timer_state *t = &kstate.timer;
	uint64_t ns = timer_uptime_ns();
	log_raw("  ticks     %lu Hz counter, irq %u: %lu interrupts delivered, uptime %lu ns\n",
		(unsigned long)t->freq, t->intid, (unsigned long)timer_interrupts(),
		(unsigned long)ns);
}
