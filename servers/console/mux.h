/* SPDX-License-Identifier: MIT */
/* Output multiplexing for the console: each client's output is buffered and goes to the line
 * in whole lines, so lines from different clients never mix; the foreground client's output
 * goes out at once, and its partial line (a prompt) and the line being edited are redrawn
 * below any background line that arrives meanwhile. Pure logic over struct out. */
#ifndef CONSOLE_MUX_H
#define CONSOLE_MUX_H

#include "line_edit.h"
#include "out.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MUX_CLIENTS 32  /* clients with buffers; more are written through unbuffered */
#define MUX_LINE    512 /* a background line longer than this goes out in pieces */
#define MUX_PROMPT  128 /* the foreground's partial line kept for redrawing (its tail) */

struct mux_client {
	bool used;
	bool interrupt; /* Ctrl-C while it was the busy foreground: its next WRITE fails */
	uint32_t id;
	char buf[MUX_LINE];
	size_t len;
};

/* What the current screen line holds. */
enum mux_screen {
	MUX_BOL,     /* nothing: the cursor is at the start of a line */
	MUX_FG_LINE, /* the foreground's prompt and edit line */
	MUX_PARTIAL, /* a piece of a background line (or a line of a client now gone) */
};

struct mux {
	struct out *out;
	struct mux_client client[MUX_CLIENTS];
	bool has_fg;
	uint32_t fg;
	char prompt[MUX_PROMPT];
	size_t prompt_len;
	const struct line_edit *edit; /* drawn after the prompt while the foreground reads */
	enum mux_screen screen;
	uint32_t partial_owner; /* MUX_PARTIAL: whose piece it is */
};

void mux_init(struct mux *m, struct out *out);
/* Client id's output: buffered in lines (background) or put out at once (foreground). */
void mux_write(struct mux *m, uint32_t id, const char *data, size_t len);
/* id becomes the foreground (it reads); output it had buffered goes out now. */
void mux_set_foreground(struct mux *m, uint32_t id);
/* Starts (e non-NULL) or ends drawing the edit line after the prompt. */
void mux_set_editing(struct mux *m, const struct line_edit *e);
/* Makes sure the prompt and edit line are what the screen line shows, before the editor
 * echoes a key. */
void mux_show_foreground(struct mux *m);
/* The editor's echo ended the screen line ("\n"): the prompt is done. */
void mux_line_ended(struct mux *m);
/* Echo that is not the editor's (the "^C" of an interrupt while the foreground is busy). */
void mux_echo(struct mux *m, const char *text);
/* The client's record (for its interrupt mark), NULL if it has none. */
struct mux_client *mux_find(struct mux *m, uint32_t id);
/* The client's record, made if it has none; NULL when the table is full. */
struct mux_client *mux_get(struct mux *m, uint32_t id);
/* Forgets a client that went away, its buffered output with it. */
void mux_drop(struct mux *m, uint32_t id);
/* Puts every buffered partial line out (shutdown). */
void mux_flush_all(struct mux *m);

#endif
