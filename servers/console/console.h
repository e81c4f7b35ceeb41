/* SPDX-License-Identifier: MIT */
/* The console service's logic, without IPC: WRITEs through the multiplexer, the foreground's
 * READ answered with an edited line, type-ahead, Ctrl-C marks. main.c sends what it says. */
#ifndef CONSOLE_CONSOLE_H
#define CONSOLE_CONSOLE_H

#include "line_edit.h"
#include "mux.h"
#include "out.h"

#include <stdbool.h>
#include <stdint.h>

#define CONSOLE_TYPEAHEAD 256 /* bytes typed while no READ waits; more are dropped */

/* A reply to a READ: an ERROR with status when it is negative, else data. */
struct console_reply {
	uint32_t client, call_id;
	int status;
	const char *data; /* valid until the next call into the console */
	uint32_t len;
};

struct console {
	struct out out;
	struct mux mux;
	struct line_edit edit;
	bool reading; /* a READ waits: from reader, with call_id, for up to max bytes */
	uint32_t reader, call_id, max;
	char ahead[CONSOLE_TYPEAHEAD];
	size_t ahead_len;
	char ready[LINE_EDIT_MAX]; /* a submitted line, ready[ready_off..ready_len) not yet read */
	size_t ready_len, ready_off;
};

/* sink(ctx, bytes, len) receives everything for the line. */
void console_init(struct console *c, void (*sink)(void *, const char *, size_t), void *ctx);
/* A WRITE: returns len, or FERN_ERR_INTERRUPTED (the bytes dropped) once after a Ctrl-C that
 * hit client while it was the busy foreground. */
int64_t console_write(struct console *c, uint32_t client, const char *data, uint32_t len);
/* GETATTR FERN_ATTR_INTERRUPT: 1 if Ctrl-C hit client since the last ask (and clears it). */
int console_interrupted(struct console *c, uint32_t client);
/* A READ: client becomes the foreground. Fills r with the replies due now (up to 2: BUSY to an
 * earlier waiting READ, and this one's if a line is ready) and returns how many. */
int console_read(struct console *c, uint32_t client, uint32_t call_id, uint32_t max,
		 struct console_reply r[2]);
/* Typed bytes: returns 1 with r filled when they answer the waiting READ, else 0. */
int console_input(struct console *c, const char *data, size_t len, struct console_reply *r);
/* client went away: its READ and buffered output are dropped. */
void console_closed(struct console *c, uint32_t client);
/* Puts out every buffered partial line (the system is going down). */
void console_shutdown(struct console *c);

#endif
