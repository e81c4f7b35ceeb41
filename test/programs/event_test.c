// SPDX-License-Identifier: MIT
/* Interrupt and timer objects, run by the harness in either domain:
 *   event_test irq      handle 0 is an interrupt the harness keeps raising: wait, acknowledge,
 *                       three times (without the acknowledgement the second wait would time out)
 *   event_test timers   one-shot and periodic timers */
#include <fern/sys.h>
#include <stdio.h>
#include <string.h>

static int wait_for(fern_handle h, uint32_t signal, uint64_t ms)
{
	struct fern_wait_item item = {.handle = h, .signals = signal};
	return fern_wait(&item, 1, fern_clock_ns() + ms * 1000000ull);
}

static int irq_test(fern_handle irq)
{
	for (int i = 0; i < 3; i++) {
		int rc = wait_for(irq, FERN_SIGNAL_IRQ, 2000);
		if (rc != 1) {
			printf("interrupt %d: wait returned %s\n", i, status_name(rc));
			return 1;
		}
		if (fern_irq_ack(irq) < 0) {
			printf("interrupt %d: ack failed\n", i);
			return 1;
		}
		printf("interrupt %d delivered and acknowledged\n", i);
	}
	return 0;
}

/* Periods that pass without an acknowledgement are counted, not lost. */
static int backlog_test(fern_handle t)
{
	uint64_t start = fern_clock_ns();
	fern_timer_set(t, start + 1000000ull, 1000000ull);
	fern_sleep_until(start + 10500000ull);
	int64_t n = fern_irq_ack(t);
	fern_timer_set(t, 0, 0);
	printf("periodic timer: %lld expirations counted over 10.5 ms unacknowledged\n",
	       (long long)n);
	return n >= 10 ? 0 : 1;
}

/* A period near 2^64: the first deadline fires once, and no second one ever comes (the kernel
 * once looped over the missed periods, freezing the system for seconds). */
static int huge_period_test(fern_handle t)
{
	uint64_t start = fern_clock_ns();
	fern_timer_set(t, start + 1000000ull, UINT64_MAX - 5);
	if (wait_for(t, FERN_SIGNAL_TIMER, 1000) != 1 || fern_irq_ack(t) != 1 ||
	    wait_for(t, FERN_SIGNAL_TIMER, 20) != FERN_ERR_TIMED_OUT) {
		printf("a timer with a period near 2^64 did not fire exactly once\n");
		return 1;
	}
	uint64_t took = fern_clock_ns() - start;
	printf("huge period: fired once, %llu us for the whole check\n",
	       (unsigned long long)(took / 1000));
	return took < 500000000ull ? 0 : 1;
}

static int timer_test(void)
{
	int64_t t = fern_timer_create();
	if (t < 0)
		return 1;
	uint64_t start = fern_clock_ns();
	fern_timer_set((fern_handle)t, start + 3000000ull, 0);
	if (wait_for((fern_handle)t, FERN_SIGNAL_TIMER, 1000) != 1 ||
	    fern_clock_ns() - start < 3000000ull) {
		printf("one-shot timer did not fire on time\n");
		return 1;
	}
	if (fern_irq_ack((fern_handle)t) != 1 ||
	    wait_for((fern_handle)t, FERN_SIGNAL_TIMER, 20) != FERN_ERR_TIMED_OUT) {
		printf("one-shot timer fired more than once\n");
		return 1;
	}
	start = fern_clock_ns();
	fern_timer_set((fern_handle)t, start + 2000000ull, 2000000ull);
	int64_t total = 0;
	while (total < 5) {
		if (wait_for((fern_handle)t, FERN_SIGNAL_TIMER, 1000) != 1)
			return 1;
		total += fern_irq_ack((fern_handle)t);
	}
	uint64_t elapsed = fern_clock_ns() - start;
	fern_timer_set((fern_handle)t, 0, 0);
	printf("periodic timer: %lld expirations in %llu us\n", (long long)total,
	       (unsigned long long)(elapsed / 1000));
	if (elapsed < 10000000ull)
		return 1;
	return backlog_test((fern_handle)t) || huge_period_test((fern_handle)t);
}

int main(int argc, char **argv)
{
	const struct fern_start_info *si = fern_start_info();
	if (argc > 1 && !strcmp(argv[1], "irq") && si->handle_count)
		return irq_test(si->handle[0]);
	if (argc > 1 && !strcmp(argv[1], "timers"))
		return timer_test();
	printf("usage: event_test irq|timers\n");
	return 2;
}
