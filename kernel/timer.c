// SPDX-License-Identifier: MIT
/* The kernel tick: the architected virtual timer reprogrammed every 1/TIMER_HZ seconds. */
#include <board.h>
#include <fern/status.h>
#include <kernel/arch.h>
#include <kernel/irq.h>
#include <kernel/state.h>
#include <kernel/timer.h>

static void timer_tick(uint32_t intid, void *ctx)
{
	struct timer_state *t = &kstate.timer;
	spin_lock(&t->lock);
	t->ticks++;
	/* Skip ticks that were missed (e.g. under a slow emulator) rather than storming. */
	uint64_t now = arch_counter_read();
	do
		t->deadline += t->period;
	while (t->deadline <= now);
	arch_timer_arm(t->deadline);
	spin_unlock(&t->lock);
}

int timer_init(const struct board *board)
{
	struct timer_state *t = &kstate.timer;
	t->freq = board->timer.clock_frequency ? board->timer.clock_frequency : arch_counter_freq();
	if (t->freq == 0)
		return FERN_ERR_UNSUPPORTED;
	t->period = t->freq / TIMER_HZ;
	t->intid = arch_timer_intid(board);
	const struct board_irq *irq = &board->timer.irq[TIMER_VIRT];
	bool level = irq->trigger != IRQ_EDGE_RISING && irq->trigger != IRQ_EDGE_FALLING;
	int err = irq_register(t->intid, level, timer_tick, 0);
	if (err)
		return err;
	t->deadline = arch_counter_read() + t->period;
	arch_timer_arm(t->deadline);
	return FERN_OK;
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

uint64_t timer_ticks(void)
{
	return kstate.timer.ticks;
}
