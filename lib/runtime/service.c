// SPDX-License-Identifier: MIT
/* Service clients and the server loop (fern/service.h). */
#include "runtime.h"

#include <fern/env.h>
#include <fern/service.h>
#include <fern/status.h>
#include <fern/sys.h>
#include <stdlib.h>
#include <string.h>

extern FERN_RT_HIDDEN volatile uint8_t *fern_rt_mmio_end;

static uint32_t next_call_id;

uint32_t fern_call_id(void)
{
	return __atomic_add_fetch(&next_call_id, 1, __ATOMIC_RELAXED);
}

static uint64_t deadline(void)
{
	return fern_clock_ns() + FERN_SERVICE_TIMEOUT_NS;
}

int fern_call(fern_handle h, struct fern_msg *req, struct fern_msg *reply)
{
	req->call_id = fern_call_id();
	int rc = fern_channel_call(h, req, reply, deadline());
	if (rc)
		return rc;
	if (reply->type == FERN_MSG_ERROR)
		rc = (int64_t)reply->word[0] < 0 ? (int)(int64_t)reply->word[0] : FERN_ERR_INVALID;
	else if (reply->type != (req->type | FERN_MSG_REPLY))
		rc = FERN_ERR_INVALID;
	else if (req->type == FERN_MSG_OPEN && reply->handle_count != 1)
		rc = FERN_ERR_INVALID;
	if (rc || req->type != FERN_MSG_OPEN) { /* handles nobody asked for */
		for (int i = 0; i < reply->handle_count; i++)
			fern_handle_close(reply->handle[i]);
		reply->handle_count = 0;
	}
	return rc;
}

int fern_service_open(const char *service, fern_handle *out)
{
	fern_handle startup = fern_env_handle("startup");
	if (!startup)
		return FERN_ERR_NOT_FOUND;
	struct fern_msg req = {
	    .type = FERN_MSG_OPEN, .data = (void *)service, .data_len = (uint32_t)strlen(service)};
	struct fern_msg reply = {0};
	int rc = fern_call(startup, &req, &reply);
	if (!rc)
		*out = reply.handle[0];
	return rc;
}

int64_t fern_report_read(const char *name, char *buf, size_t size)
{
	fern_handle startup = fern_env_handle("startup");
	if (!startup || !size)
		return FERN_ERR_NOT_FOUND;
	size_t len = 0;
	while (len < size - 1) {
		uint32_t room = size - 1 - len > FERN_MSG_DATA_MAX ? FERN_MSG_DATA_MAX
								   : (uint32_t)(size - 1 - len);
		struct fern_msg req = {.type = FERN_MSG_READ,
				       .word = {len, room},
				       .data = (void *)name,
				       .data_len = (uint32_t)strlen(name)};
		struct fern_msg reply = {.data = buf + len, .data_cap = room};
		int rc = fern_call(startup, &req, &reply);
		if (rc)
			return rc;
		if (!reply.data_len)
			break;
		len += reply.data_len;
	}
	buf[len] = 0;
	return (int64_t)len;
}

int64_t fern_read(fern_handle h, uint64_t offset, void *buf, uint32_t len)
{
	struct fern_msg req = {.type = FERN_MSG_READ, .word = {offset, len}};
	struct fern_msg reply = {.data = buf, .data_cap = len};
	int rc = fern_call(h, &req, &reply);
	return rc ? rc : (int64_t)reply.data_len;
}

int64_t fern_write(fern_handle h, uint64_t offset, const void *buf, uint32_t len)
{
	struct fern_msg req = {
	    .type = FERN_MSG_WRITE, .word = {offset}, .data = (void *)buf, .data_len = len};
	struct fern_msg reply = {0};
	int rc = fern_call(h, &req, &reply);
	return rc ? rc : (int64_t)reply.word[0];
}

int fern_getattr(fern_handle h, uint32_t attr, uint64_t *out)
{
	struct fern_msg req = {.type = FERN_MSG_GETATTR, .word = {attr}};
	struct fern_msg reply = {0};
	int rc = fern_call(h, &req, &reply);
	if (!rc)
		memcpy(out, reply.word, sizeof(reply.word));
	return rc;
}

int fern_setattr(fern_handle h, uint32_t attr, uint64_t value)
{
	struct fern_msg req = {.type = FERN_MSG_SETATTR, .word = {attr, value}};
	struct fern_msg reply = {0};
	return fern_call(h, &req, &reply);
}

int fern_setattr_data(fern_handle h, uint32_t attr, const void *data, uint32_t len)
{
	struct fern_msg req = {
	    .type = FERN_MSG_SETATTR, .word = {attr}, .data = (void *)data, .data_len = len};
	struct fern_msg reply = {0};
	return fern_call(h, &req, &reply);
}

int fern_open(fern_handle h, const char *path, uint32_t flags, fern_handle *out)
{
	struct fern_msg req = {.type = FERN_MSG_OPEN,
			       .word = {flags},
			       .data = (void *)path,
			       .data_len = (uint32_t)strlen(path)};
	struct fern_msg reply = {0};
	int rc = fern_call(h, &req, &reply);
	if (!rc)
		*out = reply.handle[0];
	return rc;
}

/* ---- servers ---- */

int fern_server_reply_to(fern_handle client, uint16_t type, uint32_t call_id, const uint64_t *words,
			 const void *data, uint32_t len)
{
	struct fern_msg r = {.type = (uint16_t)(type | FERN_MSG_REPLY),
			     .call_id = call_id,
			     .data = (void *)data,
			     .data_len = len};
	if (words)
		memcpy(r.word, words, sizeof(r.word));
	return fern_channel_send(client, &r);
}

int fern_server_reply(fern_handle client, const struct fern_msg *req, const uint64_t *words,
		      const void *data, uint32_t len)
{
	return fern_server_reply_to(client, req->type, req->call_id, words, data, len);
}

int fern_server_reply_handle(fern_handle client, const struct fern_msg *req, const uint64_t *words,
			     fern_handle h)
{
	struct fern_msg r = {.type = (uint16_t)(req->type | FERN_MSG_REPLY),
			     .call_id = req->call_id,
			     .handle_count = 1,
			     .handle = {h}};
	if (words)
		memcpy(r.word, words, sizeof(r.word));
	return fern_channel_send(client, &r);
}

int fern_server_error(fern_handle client, uint32_t call_id, int status)
{
	struct fern_msg r = {
	    .type = FERN_MSG_ERROR, .call_id = call_id, .word = {(uint64_t)(int64_t)status}};
	return fern_channel_send(client, &r);
}

int fern_server_init(struct fern_server *s, const struct fern_server_ops *ops, void *ctx)
{
	memset(s, 0, sizeof(*s));
	s->ops = ops;
	s->ctx = ctx;
	s->startup = fern_env_handle("startup");
	s->test_commands = fern_env_config_flag("fern,test-commands");
	return s->startup ? FERN_OK : FERN_ERR_NOT_FOUND;
}

int fern_server_add_event(struct fern_server *s, fern_handle h, uint32_t signals)
{
	if (s->event_count == FERN_SERVER_MAX_EVENTS)
		return FERN_ERR_TOO_MANY;
	s->event[s->event_count] = h;
	s->event_signals[s->event_count++] = signals;
	return FERN_OK;
}

/* Room for one more client: the table doubles, up to FERN_SERVER_MAX_CLIENTS. */
static int client_room(struct fern_server *s)
{
	if (s->client_count < s->client_cap)
		return FERN_OK;
	if (s->client_cap >= FERN_SERVER_MAX_CLIENTS)
		return FERN_ERR_TOO_MANY;
	int cap = s->client_cap ? 2 * s->client_cap : 16;
	cap = cap > FERN_SERVER_MAX_CLIENTS ? FERN_SERVER_MAX_CLIENTS : cap;
	fern_handle *client = realloc(s->client, (size_t)cap * sizeof(*client));
	if (!client)
		return FERN_ERR_NO_MEMORY;
	s->client = client;
	uint8_t *ready = realloc(s->ready, (size_t)cap);
	if (!ready)
		return FERN_ERR_NO_MEMORY; /* the larger client array is kept: harmless */
	s->ready = ready;
	s->client_cap = cap;
	return FERN_OK;
}

int fern_server_add_client(struct fern_server *s, fern_handle h)
{
	int rc = client_room(s);
	if (rc)
		return rc;
	s->ready[s->client_count] = 0;
	s->client[s->client_count++] = h;
	s->said_full = false;
	return FERN_OK;
}

static void drop_client(struct fern_server *s, int i)
{
	fern_handle h = s->client[i];
	if (s->ops->closed)
		s->ops->closed(s, h);
	fern_handle_close(h);
	s->client_count--;
	s->client[i] = s->client[s->client_count];
	s->ready[i] = s->ready[s->client_count];
}

/* Test-only faults, to prove supervision (config fern,test-commands). */
static void test_fault(struct fern_server *s, uint64_t kind)
{
	fern_logf("taking a test fault (%s)", kind == FERN_TEST_FAULT_MMIO ? "MMIO" : "null");
	volatile uint8_t *where = kind == FERN_TEST_FAULT_MMIO ? s->mmio_end : 0;
	if (kind == FERN_TEST_FAULT_MMIO && !where)
		where = fern_rt_mmio_end;
	(void)*(volatile uint32_t *)where;
}

/* Takes up to FERN_SERVER_BATCH requests from client i (fewer if its queue empties). */
static void serve_client(struct fern_server *s, int i)
{
	fern_handle h = s->client[i];
	for (int served = 0; served < FERN_SERVER_BATCH; served++) {
		struct fern_msg m = {.data = s->data, .data_cap = sizeof(s->data)};
		int rc = fern_channel_recv(h, &m, FERN_DEADLINE_POLL);
		if (rc == FERN_ERR_PEER_CLOSED) {
			drop_client(s, i);
			return;
		}
		if (rc)
			return;
		for (int k = 0; k < m.handle_count; k++)
			fern_handle_close(m.handle[k]); /* no service here takes handles */
		if (m.type & FERN_MSG_REPLY || m.type == FERN_MSG_ERROR)
			continue; /* not a request: nothing to answer */
		if (m.type == FERN_MSG_SETATTR && m.word[0] == FERN_ATTR_TEST_FAULT &&
		    s->test_commands)
			test_fault(s, m.word[1]);
		rc = s->ops->request(s, h, &m);
		if (rc)
			fern_server_error(h, m.call_id, rc);
	}
}

/* Handles the startup task's messages; returns 1 when the system is going down. */
static int serve_startup(struct fern_server *s)
{
	for (;;) {
		struct fern_msg m = {.data = s->data, .data_cap = sizeof(s->data)};
		if (fern_channel_recv(s->startup, &m, FERN_DEADLINE_POLL))
			return 0;
		if (m.type == FERN_MSG_CONNECT && m.handle_count == 1) {
			int rc = fern_server_add_client(s, m.handle[0]);
			if (rc && !s->said_full)
				fern_logf("%d clients: refusing more (%s)", s->client_count,
					  status_name(rc));
			s->said_full = rc != FERN_OK;
			if (rc)
				fern_handle_close(m.handle[0]);
		} else if (m.type == FERN_MSG_SETATTR && m.word[0] == FERN_ATTR_SHUTDOWN) {
			if (s->ops->shutdown)
				s->ops->shutdown(s);
			fern_server_reply(s->startup, &m, 0, 0, 0);
			return 1;
		} else {
			for (int k = 0; k < m.handle_count; k++)
				fern_handle_close(m.handle[k]);
		}
	}
}

/* Waits on items[0..n) and records what the clients among them (window[k] for item first + k)
 * have pending; returns how many items are ready (0 when none), or a negative status. */
static int wait_items(struct fern_server *s, struct fern_wait_item *items, int n, int first,
		      const int *window, uint64_t deadline)
{
	int rc = fern_wait(items, (uint32_t)n, deadline);
	if (rc == FERN_ERR_TIMED_OUT)
		return 0;
	if (rc < 0)
		return rc;
	for (int k = first; k < n; k++)
		s->ready[window[k - first]] |= (uint8_t)items[k].pending;
	return rc;
}

static struct fern_wait_item client_item(const struct fern_server *s, int i)
{
	return (struct fern_wait_item){.handle = s->client[i],
				       .signals = FERN_SIGNAL_READABLE | FERN_SIGNAL_PEER_CLOSED};
}

/* Polls the clients outside the window (from, count) in batches; returns how many are ready. */
static int poll_rest(struct fern_server *s, int from, int count)
{
	int ready = 0;
	for (int k = count; k < s->client_count;) {
		struct fern_wait_item items[FERN_WAIT_MAX];
		int window[FERN_WAIT_MAX], n = 0;
		for (; n < FERN_WAIT_MAX && k < s->client_count; n++, k++) {
			window[n] = (from + k) % s->client_count;
			items[n] = client_item(s, window[n]);
		}
		int rc = wait_items(s, items, n, 0, window, FERN_DEADLINE_POLL);
		if (rc < 0)
			return rc;
		ready += rc;
	}
	return ready;
}

/* One wait over the startup channel, the events and every client; items[0..1 + events) get
 * the fixed ones' signals, s->ready the clients'. Blocks until something is ready. */
static int wait_all(struct fern_server *s, struct fern_wait_item *items)
{
	int fixed = 0;
	items[fixed++] =
	    (struct fern_wait_item){.handle = s->startup, .signals = FERN_SIGNAL_READABLE};
	for (int i = 0; i < s->event_count; i++)
		items[fixed++] =
		    (struct fern_wait_item){.handle = s->event[i], .signals = s->event_signals[i]};
	int room = FERN_WAIT_MAX - fixed, count = s->client_count < room ? s->client_count : room;
	int from = s->client_count ? s->window % s->client_count : 0;
	int window[FERN_WAIT_MAX];
	for (int k = 0; k < count; k++) {
		window[k] = (from + k) % s->client_count;
		items[fixed + k] = client_item(s, window[k]);
	}
	if (s->client_count) /* ready is NULL until the first client */
		memset(s->ready, 0, (size_t)s->client_count);
	if (count == s->client_count) /* everything fits in one wait */
		return wait_items(s, items, fixed + count, fixed, window, FERN_DEADLINE_NEVER);
	/* More clients than one wait takes: look at all of them without blocking, and block
	 * (briefly, on a window that moves each time) only when none is ready. */
	s->window = from + count;
	for (;;) {
		int rc = wait_items(s, items, fixed + count, fixed, window, FERN_DEADLINE_POLL);
		int rest = rc < 0 ? rc : poll_rest(s, from, count);
		if (rc || rest)
			return rc < 0 ? rc : rest < 0 ? rest : rc + rest;
		rc = wait_items(s, items, fixed + count, fixed, window,
				fern_clock_ns() + FERN_SERVER_POLL_NS);
		if (rc)
			return rc;
	}
}

int fern_server_run(struct fern_server *s)
{
	for (;;) {
		struct fern_wait_item items[FERN_WAIT_MAX];
		int rc = wait_all(s, items);
		if (rc < 0) {
			fern_logf("server wait failed: %s", status_name(rc));
			return rc;
		}
		for (int i = 0; i < s->event_count; i++)
			if (items[1 + i].pending && s->ops->event)
				s->ops->event(s, i, items[1 + i].pending);
		/* Clients in reverse, as serving one may drop it (the last moves into its slot). */
		for (int i = s->client_count - 1; i >= 0; i--)
			if (i < s->client_count && s->ready[i])
				serve_client(s, i);
		if (items[0].pending && serve_startup(s))
			return 0;
	}
}
