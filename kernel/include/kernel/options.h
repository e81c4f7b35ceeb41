/* SPDX-License-Identifier: MIT */
/* Kernel command-line options from /chosen bootargs (QEMU: -append "..."). */
#ifndef KERNEL_OPTIONS_H
#define KERNEL_OPTIONS_H

#include <stdbool.h>

enum crash_kind {
	CRASH_NONE = 0,
	CRASH_DATA_ABORT,     /* store to an unmapped address */
	CRASH_UNDEFINED,      /* an undefined instruction */
	CRASH_WRITE_TEXT,     /* store to kernel text: must fault (text is read-only) */
	CRASH_EXEC_DATA,      /* jump into the stack: must fault (data is never executable) */
	CRASH_PANIC,          /* call panic() */
	CRASH_STACK_OVERFLOW, /* a kernel thread recurses into its stack's guard page */
};

struct kernel_options {
	bool poweroff;         /* "poweroff": power off once boot has finished */
	bool reboot;           /* "reboot": reset once boot has finished */
	bool panic_poweroff;   /* "panic=poweroff": power off after a panic instead of halting */
	int loglevel;          /* "loglevel=N": 0 errors .. 3 debug; default 2 */
	enum crash_kind crash; /* "crash=KIND": test the fault reporter and W^X */
	char test[64];         /* "test=NAME[,NAME...]": run kernel test scenarios (ktest.c) */
	bool profile; /* "profile": EL0 programs at distinct addresses, each logged (tools/fern
			 profile) */
	bool pmu;     /* "pmu": programs may read the instruction counter, which counts from
			 boot, and the startup task and the shell log how far boot took them
			 (tools/fern bench) */
};

/* Parses space-separated options. Unknown or malformed words are reported through warn (one
 * call each) and otherwise ignored, so a typo never stops a boot. */
void options_parse(const char *bootargs, struct kernel_options *out,
		   void (*warn)(const char *word, int len, const char *why));

#endif
