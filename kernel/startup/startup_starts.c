// SPDX-License-Identifier: MIT
/* When instances start: at boot, providers before their users; restarts after a failure, after
 * a short delay; and retries of starts that failed for want of a resource, with a back-off
 * that doubles up to a cap (a program that once could not restart because memory had run out
 * now comes back when memory does). */
#include "startup_internal.h"

#include <fern/status.h>
#include <kernel/channel.h>
#include <kernel/log.h>
#include <kernel/timer.h>

#define RESTART_DELAY_NS 20000000ull   /* a failed program restarts after this */
#define RETRY_FIRST_NS   100000000ull  /* a start that failed for want of a resource ... */
#define RETRY_MAX_NS     5000000000ull /* ... is retried, the wait doubling up to this */

/* Failures that can pass: the kernel's memory, a table or a device still held by the
 * instance's previous run. Anything else (a missing program, a bad fragment) cannot. */
static bool transient(int status)
{
	return status == FERN_ERR_NO_MEMORY || status == FERN_ERR_TOO_MANY ||
	       status == FERN_ERR_BUSY;
}

void startup_schedule_restart(struct startup_state *st, struct instance *in)
{
	in->start_at = timer_uptime_ns() + RESTART_DELAY_NS;
	in->start_delay = RETRY_FIRST_NS;
}

void startup_cancel_start(struct instance *in)
{
	in->start_at = 0;
}

int startup_start_or_retry(struct startup_state *st, struct instance *in, const char *what)
{
	char why[128];
	int rc = startup_instance_start(st, in, why);
	in->start_at = 0;
	if (!rc) {
		in->start_delay = 0;
		return FERN_OK;
	}
	if (!transient(rc)) {
		log_err("startup: cannot %s %s: %s", what, in->name, why);
		/* Clients whose CONNECTs wait in its startup channel see it closed now. */
		if (in->control_in) {
			kobject_unref(&in->control_in->obj);
			in->control_in = 0;
		}
		if (in->control) {
			kobject_unref(&in->control->obj);
			in->control = 0;
		}
		return rc;
	}
	if (!in->start_delay)
		in->start_delay = RETRY_FIRST_NS;
	log_err("startup: cannot %s %s: %s; trying again in %llu ms", what, in->name, why,
		(unsigned long long)(in->start_delay / 1000000));
	in->start_at = timer_uptime_ns() + in->start_delay;
	in->start_delay = in->start_delay * 2 > RETRY_MAX_NS ? RETRY_MAX_NS : in->start_delay * 2;
	return rc;
}

/* Whether every service in uses from another instance is provided by one already started
 * (or by nothing: a driver that matched no device). */
static bool providers_started(struct startup_state *st, const struct instance *in,
			      const bool *started)
{
	const struct spec *s = &st->specs[in->spec];
	for (int k = 0; k < s->uses_count; k++) {
		int index;
		struct instance *p = startup_provider(st, s->uses[k].service, &index);
		if (p && p != in && !started[p - st->inst])
			return false;
	}
	return true;
}

int startup_start_all(struct startup_state *st)
{
	/* Every startup channel first: a CONNECT to a provider that has not started yet waits in
	 * its queue instead of failing (a client whose name sorted first got a closed channel). */
	for (int i = 0; i < st->inst_count; i++) {
		struct instance *in = &st->inst[i];
		if (channel_create(&in->control, &in->control_in))
			in->control = in->control_in = 0; /* startup_instance_start tries again */
	}
	bool tried[STARTUP_MAX_INSTANCES] = {0};
	int count = 0, done = 0;
	while (done < st->inst_count) {
		/* Providers before users; a cycle (no instance ready) starts the first left. */
		int pick = -1;
		for (int i = 0; i < st->inst_count && pick < 0; i++)
			if (!tried[i] && providers_started(st, &st->inst[i], tried))
				pick = i;
		for (int i = 0; i < st->inst_count && pick < 0; i++)
			if (!tried[i])
				pick = i;
		tried[pick] = true;
		done++;
		count += startup_start_or_retry(st, &st->inst[pick], "start") == FERN_OK;
	}
	return count;
}

uint64_t startup_starts_due(struct startup_state *st)
{
	uint64_t next = FERN_DEADLINE_NEVER;
	for (int i = 0; i < st->inst_count; i++) {
		struct instance *in = &st->inst[i];
		if (!in->start_at || in->running)
			continue;
		if (st->shutting_down || in->stopped) {
			in->start_at = 0;
			continue;
		}
		if (timer_uptime_ns() >= in->start_at) {
			const struct spec *s = &st->specs[in->spec];
			if (in->restarts)
				log_info("startup: restarting %s (restart %u of %u)", in->name,
					 in->restarts, s->restart_limit);
			startup_start_or_retry(st, in, in->restarts ? "restart" : "start");
		}
		if (in->start_at && in->start_at < next)
			next = in->start_at;
	}
	return next;
}
