// SPDX-License-Identifier: MIT
/* Commands that move whole files: cp, cmp and sync. Between files of the filesystem the data
 * goes through one buffer shared with it (fern/bulk.h), 64 KiB per request, and never through
 * the shell's own memory; anything else (/sys, /svc) is read in messages. */
#include "shell.h"

#include <fern/bulk.h>
#include <fern/service.h>
#include <fern/status.h>
#include <fern/sys.h>
#include <stdio.h>
#include <string.h>

#define BULK_CHUNK (64 * 1024) /* bytes per request through the shared buffer */

/* The shell's buffer shared with the filesystem: made on first use, shared on each file
 * channel that needs it (both ends of a copy see the same memory). */
static struct fern_bulk shared;

static int share_with(fern_handle file)
{
	if (!shared.base)
		return fern_bulk_attach(file, 2 * BULK_CHUNK, false, &shared);
	return fern_bulk_share(file, &shared);
}

/* READ or WRITE of up to len bytes at offset through the shared buffer at where. */
static int64_t bulk_io(fern_handle file, uint16_t type, uint64_t offset, uint32_t len,
		       uint64_t where)
{
	struct fern_msg req = {.type = type, .word = {offset, len, FERN_BULK | where}};
	struct fern_msg reply = {0};
	int rc = fern_call(file, &req, &reply);
	return rc ? rc : (int64_t)reply.word[0];
}

int cmd_cp(struct shell *sh, int argc, char **argv)
{
	if (argc != 3)
		return command_usage(sh, "cp");
	struct name from, to;
	int rc = name_open_read(sh, argv[1], &from);
	if (rc) {
		out_error(sh, "cp", argv[1], rc);
		return rc;
	}
	rc = name_resolve(sh, argv[2], &to);
	if (!rc && to.kind != NAME_FILE)
		rc = FERN_ERR_UNSUPPORTED;
	if (!rc)
		rc = svc_open(sh, "fs", to.path,
			      FERN_OPEN_WRITE | FERN_OPEN_CREATE | FERN_OPEN_TRUNCATE, &to.file);
	if (rc) {
		out_error(sh, "cp", argv[2], rc);
		name_close(&from);
		return rc;
	}
	bool bulk = from.kind == NAME_FILE && !share_with(from.file) && !share_with(to.file);
	uint64_t offset = 0;
	while (!rc && !out_interrupted(sh)) {
		int64_t got = bulk ? bulk_io(from.file, FERN_MSG_READ, offset, BULK_CHUNK, 0)
				   : name_read(sh, &from, offset, sh->io, FERN_MSG_DATA_MAX);
		if (got <= 0) {
			rc = (int)got;
			if (rc)
				out_error(sh, "cp", argv[1], rc);
			break;
		}
		int64_t put = bulk ? bulk_io(to.file, FERN_MSG_WRITE, offset, (uint32_t)got, 0)
				   : fern_write(to.file, offset, sh->io, (uint32_t)got);
		if (put != got) {
			rc = put < 0 ? (int)put : FERN_ERR_NO_SPACE; /* short: the medium is full */
			out_error(sh, "cp", argv[2], rc);
		}
		offset += (uint64_t)got;
	}
	name_close(&from);
	name_close(&to);
	return rc;
}

int cmd_cmp(struct shell *sh, int argc, char **argv)
{
	if (argc != 3)
		return command_usage(sh, "cmp");
	struct name a, b;
	int rc = name_open_read(sh, argv[1], &a);
	if (rc) {
		out_error(sh, "cmp", argv[1], rc);
		return rc;
	}
	rc = name_open_read(sh, argv[2], &b);
	if (rc) {
		out_error(sh, "cmp", argv[2], rc);
		name_close(&a);
		return rc;
	}
	if (a.kind != NAME_FILE || b.kind != NAME_FILE || share_with(a.file) || share_with(b.file))
		rc = FERN_ERR_UNSUPPORTED;
	uint64_t offset = 0;
	bool differ = false;
	while (!rc && !differ && !out_interrupted(sh)) {
		int64_t ga = bulk_io(a.file, FERN_MSG_READ, offset, BULK_CHUNK, 0);
		int64_t gb = bulk_io(b.file, FERN_MSG_READ, offset, BULK_CHUNK, BULK_CHUNK);
		if (ga < 0 || gb < 0) {
			rc = ga < 0 ? (int)ga : (int)gb;
			break;
		}
		uint64_t same = 0, n = (uint64_t)(ga < gb ? ga : gb);
		while (same < n && shared.base[same] == shared.base[BULK_CHUNK + same])
			same++;
		if (same < n || ga != gb) {
			out_printf(sh, "%s %s differ: byte %llu\n", argv[1], argv[2],
				   (unsigned long long)(offset + same));
			differ = true;
		}
		if (!ga)
			break;
		offset += (uint64_t)ga;
	}
	if (rc)
		out_error(sh, "cmp", argv[1], rc);
	else if (!differ)
		out_printf(sh, "%s and %s are the same (%llu bytes)\n", argv[1], argv[2],
			   (unsigned long long)offset);
	name_close(&a);
	name_close(&b);
	return rc ? rc : differ ? FERN_ERR_INVALID : FERN_OK;
}

int cmd_sync(struct shell *sh, int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return command_usage(sh, "sync");
	int rc = svc_setattr_data(sh, "fs", FERN_ATTR_SYNC, 0, 0);
	if (rc)
		out_error(sh, "sync", "fs", rc);
	return rc;
}
