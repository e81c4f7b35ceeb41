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

/* Port keys: the startup channel, the events, and clients by their handle (handles are never
 * below 256, so the fixed keys cannot collide with one). */
#define KEY_STARTUP 1
#define KEY_EVENT   2 /* + the event's index */

/* The server whose request callback is running (replies to its request are held back and
 * sent with the wait for the next one), or NULL. One per program: the loop runs in one
 * thread. */
static struct fern_server *serving;

/* Sends what the callback replied, now (another reply comes, or no loop step follows). */
static int flush_reply(struct fern_server *s)
{
	if (!s->reply_pending)
		return FERN_OK;
	s->reply_pending = false;
	int rc = fern_channel_send(s->reply_to, &s->reply);
	if (rc)
		for (int i = 0; i < s->reply.handle_count; i++)
			fern_handle_close(s->reply.handle[i]); /* nobody to give them to */
	return rc;
}

/* Queues a reply: during a request callback of the loop it waits for the loop's next step
 * (one system call sends it and takes the next request), else it is sent at once. */
static int reply_msg(fern_handle client, const struct fern_msg *r)
{
	struct fern_server *s = serving;
	if (!s)
		return fern_channel_send(client, r);
	flush_reply(s); /* a second reply in one callback: the first goes now */
	s->reply = *r;
	s->reply_to = client;
	s->reply_pending = true;
	if (r->data_len && r->data != s->reply_data) { /* the caller's buffer may not outlive it */
		memcpy(s->reply_data, r->data, r->data_len);
		s->reply.data = s->reply_data;
	}
	return FERN_OK;
}

int fern_server_reply_to(fern_handle client, uint16_t type, uint32_t call_id, const uint64_t *words,
			 const void *data, uint32_t len)
{
	if (len > FERN_MSG_DATA_MAX)
		return FERN_ERR_TOO_BIG;
	struct fern_msg r = {.type = (uint16_t)(type | FERN_MSG_REPLY),
			     .call_id = call_id,
			     .data = (void *)data,
			     .data_len = len};
	if (words)
		memcpy(r.word, words, sizeof(r.word));
	return reply_msg(client, &r);
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
	int rc = reply_msg(client, &r);
	if (rc)
		fern_handle_close(h);
	return rc;
}

int fern_server_error(fern_handle client, uint32_t call_id, int status)
{
	struct fern_msg r = {
	    .type = FERN_MSG_ERROR, .call_id = call_id, .word = {(uint64_t)(int64_t)status}};
	return reply_msg(client, &r);
}

void *fern_server_reply_room(struct fern_server *s)
{
	return s->reply_data;
}

int fern_server_init(struct fern_server *s, const struct fern_server_ops *ops, void *ctx)
{
	memset(s, 0, sizeof(*s));
	s->ops = ops;
	s->ctx = ctx;
	s->startup = fern_env_handle("startup");
	s->test_commands = fern_env_config_flag("fern,test-commands");
	if (!s->startup)
		return FERN_ERR_NOT_FOUND;
	int64_t port = fern_port_create();
	if (fern_is_error(port))
		return (int)port;
	s->port = (fern_handle)port;
	return fern_port_bind(s->port, s->startup, KEY_STARTUP, FERN_SIGNAL_READABLE);
}

int fern_server_add_event(struct fern_server *s, fern_handle h, uint32_t signals)
{
	if (s->event_count == FERN_SERVER_MAX_EVENTS)
		return FERN_ERR_TOO_MANY;
	s->event_signals[s->event_count] = signals;
	return fern_server_set_event(s, s->event_count++, h);
}

int fern_server_set_event(struct fern_server *s, int index, fern_handle h)
{
	if (index < 0 || index >= s->event_count)
		return FERN_ERR_INVALID;
	if (s->event[index])
		fern_port_bind(s->port, s->event[index], 0, 0); /* it may be closed already */
	s->event[index] = h;
	/* FERN_PORT_REPORT: a channel's messages stay for the driver to take. */
	return h ? fern_port_bind(s->port, h, KEY_EVENT + (uint64_t)index,
				  s->event_signals[index] | FERN_PORT_REPORT)
		 : FERN_OK;
}

int fern_server_add_client(struct fern_server *s, fern_handle h)
{
	if (s->client_count >= FERN_SERVER_MAX_CLIENTS)
		return FERN_ERR_TOO_MANY;
	int rc = fern_port_bind(s->port, h, h, FERN_SIGNAL_READABLE);
	if (rc)
		return rc;
	s->client_count++;
	s->said_full = false;
	return FERN_OK;
}

static void drop_client(struct fern_server *s, fern_handle h)
{
	if (s->ops->closed)
		s->ops->closed(s, h);
	fern_handle_close(h);
	s->client_count--;
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

/* A client's request: the callback's reply (or the error it returns) waits for the next
 * loop step. */
static void serve_request(struct fern_server *s, fern_handle h, struct fern_msg *m)
{
	s->handles_taken = 0;
	if (!(m->type & FERN_MSG_REPLY || m->type == FERN_MSG_ERROR)) { /* else nothing to answer */
		if (m->type == FERN_MSG_SETATTR && m->word[0] == FERN_ATTR_TEST_FAULT &&
		    s->test_commands)
			test_fault(s, m->word[1]);
		serving = s;
		int rc = s->ops->request(s, h, m);
		if (rc)
			fern_server_error(h, m->call_id, rc);
		serving = 0;
	}
	for (int k = 0; k < m->handle_count; k++) /* the ones the callback did not take */
		if (!(s->handles_taken & 1u << k))
			fern_handle_close(m->handle[k]);
}

fern_handle fern_server_take_handle(struct fern_server *s, const struct fern_msg *req, int k)
{
	if (k < 0 || k >= req->handle_count || (s->handles_taken & 1u << k))
		return FERN_HANDLE_INVALID;
	s->handles_taken |= 1u << k;
	return req->handle[k];
}

/* A message from the startup task; returns 1 when the system is going down. */
static int serve_startup(struct fern_server *s, struct fern_msg *m)
{
	if (m->type == FERN_MSG_CONNECT && m->handle_count == 1) {
		int rc = fern_server_add_client(s, m->handle[0]);
		if (rc && !s->said_full)
			fern_logf("%d clients: refusing more (%s)", s->client_count,
				  status_name(rc));
		s->said_full = rc != FERN_OK;
		if (rc)
			fern_handle_close(m->handle[0]);
	} else if (m->type == FERN_MSG_SETATTR && m->word[0] == FERN_ATTR_SHUTDOWN) {
		if (s->ops->shutdown)
			s->ops->shutdown(s);
		flush_reply(s);
		fern_server_reply(s->startup, m, 0, 0, 0);
		return 1;
	} else {
		for (int k = 0; k < m->handle_count; k++)
			fern_handle_close(m->handle[k]);
	}
	return 0;
}

int fern_server_run(struct fern_server *s)
{
	for (;;) {
		struct fern_msg m = {.data = s->data, .data_cap = sizeof(s->data)};
		bool answer = s->reply_pending;
		s->reply_pending = false;
		int rc = fern_port_reply_recv(s->port, s->reply_to, answer ? &s->reply : 0, &m,
					      FERN_DEADLINE_NEVER);
		if (rc && answer) {
			/* The reply could not go (the client left, or reads no replies): its
			 * handles stay ours to close; take the next message without it. */
			for (int i = 0; i < s->reply.handle_count; i++)
				fern_handle_close(s->reply.handle[i]);
			continue;
		}
		if (rc) {
			fern_logf("server receive failed: %s", status_name(rc));
			return rc;
		}
		if (m.key == KEY_STARTUP) {
			if (m.type == FERN_MSG_SIGNAL)
				continue; /* the startup task is gone: keep serving */
			if (serve_startup(s, &m))
				return 0;
		} else if (m.key >= KEY_EVENT && m.key < KEY_EVENT + FERN_SERVER_MAX_EVENTS) {
			if (s->ops->event && m.type == FERN_MSG_SIGNAL)
				s->ops->event(s, (int)(m.key - KEY_EVENT), (uint32_t)m.word[0]);
		} else if (m.type == FERN_MSG_SIGNAL) {
			drop_client(
			    s, (fern_handle)m.key); /* its peer closed, after its last message */
		} else {
			serve_request(s, (fern_handle)m.key, &m);
		}
	}
}
