// SPDX-License-Identifier: MIT
/* Thread lifecycle: creation with a kernel stack, first entry, blocking, waking, ending. */
#include <arch/fpu.h>
#include <fern/abi.h>
#include <fern/status.h>
#include <kernel/arch.h>
#include <kernel/cpu.h>
#include <kernel/kalloc.h>
#include <kernel/klock.h>
#include <kernel/kstack.h>
#include <kernel/object.h>
#include <kernel/panic.h>
#include <kernel/process.h>
#include <kernel/sched.h>
#include <kernel/state.h>
#include <kernel/thread.h>
#include <string.h>

static void timeout_expired(struct ktimer *timer, void *ctx)
{
	thread_wake(ctx, FERN_ERR_TIMED_OUT);
}

static struct thread *thread_alloc(const char *name, int priority)
{
	struct thread *t = kalloc(sizeof(*t));
	if (!t)
		return 0;
	if (kstack_alloc(&t->kstack)) {
		kfree(t, sizeof(*t));
		return 0;
	}
	t->id = ++kstate.sched.next_thread_id;
	t->priority = priority < 0                    ? 0
		      : priority >= THREAD_PRIORITIES ? THREAD_PRIORITIES - 1
						      : priority;
	t->state = THREAD_NEW;
	strncpy(t->name, name, sizeof(t->name) - 1);
	ktimer_init(&t->timeout, timeout_expired, t);
	/* Start with a clean FP/SIMD state: default rounding, no exceptions pending. */
	memset(&t->fp, 0, sizeof(t->fp));
	return t;
}

static uint64_t stack_top(const struct thread *t)
{
	return t->kstack.base + KSTACK_SIZE;
}

int thread_create_kernel(const char *name, int priority, void (*fn)(void *), void *arg,
			 struct thread **out)
{
	struct thread *t = thread_alloc(name, priority);
	if (!t)
		return FERN_ERR_NO_MEMORY;
	t->entry = fn;
	t->arg = arg;
	arch_context_init(&t->ctx, stack_top(t), fn, arg);
	*out = t;
	return FERN_OK;
}

/* First run of a program thread: leave the kernel through its prepared trap frame. */
static void enter_program(void *frame)
{
	arch_enter_program(frame);
}

int thread_create_program(struct process *p, const char *name, int priority, uint64_t pc,
			  uint64_t sp, uint64_t arg, struct thread **out)
{
	struct thread *t = thread_alloc(name, priority);
	if (!t)
		return FERN_ERR_NO_MEMORY;
	t->process = p; /* a thread keeps its process object alive */
	kobject_ref(&p->obj);
	t->frame = (struct trap_frame *)(stack_top(t) - sizeof(struct trap_frame));
	arch_frame_init_program(t->frame, pc, sp, arg, p->domain == FERN_DOMAIN_EL1);
	t->entry = enter_program;
	t->arg = t->frame;
	arch_context_init(&t->ctx, (uint64_t)t->frame, enter_program, t->frame);
	*out = t;
	return FERN_OK;
}

void thread_start(struct thread *t)
{
	ASSERT(t->state == THREAD_NEW);
	t->state = THREAD_RUNNABLE;
	sched_enqueue(t);
}

static void thread_free(struct thread *t)
{
	if (t->process)
		kobject_unref(&t->process->obj); /* the reference thread_create_program took */
	arch_fp_forget(t);
	if (t->kstack.base)
		kstack_free(&t->kstack);
	kfree(t, sizeof(*t));
}

/* Frees the thread this CPU just left, if it had exited: its stack was in use until now. */
void thread_reap(void)
{
	struct cpu *c = this_cpu();
	if (c->dead) {
		thread_free(c->dead);
		c->dead = 0;
	}
}

void thread_start_kernel(void (*entry)(void *), void *arg)
{
	/* We arrive from schedule() with the kernel lock held and interrupts masked. */
	thread_reap();
	struct thread *t = current_thread();
	if (t->process) {
		klock_release();
		entry(arg); /* enter_program: does not return */
	}
	klock_release();
	arch_irq_enable();
	entry(arg);
	thread_exit();
}

void thread_exit(void)
{
	if (!klock_held())
		klock_acquire();
	struct thread *t = current_thread();
	t->state = THREAD_DEAD;
	this_cpu()->dead = t;
	schedule();
	panic("dead thread %s was scheduled", t->name);
}

int thread_block_handoff(uint64_t deadline, struct thread *next)
{
	struct thread *t = current_thread();
	if (t->killed) {
		if (next) /* it was to run in our place: it must not be left blocked */
			thread_wake(next, FERN_OK);
		return FERN_ERR_CANCELED;
	}
	t->state = THREAD_BLOCKED;
	t->wake_result = FERN_OK;
	if (deadline != FERN_DEADLINE_NEVER)
		ktimer_arm(&t->timeout, deadline, 0);
	if (next)
		sched_handoff(next);
	else
		schedule();
	if (t->timeout.armed)
		ktimer_cancel(&t->timeout);
	return t->wake_result;
}

int thread_block(uint64_t deadline)
{
	return thread_block_handoff(deadline, 0);
}

void thread_wake(struct thread *t, int result)
{
	if (t->state != THREAD_BLOCKED)
		return;
	t->wake_result = result;
	t->state = THREAD_RUNNABLE;
	sched_enqueue(t);
}

void thread_kill(struct thread *t)
{
	ASSERT(t != current_thread() && t->process);
	if (t->state == THREAD_NEW) { /* never ran: holds nothing but itself */
		struct process *p = t->process;
		for (struct thread **q = &p->threads; *q; q = &(*q)->proc_next) {
			if (*q == t) {
				*q = t->proc_next;
				break;
			}
		}
		t->state = THREAD_DEAD;
		thread_free(t);
		return;
	}
	t->killed = true;
	thread_wake(t, FERN_ERR_CANCELED);
}
