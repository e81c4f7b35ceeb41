// SPDX-License-Identifier: MIT
/* The shell: a prompt on the console service, a read-eval loop over the command table. */
#include "args.h"
#include "shell.h"

#include <fern/env.h>
#include <fern/status.h>
#include <fern/sys.h>
#include <string.h>

/* Splits and runs one command line. */
static void line_run(struct shell *sh, char *line)
{
	char *argv[ARGS_MAX];
	const char *err;
	int argc = args_split(line, argv, ARGS_MAX, &err);
	if (argc < 0) {
		out_printf(sh, "shell: %s\n", err);
		return;
	}
	if (argc == 0)
		return;
	const struct command *c = command_find(argv[0]);
	if (!c) {
		out_printf(sh, "%s: unknown command (try help)\n", argv[0]);
		return;
	}
	c->fn(sh, argc, argv);
}

int main(void)
{
	static struct shell sh; /* the program's state: large, so not on the stack */
	sh.console = fern_env_handle("console");
	sh.startup = fern_env_handle("startup");
	strcpy(sh.cwd, "/");
	if (!sh.console) {
		fern_logf("no console in the environment");
		return 1;
	}
	input_init(&sh);
	out_puts(&sh, "Fern shell. Type help for the commands.\n");
	for (bool first = true;; first = false) {
		sh.interrupted = false;
		out_puts(&sh, "fern> ");
		out_flush(&sh);
		uint64_t booted = first ? fern_instructions() : 0; /* bootargs pmu only */
		if (booted)
			fern_logf("BENCH boot-to-prompt %llu instructions",
				  (unsigned long long)booted);
		bool cancelled;
		char *line = (char *)input_line(&sh, &cancelled);
		if (!line)
			break;
		sh.interrupted = false;
		if (cancelled)
			continue;
		if (sh.line.too_long)
			out_printf(&sh, "shell: line too long (at most %d bytes)\n", LINE_MAX_LEN);
		else
			line_run(&sh, line);
		out_flush(&sh);
	}
	fern_logf("end of console input");
	return 0;
}
