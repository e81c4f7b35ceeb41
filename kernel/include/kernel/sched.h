/* SPDX-License-Identifier: MIT */
/* The scheduler: preemptive priorities, round-robin within a priority, an idle thread per CPU.
 * Guarded by the kernel lock; every function here requires it. */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include <kernel/cpu.h>
#include <kernel/thread.h>

struct sched_state {
	struct thread *head[THREAD_PRIORITIES]; /* FIFO per priority */
	struct thread *tail[THREAD_PRIORITIES];
	uint32_t ready_mask; /* bit p: head[p] non-empty */
	uint64_t next_thread_id;
	struct ktimer tick; /* the periodic time-slice tick */
};

/* Turns the boot flow into this CPU's idle thread. Boot only, before threads exist. */
void sched_init(void);
/* Queues a runnable thread; asks for a reschedule if it outranks the current one. */
void sched_enqueue(struct thread *t);
/* Removes a runnable thread from its queue (it is about to be destroyed). */
void sched_dequeue(struct thread *t);
/* Switches to the best runnable thread (possibly the current one, if still running). */
void schedule(void);
/* Runs next, a blocked thread, in place of the current thread (which the caller has marked
 * blocked), skipping the run queues; if a runnable thread outranks next, next is queued and
 * the best thread runs instead. */
void sched_handoff(struct thread *next);
/* Switches from prev (the current thread, already marked blocked) to next (blocked until
 * now) unconditionally: the caller has checked that nothing runnable outranks next. */
void sched_switch(struct thread *prev, struct thread *next);
/* Gives up the rest of the current turn. */
void sched_yield(void);
/* need_resched was set: a killed thread leaves (see thread_kill), anything else reschedules. */
void sched_exit_work(void);
/* A preemption point inside a long operation of the current thread (committing a large memory
 * object, mapping one): drops the kernel lock, takes pending interrupts, and lets whatever
 * outranks the thread run, so that one system call cannot hold the CPU for long. The caller's
 * work in progress must be private (no other thread can reach it) and hold references to what
 * it uses. Returns FERN_ERR_CANCELED if the thread was killed meanwhile: the caller undoes its
 * work and returns. Kernel lock held and interrupts masked on entry and on return. */
int sched_breathe(void);

/* Called at the end of every trap: reschedules if something asked for it. */
static inline void sched_preempt_point(void)
{
	if (__builtin_expect(this_cpu()->need_resched, 0))
		sched_exit_work();
}
/* Starts the time-slice tick (after the timer is initialised). */
void sched_start_tick(void);

#endif
