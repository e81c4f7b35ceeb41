// SPDX-License-Identifier: MIT
/* Services by name: opened on first use, reopened once when their provider was restarted. */
#include "shell.h"

#include <fern/service.h>
#include <fern/status.h>
#include <fern/sys.h>
#include <string.h>

#define REOPEN_TRIES   20 /* ... REOPEN_WAIT_NS apart: a restarting provider gets 1 s */
#define REOPEN_WAIT_NS 50000000ull

/* The slot of service name (open or free), or NULL when the table is full. */
static struct svc_conn *svc_slot(struct shell *sh, const char *name)
{
	struct svc_conn *free_slot = 0;
	for (int i = 0; i < SVC_MAX; i++) {
		if (sh->svc[i].h && !strcmp(sh->svc[i].name, name))
			return &sh->svc[i];
		if (!sh->svc[i].h && !free_slot)
			free_slot = &sh->svc[i];
	}
	return free_slot;
}

/* The open connection to name; opens it (waiting a little for a restarting provider when
 * patient is set). */
static int svc_get(struct shell *sh, const char *name, bool patient, fern_handle *out)
{
	struct svc_conn *c = svc_slot(sh, name);
	if (!c || strlen(name) >= sizeof(c->name))
		return FERN_ERR_TOO_MANY;
	if (c->h) {
		*out = c->h;
		return FERN_OK;
	}
	int rc = FERN_ERR_NOT_FOUND;
	for (int i = 0; i < (patient ? REOPEN_TRIES : 1); i++) {
		if (i)
			fern_sleep_until(fern_clock_ns() + REOPEN_WAIT_NS);
		rc = fern_service_open(name, &c->h);
		if (rc != FERN_ERR_PEER_CLOSED)
			break;
	}
	if (rc) {
		c->h = FERN_HANDLE_INVALID;
		return rc;
	}
	strcpy(c->name, name);
	*out = c->h;
	return FERN_OK;
}

static void svc_drop(struct shell *sh, const char *name)
{
	struct svc_conn *c = svc_slot(sh, name);
	if (c && c->h) {
		fern_handle_close(c->h);
		c->h = FERN_HANDLE_INVALID;
	}
}

int svc_call(struct shell *sh, const char *name, struct fern_msg *req, struct fern_msg *reply)
{
	struct fern_msg saved = *reply;
	for (int attempt = 0;; attempt++) {
		fern_handle h;
		int rc = svc_get(sh, name, attempt > 0, &h);
		if (rc)
			return rc;
		rc = fern_call(h, req, reply);
		if (rc != FERN_ERR_PEER_CLOSED || attempt)
			return rc;
		svc_drop(sh, name); /* the provider was restarted: reconnect once */
		*reply = saved;
	}
}

int svc_getattr(struct shell *sh, const char *name, uint32_t attr, uint64_t *words)
{
	struct fern_msg req = {.type = FERN_MSG_GETATTR, .word = {attr}};
	struct fern_msg reply = {0};
	int rc = svc_call(sh, name, &req, &reply);
	if (!rc)
		memcpy(words, reply.word, sizeof(reply.word));
	return rc;
}

int svc_setattr_data(struct shell *sh, const char *name, uint32_t attr, const char *data,
		     uint32_t len)
{
	struct fern_msg req = {
	    .type = FERN_MSG_SETATTR, .word = {attr}, .data = (void *)data, .data_len = len};
	struct fern_msg reply = {0};
	return svc_call(sh, name, &req, &reply);
}

int64_t svc_read(struct shell *sh, const char *name, uint64_t offset, void *buf, uint32_t len)
{
	struct fern_msg req = {.type = FERN_MSG_READ, .word = {offset, len}};
	struct fern_msg reply = {.data = buf, .data_cap = len};
	int rc = svc_call(sh, name, &req, &reply);
	return rc ? rc : (int64_t)reply.data_len;
}

int svc_open(struct shell *sh, const char *name, const char *path, uint32_t flags, fern_handle *out)
{
	struct fern_msg req = {.type = FERN_MSG_OPEN,
			       .word = {flags},
			       .data = (void *)path,
			       .data_len = (uint32_t)strlen(path)};
	struct fern_msg reply = {0};
	int rc = svc_call(sh, name, &req, &reply);
	if (!rc)
		*out = reply.handle[0];
	return rc;
}
