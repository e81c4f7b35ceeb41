// SPDX-License-Identifier: MIT
/* System commands over the startup channel: the text reports (ps, services, lsdev, mem,
 * specs), kill, start, stop, poweroff and reboot. */
#include "shell.h"

#include <fern/service.h>
#include <fern/status.h>
#include <string.h>

#define SHUTDOWN_WAIT_NS 10000000000ull /* for the startup task to tell us to finish */

/* Prints report name verbatim; a failure is reported as cmd's. */
static int report_print(struct shell *sh, const char *cmd, const char *name)
{
	char buf[FERN_MSG_DATA_MAX];
	uint64_t offset = 0;
	for (;;) {
		int64_t n = sys_report_read(sh, name, offset, buf, sizeof(buf));
		if (n < 0) {
			out_error(sh, cmd, 0, (int)n);
			return (int)n;
		}
		if (n == 0 || out_interrupted(sh))
			return FERN_OK;
		out_write(sh, buf, (size_t)n);
		offset += (uint64_t)n;
	}
}

int cmd_report(struct shell *sh, int argc, char **argv)
{
	if (argc != 1)
		return command_usage(sh, argv[0]);
	const char *report = !strcmp(argv[0], "lsdev") ? "devices" : argv[0];
	return report_print(sh, argv[0], report);
}

/* kill, start and stop: one name, a SETATTR with it, a confirmation. */
static int control(struct shell *sh, int argc, char **argv, uint32_t attr, const char *done)
{
	if (argc != 2)
		return command_usage(sh, argv[0]);
	int rc = sys_control(sh, attr, argv[1]);
	if (rc)
		out_error(sh, argv[0], argv[1], rc);
	else
		out_printf(sh, "%s %s\n", done, argv[1]);
	return rc;
}

int cmd_kill(struct shell *sh, int argc, char **argv)
{
	return control(sh, argc, argv, FERN_ATTR_KILL, "killed");
}

int cmd_start(struct shell *sh, int argc, char **argv)
{
	return control(sh, argc, argv, FERN_ATTR_START, "started");
}

int cmd_stop(struct shell *sh, int argc, char **argv)
{
	return control(sh, argc, argv, FERN_ATTR_STOP, "stopped");
}

int cmd_power(struct shell *sh, int argc, char **argv)
{
	if (argc != 1)
		return command_usage(sh, argv[0]);
	uint64_t reset = !strcmp(argv[0], "reboot");
	int rc =
	    sh->startup ? fern_setattr(sh->startup, FERN_ATTR_SHUTDOWN, reset) : FERN_ERR_NOT_FOUND;
	if (rc) {
		out_error(sh, argv[0], 0, rc);
		return rc;
	}
	input_wait_shutdown(sh, SHUTDOWN_WAIT_NS); /* returns only if the system stays up */
	out_printf(sh, "%s: the system did not go down\n", argv[0]);
	return FERN_ERR_TIMED_OUT;
}
