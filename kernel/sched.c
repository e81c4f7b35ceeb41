// SPDX-License-Identifier: MIT
/* Priority scheduling with round-robin inside a priority; the boot flow becomes the idle
 * thread. Every function runs with the kernel lock held. */
#include <arch/fpu.h>
#include <fern/status.h>
#include <kernel/arch.h>
#include <kernel/aspace.h>
#include <kernel/cpu.h>
#include <kernel/klock.h>
#include <kernel/panic.h>
#include <kernel/process.h>
#include <kernel/sched.h>
#include <kernel/state.h>
#include <kernel/timer.h>

#define TICK_NS (1000000000ull / TIMER_HZ)

void thread_reap(void);

void sched_init(void)
{
	struct cpu *c = &kstate.cpus[0];
	struct thread *idle = &kstate.boot_thread;
	c->id = 0;
	arch_set_this_cpu(c);
	idle->state = THREAD_RUNNING;
	idle->priority = -1; /* below every real thread; never queued */
	idle->id = 0;
	__builtin_strcpy(idle->name, "idle");
	c->idle = idle;
	c->current = idle;
	c->empty_ttbr0 = kstate.vm.empty_root_pa; /* what vm_init_kernel installed */
	c->ttbr0 = c->empty_ttbr0;
	arch_fp_init();
}

void sched_enqueue(struct thread *t)
{
	struct sched_state *s = &kstate.sched;
	int p = t->priority;
	t->rq_next = 0;
	if (s->tail[p])
		s->tail[p]->rq_next = t;
	else
		s->head[p] = t;
	s->tail[p] = t;
	s->ready_mask |= 1u << p;
	if (t->priority > current_thread()->priority)
		this_cpu()->need_resched = true;
}

void sched_dequeue(struct thread *t)
{
	struct sched_state *s = &kstate.sched;
	int p = t->priority;
	struct thread *prev = 0;
	for (struct thread *q = s->head[p]; q; prev = q, q = q->rq_next) {
		if (q != t)
			continue;
		if (prev)
			prev->rq_next = q->rq_next;
		else
			s->head[p] = q->rq_next;
		if (s->tail[p] == q)
			s->tail[p] = prev;
		break;
	}
	if (!s->head[p])
		s->ready_mask &= ~(1u << p);
}

static struct thread *pick_next(void)
{
	struct sched_state *s = &kstate.sched;
	if (!s->ready_mask)
		return this_cpu()->idle;
	int p = 31 - __builtin_clz(s->ready_mask);
	struct thread *t = s->head[p];
	s->head[p] = t->rq_next;
	if (!s->head[p]) {
		s->tail[p] = 0;
		s->ready_mask &= ~(1u << p);
	}
	return t;
}

/* Switches from prev to next; returns when prev runs again. */
static void switch_to(struct thread *prev, struct thread *next)
{
	struct cpu *c = this_cpu();
	next->state = THREAD_RUNNING;
	next->slice = THREAD_SLICE_TICKS;
	c->current = next;
	c->switches++;
	aspace_activate_on(c, next->process ? &next->process->as : 0);
	arch_fp_switch(c, next);
	arch_context_switch(&prev->ctx, &next->ctx);
	c = this_cpu();
	if (c->dead)
		thread_reap();
	if (__builtin_expect(c->current->killed, 0))
		c->need_resched = true; /* to leave at the way out: sched_exit_work */
}

void schedule(void)
{
	struct cpu *c = this_cpu();
	struct thread *prev = c->current;
	ASSERT(klock_held());
	c->need_resched = false;
	if (prev->state == THREAD_RUNNING && prev != c->idle) {
		prev->state = THREAD_RUNNABLE;
		sched_enqueue(prev);
		c->need_resched = false;
	}
	struct thread *next = pick_next();
	if (next == prev) {
		prev->state = THREAD_RUNNING;
		return;
	}
	switch_to(prev, next);
}

void sched_exit_work(void)
{
	struct thread *t = current_thread();
	if (t->killed && !t->breathing)
		process_thread_exit();
	schedule();
}

int sched_breathe(void)
{
	struct thread *t = current_thread();
	t->breathing = true;
	klock_release();
	arch_irq_window(); /* an interrupt here may preempt us (sched_exit_work) */
	klock_acquire_masked();
	if (this_cpu()->need_resched)
		schedule();
	t->breathing = false;
	return t->killed ? FERN_ERR_CANCELED : FERN_OK;
}

void sched_switch(struct thread *prev, struct thread *next)
{
	this_cpu()->need_resched = false;
	switch_to(prev, next);
}

void sched_handoff(struct thread *next)
{
	struct thread *prev = this_cpu()->current;
	uint32_t ready = kstate.sched.ready_mask;
	if (ready && 31 - __builtin_clz(ready) > next->priority) {
		next->state = THREAD_RUNNABLE;
		sched_enqueue(next);
		schedule();
		return;
	}
	this_cpu()->need_resched = false;
	switch_to(prev, next);
}

void sched_yield(void)
{
	schedule();
}

/* Time slices: a thread that used its turn goes behind others of its priority. */
static void sched_tick(struct ktimer *timer, void *ctx)
{
	if (log_pending(&kstate.log))
		kobject_signal(&kstate.log.event, FERN_SIGNAL_READABLE, 0); /* the forwarder */
	struct thread *t = current_thread();
	if (t == this_cpu()->idle)
		return;
	if (--t->slice <= 0 && kstate.sched.head[t->priority])
		this_cpu()->need_resched = true;
}

void sched_start_tick(void)
{
	ktimer_init(&kstate.sched.tick, sched_tick, 0);
	ktimer_arm(&kstate.sched.tick, timer_uptime_ns() + TICK_NS, TICK_NS);
}
