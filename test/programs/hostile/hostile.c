// SPDX-License-Identifier: MIT
/* The hostile programs' side of the witness board (hostile.h). */
#include "hostile.h"
#include <fern/env.h>
#include <fern/service.h>
#include <fern/sys.h>
#include <stdlib.h>
#include <string.h>

static fern_handle witness;

uint64_t hostile_get(enum hostile_key key)
{
	uint64_t words[FERN_MSG_WORDS] = {0};
	if (witness && fern_getattr(witness, key, words) != FERN_OK)
		return 0;
	return words[0];
}

void hostile_set(enum hostile_key key, uint64_t value)
{
	if (witness)
		fern_setattr(witness, key, value);
}

uint64_t hostile_begin(void)
{
	witness = fern_env_handle("witness");
	if (!witness)
		return 1;
	uint64_t runs = hostile_get(HOSTILE_KEY_RUNS) + 1;
	hostile_set(HOSTILE_KEY_RUNS, runs);
	hostile_set(HOSTILE_KEY_STATE, HOSTILE_RUNNING);
	uint64_t give_up = fern_clock_ns() + 10000000000ull;
	while (!hostile_get(HOSTILE_KEY_GO) && fern_clock_ns() < give_up)
		fern_sleep_until(fern_clock_ns() + 1000000);
	return runs;
}

void hostile_done(uint64_t failures, uint64_t result)
{
	hostile_set(HOSTILE_KEY_VERDICT, failures);
	hostile_set(HOSTILE_KEY_RESULT, result);
	hostile_set(HOSTILE_KEY_STATE, HOSTILE_DONE);
}

uint64_t hostile_free_kib(void)
{
	static char report[4096];
	if (fern_report_read("mem", report, sizeof(report)) < 0)
		return 0;
	const char *line = strstr(report, "\nfree ");
	return line ? strtoull(line + 6, 0, 10) : 0;
}
