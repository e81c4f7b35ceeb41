// SPDX-License-Identifier: MIT
/* The startup task's loop: it waits for its programs to end (restarting them per their spec),
 * answers requests on their startup channels (OPEN a service, SETATTR shutdown), forwards the
 * kernel log to the console service, and runs the orderly shutdown. Kernel lock held. */
#include "startup_internal.h"

#include <fern/format.h>
#include <fern/status.h>
#include <kernel/arch.h>
#include <kernel/channel.h>
#include <kernel/kalloc.h>
#include <kernel/klock.h>
#include <kernel/log.h>
#include <kernel/state.h>
#include <kernel/timer.h>
#include <string.h>

#define SHUTDOWN_WAIT_NS (2000000000ull) /* for the programs to answer a shutdown */
#define KLOG_CHUNK       1024
#define SETTLE_NS        200000000ull   /* bootargs poweroff: run at least this long */
#define CLIENTS_WAIT_NS  10000000000ull /* ... and wait this long for clients to end */

enum { POWER_NONE, POWER_OFF, POWER_RESET };

/* Sends a message we build (data copied) on a kernel-held end; drops it if it cannot go. */
static int send_msg(struct channel_end *end, struct kmsg *m)
{
	int rc = channel_send(end, m);
	if (rc)
		kmsg_discard(m);
	return rc;
}

/* ---- the kernel log, forwarded to the console service ---- */

static void klog_drop(struct startup_state *st)
{
	if (!st->klog)
		return;
	kobject_unref(&st->klog->obj);
	st->klog = 0;
	st->klog_inflight = 0;
	log_set_forward(false); /* back to the UART, with what the ring still held */
}

struct instance *startup_klog_target(struct startup_state *st)
{
	int index;
	struct instance *in = startup_provider(st, STARTUP_CONSOLE, &index);
	return in ? in : startup_provider(st, STARTUP_SERIAL, &index);
}

static void klog_connect(struct startup_state *st)
{
	if (st->klog || st->shutting_down)
		return;
	int index;
	bool console = startup_provider(st, STARTUP_CONSOLE, &index) != 0;
	struct channel_end *c;
	int rc = startup_connect(st, console ? STARTUP_CONSOLE : STARTUP_SERIAL, &c);
	if (rc) {
		if (c)
			kobject_unref(&c->obj);
		return;
	}
	st->klog = c;
	log_set_forward(true);
}

static void klog_pump(struct startup_state *st)
{
	if (!st->klog) {
		/* Not forwarding: the log goes to the UART itself. Lower the event, or every
		 * round would end at once (a busy loop that starves the programs). */
		kobject_signal(&kstate.log.event, 0, FERN_SIGNAL_READABLE);
		return;
	}
	struct kmsg m;
	while (channel_recv(st->klog, 0, 0, FERN_DEADLINE_POLL, &m) == FERN_OK) {
		kmsg_discard(&m); /* a WRITE reply (or an error: the line is gone either way) */
		if (st->klog_inflight > 0)
			st->klog_inflight--;
	}
	while (st->klog_inflight < STARTUP_KLOG_INFLIGHT && log_pending(&kstate.log)) {
		char chunk[KLOG_CHUNK];
		size_t n = log_take(chunk, sizeof(chunk));
		struct kmsg w = {.type = FERN_MSG_WRITE, .call_id = ++st->next_call_id};
		w.data = kalloc(n);
		if (!w.data) {
			console_write(chunk, n);
			break;
		}
		memcpy(w.data, chunk, n);
		w.data_len = (uint32_t)n;
		if (send_msg(st->klog, &w)) {
			console_write(chunk, n); /* the console is gone: say it ourselves */
			klog_drop(st);
			return;
		}
		st->klog_inflight++;
	}
	/* Lower the event when nothing is left, and also when nothing more can go now (every
	 * WRITE slot taken): a raised event would end every round at once, and the startup
	 * thread would spin with the kernel lock held while the console, which must run to
	 * answer, never does. Its answers wake us through the klog channel instead. */
	if (!log_pending(&kstate.log) || st->klog_inflight >= STARTUP_KLOG_INFLIGHT)
		kobject_signal(&kstate.log.event, 0, FERN_SIGNAL_READABLE);
}

/* ---- instances ending ---- */

static bool provides_console(struct startup_state *st, const struct instance *in)
{
	return startup_klog_target(st) == in;
}

static void restart_or_stop(struct startup_state *st, struct instance *in, int64_t code)
{
	const struct spec *s = &st->specs[in->spec];
	if (st->shutting_down)
		return;
	if (in->stopped) {
		log_info("startup: %s stopped", in->name);
		return;
	}
	if (code == 0) {
		log_info("startup: %s finished", in->name);
		return;
	}
	if (code == FERN_ERR_UNSUPPORTED) { /* the convention for "not a device I can drive" */
		log_info("startup: %s refused its device; not restarting it", in->name);
		return;
	}
	if (s->restart != SPEC_RESTART_ON_FAILURE) {
		log_info("startup: %s failed; its spec says restart \"never\"", in->name);
		return;
	}
	if (in->restarts >= s->restart_limit) {
		log_err("startup: %s failed %u times; giving up on it", in->name, in->restarts + 1);
		return;
	}
	in->restarts++;
	startup_schedule_restart(st, in); /* startup_starts_due runs it */
}

static void on_exit(struct startup_state *st, struct instance *in)
{
	struct process *p = in->process;
	int64_t code = p->exit_code;
	in->running = false;
	in->process = 0;
	kobject_unref(&p->obj);
	/* Its end of the startup channel went with its handles; CONNECTs for the next run must
	 * not land in a dead queue. */
	kobject_unref(&in->control->obj);
	in->control = 0;
	in->stop_deadline = 0;
	startup_report_drop(in);
	if (provides_console(st, in))
		klog_drop(st);
	restart_or_stop(st, in, code);
}

/* ---- requests on startup channels ---- */

void startup_reply_error(struct channel_end *end, const struct kmsg *req, int status)
{
	struct kmsg r = {.type = FERN_MSG_ERROR, .call_id = req->call_id};
	r.word[0] = (uint64_t)(int64_t)status;
	send_msg(end, &r);
}

static void serve_open(struct startup_state *st, struct instance *in, const struct kmsg *req)
{
	char service[SPEC_NAME_LEN];
	if (!req->data_len || req->data_len >= sizeof(service)) {
		startup_reply_error(in->control, req, FERN_ERR_INVALID);
		return;
	}
	memcpy(service, req->data, req->data_len);
	service[req->data_len] = 0;
	struct channel_end *c;
	int rc = startup_connect(st, service, &c);
	if (rc) {
		if (c)
			kobject_unref(&c->obj);
		startup_reply_error(in->control, req, rc);
		return;
	}
	struct kmsg r = {.type = FERN_MSG_OPEN | FERN_MSG_REPLY, .call_id = req->call_id};
	r.handle_count = 1;
	r.handle[0] = &c->obj;
	r.rights[0] = FERN_RIGHT_READ | FERN_RIGHT_WRITE | FERN_RIGHT_WAIT | FERN_RIGHT_TRANSFER |
		      FERN_RIGHT_DUPLICATE;
	send_msg(in->control, &r);
}

/* Handles what in sent us; returns a power request (SETATTR shutdown) if any. */
static int serve(struct startup_state *st, struct instance *in)
{
	int power = POWER_NONE;
	struct kmsg m;
	while (in->control && channel_recv(in->control, 0, 0, FERN_DEADLINE_POLL, &m) == FERN_OK) {
		if (m.type == FERN_MSG_OPEN) {
			serve_open(st, in, &m);
		} else if (m.type == FERN_MSG_SETATTR && m.word[0] == FERN_ATTR_SHUTDOWN) {
			log_info("startup: %s asks for %s", in->name,
				 m.word[1] ? "a reset" : "power-off");
			power = m.word[1] ? POWER_RESET : POWER_OFF;
			struct kmsg r = {.type = FERN_MSG_SETATTR | FERN_MSG_REPLY,
					 .call_id = m.call_id};
			send_msg(in->control, &r);
		} else if (m.type == (FERN_MSG_SETATTR | FERN_MSG_REPLY) ||
			   (m.type == FERN_MSG_ERROR && st->shutting_down)) {
			in->acked = true; /* its answer to our shutdown */
		} else if (startup_control(st, in, &m)) {
			/* answered (or it ended itself) */
		} else if (!(m.type & FERN_MSG_REPLY) && m.type != FERN_MSG_ERROR) {
			startup_reply_error(in->control, &m, FERN_ERR_UNSUPPORTED);
		}
		kmsg_discard(&m);
	}
	return power;
}

/* ---- one round of waiting ---- */

/* Waits until something happens or the deadline, then deals with it. Returns a power request
 * made by a program, if any. */
static int round(struct startup_state *st, uint64_t deadline)
{
	struct kobject *objs[KOBJECT_WAIT_MAX];
	uint32_t signals[KOBJECT_WAIT_MAX], pending[KOBJECT_WAIT_MAX];
	int n = 0;
	objs[n] = &kstate.log.event;
	signals[n++] = FERN_SIGNAL_READABLE;
	if (st->klog) {
		objs[n] = &st->klog->obj;
		signals[n++] = FERN_SIGNAL_READABLE | FERN_SIGNAL_PEER_CLOSED;
	}
	_Static_assert(2 + 2 * STARTUP_MAX_INSTANCES <= KOBJECT_WAIT_MAX, "wait slots");
	for (int i = 0; i < st->inst_count; i++) {
		struct instance *in = &st->inst[i];
		if (!in->running)
			continue;
		objs[n] = &in->process->obj;
		signals[n++] = FERN_SIGNAL_EXITED;
		objs[n] = &in->control->obj;
		signals[n++] = FERN_SIGNAL_READABLE;
	}
	uint64_t stop = startup_stop_overdue(st), start = startup_starts_due(st);
	if (start < stop)
		stop = start;
	kobject_wait_many(objs, signals, n, stop < deadline ? stop : deadline, pending);
	startup_stop_overdue(st);
	int power = POWER_NONE;
	for (int i = 0; i < st->inst_count; i++) {
		struct instance *in = &st->inst[i];
		if (!in->running)
			continue;
		int req = serve(st, in);
		if (req)
			power = req;
		if (in->process->obj.signals & FERN_SIGNAL_EXITED)
			on_exit(st, in);
	}
	startup_starts_due(st);
	if (st->klog && !st->klog->peer && !(st->klog->obj.signals & FERN_SIGNAL_READABLE))
		klog_drop(st);
	struct instance *log_to = startup_klog_target(st);
	if (!st->klog && log_to && log_to->running)
		klog_connect(st); /* its provider came (back) */
	klog_pump(st);
	return power;
}

/* ---- shutdown ---- */

int startup_tell_shutdown(struct startup_state *st, struct instance *in)
{
	struct kmsg m = {.type = FERN_MSG_SETATTR, .call_id = ++st->next_call_id};
	m.word[0] = FERN_ATTR_SHUTDOWN;
	return send_msg(in->control, &m);
}

/* Whether a uses a service that b provides. */
static bool uses(struct startup_state *st, const struct instance *a, const struct instance *b)
{
	const struct spec *s = &st->specs[a->spec];
	for (int k = 0; k < s->uses_count; k++) {
		int index;
		if (startup_provider(st, s->uses[k].service, &index) == b)
			return true;
	}
	return false;
}

/* Whether a running instance not yet told to go still needs in: it uses a service in
 * provides, or in carries the kernel log (which everyone writes) and does not need it. */
static bool used_by_others(struct startup_state *st, struct instance *in, const bool *told)
{
	bool klog = in == startup_klog_target(st);
	for (int i = 0; i < st->inst_count; i++) {
		struct instance *u = &st->inst[i];
		if (u == in || !u->running || told[i])
			continue;
		if (uses(st, u, in) || (klog && !uses(st, in, u)))
			return true;
	}
	return false;
}

/* Tells the instances in wave that the system is going down and waits (bounded) for each to
 * answer or end. */
static void tell_and_wait(struct startup_state *st, const bool *wave)
{
	for (int i = 0; i < st->inst_count; i++) {
		struct instance *in = &st->inst[i];
		in->acked = !wave[i] || startup_tell_shutdown(st, in) != FERN_OK;
	}
	uint64_t deadline = timer_uptime_ns() + SHUTDOWN_WAIT_NS;
	for (;;) {
		int waiting = 0;
		for (int i = 0; i < st->inst_count; i++)
			if (st->inst[i].running && !st->inst[i].acked) {
				waiting++;
				if (timer_uptime_ns() >= deadline)
					log_warn("startup: %s did not answer the shutdown",
						 st->inst[i].name);
			}
		if (!waiting || timer_uptime_ns() >= deadline)
			return;
		round(st, deadline);
	}
}

/* Sends everything the log holds to the console and waits for its answers (bounded). */
static void klog_flush(struct startup_state *st)
{
	uint64_t deadline = timer_uptime_ns() + SHUTDOWN_WAIT_NS;
	while (st->klog && (log_pending(&kstate.log) || st->klog_inflight) &&
	       timer_uptime_ns() < deadline)
		round(st, timer_uptime_ns() + 10000000ull);
}

/* Shuts the instances down in waves, users before the services they use (a shell before the
 * filesystem before the block driver; the console and the UART last), and says last_words
 * just before the kernel log's own path goes. */
static void shutdown_in_order(struct startup_state *st, const char *last_words)
{
	bool told[STARTUP_MAX_INSTANCES] = {0}, said = false;
	for (;;) {
		bool wave[STARTUP_MAX_INSTANCES] = {0}, any = false, klog = false;
		for (int pass = 0; pass < 2 && !any; pass++) /* pass 1: a cycle, take the rest */
			for (int i = 0; i < st->inst_count; i++)
				if (st->inst[i].running && !told[i] &&
				    (pass || !used_by_others(st, &st->inst[i], told))) {
					wave[i] = any = true;
					klog |= &st->inst[i] == startup_klog_target(st);
				}
		if (!any)
			break;
		if (klog && !said) {
			log_info("%s", last_words);
			klog_flush(st);
			said = true;
		}
		tell_and_wait(st, wave);
		for (int i = 0; i < st->inst_count; i++)
			told[i] |= wave[i];
	}
	if (!said)
		log_info("%s", last_words);
}

static __attribute__((noreturn)) void shutdown(struct startup_state *st, int power)
{
	st->shutting_down = true;
	log_info("startup: shutting down");
	shutdown_in_order(st, power == POWER_RESET ? "resetting" : "powering off");
	klog_drop(st);
	if (power == POWER_RESET)
		arch_reset(&kstate.board);
	else
		arch_power_off(&kstate.board);
	log_err("PSCI %s failed", power == POWER_RESET ? "SYSTEM_RESET" : "SYSTEM_OFF");
	for (;;)
		round(st, FERN_DEADLINE_NEVER);
}

/* Whether a client is still running: a server (no match) that provides no service and is not
 * an interactive session. */
static bool clients_running(const struct startup_state *st)
{
	for (int i = 0; i < st->inst_count; i++) {
		const struct spec *s = &st->specs[st->inst[i].spec];
		if (st->inst[i].running && !s->is_driver && !s->provides_count && !s->interactive)
			return true;
	}
	return false;
}

void startup_supervise(struct startup_state *st)
{
	klog_connect(st);
	int power = POWER_NONE;
	if (kstate.options.poweroff || kstate.options.reboot) {
		/* Let the programs settle and the clients (servers that provide nothing: tests,
		 * tools) finish, then go down in order (bootargs poweroff / reboot). */
		uint64_t now = timer_uptime_ns();
		uint64_t settle = now + SETTLE_NS, give_up = now + CLIENTS_WAIT_NS;
		while (!power && (timer_uptime_ns() < settle ||
				  (clients_running(st) && timer_uptime_ns() < give_up)))
			power = round(st, timer_uptime_ns() < settle ? settle : give_up);
		if (!power)
			power = kstate.options.reboot ? POWER_RESET : POWER_OFF;
		log_info("startup: bootargs ask for %s",
			 power == POWER_RESET ? "reboot" : "poweroff");
	}
	while (!power)
		power = round(st, FERN_DEADLINE_NEVER);
	shutdown(st, power);
}
