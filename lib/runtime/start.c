// SPDX-License-Identifier: MIT
/* The C half of program start-up: checks the start info, prepares libc, runs main. */
#include "runtime.h"
#include <fern/sys.h>
#include <stdlib.h>

int main(int argc, char **argv);
void __libc_init_array(void);

uint64_t fern_rt_syscall_entry;
const struct fern_start_info *fern_rt_start;

const struct fern_start_info *fern_start_info(void)
{
	return fern_rt_start;
}

void fern_runtime_start(const struct fern_start_info *si)
{
	/* Without a usable start info nothing can be reported (not even which way to call the
	 * kernel): fault instead, so the kernel attributes the failure to this program. */
	if (!si || si->magic != FERN_START_MAGIC)
		__builtin_trap();
	if (si->domain == FERN_DOMAIN_EL1) {
		if (!si->syscall_entry)
			__builtin_trap();
		fern_rt_syscall_entry = si->syscall_entry;
	} else if (si->domain != FERN_DOMAIN_EL0) {
		__builtin_trap();
	}
	fern_rt_start = si;
	fern_rt_heap_init(si->heap_base, si->heap_size);

	char **argv;
	int argc = fern_rt_args_parse(si->name, si->args, &argv);
	if (argc < 0) {
		fern_logf("runtime: cannot build argv: %s", status_name(argc));
		fern_exit(argc);
	}
	__libc_init_array();
	/* exit(), not fern_exit(): atexit handlers and destructors (which flush stdout) run. */
	exit(main(argc, argv));
}
