/* SPDX-License-Identifier: MIT */
/* Threads: kernel threads and program threads (EL0 or EL1 domain), each with its own kernel
 * stack and saved FP/SIMD state. Guarded by the kernel lock. */
#ifndef KERNEL_THREAD_H
#define KERNEL_THREAD_H

#include <arch/context.h>
#include <arch/trap.h>
#include <kernel/ipc.h>
#include <kernel/kstack.h>
#include <kernel/ktimer.h>
#include <kernel/object.h>
#include <stdbool.h>
#include <stdint.h>

#define KSTACK_ORDER            2 /* 16 KiB kernel stacks */
#define KSTACK_SIZE             (4096UL << KSTACK_ORDER)
#define THREAD_PRIORITIES       32
#define THREAD_PRIORITY_DEFAULT 8
#define THREAD_SLICE_TICKS      2 /* round-robin time slice within a priority */

enum thread_state { THREAD_NEW, THREAD_RUNNABLE, THREAD_RUNNING, THREAD_BLOCKED, THREAD_DEAD };

struct process;
struct waiter;

struct thread {
	struct arch_context ctx; /* callee-saved registers while switched out */
	struct fp_state fp;      /* FP/SIMD registers while switched out */
	char name[32];
	uint64_t id;
	enum thread_state state;
	int priority;             /* 0..THREAD_PRIORITIES-1, higher runs first */
	int slice;                /* ticks left in this turn */
	struct thread *rq_next;   /* run queue */
	struct process *process;  /* NULL for kernel threads */
	struct thread *proc_next; /* the process's thread list */
	struct kstack kstack;     /* guarded (kstack.h); base 0 for the boot (idle) thread */
	struct trap_frame *frame; /* program threads: their frame at the kernel stack top */
	struct ktimer timeout;    /* wakes a blocked thread at its deadline */
	int wake_result;          /* why the last thread_block returned */
	bool killed;              /* its process ended: leave at the next way out of the kernel */
	bool breathing;           /* in sched_breathe: preemption may switch away, never end it */
	struct waiter *waiters;   /* objects this thread waits on (thread_block callers) */
	int waiter_count;
	/* While receiving as a channel end's receiver or on a port: what a sender may complete
	 * (ipc.h). */
	struct ipc_recv recv;
	void (*entry)(void *); /* kernel threads */
	void *arg;
};

/* Creates a kernel thread that runs fn(arg) with interrupts enabled and the kernel lock not
 * held; it ends when fn returns. Not yet runnable: call thread_start. FERN_ERR_NO_MEMORY. */
int thread_create_kernel(const char *name, int priority, void (*fn)(void *), void *arg,
			 struct thread **out);
/* Creates a thread of process p that enters the program at pc with sp and x0 = arg, in the
 * process's domain. Not yet runnable. FERN_ERR_NO_MEMORY. */
int thread_create_program(struct process *p, const char *name, int priority, uint64_t pc,
			  uint64_t sp, uint64_t arg, struct thread **out);
void thread_start(struct thread *t);
/* Stops another thread of a program: a new one is freed at once; any other leaves at its next
 * way out of the kernel, a blocked one after its system call has unwound (woken with
 * FERN_ERR_CANCELED; it never blocks again). Kernel lock held. */
void thread_kill(struct thread *t);

/* Ends the calling thread. Kernel lock held or not. */
__attribute__((noreturn)) void thread_exit(void);

/* Blocks the current thread until thread_wake or the deadline (ns; FERN_DEADLINE_NEVER: no
 * timeout). Kernel lock held. Returns the wake result: FERN_OK, FERN_ERR_TIMED_OUT, or what the
 * waker passed. */
int thread_block(uint64_t deadline);
/* Like thread_block, but runs next (a thread blocked until now) at once instead of picking from
 * the run queues: the direct switch of synchronous IPC. */
int thread_block_handoff(uint64_t deadline, struct thread *next);
/* Makes a blocked thread runnable with the given result; no effect on others. Kernel lock. */
void thread_wake(struct thread *t, int result);

/* Called by arch_thread_trampoline on a new thread's first run. */
void thread_start_kernel(void (*entry)(void *), void *arg);

#endif
