// SPDX-License-Identifier: MIT
/* Commands on the filesystem's names: ls, stat, mkdir, rm, mv, cd and pwd. */
#include "fmt.h"
#include "shell.h"

#include <fern/service.h>
#include <fern/status.h>
#include <fern/sys.h>
#include <stddef.h>
#include <string.h>

static const char *const reports[] = {"ps", "services", "devices", "mem", "specs", "dt"};

/* FERN_ATTR_STAT of a file channel into st[4]. */
static int stat_channel(fern_handle h, uint64_t *st)
{
	struct fern_msg req = {.type = FERN_MSG_GETATTR, .word = {FERN_ATTR_STAT}};
	struct fern_msg reply = {0};
	int rc = fern_call(h, &req, &reply);
	if (!rc)
		memcpy(st, reply.word, sizeof(reply.word));
	return rc;
}

/* Opens a file or directory path of the filesystem (whichever it is). */
static int open_any(struct shell *sh, const char *path, fern_handle *h)
{
	int rc = svc_open(sh, "fs", path, FERN_OPEN_READ, h);
	if (rc == FERN_ERR_IS_DIR)
		rc = svc_open(sh, "fs", path, FERN_OPEN_READ | FERN_OPEN_DIRECTORY, h);
	return rc;
}

/* The stat words of a filesystem path. */
static int stat_path(struct shell *sh, const char *path, uint64_t *st)
{
	fern_handle h;
	int rc = open_any(sh, path, &h);
	if (rc)
		return rc;
	rc = stat_channel(h, st);
	fern_handle_close(h);
	return rc;
}

static void entry_print(struct shell *sh, const char *name, uint32_t kind, uint64_t size)
{
	if (kind == FERN_KIND_DIR)
		out_printf(sh, "%10s  %s/\n", "-", name);
	else
		out_printf(sh, "%10llu  %s\n", (unsigned long long)size, name);
}

/* Prints the records of one directory READ reply; returns FERN_ERR_CORRUPT on a bad one. */
static int dirents_print(struct shell *sh, const uint8_t *p, size_t len)
{
	size_t head = offsetof(struct fern_dirent, name);
	for (size_t off = 0; off < len;) {
		struct fern_dirent d;
		if (len - off < head)
			return FERN_ERR_CORRUPT;
		memcpy(&d, p + off, head);
		if (d.reclen < head + 1 || d.reclen > len - off || d.namelen >= d.reclen - head)
			return FERN_ERR_CORRUPT;
		char name[256];
		size_t n = d.namelen < sizeof(name) ? d.namelen : sizeof(name) - 1;
		memcpy(name, p + off + head, n);
		name[n] = 0;
		entry_print(sh, name, d.kind, d.size);
		off += d.reclen;
	}
	return FERN_OK;
}

static int ls_dir(struct shell *sh, fern_handle dir)
{
	uint64_t index = 0;
	while (!out_interrupted(sh)) {
		struct fern_msg req = {.type = FERN_MSG_READ, .word = {index, sizeof(sh->io)}};
		struct fern_msg reply = {.data = sh->io, .data_cap = sizeof(sh->io)};
		int rc = fern_call(dir, &req, &reply);
		if (rc)
			return rc;
		if (!reply.data_len)
			return FERN_OK;
		rc = dirents_print(sh, sh->io, reply.data_len);
		if (rc)
			return rc;
		if (reply.word[0] <= index)
			return FERN_ERR_CORRUPT; /* no progress: the server would loop us */
		index = reply.word[0];
	}
	return FERN_OK;
}

int cmd_ls(struct shell *sh, int argc, char **argv)
{
	if (argc > 2)
		return command_usage(sh, "ls");
	const char *arg = argc == 2 ? argv[1] : ".";
	struct name n;
	int rc = name_resolve(sh, arg, &n);
	if (!rc && n.kind == NAME_FILE && !strcmp(n.path, "/sys")) {
		for (size_t i = 0; i < sizeof(reports) / sizeof(reports[0]); i++)
			out_printf(sh, "%s\n", reports[i]);
		return FERN_OK;
	}
	if (!rc && n.kind != NAME_FILE)
		rc = FERN_ERR_NOT_DIR;
	fern_handle h = FERN_HANDLE_INVALID;
	if (!rc)
		rc = svc_open(sh, "fs", n.path, FERN_OPEN_READ | FERN_OPEN_DIRECTORY, &h);
	if (rc == FERN_ERR_NOT_DIR && n.kind == NAME_FILE) { /* ls FILE: that file's line */
		uint64_t st[FERN_MSG_WORDS];
		rc = stat_path(sh, n.path, st);
		if (!rc)
			entry_print(sh, arg, (uint32_t)st[1], st[0]);
	} else if (!rc) {
		rc = ls_dir(sh, h);
	}
	if (h)
		fern_handle_close(h);
	if (rc)
		out_error(sh, "ls", arg, rc);
	return rc;
}

/* The filesystem path of arg (refusing /sys and /svc names) into n; reports errors. */
static int fs_path(struct shell *sh, const char *cmd, const char *arg, struct name *n)
{
	int rc = name_resolve(sh, arg, n);
	if (!rc && n->kind != NAME_FILE)
		rc = FERN_ERR_UNSUPPORTED;
	if (rc)
		out_error(sh, cmd, arg, rc);
	return rc;
}

static const char *kind_name(uint64_t kind)
{
	return kind == FERN_KIND_DIR ? "directory" : kind == FERN_KIND_FILE ? "file" : "other";
}

int cmd_stat(struct shell *sh, int argc, char **argv)
{
	if (argc != 2)
		return command_usage(sh, "stat");
	struct name n;
	int rc = name_resolve(sh, argv[1], &n);
	if (!rc && n.kind != NAME_FILE) {
		out_printf(sh, "%s: %s\n", argv[1],
			   n.kind == NAME_SYS ? "system report" : "service");
		return FERN_OK;
	}
	uint64_t st[FERN_MSG_WORDS];
	if (!rc)
		rc = stat_path(sh, n.path, st);
	if (rc) {
		out_error(sh, "stat", argv[1], rc);
		return rc;
	}
	char date[40];
	fmt_date(date, sizeof(date), (int64_t)st[2]);
	out_printf(sh, "%s: %s, %llu bytes, modified %s, attributes 0x%02llx\n", n.path,
		   kind_name(st[1]), (unsigned long long)st[0], date, (unsigned long long)st[3]);
	return FERN_OK;
}

int cmd_mkdir(struct shell *sh, int argc, char **argv)
{
	if (argc != 2)
		return command_usage(sh, "mkdir");
	struct name n;
	int rc = fs_path(sh, "mkdir", argv[1], &n);
	if (rc)
		return rc;
	fern_handle h;
	rc = svc_open(sh, "fs", n.path,
		      FERN_OPEN_CREATE | FERN_OPEN_DIRECTORY | FERN_OPEN_EXCLUSIVE, &h);
	if (rc)
		out_error(sh, "mkdir", argv[1], rc);
	else
		fern_handle_close(h);
	return rc;
}

int cmd_rm(struct shell *sh, int argc, char **argv)
{
	if (argc != 2)
		return command_usage(sh, "rm");
	struct name n;
	int rc = fs_path(sh, "rm", argv[1], &n);
	if (rc)
		return rc;
	rc = svc_setattr_data(sh, "fs", FERN_ATTR_REMOVE, n.path, (uint32_t)strlen(n.path));
	if (rc)
		out_error(sh, "rm", argv[1], rc);
	return rc;
}

/* mv into a directory: TO becomes TO/basename(FROM). */
static int mv_target(struct shell *sh, const char *from, char *to, size_t cap)
{
	uint64_t st[FERN_MSG_WORDS];
	if (stat_path(sh, to, st) != FERN_OK || st[1] != FERN_KIND_DIR)
		return FERN_OK;
	const char *base = strrchr(from, '/') + 1;
	char dir[PATH_CAP];
	strcpy(dir, to);
	return path_normalize(dir, base, to, cap);
}

int cmd_mv(struct shell *sh, int argc, char **argv)
{
	if (argc != 3)
		return command_usage(sh, "mv");
	struct name from, to;
	int rc = fs_path(sh, "mv", argv[1], &from);
	if (!rc)
		rc = fs_path(sh, "mv", argv[2], &to);
	if (rc)
		return rc;
	rc = mv_target(sh, from.path, to.path, sizeof(to.path));
	char data[2 * PATH_CAP];
	size_t a = strlen(from.path) + 1, b = strlen(to.path);
	memcpy(data, from.path, a);
	memcpy(data + a, to.path, b);
	if (!rc)
		rc = svc_setattr_data(sh, "fs", FERN_ATTR_RENAME, data, (uint32_t)(a + b));
	if (rc)
		out_error(sh, "mv", argv[1], rc);
	return rc;
}

int cmd_cd(struct shell *sh, int argc, char **argv)
{
	if (argc > 2)
		return command_usage(sh, "cd");
	const char *arg = argc == 2 ? argv[1] : "/";
	struct name n;
	int rc = fs_path(sh, "cd", arg, &n);
	if (rc)
		return rc;
	fern_handle h;
	rc = svc_open(sh, "fs", n.path, FERN_OPEN_READ | FERN_OPEN_DIRECTORY, &h);
	if (rc) {
		out_error(sh, "cd", arg, rc);
		return rc;
	}
	fern_handle_close(h);
	strcpy(sh->cwd, n.path);
	return FERN_OK;
}

int cmd_pwd(struct shell *sh, int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return command_usage(sh, "pwd");
	out_printf(sh, "%s\n", sh->cwd);
	return FERN_OK;
}
