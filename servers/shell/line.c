// SPDX-License-Identifier: MIT
/* Command lines from a byte stream: \r, \n or \r\n end a line, backspace erases, Ctrl-C cancels. */
#include "line.h"

void line_reset(struct line_in *l)
{
	l->len = 0;
	l->too_long = false;
	l->buf[0] = 0;
}

enum line_event line_feed(struct line_in *l, char c)
{
	bool after_cr = l->after_cr;
	l->after_cr = false;
	switch (c) {
	case '\n':
		if (after_cr)
			return LINE_NONE;
		/* fall through */
	case '\r':
		l->after_cr = c == '\r';
		l->buf[l->len] = 0;
		return LINE_DONE;
	case 3: line_reset(l); return LINE_CANCEL;
	case 8:
	case 127:
		if (!l->len)
			return LINE_NONE;
		l->buf[--l->len] = 0;
		return LINE_ERASE;
	case '\t': c = ' '; break;
	default: break;
	}
	if ((unsigned char)c < 32)
		return LINE_NONE;
	if (l->len == LINE_MAX_LEN) {
		l->too_long = true;
		return LINE_NONE;
	}
	l->buf[l->len++] = c;
	return LINE_CHAR;
}
