// SPDX-License-Identifier: MIT
/* System control over startup channels: READ a report (or the device tree), SETATTR kill,
 * start or stop by name (docs/specs.md, "The startup channel"). Kernel lock held. */
#include "startup_internal.h"

#include <fern/format.h>
#include <fern/status.h>
#include <kernel/kalloc.h>
#include <kernel/log.h>
#include <kernel/state.h>
#include <kernel/timer.h>
#include <libfdt.h>
#include <string.h>

#define REPORT_MAX     (16 * 1024)
#define STOP_WAIT_NS   (2000000000ull) /* for an instance to answer a stop before it is ended */
#define KILL_EXIT_CODE FERN_ERR_CANCELED

static void reply(struct channel_end *end, const struct kmsg *req, const void *data, size_t len)
{
	struct kmsg r = {.type = (uint16_t)(req->type | FERN_MSG_REPLY), .call_id = req->call_id};
	if (len) {
		r.data = kalloc(len);
		if (!r.data) {
			startup_reply_error(end, req, FERN_ERR_NO_MEMORY);
			return;
		}
		memcpy(r.data, data, len);
		r.data_len = (uint32_t)len;
	}
	if (channel_send(end, &r))
		kmsg_discard(&r);
}

/* The request's data as a NUL-terminated name; false if it does not fit or is empty. */
static bool request_name(const struct kmsg *req, char *out, size_t size)
{
	if (!req->data_len || req->data_len >= size || memchr(req->data, 0, req->data_len))
		return false;
	memcpy(out, req->data, req->data_len);
	out[req->data_len] = 0;
	return true;
}

void startup_report_drop(struct instance *in)
{
	if (in->report)
		kfree(in->report, in->report_cap);
	in->report = 0;
	in->report_len = in->report_cap = 0;
}

/* The device tree without its free space (the blob the kernel was handed is mostly room to
 * grow: QEMU's is 1 MiB). With the blocks in the usual order, the blob up to the end of its
 * strings is the whole tree. */
static int report_dt(struct startup_state *st, struct instance *in)
{
	const void *fdt = st->fdt;
	size_t end = (size_t)fdt_off_dt_strings(fdt) + fdt_size_dt_strings(fdt);
	if (fdt_off_dt_struct(fdt) + fdt_size_dt_struct(fdt) > fdt_off_dt_strings(fdt) ||
	    end > fdt_totalsize(fdt))
		end = fdt_totalsize(fdt); /* another order: send it as it is */
	startup_report_drop(in);
	if (!(in->report = kalloc(end)))
		return FERN_ERR_NO_MEMORY;
	in->report_cap = end;
	memcpy(in->report, fdt, end);
	fdt_set_totalsize(in->report, (uint32_t)end);
	in->report_len = end;
	return FERN_OK;
}

/* Takes a fresh snapshot of report name for in. */
static int report_take(struct startup_state *st, struct instance *in, const char *name)
{
	int rc;
	if (!strcmp(name, "dt")) {
		rc = report_dt(st, in);
	} else {
		if (in->report_cap != REPORT_MAX)
			startup_report_drop(in);
		if (!in->report && !(in->report = kalloc(REPORT_MAX)))
			return FERN_ERR_NO_MEMORY;
		in->report_cap = REPORT_MAX;
		rc = startup_report(st, name, in->report, REPORT_MAX, &in->report_len);
	}
	if (rc)
		startup_report_drop(in);
	else
		format_snprintf(in->report_name, sizeof(in->report_name), "%s", name);
	return rc;
}

/* READ data = a report name, word[0] = offset, word[1] = length. Offset 0 takes a snapshot. */
static void serve_read(struct startup_state *st, struct instance *in, const struct kmsg *req)
{
	char name[sizeof(in->report_name)];
	uint64_t offset = req->word[0], want = req->word[1];
	if (!request_name(req, name, sizeof(name)))
		return startup_reply_error(in->control, req, FERN_ERR_INVALID);
	if (want > FERN_MSG_DATA_MAX)
		want = FERN_MSG_DATA_MAX;
	if (offset == 0 || !in->report || strcmp(name, in->report_name)) {
		int rc = report_take(st, in, name);
		if (rc)
			return startup_reply_error(in->control, req, rc);
	}
	if (offset >= in->report_len)
		return reply(in->control, req, 0, 0);
	size_t n = in->report_len - offset < want ? in->report_len - offset : want;
	reply(in->control, req, in->report + offset, n);
}

/* The running instance named name, or by process id; NULL if none. */
static struct process *find_process(struct startup_state *st, const char *name)
{
	for (int i = 0; i < st->inst_count; i++)
		if (st->inst[i].running && !strcmp(st->inst[i].name, name))
			return st->inst[i].process;
	uint64_t id = 0;
	for (const char *c = name; *c; c++) {
		if (*c < '0' || *c > '9' || id > UINT32_MAX)
			return 0;
		id = id * 10 + (uint64_t)(*c - '0');
	}
	for (struct process *p = kstate.processes; p; p = p->next)
		if (p->id == id && !p->terminated)
			return p;
	return 0;
}

static int do_kill(struct startup_state *st, struct instance *from, const char *name)
{
	struct process *p = find_process(st, name);
	if (!p)
		return FERN_ERR_NOT_FOUND;
	char why[PROCESS_REASON_LEN];
	format_snprintf(why, sizeof(why), "killed by %s", from->name);
	log_info("startup: %s kills %s (process %llu)", from->name, p->name,
		 (unsigned long long)p->id);
	process_terminate(p, KILL_EXIT_CODE, why);
	return FERN_OK;
}

/* Starts every instance of spec name that is not running. */
static int do_start(struct startup_state *st, struct instance *from, const char *name)
{
	int found = 0, started = 0, rc = FERN_ERR_NOT_FOUND;
	for (int i = 0; i < st->inst_count; i++) {
		struct instance *in = &st->inst[i];
		if (strcmp(st->specs[in->spec].name, name) && strcmp(in->name, name))
			continue;
		found++;
		if (in->running)
			continue;
		in->stopped = false;
		in->restarts = 0;
		startup_cancel_start(in);
		log_info("startup: %s starts %s", from->name, in->name);
		rc = startup_start_or_retry(st, in, "start");
		if (!rc)
			started++;
	}
	if (started)
		return FERN_OK;
	return found && rc == FERN_ERR_NOT_FOUND ? FERN_ERR_EXISTS : rc;
}

/* Asks instance name to shut down; it is ended if it has not gone by the deadline. */
static int do_stop(struct startup_state *st, struct instance *from, const char *name)
{
	for (int i = 0; i < st->inst_count; i++) {
		struct instance *in = &st->inst[i];
		if (strcmp(in->name, name))
			continue;
		if (!in->running && in->start_at) { /* between a failure and its restart */
			log_info("startup: %s stops %s", from->name, in->name);
			in->stopped = true;
			startup_cancel_start(in);
			return FERN_OK;
		}
		if (!in->running)
			return FERN_ERR_NOT_FOUND;
		log_info("startup: %s stops %s", from->name, in->name);
		in->stopped = true;
		in->stop_deadline = timer_uptime_ns() + STOP_WAIT_NS;
		startup_tell_shutdown(st, in);
		return FERN_OK;
	}
	return FERN_ERR_NOT_FOUND;
}

/* Ends instances asked to stop that did not go in time; returns the next stop deadline. */
uint64_t startup_stop_overdue(struct startup_state *st)
{
	uint64_t now = timer_uptime_ns(), next = FERN_DEADLINE_NEVER;
	for (int i = 0; i < st->inst_count; i++) {
		struct instance *in = &st->inst[i];
		if (!in->running || !in->stopped || !in->stop_deadline)
			continue;
		if (now >= in->stop_deadline) {
			log_warn("startup: %s did not stop in time; ending it", in->name);
			in->stop_deadline = 0;
			process_terminate(in->process, KILL_EXIT_CODE, "did not stop in time");
		} else if (in->stop_deadline < next) {
			next = in->stop_deadline;
		}
	}
	return next;
}

bool startup_control(struct startup_state *st, struct instance *in, const struct kmsg *m)
{
	char name[SPEC_NAME_LEN];
	if (m->type == FERN_MSG_READ) {
		serve_read(st, in, m);
		return true;
	}
	if (m->type != FERN_MSG_SETATTR ||
	    (m->word[0] != FERN_ATTR_KILL && m->word[0] != FERN_ATTR_START &&
	     m->word[0] != FERN_ATTR_STOP))
		return false;
	int rc = FERN_ERR_INVALID;
	if (request_name(m, name, sizeof(name))) {
		if (m->word[0] == FERN_ATTR_KILL)
			rc = do_kill(st, in, name);
		else if (m->word[0] == FERN_ATTR_START)
			rc = do_start(st, in, name);
		else
			rc = do_stop(st, in, name);
	}
	if (!in->control) /* it killed or stopped itself */
		return true;
	if (rc)
		startup_reply_error(in->control, m, rc);
	else
		reply(in->control, m, 0, 0);
	return true;
}
