// SPDX-License-Identifier: MIT
/* Commands that need no files: uptime, date (the rtc service), random (the entropy service)
 * and echo. */
#include "fmt.h"
#include "shell.h"

#include <fern/status.h>
#include <fern/sys.h>
#include <stdlib.h>

#define RANDOM_DEFAULT 16
#define RANDOM_MAX     256

int cmd_uptime(struct shell *sh, int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return command_usage(sh, "uptime");
	char buf[48];
	fmt_uptime(buf, sizeof(buf), fern_clock_ns());
	out_printf(sh, "up %s\n", buf);
	return FERN_OK;
}

int cmd_date(struct shell *sh, int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return command_usage(sh, "date");
	uint64_t t[FERN_MSG_WORDS];
	int rc = svc_getattr(sh, "rtc", FERN_ATTR_TIME, t);
	if (rc) {
		out_error(sh, "date", "rtc", rc);
		return rc;
	}
	char buf[48];
	fmt_date(buf, sizeof(buf), (int64_t)t[0]);
	out_printf(sh, "%s\n", buf);
	return FERN_OK;
}

/* A whole decimal number in [1, max], or -1. */
static long count_parse(const char *s, long max)
{
	char *end;
	long v = strtol(s, &end, 10);
	return *s && !*end && v >= 1 && v <= max ? v : -1;
}

int cmd_random(struct shell *sh, int argc, char **argv)
{
	if (argc > 2)
		return command_usage(sh, "random");
	long want = argc == 2 ? count_parse(argv[1], RANDOM_MAX) : RANDOM_DEFAULT;
	if (want < 0) {
		out_printf(sh, "random: %s: not a count from 1 to %d\n", argv[1], RANDOM_MAX);
		return FERN_ERR_INVALID;
	}
	uint8_t buf[RANDOM_MAX];
	long have = 0;
	while (have < want) {
		int64_t n = svc_read(sh, "entropy", 0, buf + have, (uint32_t)(want - have));
		if (n <= 0) {
			out_error(sh, "random", "entropy", n ? (int)n : FERN_ERR_EMPTY);
			return n ? (int)n : FERN_ERR_EMPTY;
		}
		have += n;
	}
	for (long i = 0; i < want; i++)
		out_printf(sh, "%02x%s", buf[i], (i + 1) % 32 && i + 1 < want ? "" : "\n");
	return FERN_OK;
}

int cmd_echo(struct shell *sh, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		out_puts(sh, argv[i]);
		out_puts(sh, i + 1 < argc ? " " : "");
	}
	out_puts(sh, "\n");
	return FERN_OK;
}
