// SPDX-License-Identifier: MIT
/* The reaper thread (reaper.h): destroys handed-over objects a batch at a time. */
#include <fern/abi.h>
#include <fern/status.h>
#include <kernel/cpu.h>
#include <kernel/klock.h>
#include <kernel/reaper.h>
#include <kernel/sched.h>
#include <kernel/state.h>
#include <kernel/thread.h>

/* Moves this CPU's dying list (not empty) onto the reaper's, in one step. */
static void splice_from_cpu(struct cpu *c)
{
	struct reaper_state *r = &kstate.reaper;
	c->dying_tail->dying_next = r->list;
	if (!r->list)
		r->tail = c->dying_tail;
	r->list = c->dying;
	c->dying = c->dying_tail = 0;
}

void reaper_take(void)
{
	struct cpu *c = this_cpu();
	if (!kstate.reaper.running) {
		kobject_destroy_some(0); /* early boot: nobody to wait for */
		return;
	}
	splice_from_cpu(c);
	kobject_signal(&kstate.reaper.event, FERN_SIGNAL_READABLE, 0);
}

bool reaper_busy(void)
{
	return kstate.reaper.list != 0;
}

static void reaper_main(void *arg)
{
	struct reaper_state *r = &kstate.reaper;
	struct cpu *c = this_cpu();
	klock_acquire();
	for (;;) {
		if (!r->list) {
			kobject_signal(&r->event, 0, FERN_SIGNAL_READABLE);
			uint32_t pending;
			kobject_wait_one(&r->event, FERN_SIGNAL_READABLE, FERN_DEADLINE_NEVER,
					 &pending);
			continue;
		}
		/* Nobody is destroying on this CPU now (destruction never blocks), so its list
		 * is empty: work through ours there, where nested releases land. */
		c = this_cpu();
		c->dying = r->list;
		c->dying_tail = r->tail;
		r->list = r->tail = 0;
		if (kobject_destroy_some(KOBJECT_DESTROY_BATCH))
			splice_from_cpu(c);
		sched_breathe(); /* let everyone else run between batches */
	}
}

int reaper_start(void)
{
	struct thread *t;
	klock_acquire();
	kobject_init(&kstate.reaper.event, KOBJ_NONE);
	int err = thread_create_kernel("reaper", THREAD_PRIORITY_DEFAULT, reaper_main, 0, &t);
	if (!err) {
		kstate.reaper.running = true;
		thread_start(t);
	}
	klock_release();
	return err;
}
