// SPDX-License-Identifier: MIT
/* The console's output buffer (out.h). */
#include "out.h"

#include <string.h>

void out_flush(struct out *o)
{
	if (o->len && o->sink)
		o->sink(o->ctx, o->data, o->len);
	o->len = 0;
}

void out_put(struct out *o, const char *data, size_t len)
{
	while (len) {
		if (o->len == OUT_SIZE)
			out_flush(o);
		size_t n = OUT_SIZE - o->len < len ? OUT_SIZE - o->len : len;
		memcpy(o->data + o->len, data, n);
		o->len += n;
		data += n;
		len -= n;
	}
}

void out_str(struct out *o, const char *s)
{
	out_put(o, s, strlen(s));
}

void out_char(struct out *o, char c)
{
	out_put(o, &c, 1);
}

void out_move(struct out *o, size_t n, char letter)
{
	if (!n)
		return;
	char seq[24];
	size_t k = sizeof(seq);
	seq[--k] = letter;
	if (n > 1) /* ESC [ D moves one */
		do {
			seq[--k] = (char)('0' + n % 10);
			n /= 10;
		} while (n);
	seq[--k] = '[';
	seq[--k] = '\x1b';
	out_put(o, seq + k, sizeof(seq) - k);
}
