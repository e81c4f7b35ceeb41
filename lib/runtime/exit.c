// SPDX-License-Identifier: MIT
/* Ending a program: fern_exit and the libc exits built on it (_exit, abort, __stack_chk_fail). */
#include <fern/sys.h>
#include <stdlib.h>
#include <unistd.h>

/* abort()'s exit code: 128 + SIGABRT, as a POSIX shell would report a process killed by it. */
#define EXIT_CODE_ABORT 134

/* start.c calls fern_exit, so this file is always linked and these definitions of _exit and
 * abort win over picolibc's (whose abort needs signals: kill and getpid). */

void fern_exit(int64_t code)
{
	fern_syscall(SYS_EXIT, (uint64_t)code, 0, 0, 0, 0, 0);
	/* SYS_EXIT does not return; if it ever did, fault rather than run on. */
	__builtin_trap();
}

void _exit(int code)
{
	fern_exit(code);
}

void abort(void)
{
	static const char msg[] = "abort() called";
	fern_log(msg, sizeof(msg) - 1);
	fern_exit(EXIT_CODE_ABORT);
}

/* Code built with -fstack-protector (libfdt, for one) calls this when a stack canary was
 * overwritten. Ours wins over picolibc's weak one, which would need signals. */
__attribute__((noreturn)) void __stack_chk_fail(void)
{
	static const char msg[] = "stack smashing detected";
	fern_log(msg, sizeof(msg) - 1);
	fern_exit(EXIT_CODE_ABORT);
}
