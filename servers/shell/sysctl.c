// SPDX-License-Identifier: MIT
/* The startup task's side of the shell: reports (READ with a report name) and control
 * (SETATTR kill, start, stop with a name) over the startup channel. */
#include "shell.h"

#include <fern/service.h>
#include <fern/status.h>
#include <string.h>

int64_t sys_report_read(struct shell *sh, const char *name, uint64_t offset, void *buf,
			uint32_t len)
{
	if (!sh->startup)
		return FERN_ERR_NOT_FOUND;
	struct fern_msg req = {.type = FERN_MSG_READ,
			       .word = {offset, len},
			       .data = (void *)name,
			       .data_len = (uint32_t)strlen(name)};
	struct fern_msg reply = {.data = buf, .data_cap = len};
	int rc = fern_call(sh->startup, &req, &reply);
	return rc ? rc : (int64_t)reply.data_len;
}

int sys_control(struct shell *sh, uint32_t attr, const char *name)
{
	if (!sh->startup)
		return FERN_ERR_NOT_FOUND;
	struct fern_msg req = {.type = FERN_MSG_SETATTR,
			       .word = {attr},
			       .data = (void *)name,
			       .data_len = (uint32_t)strlen(name)};
	struct fern_msg reply = {0};
	return fern_call(sh->startup, &req, &reply);
}
