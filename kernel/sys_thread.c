// SPDX-License-Identifier: MIT
/* Program threads: SYS_THREAD_CREATE starts another thread of the calling process (same
 * domain, same address space and handles), SYS_THREAD_EXIT ends one. */
#include <fern/abi.h>
#include <fern/format.h>
#include <fern/status.h>
#include <kernel/process.h>
#include <kernel/syscall.h>
#include <kernel/thread.h>

#define PROCESS_MAX_THREADS 64

static int thread_count(const struct process *p)
{
	int n = 0;
	for (const struct thread *t = p->threads; t; t = t->proc_next)
		n++;
	return n;
}

int64_t sys_thread_create(struct trap_frame *f)
{
	uint64_t entry = f->x[0], stack_top = f->x[1], arg = f->x[2];
	struct process *p = process_current();
	/* The entry and the top of the stack must lie in the program's own address space; if
	 * they are not mapped there, the new thread faults like any program would. */
	if ((entry & 3) || (stack_top & 15) || !aspace_range_ok(&p->as, entry, 4) ||
	    stack_top < 16 || !aspace_range_ok(&p->as, stack_top - 16, 16))
		return FERN_ERR_INVALID;
	if (thread_count(p) >= PROCESS_MAX_THREADS)
		return FERN_ERR_TOO_MANY;
	struct thread *t;
	int err = thread_create_program(p, p->name, current_thread()->priority, entry, stack_top,
					arg, &t);
	if (err)
		return err;
	t->proc_next = p->threads;
	p->threads = t;
	thread_start(t);
	return (int64_t)t->id;
}

int64_t sys_thread_exit(struct trap_frame *f)
{
	process_thread_exit();
}
