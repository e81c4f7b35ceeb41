// SPDX-License-Identifier: MIT
/* timerstorm: regression tests for issue 11 finding 3 (config mode):
 *   huge-period  a periodic timer whose period is near 2^64 (ktimer_expire looped about `now`
 *                times with interrupts masked: a freeze that grows with uptime);
 *   many         config count (100) periodic timers at the 100 us minimum for 300 ms (a
 *                livelock: the sorted insert is O(n) and nothing bounds the count).
 * The program checks that its timers fire; the checker that the witness kept answering. */
#include "hostile.h"
#include <fern/env.h>
#include <fern/status.h>
#include <fern/sys.h>
#include <stdlib.h>
#include <string.h>

#define MS     1000000ull
#define TIMERS 250 /* at most */

static int failures;

static void huge_period(void)
{
	int64_t t = fern_timer_create();
	if (fern_is_error(t)) {
		fern_logf("FAIL: timer create: %s", status_name((int)t));
		failures++;
		return;
	}
	static const uint64_t periods[] = {0xffffffffffffff00ull, 0x8000000000000000ull,
					   0xfffffffffffffffful};
	for (unsigned i = 0; i < sizeof(periods) / sizeof(periods[0]); i++) {
		hostile_set(HOSTILE_KEY_STEP, i + 1);
		int rc = fern_timer_set((fern_handle)t, fern_clock_ns() + MS, periods[i]);
		struct fern_wait_item w = {.handle = (fern_handle)t, .signals = FERN_SIGNAL_TIMER};
		int n = rc ? rc : fern_wait(&w, 1, fern_clock_ns() + 500 * MS);
		int acks = fern_irq_ack((fern_handle)t);
		fern_logf("period %#llx: set %s, fired %s, %d expirations",
			  (unsigned long long)periods[i], status_name(rc),
			  n == 1 ? "yes" : status_name(n), acks);
		if (rc == FERN_OK && (n != 1 || acks != 1)) {
			fern_logf("FAIL: a timer with period %#llx should fire once in 500 ms",
				  (unsigned long long)periods[i]);
			failures++;
		}
		/* Stay armed for a while: the next expiry must not wrap into the past. */
		fern_sleep_until(fern_clock_ns() + 100 * MS);
		acks = fern_irq_ack((fern_handle)t);
		if (acks != 0) {
			fern_logf("FAIL: period %#llx expired %d more times in 100 ms",
				  (unsigned long long)periods[i], acks);
			failures++;
		}
	}
	fern_handle_close((fern_handle)t);
}

static void many(void)
{
	static fern_handle t[TIMERS];
	int want = atoi(fern_env_config_string("count", "100")), count = 0;
	if (want > TIMERS)
		want = TIMERS;
	uint64_t start = fern_clock_ns();
	for (; count < want; count++) {
		int64_t h = fern_timer_create();
		if (fern_is_error(h))
			break;
		t[count] = (fern_handle)h;
		fern_timer_set(t[count], start + MS, 100000);
	}
	hostile_set(HOSTILE_KEY_STEP, (uint64_t)count);
	fern_sleep_until(start + 300 * MS);
	uint64_t total = 0;
	for (int i = 0; i < count; i++) {
		int acks = fern_irq_ack(t[i]);
		total += acks > 0 ? (uint64_t)acks : 0;
		fern_timer_set(t[i], 0, 0);
		fern_handle_close(t[i]);
	}
	fern_logf("%d timers at 100 us for 300 ms: %llu expirations", count,
		  (unsigned long long)total);
	if (count < want || total < (uint64_t)count) {
		fern_logf("FAIL: expected %d timers to fire", want);
		failures++;
	}
	hostile_set(HOSTILE_KEY_PROGRESS, total);
}

int main(void)
{
	hostile_begin();
	const char *mode = fern_env_config_string("mode", "huge-period");
	if (!strcmp(mode, "many"))
		many();
	else
		huge_period();
	hostile_done((uint64_t)failures, 0);
	return 0;
}
