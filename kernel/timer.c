// SPDX-License-Identifier: MIT
/* The architected virtual timer: one interrupt source for the kernel timer queue, and the
 * monotonic clock in nanoseconds. */
#include <board.h>
#include <fern/status.h>
#include <kernel/arch.h>
#include <kernel/irq.h>
#include <kernel/ktimer.h>
#include <kernel/state.h>
#include <kernel/timer.h>

static void timer_interrupt(uint32_t intid, void *ctx)
{
	kstate.timer.interrupts++;
	ktimer_expire();
}

int timer_init(const struct board *board)
{
	struct timer_state *t = &kstate.timer;
	t->freq = board->timer.clock_frequency ? board->timer.clock_frequency : arch_counter_freq();
	if (t->freq == 0)
		return FERN_ERR_UNSUPPORTED;
	t->intid = arch_timer_intid(board);
	const struct board_irq *irq = &board->timer.irq[TIMER_VIRT];
	bool level = irq->trigger != IRQ_EDGE_RISING && irq->trigger != IRQ_EDGE_FALLING;
	return irq_register(t->intid, level, timer_interrupt, 0);
}

uint64_t timer_uptime_ns(void)
{
	uint64_t freq = kstate.timer.freq ? kstate.timer.freq : arch_counter_freq();
	if (!freq)
		return 0;
	uint64_t delta = arch_counter_read() - kstate.arch.counter_at_boot;
	/* Split to avoid overflow: delta * 1e9 overflows 64 bits after ~5 minutes at 62.5 MHz. */
	return delta / freq * 1000000000ull + delta % freq * 1000000000ull / freq;
}

uint64_t timer_ns_to_counter(uint64_t ns)
{
	uint64_t freq = kstate.timer.freq;
	uint64_t secs = ns / 1000000000ull, rest = ns % 1000000000ull;
	/* Saturate rather than wrap: a deadline decades away (programs pass any number) must
	 * not become a counter value in the past, which would fire the timer without end. */
	if (freq && secs > (UINT64_MAX - freq) / freq)
		return UINT64_MAX;
	uint64_t ticks = secs * freq + rest * freq / 1000000000ull;
	/* Round up so a timer never fires before its deadline. */
	if ((rest * freq) % 1000000000ull)
		ticks++;
	uint64_t base = kstate.arch.counter_at_boot;
	return ticks > UINT64_MAX - base ? UINT64_MAX : base + ticks;
}

uint64_t timer_interrupts(void)
{
	return kstate.timer.interrupts;
}
