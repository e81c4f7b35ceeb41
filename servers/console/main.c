// SPDX-License-Identifier: MIT
/* The console server's glue: serves the "console" service (console.c has the logic) on top of
 * the "serial" service, over two connections: the spec's `uses` one for output, and one from
 * fern_service_open on which a READ is always in flight for typed bytes. See docs/console.md. */
#include "console.h"

#include <fern/env.h>
#include <fern/service.h>
#include <fern/status.h>
#include <fern/sys.h>
#include <string.h>

#define SERIAL_READ_MAX 256
#define RETRY_NS        100000000ull      /* between attempts to reach a lost serial service */
#define HELD_MAX        FERN_MSG_DATA_MAX /* output kept while it is lost (the rest dropped) */
#define EVENT_SERIAL    0
#define EVENT_TIMER     1

struct server_state {
	struct console con;
	fern_handle out;   /* serial: WRITEs */
	fern_handle in;    /* serial: the READ in flight (0 while the service is lost) */
	uint32_t in_call;  /* its call id, 0 when none is in flight */
	fern_handle timer; /* retries after the serial service was lost */
	struct fern_server *server;
	char typed[SERIAL_READ_MAX];
	char held[HELD_MAX]; /* output waiting for the serial service to come back */
	size_t held_len;
};

static bool peer_closed(fern_handle h)
{
	struct fern_wait_item w = {.handle = h, .signals = FERN_SIGNAL_PEER_CLOSED};
	return fern_wait(&w, 1, FERN_DEADLINE_POLL) > 0 && (w.pending & FERN_SIGNAL_PEER_CLOSED);
}

static void retry_later(struct server_state *st)
{
	fern_timer_set(st->timer, fern_clock_ns() + RETRY_NS, 0);
}

/* Forgets the input connection (its peer is gone). */
static void in_drop(struct server_state *st)
{
	fern_server_set_event(st->server, EVENT_SERIAL, 0);
	if (st->in)
		fern_handle_close(st->in);
	st->in = 0;
	st->in_call = 0;
}

static void read_next(struct server_state *st)
{
	struct fern_msg m = {
	    .type = FERN_MSG_READ, .call_id = fern_call_id(), .word = {0, SERIAL_READ_MAX}};
	int rc = fern_channel_send(st->in, &m);
	st->in_call = rc ? 0 : m.call_id;
	if (rc == FERN_ERR_PEER_CLOSED)
		in_drop(st);
	if (rc)
		retry_later(st);
}

/* Writes to the serial service; false when it is gone. */
static bool serial_write(struct server_state *st, const char *data, size_t len)
{
	if (!st->out)
		return false;
	if (fern_write(st->out, 0, data, (uint32_t)len) != FERN_ERR_PEER_CLOSED)
		return true;
	fern_handle_close(st->out);
	st->out = 0;
	return false;
}

/* (Re)opens what is missing of the two connections to the serial service; on failure the
 * timer tries again. */
static int serial_connect(struct server_state *st)
{
	if (st->out && peer_closed(st->out)) {
		fern_handle_close(st->out);
		st->out = 0;
	}
	int rc = st->out ? FERN_OK : fern_service_open("serial", &st->out);
	if (!rc && !st->in) {
		rc = fern_service_open("serial", &st->in);
		if (!rc)
			rc = fern_server_set_event(st->server, EVENT_SERIAL, st->in);
	}
	if (!rc && st->held_len && serial_write(st, st->held, st->held_len))
		st->held_len = 0;
	if (!rc && !st->in_call)
		read_next(st);
	if (rc || st->held_len)
		retry_later(st);
	return rc;
}

/* The console's output sink: WRITEs to the serial service; while it is gone, the output is
 * held (up to HELD_MAX bytes) until it is back. */
static void sink(void *ctx, const char *data, size_t len)
{
	struct server_state *st = ctx;
	if (!st->held_len && serial_write(st, data, len))
		return;
	size_t n = len < HELD_MAX - st->held_len ? len : HELD_MAX - st->held_len;
	memcpy(st->held + st->held_len, data, n);
	st->held_len += n;
	if (!st->out)
		serial_connect(st);
}

static void send_reply(const struct console_reply *r)
{
	if (r->status < 0)
		fern_server_error(r->client, r->call_id, r->status);
	else
		fern_server_reply_to(r->client, FERN_MSG_READ, r->call_id, 0, r->data, r->len);
}

static int handle_request(struct server_state *st, fern_handle client, const struct fern_msg *req)
{
	struct console *c = &st->con;
	switch (req->type) {
	case FERN_MSG_WRITE: {
		int64_t n = console_write(c, client, req->data, req->data_len);
		if (n < 0)
			return (int)n;
		uint64_t words[FERN_MSG_WORDS] = {(uint64_t)n};
		return fern_server_reply(client, req, words, 0, 0);
	}
	case FERN_MSG_READ: {
		if (!req->word[1])
			return FERN_ERR_INVALID;
		uint32_t max =
		    req->word[1] > FERN_MSG_DATA_MAX ? FERN_MSG_DATA_MAX : (uint32_t)req->word[1];
		struct console_reply r[2];
		int n = console_read(c, client, req->call_id, max, r);
		for (int i = 0; i < n; i++)
			send_reply(&r[i]);
		return FERN_OK;
	}
	case FERN_MSG_GETATTR: {
		if (req->word[0] != FERN_ATTR_INTERRUPT)
			return FERN_ERR_UNSUPPORTED;
		uint64_t words[FERN_MSG_WORDS] = {(uint64_t)console_interrupted(c, client)};
		return fern_server_reply(client, req, words, 0, 0);
	}
	default: return FERN_ERR_UNSUPPORTED;
	}
}

static int serve_request(struct fern_server *s, fern_handle client, const struct fern_msg *req)
{
	struct server_state *st = s->ctx;
	int rc = handle_request(st, client, req);
	out_flush(&st->con.out);
	return rc;
}

/* What the serial service sent on the input connection: typed bytes, or that it is gone. */
static void serial_input(struct server_state *st, uint32_t pending)
{
	for (;;) {
		struct fern_msg m = {.data = st->typed, .data_cap = sizeof(st->typed)};
		int rc = fern_channel_recv(st->in, &m, FERN_DEADLINE_POLL);
		if (rc == FERN_ERR_PEER_CLOSED || (rc && (pending & FERN_SIGNAL_PEER_CLOSED))) {
			in_drop(st);
			serial_connect(st);
			return;
		}
		if (rc)
			return;
		if (m.call_id != st->in_call)
			continue;
		st->in_call = 0;
		struct console_reply r;
		if (m.type == (FERN_MSG_READ | FERN_MSG_REPLY) &&
		    console_input(&st->con, st->typed, m.data_len, &r))
			send_reply(&r);
		if (m.type == FERN_MSG_ERROR)
			retry_later(st);
		else
			read_next(st);
	}
}

static void serve_event(struct fern_server *s, int index, uint32_t pending)
{
	struct server_state *st = s->ctx;
	if (index == EVENT_SERIAL) {
		serial_input(st, pending);
	} else {
		fern_irq_ack(st->timer);
		if (!st->out || !st->in_call || st->held_len)
			serial_connect(st);
	}
	out_flush(&st->con.out);
}

static void serve_closed(struct fern_server *s, fern_handle client)
{
	struct server_state *st = s->ctx;
	console_closed(&st->con, client);
	out_flush(&st->con.out);
}

static void serve_shutdown(struct fern_server *s)
{
	struct server_state *st = s->ctx;
	console_shutdown(&st->con);
	out_flush(&st->con.out);
}

static const struct fern_server_ops serve_ops = {
    .request = serve_request,
    .event = serve_event,
    .closed = serve_closed,
    .shutdown = serve_shutdown,
};

int main(void)
{
	static struct server_state st;
	static struct fern_server server;
	console_init(&st.con, sink, &st);
	st.server = &server;
	st.out = fern_env_handle("serial");
	int64_t timer = fern_timer_create();
	int rc = fern_is_error(timer) ? (int)timer : fern_server_init(&server, &serve_ops, &st);
	st.timer = (fern_handle)timer;
	/* The serial input connection, once there is one (serial_connect sets it). */
	if (!rc)
		rc = fern_server_add_event(&server, 0,
					   FERN_SIGNAL_READABLE | FERN_SIGNAL_PEER_CLOSED);
	if (!rc)
		rc = fern_server_add_event(&server, st.timer, FERN_SIGNAL_TIMER);
	if (rc) {
		fern_logf("cannot serve: %s", status_name(rc));
		return 1;
	}
	rc = serial_connect(&st);
	if (rc)
		fern_logf("serial service not reachable yet (%s): retrying", status_name(rc));
	return fern_server_run(&server);
}
