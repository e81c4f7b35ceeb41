// SPDX-License-Identifier: MIT
/* logflood: 200 log lines at once, then bursts of 60 lines (config bursts, default 10) 20 ms
 * apart. Regression test for issue 11 finding 2: the startup task spun with the kernel lock
 * held while the console had four WRITEs unanswered, freezing the whole system (the checker
 * then reports the witness silent, or the test times out). */
#include "hostile.h"
#include <fern/env.h>
#include <fern/sys.h>
#include <stdlib.h>

#define MS 1000000ull

int main(void)
{
	hostile_begin();
	const char *s = fern_env_config_string("bursts", "10");
	int bursts = atoi(s);
	uint64_t lines = 0;
	hostile_set(HOSTILE_KEY_STEP, 1);
	for (int i = 0; i < 200; i++, lines++)
		fern_logf("flood line %d of 200: the quick brown fern jumps over the lazy log", i);
	hostile_set(HOSTILE_KEY_PROGRESS, lines);
	for (int b = 0; b < bursts; b++) {
		hostile_set(HOSTILE_KEY_STEP, 2 + (uint64_t)b);
		for (int i = 0; i < 60; i++, lines++)
			fern_logf("burst %d line %d of 60", b, i);
		hostile_set(HOSTILE_KEY_PROGRESS, lines);
		fern_sleep_until(fern_clock_ns() + 20 * MS);
	}
	fern_logf("logged %llu lines", (unsigned long long)lines);
	hostile_done(0, lines);
	return 0;
}
