// SPDX-License-Identifier: MIT
/* The service conformance harness (issue 11): sends each service named in its spec's config
 * (config services = "rtc entropy ...") malformed, oversized and out-of-order messages, wrong
 * and unwanted handles, floods and early closes. After each abuse a second, well-behaved
 * connection must still get a correct answer, and no handle may leak (this program's own count
 * and the provider's HANDLES column in the ps report). A new service is one entry in targets[].
 * Also: config checks = "hold" holds many connections to one service while "witness" (another
 * process) must still be served. Logs "svc_abuse: NAME: FAIL: ..." per failure and exits with
 * the failure count. */
#include <fern/env.h>
#include <fern/service.h>
#include <fern/status.h>
#include <fern/sys.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ANSWER_NS    2000000000ull /* a well-behaved request must be answered this fast */
#define STUCK_NS     3000000000ull /* a server that reads none of our requests this long is stuck */
#define HOLD_COUNT   40            /* connections "hold" keeps open: more than the old cap of 24 */
#define HANDLE_SLACK 0             /* handles a server may gain over the abuses: none */

/* A service and a request with a known-good answer. */
struct target {
	const char *service;  /* what fern_service_open asks for */
	const char *provider; /* its instance in the ps report */
	uint16_t type;        /* the good request */
	uint64_t word0, word1;
	/* The good reply is right (its type is already checked). */
	bool (*right)(const struct fern_msg *reply);
};

static bool time_right(const struct fern_msg *r)
{
	return r->word[0] > 1000000000ull; /* after 2001: a clock, not garbage */
}
static bool bytes_right(const struct fern_msg *r)
{
	return r->data_len >= 1 && r->data_len <= 16;
}
static bool any_right(const struct fern_msg *r)
{
	(void)r;
	return true;
}
static bool sector_right(const struct fern_msg *r)
{
	return r->data_len == 512;
}
static bool space_right(const struct fern_msg *r)
{
	return r->word[1] > 0 && r->word[0] <= r->word[1];
}

/* The order matters only for block, last: its abuse writes over the disk fs lives on. */
static const struct target targets[] = {
    {"rtc", "rtc", FERN_MSG_GETATTR, FERN_ATTR_TIME, 0, time_right},
    {"entropy", "entropy", FERN_MSG_READ, 0, 16, bytes_right},
    {"serial", "serial", FERN_MSG_WRITE, 0, 0, any_right},
    {"console", "console", FERN_MSG_WRITE, 0, 0, any_right},
    {"gpio", "gpio", FERN_MSG_GETATTR, FERN_ATTR_PHANDLE, 0, any_right},
    {"fs", "fs", FERN_MSG_GETATTR, FERN_ATTR_FREE, 0, space_right},
    {"block", "block", FERN_MSG_READ, 0, 512, sector_right},
};

static const uint64_t edges[] = {0,
				 1,
				 2,
				 3,
				 4,
				 5,
				 7,
				 9,
				 10,
				 11,
				 12,
				 13,
				 14,
				 15,
				 511,
				 512,
				 4095,
				 4096,
				 4097,
				 0x7fffffffull,
				 0x80000000ull,
				 0xffffffffull,
				 0x100000000ull,
				 0x7fffffffffffffffull,
				 0x8000000000000000ull,
				 UINT64_MAX - 511,
				 UINT64_MAX};
#define EDGES (sizeof(edges) / sizeof(edges[0]))

static int failures;
static uint8_t junk[FERN_MSG_DATA_MAX]; /* data sent: printable, so output abuse is readable */
static uint8_t sink[FERN_MSG_DATA_MAX]; /* replies' data */
static uint32_t next_id = 1;

static void fail(const char *what, const char *why, int status)
{
	fern_logf("%s: FAIL: %s: %s", what, why, status_name(status));
	failures++;
}

/* Receives and throws away what the server sent back on h (closing any handles in it). */
static void drain(fern_handle h, uint64_t deadline)
{
	for (;;) {
		struct fern_msg m = {.data = sink, .data_cap = sizeof(sink)};
		if (fern_channel_recv(h, &m, deadline))
			return;
		for (int k = 0; k < m.handle_count; k++)
			fern_handle_close(m.handle[k]);
	}
}

/* Sends m on h; while the queue is full, reads replies (read_replies) or just waits for the
 * server to take requests. FERN_ERR_TIMED_OUT when it takes none for STUCK_NS. */
static int send_flow(fern_handle h, struct fern_msg *m, bool read_replies)
{
	uint64_t give_up = fern_clock_ns() + STUCK_NS;
	for (;;) {
		m->call_id = next_id++;
		int rc = fern_channel_send(h, m);
		if (rc != FERN_ERR_FULL)
			return rc;
		if (fern_clock_ns() > give_up)
			return FERN_ERR_TIMED_OUT;
		if (read_replies)
			drain(h, FERN_DEADLINE_POLL);
		fern_sleep_until(fern_clock_ns() + 1000000ull);
	}
}

/* The good request on h, answered correctly within ANSWER_NS. */
static int good_call(const struct target *t, fern_handle h)
{
	struct fern_msg req = {.type = t->type, .call_id = next_id++, .word = {t->word0, t->word1}};
	struct fern_msg reply = {.data = sink, .data_cap = sizeof(sink)};
	int rc = fern_channel_call(h, &req, &reply, fern_clock_ns() + ANSWER_NS);
	for (int k = 0; k < reply.handle_count; k++)
		fern_handle_close(reply.handle[k]);
	if (rc)
		return rc;
	if (reply.type == FERN_MSG_ERROR)
		return (int)(int64_t)reply.word[0];
	if (reply.type != (t->type | FERN_MSG_REPLY) || !t->right(&reply))
		return FERN_ERR_INVALID;
	return FERN_OK;
}

/* ---- the ps report: handle counts ---- */

static char report[16384];

/* HANDLES of the process named name in the ps report, or -1. */
static int handles_of(const char *name)
{
	fern_handle startup = fern_env_handle("startup");
	size_t len = 0;
	for (;;) {
		struct fern_msg req = {.type = FERN_MSG_READ,
				       .word = {len, sizeof(report) - 1 - len},
				       .data = (void *)"ps",
				       .data_len = 2};
		struct fern_msg reply = {.data = report + len,
					 .data_cap = (uint32_t)(sizeof(report) - 1 - len)};
		if (fern_call(startup, &req, &reply))
			return -1;
		len += reply.data_len;
		if (!reply.data_len || len == sizeof(report) - 1)
			break;
	}
	report[len] = 0;
	for (char *save, *line = strtok_r(report, "\n", &save); line;
	     line = strtok_r(0, "\n", &save)) {
		char pname[32], domain[8], state[16];
		int id, prio, threads, handles;
		if (sscanf(line, "%d %31s %7s %15s %d %d %d", &id, pname, domain, state, &prio,
			   &threads, &handles) == 7 &&
		    !strcmp(pname, name) && strcmp(state, "exiting"))
			return handles;
	}
	return -1;
}

/* ---- abuses: each sends its messages on bad, a fresh connection ---- */

/* Every request type with each pair of edge values in word[0] and word[1], no data. */
static int abuse_words(fern_handle bad)
{
	for (uint16_t type = FERN_MSG_OPEN; type <= FERN_MSG_CONNECT; type++)
		for (size_t i = 0; i < EDGES; i++)
			for (size_t k = 0; k < EDGES; k++) {
				struct fern_msg m = {
				    .type = type, .word = {edges[i], edges[k], edges[k], edges[i]}};
				int rc = send_flow(bad, &m, true);
				if (rc)
					return rc;
			}
	return FERN_OK;
}

/* Every request type with 0, 1, 4095 and 4096 bytes of data, expected or not. */
static int abuse_data(fern_handle bad)
{
	static const uint32_t lens[] = {0, 1, 4095, FERN_MSG_DATA_MAX};
	for (uint16_t type = FERN_MSG_OPEN; type <= FERN_MSG_CONNECT; type++)
		for (size_t l = 0; l < sizeof(lens) / sizeof(lens[0]); l++)
			for (size_t i = 0; i < EDGES; i += 3) {
				struct fern_msg m = {.type = type,
						     .word = {edges[i], lens[l], 0, 0},
						     .data = junk,
						     .data_len = lens[l]};
				int rc = send_flow(bad, &m, true);
				if (rc)
					return rc;
			}
	return FERN_OK;
}

/* Every request type carrying 1 to 4 handles no service takes (fresh channel ends and a
 * timer): the server must close them, not keep them. */
static int abuse_handles(fern_handle bad)
{
	for (uint16_t type = FERN_MSG_OPEN; type <= FERN_MSG_CONNECT; type++)
		for (int count = 1; count <= FERN_MSG_HANDLES; count++) {
			struct fern_msg m = {.type = type, .word = {0, 16}, .handle_count = 0};
			fern_handle keep[FERN_MSG_HANDLES];
			for (int k = 0; k < count; k++) {
				fern_handle pair[2];
				int64_t timer = k == 3 ? fern_timer_create() : 0;
				if (timer > 0) {
					m.handle[m.handle_count++] = (fern_handle)timer;
					keep[k] = 0;
				} else if (!fern_channel_create(pair)) {
					m.handle[m.handle_count++] = pair[0];
					keep[k] = pair[1];
				} else {
					keep[k] = 0;
				}
			}
			int rc = send_flow(bad, &m, true);
			if (rc) /* a refused send leaves the handles with us */
				for (int k = 0; k < m.handle_count; k++)
					fern_handle_close(m.handle[k]);
			for (int k = 0; k < count; k++)
				if (keep[k])
					fern_handle_close(keep[k]);
			if (rc)
				return rc;
		}
	return FERN_OK;
}

/* Replies and ERRORs sent as requests (ignored or answered, never trusted), and types and
 * handles the kernel must refuse. */
static int abuse_types(fern_handle bad)
{
	for (uint16_t type = FERN_MSG_OPEN; type <= FERN_MSG_CONNECT; type++) {
		struct fern_msg m = {.type = (uint16_t)(type | FERN_MSG_REPLY), .word = {0, 16}};
		int rc = send_flow(bad, &m, true);
		m = (struct fern_msg){.type = FERN_MSG_ERROR, .word = {(uint64_t)FERN_ERR_INVALID}};
		if (!rc)
			rc = send_flow(bad, &m, true);
		if (rc)
			return rc;
	}
	static const uint16_t invalid[] = {0, 7, 0x7f, FERN_MSG_REPLY, 0x87, 0xfe, 0x100, 0xffff};
	for (size_t i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++) {
		struct fern_msg m = {.type = invalid[i], .call_id = next_id++};
		int rc = fern_channel_send(bad, &m);
		if (rc != FERN_ERR_INVALID) {
			fern_logf("kernel: FAIL: type %#x was not refused: %s", invalid[i],
				  status_name(rc));
			failures++;
		}
	}
	/* Handles that are not ours, the channel's own end, one twice, one too many. */
	fern_handle pair[2];
	if (fern_channel_create(pair))
		return FERN_ERR_NO_MEMORY;
	const struct {
		uint16_t count;
		fern_handle h[FERN_MSG_HANDLES + 1];
	} wrong[] = {{1, {0}},           {1, {0xffffffffu}},      {1, {0x7fffffffu}},
		     {1, {bad}},         {2, {pair[0], pair[0]}}, {FERN_MSG_HANDLES + 1, {pair[0]}},
		     {0xffff, {pair[0]}}};
	for (size_t i = 0; i < sizeof(wrong) / sizeof(wrong[0]); i++) {
		struct fern_msg m = {.type = FERN_MSG_READ, .call_id = next_id++, .word = {0, 16}};
		m.handle_count = wrong[i].count;
		memcpy(m.handle, wrong[i].h, sizeof(m.handle));
		int rc = fern_channel_send(bad, &m);
		if (rc == FERN_OK) {
			fern_logf("kernel: FAIL: wrong handles (case %zu) were sent", i);
			failures++;
		}
	}
	fern_handle_close(pair[0]);
	fern_handle_close(pair[1]);
	return FERN_OK;
}

/* Requests sent without reading the replies (the server's replies to us meet a full queue),
 * while the witness must be answered in between: a flood cannot starve another client. */
static int abuse_flood(const struct target *t, fern_handle bad, fern_handle witness)
{
	for (int round = 0; round < 20; round++) {
		for (int i = 0; i < FERN_CHANNEL_QUEUE; i++) {
			struct fern_msg m = {.type = t->type, .word = {t->word0, t->word1}};
			int rc = send_flow(bad, &m, false);
			if (rc)
				return rc;
		}
		int rc = good_call(t, witness);
		if (rc) {
			fail(t->service, "the witness was not answered during a flood", rc);
			return FERN_OK;
		}
	}
	return FERN_OK;
}

/* A thread that keeps bad's queue full of the target's good request until told to stop. */
struct flooder {
	const struct target *t;
	fern_handle bad;
	volatile bool stop, stopped;
	volatile uint32_t sent;
};

static void flood_thread(void *arg)
{
	struct flooder *f = arg;
	uint32_t id = 0x80000000u; /* call ids of its own: next_id is the main thread's */
	while (!f->stop) {
		struct fern_msg m = {
		    .type = f->t->type, .call_id = id++, .word = {f->t->word0, f->t->word1}};
		if (fern_channel_send(f->bad, &m) == FERN_OK)
			f->sent++;
		else
			fern_yield();
	}
	f->stopped = true;
}

/* A second thread floods without pause (on another CPU, it refills the queue as fast as the
 * server drains it) while the witness must be answered, every call within ANSWER_NS. */
static int abuse_flood_thread(const struct target *t, fern_handle bad, fern_handle witness)
{
	static struct flooder f;
	f = (struct flooder){.t = t, .bad = bad};
	int64_t tid = fern_thread_create(flood_thread, &f, 16384);
	if (tid < 0)
		return (int)tid;
	while (f.sent < FERN_CHANNEL_QUEUE) /* under way */
		fern_yield();
	int rc = FERN_OK;
	for (int i = 0; i < 10 && !rc; i++)
		rc = good_call(t, witness);
	f.stop = true;
	while (!f.stopped)
		fern_yield();
	if (rc)
		fail(t->service, "the witness starved beside a flooding thread", rc);
	return FERN_OK;
}

/* One request of each type, then the connection closed before the answer. */
static int abuse_close(const struct target *t)
{
	for (uint16_t type = FERN_MSG_OPEN; type <= FERN_MSG_CONNECT; type++) {
		fern_handle h;
		int rc = fern_service_open(t->service, &h);
		if (rc)
			return rc;
		struct fern_msg m = {.type = type, .word = {0, 16}, .data = junk, .data_len = 1};
		send_flow(h, &m, true);
		fern_handle_close(h);
	}
	return FERN_OK;
}

/* Connecting and closing many times, with and without a request. */
static int abuse_reconnect(const struct target *t)
{
	for (int i = 0; i < 60; i++) {
		fern_handle h;
		int rc = fern_service_open(t->service, &h);
		if (rc)
			return rc;
		if (i % 2)
			rc = good_call(t, h);
		fern_handle_close(h);
		if (rc)
			return rc;
	}
	return FERN_OK;
}

enum abuse { WORDS, DATA, HANDLES, TYPES, FLOOD, FLOOD_THREAD, CLOSE, RECONNECT, ABUSES };
static const char *const abuse_name[ABUSES] = {
    "edge words", "data lengths",      "unwanted handles", "replies, bad types and bad handles",
    "a flood",    "a flooding thread", "early closes",     "reconnecting"};

static int run_abuse(const struct target *t, enum abuse a, fern_handle witness)
{
	fern_handle bad = 0;
	int rc = a < CLOSE ? fern_service_open(t->service, &bad) : FERN_OK;
	if (rc)
		return rc;
	switch (a) {
	case WORDS: rc = abuse_words(bad); break;
	case DATA: rc = abuse_data(bad); break;
	case HANDLES: rc = abuse_handles(bad); break;
	case TYPES: rc = abuse_types(bad); break;
	case FLOOD: rc = abuse_flood(t, bad, witness); break;
	case FLOOD_THREAD: rc = abuse_flood_thread(t, bad, witness); break;
	case CLOSE: rc = abuse_close(t); break;
	default: rc = abuse_reconnect(t); break;
	}
	if (bad) {
		drain(bad, fern_clock_ns() + 20000000ull); /* the last answers, if any */
		fern_handle_close(bad);
	}
	return rc;
}

static void check_service(const struct target *t, const char *self)
{
	fern_handle witness;
	int rc = fern_service_open(t->service, &witness);
	if (!rc)
		rc = good_call(t, witness);
	if (rc)
		return fail(t->service, "not served before any abuse", rc);
	int own = handles_of(self), theirs = handles_of(t->provider);
	for (enum abuse a = 0; a < ABUSES; a++) {
		rc = run_abuse(t, a, witness);
		if (rc) {
			fail(t->service, abuse_name[a], rc);
			continue;
		}
		rc = good_call(t, witness);
		if (rc) {
			fail(t->service, "the witness connection went unanswered", rc);
			return;
		}
	}
	/* Our handles are back where they were; the server's did not grow with what we sent. */
	fern_sleep_until(fern_clock_ns() + 50000000ull); /* the server sees the last closes */
	int own_after = handles_of(self), theirs_after = handles_of(t->provider);
	if (own_after != own) {
		fern_logf("%s: FAIL: this program's handles went from %d to %d", t->service, own,
			  own_after);
		failures++;
	}
	if (theirs < 0 || theirs_after < 0 || theirs_after > theirs + HANDLE_SLACK) {
		fern_logf("%s: FAIL: %s's handles went from %d to %d", t->service, t->provider,
			  theirs, theirs_after);
		failures++;
	}
	fern_handle_close(witness);
	fern_logf("%s: served through every abuse (%s handles %d -> %d)", t->service, t->provider,
		  theirs, theirs_after);
}

/* ---- many connections from one program, another program served meanwhile ---- */

static const struct target *target_named(const char *name)
{
	for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++)
		if (!strcmp(targets[i].service, name))
			return &targets[i];
	return NULL;
}

/* Holds HOLD_COUNT connections to service (each answered) until the witness is gone. */
static void check_hold(const char *service, const char *witness)
{
	const struct target *t = target_named(service);
	static fern_handle held[HOLD_COUNT];
	int n = 0;
	for (; n < HOLD_COUNT; n++) {
		int rc = fern_service_open(service, &held[n]);
		if (!rc)
			rc = good_call(t, held[n]);
		if (rc) {
			fern_logf("hold: FAIL: connection %d to %s: %s", n + 1, service,
				  status_name(rc));
			failures++;
			break;
		}
	}
	if (n == HOLD_COUNT)
		fern_logf("hold: %d connections to %s, every one answered", n, service);
	/* Until the witness has come (2 s at most: it may have been and gone already) and gone. */
	uint64_t seen_by = fern_clock_ns() + 2000000000ull;
	while (handles_of(witness) < 0 && fern_clock_ns() < seen_by)
		fern_sleep_until(fern_clock_ns() + 20000000ull);
	uint64_t give_up = fern_clock_ns() + 10000000000ull;
	while (handles_of(witness) >= 0 && fern_clock_ns() < give_up)
		fern_sleep_until(fern_clock_ns() + 20000000ull);
	for (int i = 0; i < n; i++)
		fern_handle_close(held[i]);
}

/* Waits until holder holds HOLD_COUNT handles, then must be served by service itself. */
static void check_witness(const char *service, const char *holder)
{
	const struct target *t = target_named(service);
	uint64_t give_up = fern_clock_ns() + 10000000000ull;
	int held;
	while ((held = handles_of(holder)) < HOLD_COUNT && fern_clock_ns() < give_up)
		fern_sleep_until(fern_clock_ns() + 20000000ull);
	if (held < HOLD_COUNT) {
		fern_logf("witness: FAIL: %s never held %d handles (%d)", holder, HOLD_COUNT, held);
		failures++;
		return;
	}
	fern_handle h;
	int rc = fern_service_open(service, &h);
	if (!rc)
		rc = good_call(t, h);
	if (rc) {
		fern_logf("witness: FAIL: %s not served while %s holds %d handles: %s", service,
			  holder, held, status_name(rc));
		failures++;
		return;
	}
	fern_handle_close(h);
	fern_logf("witness: %s answered while %s holds %d handles", service, holder, held);
}

int main(void)
{
	memset(junk, 'z', sizeof(junk));
	junk[sizeof(junk) - 1] = '\n';
	const char *self = fern_start_info()->name;
	char checks[128], services[128];
	snprintf(checks, sizeof(checks), "%s", fern_env_config_string("checks", "abuse"));
	snprintf(services, sizeof(services), "%s", fern_env_config_string("services", ""));
	const char *other = fern_env_config_string("other", "");
	const char *many = fern_env_config_string("many", "rtc");
	for (char *save, *c = strtok_r(checks, " ", &save); c; c = strtok_r(0, " ", &save)) {
		if (!strcmp(c, "hold")) {
			check_hold(many, other);
		} else if (!strcmp(c, "witness")) {
			check_witness(many, other);
		} else if (!strcmp(c, "abuse")) {
			for (char *s2, *s = strtok_r(services, " ", &s2); s;
			     s = strtok_r(0, " ", &s2)) {
				const struct target *t = target_named(s);
				if (t)
					check_service(t, self);
				else
					fail(s, "no such target in svc_abuse", FERN_ERR_NOT_FOUND);
			}
		} else {
			fail(c, "unknown check", FERN_ERR_INVALID);
		}
	}
	fern_logf("done: %d failures", failures);
	return failures;
}
