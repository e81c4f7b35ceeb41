/* SPDX-License-Identifier: MIT */
/* The shell's state and the interfaces its files share: console input and output, services
 * opened by name, the /sys, /svc and file namespace, and the command table. */
#ifndef SHELL_H
#define SHELL_H

#include "line.h"
#include "path.h"

#include <fern/abi.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OUT_BUF_SIZE 1024 /* output is sent to the console in pieces of at most this */
#define SVC_MAX      8    /* services the shell keeps open at once */

struct svc_conn {
	char name[32];
	fern_handle h;
};

/* Everything the shell keeps: one per program (main.c owns it, commands get a pointer). */
struct shell {
	fern_handle console; /* the console service (reopened when its provider restarts) */
	fern_handle startup; /* the startup task: reports, kill/start/stop, shutdown */
	/* The console is the bare UART driver (it does not answer FERN_ATTR_INTERRUPT): the
	 * shell echoes typed bytes and finds Ctrl-C in the input itself. */
	bool raw_console;
	bool read_pending; /* a console READ is in flight (read_call is its call id) */
	uint32_t read_call;
	bool input_closed; /* the console said end of input */
	struct line_in line;
	char typeahead[LINE_MAX_LEN]; /* raw console: bytes typed while a command ran */
	size_t typeahead_len;
	bool interrupted;   /* the running command was interrupted (Ctrl-C): print nothing more */
	uint64_t next_poll; /* out_interrupted asks the console again from this time on */
	char out[OUT_BUF_SIZE];
	size_t out_len;
	struct svc_conn svc[SVC_MAX];
	uint8_t io[FERN_MSG_DATA_MAX]; /* a command's read buffer */
	char cwd[PATH_CAP];
};

/* ---- out.c: buffered console output ---- */

/* Queue text for the console (sent when the buffer fills, at a newline-free flush, or by
 * out_flush). Once the command was interrupted, output is dropped. */
void out_write(struct shell *sh, const char *text, size_t len);
void out_puts(struct shell *sh, const char *text);
void out_printf(struct shell *sh, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "CMD: WHAT: status" as one line: the shell's error format. */
void out_error(struct shell *sh, const char *cmd, const char *what, int status);
/* Sends what is buffered. */
void out_flush(struct shell *sh);
/* Whether the command should stop: the console said interrupted (a WRITE answered
 * FERN_ERR_INTERRUPTED, or a poll of FERN_ATTR_INTERRUPT). Cheap: polls at most every few ms. */
bool out_interrupted(struct shell *sh);

/* ---- input.c: console input ---- */

/* Sets up the console side: finds whether the console edits lines (raw_console). */
void input_init(struct shell *sh);
/* A new connection to the console after its provider restarted (waits up to a few seconds for
 * it to come back). FERN_ERR_PEER_CLOSED or FERN_ERR_NOT_FOUND when it does not. */
int input_reconnect(struct shell *sh);
/* Waits for a command line; answers the startup task's shutdown while it waits (and exits).
 * Returns the line (in sh->line.buf), NULL at the end of input. *cancelled is set when the
 * user pressed Ctrl-C instead. */
const char *input_line(struct shell *sh, bool *cancelled);
/* Raw console: looks (without waiting) for Ctrl-C typed while a command runs. */
bool input_poll_interrupt(struct shell *sh);
/* After poweroff or reboot: waits up to timeout_ns for the startup task's shutdown request,
 * answers it and exits. Returns if none came. */
void input_wait_shutdown(struct shell *sh, uint64_t timeout_ns);

/* ---- svc.c: services by name, opened lazily ---- */

/* A call on service name: sends req, returns the reply in *reply (its data lands where
 * reply->data points). A connection that fails with FERN_ERR_PEER_CLOSED (the provider was
 * restarted) is reopened once. ERROR replies become their status. */
int svc_call(struct shell *sh, const char *name, struct fern_msg *req, struct fern_msg *reply);
int svc_getattr(struct shell *sh, const char *name, uint32_t attr, uint64_t *words);
int svc_setattr_data(struct shell *sh, const char *name, uint32_t attr, const char *data,
		     uint32_t len);
int64_t svc_read(struct shell *sh, const char *name, uint64_t offset, void *buf, uint32_t len);
/* OPEN path with flags on service name (the filesystem): the new channel in *out. */
int svc_open(struct shell *sh, const char *name, const char *path, uint32_t flags,
	     fern_handle *out);

/* ---- sysctl.c: the startup task's reports and controls ---- */

/* READ of report name at offset: up to len bytes; 0 at the end. */
int64_t sys_report_read(struct shell *sh, const char *name, uint64_t offset, void *buf,
			uint32_t len);
/* SETATTR attr with data = name (kill, start, stop). */
int sys_control(struct shell *sh, uint32_t attr, const char *name);

/* ---- names.c: /sys/NAME, /svc/NAME and files ---- */

enum name_kind { NAME_SYS, NAME_SVC, NAME_FILE };

struct name {
	enum name_kind kind;
	char path[PATH_CAP]; /* normalized: the report or service name for SYS and SVC */
	fern_handle file;    /* NAME_FILE: the open file channel (owned) */
};

/* Resolves arg against the current directory into n (path only, nothing opened). */
int name_resolve(struct shell *sh, const char *arg, struct name *n);
/* Resolves and opens arg for reading (files: FERN_OPEN_READ, refusing directories). */
int name_open_read(struct shell *sh, const char *arg, struct name *n);
/* READ at offset from an opened name. */
int64_t name_read(struct shell *sh, struct name *n, uint64_t offset, void *buf, uint32_t len);
void name_close(struct name *n);

/* ---- commands ---- */

typedef int (*cmd_fn)(struct shell *sh, int argc, char **argv);

struct command {
	const char *name;
	const char *usage; /* arguments, for help and usage errors */
	const char *help;  /* one line */
	cmd_fn fn;
};

/* The command called name, or NULL. */
const struct command *command_find(const char *name);
/* Prints "usage: NAME USAGE" for the command; returns FERN_ERR_INVALID. */
int command_usage(struct shell *sh, const char *name);

/* Command bodies (cmd_*.c); each returns FERN_OK or the status it reported. */
int cmd_help(struct shell *sh, int argc, char **argv);
int cmd_report(struct shell *sh, int argc, char **argv); /* ps, services, lsdev, mem, specs */
int cmd_kill(struct shell *sh, int argc, char **argv);
int cmd_start(struct shell *sh, int argc, char **argv);
int cmd_stop(struct shell *sh, int argc, char **argv);
int cmd_power(struct shell *sh, int argc, char **argv); /* poweroff, reboot */
int cmd_cp(struct shell *sh, int argc, char **argv);
int cmd_cmp(struct shell *sh, int argc, char **argv);
int cmd_sync(struct shell *sh, int argc, char **argv);
int cmd_dt(struct shell *sh, int argc, char **argv);
int cmd_uptime(struct shell *sh, int argc, char **argv);
int cmd_date(struct shell *sh, int argc, char **argv);
int cmd_random(struct shell *sh, int argc, char **argv);
int cmd_echo(struct shell *sh, int argc, char **argv);
int cmd_ls(struct shell *sh, int argc, char **argv);
int cmd_cat(struct shell *sh, int argc, char **argv);
int cmd_hexdump(struct shell *sh, int argc, char **argv);
int cmd_write(struct shell *sh, int argc, char **argv); /* write, append */
int cmd_rm(struct shell *sh, int argc, char **argv);
int cmd_mkdir(struct shell *sh, int argc, char **argv);
int cmd_mv(struct shell *sh, int argc, char **argv);
int cmd_stat(struct shell *sh, int argc, char **argv);
int cmd_cd(struct shell *sh, int argc, char **argv);
int cmd_pwd(struct shell *sh, int argc, char **argv);

#endif
