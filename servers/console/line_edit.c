// SPDX-License-Identifier: MIT
/* The console's line editor (line_edit.h): editing at the cursor, escape sequences, history. */
#include "line_edit.h"

#include <string.h>

#define ESC_NONE 0
#define ESC_SEEN 1
#define ESC_CSI  2
#define ESC_SS3  3

void line_edit_init(struct line_edit *e)
{
	memset(e, 0, sizeof(*e));
}

void line_edit_clear(struct line_edit *e)
{
	e->len = e->cursor = 0;
	e->browse = e->count;
	e->esc = ESC_NONE;
}

void line_edit_render(const struct line_edit *e, struct out *o)
{
	out_put(o, e->line, e->len);
	out_move(o, e->len - e->cursor, 'D');
}

/* Redraws from the cursor to the end of the line, clears what is left of the old text and
 * puts the cursor back. */
static void redraw_tail(const struct line_edit *e, struct out *o)
{
	out_put(o, e->line + e->cursor, e->len - e->cursor);
	out_str(o, "\x1b[K");
	out_move(o, e->len - e->cursor, 'D');
}

static void insert(struct line_edit *e, char c, struct out *o)
{
	if (e->len == LINE_EDIT_MAX - 1) /* room for the "\n" */
		return;
	memmove(e->line + e->cursor + 1, e->line + e->cursor, e->len - e->cursor);
	e->line[e->cursor++] = c;
	e->len++;
	out_char(o, c);
	if (e->cursor < e->len) {
		out_put(o, e->line + e->cursor, e->len - e->cursor);
		out_move(o, e->len - e->cursor, 'D');
	}
}

static void delete_at_cursor(struct line_edit *e, struct out *o)
{
	if (e->cursor == e->len)
		return;
	memmove(e->line + e->cursor, e->line + e->cursor + 1, e->len - e->cursor - 1);
	e->len--;
	redraw_tail(e, o);
}

static void backspace(struct line_edit *e, struct out *o)
{
	if (!e->cursor)
		return;
	e->cursor--;
	out_char(o, '\b');
	delete_at_cursor(e, o);
}

static void move_to(struct line_edit *e, size_t to, struct out *o)
{
	if (to < e->cursor)
		out_move(o, e->cursor - to, 'D');
	else
		out_move(o, to - e->cursor, 'C');
	e->cursor = to;
}

/* Replaces the whole line (a history entry) and leaves the cursor at its end. */
static void replace(struct line_edit *e, const char *text, size_t len, struct out *o)
{
	move_to(e, 0, o);
	memcpy(e->line, text, len);
	e->len = e->cursor = len;
	out_put(o, text, len);
	out_str(o, "\x1b[K");
}

static void history_walk(struct line_edit *e, int step, struct out *o)
{
	int to = e->browse + step;
	if (to < 0 || to > e->count)
		return;
	if (e->browse == e->count) {
		memcpy(e->scratch, e->line, e->len);
		e->scratch_len = e->len;
	}
	e->browse = to;
	if (to == e->count)
		replace(e, e->scratch, e->scratch_len, o);
	else
		replace(e, e->history[to], e->history_len[to], o);
}

static void history_add(struct line_edit *e)
{
	if (!e->len)
		return;
	int last = e->count - 1;
	if (last >= 0 && e->history_len[last] == e->len &&
	    !memcmp(e->history[last], e->line, e->len))
		return;
	if (e->count == LINE_EDIT_HISTORY) {
		memmove(e->history, e->history + 1,
			sizeof(e->history[0]) * (LINE_EDIT_HISTORY - 1));
		memmove(e->history_len, e->history_len + 1,
			sizeof(e->history_len[0]) * (LINE_EDIT_HISTORY - 1));
		e->count--;
	}
	memcpy(e->history[e->count], e->line, e->len);
	e->history_len[e->count++] = e->len;
}

static enum line_edit_event submit(struct line_edit *e, struct out *o)
{
	move_to(e, e->len, o);
	out_char(o, '\n'); /* the serial driver sends "\r\n" */
	history_add(e);
	memcpy(e->submitted, e->line, e->len);
	e->submitted[e->len] = '\n';
	e->submitted_len = e->len + 1;
	line_edit_clear(e);
	return LINE_EDIT_SUBMIT;
}

/* The final byte of ESC [ ... or ESC O ...: cursor keys, Home, End, Delete. */
static void escape_final(struct line_edit *e, char c, struct out *o)
{
	unsigned p = e->param;
	e->esc = ESC_NONE;
	if (c == 'A')
		history_walk(e, -1, o);
	else if (c == 'B')
		history_walk(e, 1, o);
	else if (c == 'C' && e->cursor < e->len)
		move_to(e, e->cursor + 1, o);
	else if (c == 'D' && e->cursor)
		move_to(e, e->cursor - 1, o);
	else if (c == 'H' || (c == '~' && (p == 1 || p == 7)))
		move_to(e, 0, o);
	else if (c == 'F' || (c == '~' && (p == 4 || p == 8)))
		move_to(e, e->len, o);
	else if (c == '~' && p == 3)
		delete_at_cursor(e, o);
}

/* Returns true when c belonged to an escape sequence. */
static bool escape_feed(struct line_edit *e, char c, struct out *o)
{
	switch (e->esc) {
	case ESC_SEEN:
		e->param = 0;
		e->esc = c == '[' ? ESC_CSI : c == 'O' ? ESC_SS3 : ESC_NONE;
		return true;
	case ESC_CSI:
		if (c >= '0' && c <= '9') {
			if (e->param < 1000)
				e->param = e->param * 10 + (unsigned)(c - '0');
		} else if (c >= 0x40 && c <= 0x7e) {
			escape_final(e, c, o);
		} else if (c != ';') {
			e->esc = ESC_NONE; /* not a sequence we know: drop it */
		}
		return true;
	case ESC_SS3: escape_final(e, c, o); return true;
	default: return false;
	}
}

enum line_edit_event line_edit_feed(struct line_edit *e, char c, struct out *o)
{
	bool after_cr = e->after_cr;
	e->after_cr = c == '\r';
	if (escape_feed(e, c, o))
		return LINE_EDIT_NONE;
	switch (c) {
	case '\n':
		if (after_cr)
			return LINE_EDIT_NONE;
		return submit(e, o);
	case '\r': return submit(e, o);
	case 0x1b: e->esc = ESC_SEEN; break;
	case 0x7f:
	case '\b': backspace(e, o); break;
	case 0x01: move_to(e, 0, o); break;
	case 0x05: move_to(e, e->len, o); break;
	case 0x15:
		move_to(e, 0, o);
		out_str(o, "\x1b[K");
		e->len = 0;
		break;
	case 0x03:
		move_to(e, e->len, o);
		out_str(o, "^C\n");
		line_edit_clear(e);
		return LINE_EDIT_INTERRUPT;
	case 0x04:
		if (!e->len) {
			line_edit_clear(e);
			return LINE_EDIT_EOF;
		}
		delete_at_cursor(e, o);
		break;
	default:
		if ((unsigned char)c >= 0x20 && (unsigned char)c < 0x7f)
			insert(e, c, o);
		break;
	}
	return LINE_EDIT_NONE;
}
