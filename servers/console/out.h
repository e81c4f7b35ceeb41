/* SPDX-License-Identifier: MIT */
/* The console's output to the line: bytes gathered in a buffer, handed to a sink (the serial
 * service, or a test's capture) when the buffer fills and when the caller flushes. */
#ifndef CONSOLE_OUT_H
#define CONSOLE_OUT_H

#include <stddef.h>

#define OUT_SIZE 2048

struct out {
	/* Takes len bytes for the line; called with the buffer full or on out_flush. */
	void (*sink)(void *ctx, const char *data, size_t len);
	void *ctx;
	char data[OUT_SIZE];
	size_t len;
};

void out_put(struct out *o, const char *data, size_t len);
void out_str(struct out *o, const char *s);
void out_char(struct out *o, char c);
/* ESC [ n letter, the cursor moves (letter 'C' right, 'D' left); nothing when n is 0. */
void out_move(struct out *o, size_t n, char letter);
/* Hands what is buffered to the sink. */
void out_flush(struct out *o);

#endif
