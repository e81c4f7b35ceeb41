/* SPDX-License-Identifier: MIT */
/* The console's line editor: typed bytes in, echo (with ANSI cursor moves) out, and an event
 * when a line is submitted, interrupted (Ctrl-C) or input ends (Ctrl-D); with a history of
 * submitted lines. Pure logic: no IPC (docs/console.md lists the keys). */
#ifndef CONSOLE_LINE_EDIT_H
#define CONSOLE_LINE_EDIT_H

#include "out.h"

#include <stdbool.h>
#include <stddef.h>

#define LINE_EDIT_MAX     256 /* bytes in a line, its "\n" included */
#define LINE_EDIT_HISTORY 16  /* submitted lines kept */

enum line_edit_event {
	LINE_EDIT_NONE = 0,  /* keep feeding */
	LINE_EDIT_SUBMIT,    /* Enter: the line is in submitted[], ending in "\n" */
	LINE_EDIT_INTERRUPT, /* Ctrl-C: the line is dropped */
	LINE_EDIT_EOF,       /* Ctrl-D on an empty line */
};

struct line_edit {
	char line[LINE_EDIT_MAX];
	size_t len, cursor;
	char submitted[LINE_EDIT_MAX];
	size_t submitted_len;
	/* The history, oldest first; browse == count means the line being typed (kept in
	 * scratch while walking the history). */
	char history[LINE_EDIT_HISTORY][LINE_EDIT_MAX];
	size_t history_len[LINE_EDIT_HISTORY];
	int count, browse;
	char scratch[LINE_EDIT_MAX];
	size_t scratch_len;
	int esc;        /* escape-sequence state: 0 none, 1 after ESC, 2 in CSI, 3 after ESC O */
	unsigned param; /* the CSI's number */
	bool after_cr;  /* a "\n" right after a "\r" is the same Enter */
};

void line_edit_init(struct line_edit *e);
/* Takes one typed byte, echoing to o; says what happened. After SUBMIT, INTERRUPT or EOF the
 * editor holds an empty line again. */
enum line_edit_event line_edit_feed(struct line_edit *e, char c, struct out *o);
/* Draws the whole line from where the cursor would be at its start, then puts the cursor in
 * place: for redrawing after other output. */
void line_edit_render(const struct line_edit *e, struct out *o);
/* Forgets the line being typed (not the history). */
void line_edit_clear(struct line_edit *e);

#endif
