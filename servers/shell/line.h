/* SPDX-License-Identifier: MIT */
/* Assembling command lines from the console's byte stream (pure logic). */
#ifndef SHELL_LINE_H
#define SHELL_LINE_H

#include <stdbool.h>
#include <stddef.h>

#define LINE_MAX_LEN 512 /* bytes of one command line */

/* A line being assembled. Zero-initialised is empty. */
struct line_in {
	char buf[LINE_MAX_LEN + 1];
	size_t len;
	bool too_long; /* bytes past LINE_MAX_LEN were dropped */
	bool after_cr; /* the last end of line was \r: a \n right after it is part of it */
};

/* What one byte did, so that a caller on a raw console can echo it. */
enum line_event {
	LINE_NONE,   /* ignored (a control character, a \n completing \r\n) */
	LINE_CHAR,   /* appended to the line */
	LINE_ERASE,  /* backspace or DEL removed the last byte */
	LINE_DONE,   /* \r or \n ended the line: buf holds it, NUL-terminated, without the end */
	LINE_CANCEL, /* Ctrl-C (byte 3): the line was dropped */
};

/* Feeds one byte. After LINE_DONE the caller uses buf (and too_long), then calls line_reset. */
enum line_event line_feed(struct line_in *l, char c);

/* Empties the line (keeps after_cr, so \r\n split across two reads ends one line). */
void line_reset(struct line_in *l);

#endif
