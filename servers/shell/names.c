// SPDX-License-Identifier: MIT
/* The shell's namespace: /sys/NAME is the startup task's report NAME, /svc/NAME a connection
 * to service NAME, every other path a file on the fs service. All are read with READ. */
#include "shell.h"

#include <fern/service.h>
#include <fern/status.h>
#include <fern/sys.h>
#include <string.h>

int name_resolve(struct shell *sh, const char *arg, struct name *n)
{
	char abs[PATH_CAP];
	const char *rest;
	int rc = path_normalize(sh->cwd, arg, abs, sizeof(abs));
	if (rc)
		return rc;
	n->file = FERN_HANDLE_INVALID;
	if (path_under(abs, "/sys", &rest) && *rest && !strchr(rest, '/')) {
		n->kind = NAME_SYS;
		strcpy(n->path, rest);
	} else if (path_under(abs, "/svc", &rest) && *rest && !strchr(rest, '/')) {
		n->kind = NAME_SVC;
		strcpy(n->path, rest);
	} else {
		n->kind = NAME_FILE;
		strcpy(n->path, abs);
	}
	return FERN_OK;
}

int name_open_read(struct shell *sh, const char *arg, struct name *n)
{
	int rc = name_resolve(sh, arg, n);
	if (rc || n->kind != NAME_FILE)
		return rc;
	rc = svc_open(sh, "fs", n->path, FERN_OPEN_READ, &n->file);
	if (rc)
		return rc;
	uint64_t st[FERN_MSG_WORDS];
	struct fern_msg req = {.type = FERN_MSG_GETATTR, .word = {FERN_ATTR_STAT}};
	struct fern_msg reply = {0};
	if (fern_call(n->file, &req, &reply) == FERN_OK) {
		memcpy(st, reply.word, sizeof(st));
		if (st[1] == FERN_KIND_DIR) {
			name_close(n);
			return FERN_ERR_IS_DIR;
		}
	}
	return FERN_OK;
}

int64_t name_read(struct shell *sh, struct name *n, uint64_t offset, void *buf, uint32_t len)
{
	switch (n->kind) {
	case NAME_SYS: return sys_report_read(sh, n->path, offset, buf, len);
	case NAME_SVC: return svc_read(sh, n->path, offset, buf, len);
	case NAME_FILE: {
		struct fern_msg req = {.type = FERN_MSG_READ, .word = {offset, len}};
		struct fern_msg reply = {.data = buf, .data_cap = len};
		int rc = fern_call(n->file, &req, &reply);
		return rc ? rc : (int64_t)reply.data_len;
	}
	}
	return FERN_ERR_INVALID;
}

void name_close(struct name *n)
{
	if (n->file)
		fern_handle_close(n->file);
	n->file = FERN_HANDLE_INVALID;
}
