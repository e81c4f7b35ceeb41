// SPDX-License-Identifier: MIT
/* The checker of the hostile suite. A thread calls the witness every few milliseconds (guest
 * clock) and fails if one round trip takes longer than the limit, the witness stops answering,
 * or the checker itself was not run for longer than the limit. The main thread takes the free
 * memory, lets the hostile program (instance "hostile") start, waits for it to say it is done
 * and to be gone, and fails unless free memory comes back to within a margin. It ends with one
 * "PASS" or "FAIL: ..." line per finding and exits with the number of failures.
 * Config: period-us (2000), limit-ms (100), margin-kib (1024), timeout-s (120), target. */
#include "hostile.h"
#include <fern/env.h>
#include <fern/service.h>
#include <fern/status.h>
#include <fern/sys.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MS 1000000ull

static int failures;
static uint64_t limit_ns, period_ns;

/* The pinger's figures (written by the ping thread only). */
static volatile int ping_stop, ping_stopped, ping_failures;
static volatile uint64_t pings, ping_max_ns, late_max_ns;

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static uint64_t config_u64(const char *name, uint64_t fallback)
{
	const char *s = fern_env_config_string(name, 0);
	return s ? strtoull(s, 0, 0) : fallback;
}

static void ping_thread(void *arg)
{
	fern_handle h = (fern_handle)(uintptr_t)arg;
	uint64_t next = fern_clock_ns();
	while (!ping_stop) {
		uint64_t t0 = fern_clock_ns();
		/* Woken later than planned: nothing ran this thread for that long. */
		if (t0 > next && t0 - next > late_max_ns)
			late_max_ns = t0 - next;
		if (t0 > next && t0 - next > limit_ns && ping_failures < 5) {
			ping_failures++;
			fern_logf("FAIL: the checker did not run for %llu us (ping %llu)",
				  (unsigned long long)((t0 - next) / 1000),
				  (unsigned long long)pings);
		}
		struct fern_msg req = {
		    .type = FERN_MSG_READ, .call_id = (uint32_t)pings + 1, .word = {pings}};
		struct fern_msg reply = {0};
		int rc = fern_channel_call(h, &req, &reply, t0 + limit_ns);
		uint64_t dt = fern_clock_ns() - t0;
		if (dt > ping_max_ns)
			ping_max_ns = dt;
		if ((rc || reply.word[0] != pings + 1 || dt > limit_ns) && ping_failures < 5) {
			ping_failures++;
			fern_logf("FAIL: witness round trip %llu took %llu us: %s",
				  (unsigned long long)pings, (unsigned long long)(dt / 1000),
				  rc ? status_name(rc) : "late or wrong answer");
			if (rc == FERN_ERR_PEER_CLOSED)
				break;
		}
		pings++;
		next = fern_clock_ns() + period_ns;
		fern_sleep_until(next);
	}
	ping_stopped = 1;
}

static void fail(const char *fmt, ...)
{
	char line[200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	fern_logf("FAIL: %s", line);
	failures++;
}

/* Whether a process named name is in the "ps" report. */
static int process_exists(const char *name)
{
	static char report[8192];
	if (fern_report_read("ps", report, sizeof(report)) < 0)
		return 1;
	char *save;
	for (char *line = strtok_r(report, "\n", &save); line; line = strtok_r(0, "\n", &save)) {
		char *field, *fsave;
		field = strtok_r(line, " ", &fsave); /* the id */
		field = field ? strtok_r(0, " ", &fsave) : 0;
		if (field && !strcmp(field, name))
			return 1;
	}
	return 0;
}

static uint64_t board_get(fern_handle h, enum hostile_key key)
{
	uint64_t w[FERN_MSG_WORDS] = {0};
	return fern_getattr(h, key, w) == FERN_OK ? w[0] : 0;
}

int main(void)
{
	fern_handle ping = fern_env_handle("ping"), board = fern_env_handle("board");
	const char *target = fern_env_config_string("target", "hostile");
	if (!ping || !board) {
		fern_logf("FAIL: no witness connections (ping, board) in the environment");
		return 1;
	}
	period_ns = config_u64("period-us", 2000) * 1000;
	limit_ns = config_u64("limit-ms", 100) * MS;
	uint64_t margin = config_u64("margin-kib", 1024);
	uint64_t timeout = config_u64("timeout-s", 120) * 1000 * MS;

	int64_t tid = fern_thread_create(ping_thread, (void *)(uintptr_t)ping, 16384);
	if (fern_is_error(tid)) {
		fern_logf("FAIL: cannot start the ping thread: %s", status_name((int)tid));
		return 1;
	}
	uint64_t before = hostile_free_kib();
	board_get(board, HOSTILE_KEY_GO);
	fern_setattr(board, HOSTILE_KEY_GO, 1);
	fern_logf("%s may start (free memory %llu KiB)", target, (unsigned long long)before);

	uint64_t start = fern_clock_ns(), next_look = start;
	int absent = 0;
	while (board_get(board, HOSTILE_KEY_STATE) != HOSTILE_DONE) {
		/* Gone for 1.5 s without saying done: it faulted and was not restarted. */
		if (fern_clock_ns() >= next_look) {
			next_look = fern_clock_ns() + 500 * MS;
			absent = process_exists(target) ? 0 : absent + 1;
			if (absent == 3) {
				fail("%s ended without saying it was done (runs %llu, progress "
				     "%llu)",
				     target, (unsigned long long)board_get(board, HOSTILE_KEY_RUNS),
				     (unsigned long long)board_get(board, HOSTILE_KEY_PROGRESS));
				break;
			}
		}
		if (fern_clock_ns() - start > timeout) {
			fail("%s did not finish in %llu s (runs %llu, progress %llu, step %llu)",
			     target, (unsigned long long)(timeout / 1000 / MS),
			     (unsigned long long)board_get(board, HOSTILE_KEY_RUNS),
			     (unsigned long long)board_get(board, HOSTILE_KEY_PROGRESS),
			     (unsigned long long)board_get(board, HOSTILE_KEY_STEP));
			break;
		}
		fern_sleep_until(fern_clock_ns() + 10 * MS);
	}
	uint64_t runs = board_get(board, HOSTILE_KEY_RUNS);
	uint64_t verdict = board_get(board, HOSTILE_KEY_VERDICT);
	uint64_t progress = board_get(board, HOSTILE_KEY_PROGRESS);
	uint64_t result = board_get(board, HOSTILE_KEY_RESULT);
	if (verdict)
		fail("%s reports %llu failures", target, (unsigned long long)verdict);

	/* Its memory must come back once it is gone (teardown may take a moment). */
	uint64_t gone_by = fern_clock_ns() + 5000 * MS;
	while (process_exists(target) && fern_clock_ns() < gone_by)
		fern_sleep_until(fern_clock_ns() + 20 * MS);
	if (process_exists(target))
		fail("%s is still there 5 s after it said it was done", target);
	uint64_t after = hostile_free_kib();
	for (uint64_t until = fern_clock_ns() + 2000 * MS;
	     after + margin < before && fern_clock_ns() < until;
	     fern_sleep_until(fern_clock_ns() + 50 * MS))
		after = hostile_free_kib();
	if (after + margin < before)
		fail("memory did not come back: %llu KiB free before %s, %llu KiB after (%llu KiB "
		     "lost)",
		     (unsigned long long)before, target, (unsigned long long)after,
		     (unsigned long long)(before - after));

	/* The default system's services still answer. */
	fern_handle rtc;
	uint64_t t[FERN_MSG_WORDS];
	int rc = fern_service_open("rtc", &rtc);
	if (!rc) {
		rc = fern_getattr(rtc, FERN_ATTR_TIME, t);
		fern_handle_close(rtc);
	}
	if (rc && rc != FERN_ERR_NOT_FOUND) /* a composition without an rtc is fine */
		fail("the rtc service does not answer: %s", status_name(rc));

	ping_stop = 1;
	for (int i = 0; i < 100 && !ping_stopped; i++)
		fern_sleep_until(fern_clock_ns() + 10 * MS);
	failures += ping_failures;
	fern_logf(
	    "%s: runs %llu, progress %llu, result %llu; witness: %llu pings, slowest %llu us, "
	    "checker late by at most %llu us; free memory %llu KiB before, %llu KiB after",
	    target, (unsigned long long)runs, (unsigned long long)progress,
	    (unsigned long long)result, (unsigned long long)pings,
	    (unsigned long long)(ping_max_ns / 1000), (unsigned long long)(late_max_ns / 1000),
	    (unsigned long long)before, (unsigned long long)after);
	if (!failures)
		fern_logf("PASS");
	return failures;
}
