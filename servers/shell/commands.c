// SPDX-License-Identifier: MIT
/* The command table: names, usage, one line of help each, and the help command. */
#include "shell.h"

#include <fern/status.h>
#include <stdio.h>
#include <string.h>

static const struct command commands[] = {
    {"help", "", "list the commands", cmd_help},
    {"ps", "", "processes: id, name, domain, state, priority, handles, memory", cmd_report},
    {"kill", "NAME|ID", "end a process (it restarts as its spec says)", cmd_kill},
    {"start", "SPEC", "start a spec", cmd_start},
    {"stop", "NAME", "stop an instance for good", cmd_stop},
    {"services", "", "who provides which service, who uses it", cmd_report},
    {"lsdev", "", "device-tree nodes, their status and driver", cmd_report},
    {"mem", "", "physical memory and each process's use", cmd_report},
    {"specs", "", "the specs one can start", cmd_report},
    {"dt", "[PATH]", "a node of the live device tree, decoded", cmd_dt},
    {"uptime", "", "time since boot", cmd_uptime},
    {"date", "", "the RTC's time (UTC)", cmd_date},
    {"random", "[N]", "N random bytes in hex (default 16, at most 256)", cmd_random},
    {"echo", "TEXT...", "print the words", cmd_echo},
    {"ls", "[PATH]", "list a directory (directories end in /)", cmd_ls},
    {"cat", "PATH...", "print files, reports (/sys/NAME), services (/svc/NAME)", cmd_cat},
    {"hexdump", "PATH", "print PATH in hex", cmd_hexdump},
    {"write", "[-a] FILE TEXT...", "write the words and a newline to FILE (-a: append)", cmd_write},
    {"append", "FILE TEXT...", "append the words and a newline to FILE", cmd_write},
    {"cp", "FROM TO", "copy a file (or a report or service's contents) to a file", cmd_cp},
    {"cmp", "FILE FILE", "compare two files byte by byte", cmd_cmp},
    {"sync", "", "put everything written on the disk", cmd_sync},
    {"rm", "PATH", "remove a file or an empty directory", cmd_rm},
    {"mkdir", "PATH", "make a directory", cmd_mkdir},
    {"mv", "FROM TO", "rename or move (into TO when it is a directory)", cmd_mv},
    {"stat", "PATH", "size, kind, modification time, attributes", cmd_stat},
    {"cd", "[PATH]", "change the current directory (default /)", cmd_cd},
    {"pwd", "", "print the current directory", cmd_pwd},
    {"poweroff", "", "shut the system down", cmd_power},
    {"reboot", "", "restart the system", cmd_power},
};

#define COMMAND_COUNT (sizeof(commands) / sizeof(commands[0]))

const struct command *command_find(const char *name)
{
	for (size_t i = 0; i < COMMAND_COUNT; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return 0;
}

int command_usage(struct shell *sh, const char *name)
{
	const struct command *c = command_find(name);
	out_printf(sh, "usage: %s%s%s\n", name, c && *c->usage ? " " : "", c ? c->usage : "");
	return FERN_ERR_INVALID;
}

int cmd_help(struct shell *sh, int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return command_usage(sh, "help");
	for (size_t i = 0; i < COMMAND_COUNT && !out_interrupted(sh); i++) {
		char left[40];
		snprintf(left, sizeof(left), "%s %s", commands[i].name, commands[i].usage);
		out_printf(sh, "  %-24s %s\n", left, commands[i].help);
	}
	out_puts(sh,
		 "Paths: /sys/NAME is a system report (ps, services, devices, mem, specs, dt),\n"
		 "/svc/NAME reads service NAME, anything else is a file on the fs service.\n");
	return FERN_OK;
}
