/* SPDX-License-Identifier: MIT */
/* Services over channels with the predefined message types: the client calls (READ, WRITE,
 * GETATTR, SETATTR), reconnecting to a service through the startup task, and the server loop
 * every driver and server uses. See docs/writing-a-driver.md. */
#ifndef FERN_SERVICE_H
#define FERN_SERVICE_H

#include <fern/abi.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FERN_SERVICE_TIMEOUT_NS (5000000000ull) /* client calls give up after 5 s */

/* ---- clients ---- */

/* A new connection to service, asked of the startup task (after the provider restarted, say).
 * FERN_ERR_NOT_FOUND (no such service), FERN_ERR_PEER_CLOSED (its provider is not running). */
int fern_service_open(const char *service, fern_handle *out);

/* Reads the whole of the startup task's report name ("ps", "mem", "dt", ... see docs/specs.md)
 * through the startup channel into buf (size bytes, at least 1), NUL-terminated and cut short
 * if it does not fit. Returns its length, or a status (FERN_ERR_NOT_FOUND without a startup
 * channel or for an unknown report). */
int64_t fern_report_read(const char *name, char *buf, size_t size);

/* READ up to len bytes at offset into buf; returns the byte count or a negative status. */
int64_t fern_read(fern_handle h, uint64_t offset, void *buf, uint32_t len);
/* WRITE len bytes at offset; returns the count written or a negative status. */
int64_t fern_write(fern_handle h, uint64_t offset, const void *buf, uint32_t len);
/* GETATTR attr: the reply's words in out[FERN_MSG_WORDS]. */
int fern_getattr(fern_handle h, uint32_t attr, uint64_t *out);
/* SETATTR attr = value. */
int fern_setattr(fern_handle h, uint32_t attr, uint64_t value);
/* SETATTR attr with len bytes of data (a path, a name). */
int fern_setattr_data(fern_handle h, uint32_t attr, const void *data, uint32_t len);
/* OPEN path (NUL-terminated) with flags (enum fern_open_flags) on h: the new channel in *out. */
int fern_open(fern_handle h, const char *path, uint32_t flags, fern_handle *out);
/* A fresh call id for requests built by hand. */
uint32_t fern_call_id(void);
/* Calls with a request built by hand (a fresh call id, the 5 s timeout): FERN_OK when the reply
 * is req's type | REPLY, the status an ERROR reply carries, else FERN_ERR_INVALID. An OPEN's
 * reply must carry one handle, left in reply->handle[0]; any other handles are closed. */
int fern_call(fern_handle h, struct fern_msg *req, struct fern_msg *reply);

/* ---- servers ---- */

/* A server takes at most this many clients (more are refused, and the refusal logged once
 * per burst): one program holding many connections costs memory, not everyone else's
 * service. */
#define FERN_SERVER_MAX_CLIENTS 512
#define FERN_SERVER_MAX_EVENTS  4

struct fern_server;

struct fern_server_ops {
	/* A client's request (data in req->data). Reply now or later with fern_server_reply;
	 * return FERN_OK, or a negative status for an ERROR reply sent for you. */
	int (*request)(struct fern_server *s, fern_handle client, const struct fern_msg *req);
	/* Optional: an object added with fern_server_add_event raised signals (pending). */
	void (*event)(struct fern_server *s, int index, uint32_t pending);
	/* Optional: the system is going down: finish what matters (flush) before the answer. */
	void (*shutdown)(struct fern_server *s);
	/* Optional: a client went away (pending requests from it can be dropped); its handle
	 * is closed when this returns. */
	void (*closed)(struct fern_server *s, fern_handle client);
};

struct fern_server {
	const struct fern_server_ops *ops;
	void *ctx; /* the driver's own state */
	fern_handle startup;
	fern_handle port; /* everything the loop serves is bound to it (docs/ipc.md) */
	int client_count;
	bool said_full; /* the refusal at FERN_SERVER_MAX_CLIENTS was logged */
	fern_handle event[FERN_SERVER_MAX_EVENTS];
	uint32_t event_signals[FERN_SERVER_MAX_EVENTS];
	int event_count;
	bool test_commands;     /* config fern,test-commands: SETATTR FERN_ATTR_TEST_FAULT works */
	uint32_t handles_taken; /* of the request being served (fern_server_take_handle) */
	volatile uint8_t *mmio_end; /* just past the driver's MMIO mapping (test faults) */
	/* The reply a request callback made, sent with the loop's next receive. */
	bool reply_pending;
	fern_handle reply_to;
	struct fern_msg reply;
	uint8_t data[FERN_MSG_DATA_MAX];       /* the request being served */
	uint8_t reply_data[FERN_MSG_DATA_MAX]; /* its reply's data (fern_server_reply_room) */
};

/* Sets s up from the environment (its startup channel) with a port for everything it will
 * serve. FERN_ERR_NOT_FOUND without a startup channel; errors of fern_port_create. */
int fern_server_init(struct fern_server *s, const struct fern_server_ops *ops, void *ctx);
/* Also serves signals on h (an interrupt, a timer, a channel whose messages the driver takes
 * itself): each raising of one of signals calls ops->event with its index (the order of
 * adding, from 0). FERN_ERR_TOO_MANY past FERN_SERVER_MAX_EVENTS. */
int fern_server_add_event(struct fern_server *s, fern_handle h, uint32_t signals);
/* Replaces event index's handle with h (0: none for now), keeping its signals. Call it
 * before closing the old handle. */
int fern_server_set_event(struct fern_server *s, int index, fern_handle h);
/* Serves h like a client the startup task connected: a channel the server made itself (the
 * other end handed out in an OPEN reply, say). FERN_ERR_TOO_MANY at FERN_SERVER_MAX_CLIENTS
 * (h is left to the caller). */
int fern_server_add_client(struct fern_server *s, fern_handle h);
/* Serves until the startup task says the system is going down; returns 0 then (exit with it).
 * Clients, events and the startup channel all come through the server's port, one system
 * call per request: the reply a request callback makes is sent together with the wait for
 * the next request. A busy client cannot starve the others: the port takes ready clients in
 * turn. */
int fern_server_run(struct fern_server *s);
/* Replies to request (type, call id) from client with words (may be NULL) and data. Called
 * from the request callback, the reply goes out with the loop's next step (data is copied
 * into the server, unless it is fern_server_reply_room's buffer); from anywhere else (a
 * deferred reply, an event callback), at once. */
int fern_server_reply(fern_handle client, const struct fern_msg *req, const uint64_t *words,
		      const void *data, uint32_t len);
int fern_server_reply_to(fern_handle client, uint16_t type, uint32_t call_id, const uint64_t *words,
			 const void *data, uint32_t len);
/* Replies to req with words and one handle, moved to the client (an OPEN's new channel). If
 * the reply cannot be sent (the client is gone, or does not read its replies), the handle is
 * closed. */
int fern_server_reply_handle(fern_handle client, const struct fern_msg *req, const uint64_t *words,
			     fern_handle h);
int fern_server_error(fern_handle client, uint32_t call_id, int status);
/* Keeps handle k of the request being served (req, in the request callback): the loop closes
 * every handle a request carries that the callback did not take. FERN_HANDLE_INVALID when
 * there is no such handle (or it was taken already). */
fern_handle fern_server_take_handle(struct fern_server *s, const struct fern_msg *req, int k);
/* A FERN_MSG_DATA_MAX-byte buffer for a reply's data that needs no copy (valid until the
 * request callback's reply has gone). */
void *fern_server_reply_room(struct fern_server *s);

#endif
