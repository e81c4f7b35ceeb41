// SPDX-License-Identifier: MIT
/* Program threads: a stack and a TLS block from the heap, then SYS_THREAD_CREATE. */
#include "runtime.h"
#include <fern/sys.h>
#include <stdlib.h>

#define THREAD_STACK_DEFAULT (64 * 1024)

struct thread_start {
	void (*fn)(void *);
	void *arg;
	void *tls;
};

/* The new thread's first function (x0 = its start block, sp = the top of its stack). */
static __attribute__((noreturn)) void thread_entry(struct thread_start *start)
{
	_set_tls(start->tls);
	start->fn(start->arg);
	fern_thread_exit();
}

int64_t fern_thread_create(void (*fn)(void *), void *arg, size_t stack_size)
{
	if (!stack_size)
		stack_size = THREAD_STACK_DEFAULT;
	stack_size = (stack_size + 15) & ~(size_t)15;
	void *tls = fern_rt_tls_new();
	char *stack = aligned_alloc(16, stack_size);
	if (!tls || !stack) {
		fern_rt_tls_free(tls);
		free(stack);
		return FERN_ERR_NO_MEMORY;
	}
	/* The start block sits at the top of the new stack, below where it starts. */
	struct thread_start *start = (struct thread_start *)(stack + stack_size) - 1;
	start->fn = fn;
	start->arg = arg;
	start->tls = tls;
	uint64_t top = (uint64_t)start & ~(uint64_t)15;
	int64_t id =
	    fern_syscall(SYS_THREAD_CREATE, (uint64_t)thread_entry, top, (uint64_t)start, 0, 0, 0);
	if (fern_is_error(id)) {
		fern_rt_tls_free(tls);
		free(stack);
	}
	return id;
}

void fern_thread_exit(void)
{
	fern_syscall(SYS_THREAD_EXIT, 0, 0, 0, 0, 0, 0);
	__builtin_unreachable();
}
