// SPDX-License-Identifier: MIT
/* The console's output multiplexer (mux.h). */
#include "mux.h"

#include <string.h>

#define ERASE_LINE "\r\x1b[K"

void mux_init(struct mux *m, struct out *out)
{
	memset(m, 0, sizeof(*m));
	m->out = out;
}

struct mux_client *mux_find(struct mux *m, uint32_t id)
{
	for (int i = 0; i < MUX_CLIENTS; i++)
		if (m->client[i].used && m->client[i].id == id)
			return &m->client[i];
	return 0;
}

struct mux_client *mux_get(struct mux *m, uint32_t id)
{
	struct mux_client *c = mux_find(m, id);
	for (int i = 0; !c && i < MUX_CLIENTS; i++)
		if (!m->client[i].used) {
			c = &m->client[i];
			memset(c, 0, sizeof(*c));
			c->used = true;
			c->id = id;
		}
	return c;
}

static bool fg_visible(const struct mux *m)
{
	return m->has_fg && (m->prompt_len || m->edit);
}

/* Draws the prompt and the edit line on a fresh screen line. */
static void draw_foreground(struct mux *m)
{
	out_put(m->out, m->prompt, m->prompt_len);
	if (m->edit)
		line_edit_render(m->edit, m->out);
	m->screen = MUX_FG_LINE;
}

/* Frees the screen line for a background line of owner. */
static void clear_for(struct mux *m, uint32_t owner)
{
	if (m->screen == MUX_FG_LINE && (m->prompt_len || (m->edit && m->edit->len)))
		out_str(m->out, ERASE_LINE);
	else if (m->screen == MUX_PARTIAL && m->partial_owner != owner)
		out_char(m->out, '\n');
	m->screen = MUX_BOL;
}

/* A background line (newline true) or a piece of one goes out. */
static void emit(struct mux *m, uint32_t owner, const char *text, size_t len, bool newline)
{
	clear_for(m, owner);
	out_put(m->out, text, len);
	if (!newline) {
		m->screen = MUX_PARTIAL;
		m->partial_owner = owner;
		return;
	}
	out_char(m->out, '\n');
	if (fg_visible(m))
		draw_foreground(m);
}

/* The prompt becomes what follows the last "\n" of data (its last MUX_PROMPT bytes). */
static void track_prompt(struct mux *m, const char *data, size_t len)
{
	for (size_t i = len; i > 0; i--)
		if (data[i - 1] == '\n') {
			m->prompt_len = 0;
			data += i;
			len -= i;
			break;
		}
	if (len >= MUX_PROMPT) {
		data += len - MUX_PROMPT;
		len = MUX_PROMPT;
		m->prompt_len = 0;
	}
	if (m->prompt_len + len > MUX_PROMPT) {
		size_t drop = m->prompt_len + len - MUX_PROMPT;
		memmove(m->prompt, m->prompt + drop, m->prompt_len - drop);
		m->prompt_len -= drop;
	}
	memcpy(m->prompt + m->prompt_len, data, len);
	m->prompt_len += len;
}

static void write_foreground(struct mux *m, const char *data, size_t len)
{
	if (m->edit && m->edit->len && m->screen == MUX_FG_LINE) {
		out_str(m->out, ERASE_LINE); /* redrawn below the output */
		m->screen = MUX_BOL;
	}
	if (m->screen == MUX_PARTIAL)
		out_char(m->out, '\n');
	if (m->screen != MUX_FG_LINE)
		out_put(m->out, m->prompt, m->prompt_len);
	out_put(m->out, data, len);
	track_prompt(m, data, len);
	m->screen = m->prompt_len ? MUX_FG_LINE : MUX_BOL;
	if (m->edit) {
		line_edit_render(m->edit, m->out);
		m->screen = MUX_FG_LINE;
	}
}

static void write_background(struct mux *m, struct mux_client *c, const char *data, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (data[i] == '\n') {
			emit(m, c->id, c->buf, c->len, true);
			c->len = 0;
			continue;
		}
		if (c->len == MUX_LINE) {
			emit(m, c->id, c->buf, c->len, false);
			c->len = 0;
		}
		c->buf[c->len++] = data[i];
	}
}

void mux_write(struct mux *m, uint32_t id, const char *data, size_t len)
{
	if (m->has_fg && m->fg == id)
		return write_foreground(m, data, len);
	struct mux_client *c = mux_get(m, id);
	if (c)
		return write_background(m, c, data, len);
	/* No buffer left: it goes out as it came, still on a line of its own. */
	emit(m, id, data, len, false);
}

void mux_set_foreground(struct mux *m, uint32_t id)
{
	if (m->has_fg && m->fg == id)
		return;
	if (m->screen == MUX_FG_LINE) { /* the old foreground's prompt stays as it is */
		m->screen = MUX_PARTIAL;
		m->partial_owner = m->fg;
	}
	m->has_fg = true;
	m->fg = id;
	m->prompt_len = 0;
	m->edit = 0;
	struct mux_client *c = mux_find(m, id);
	if (c && c->len) {
		size_t len = c->len;
		c->len = 0;
		write_foreground(m, c->buf, len);
	}
}

void mux_set_editing(struct mux *m, const struct line_edit *e)
{
	m->edit = e;
	if (e)
		mux_show_foreground(m);
}

void mux_show_foreground(struct mux *m)
{
	if (m->screen == MUX_FG_LINE || !fg_visible(m))
		return;
	if (m->screen == MUX_PARTIAL)
		out_char(m->out, '\n');
	draw_foreground(m);
}

void mux_line_ended(struct mux *m)
{
	m->prompt_len = 0;
	m->screen = MUX_BOL;
}

void mux_echo(struct mux *m, const char *text)
{
	if (m->has_fg)
		return write_foreground(m, text, strlen(text));
	clear_for(m, UINT32_MAX);
	out_str(m->out, text);
	m->screen = MUX_BOL;
}

void mux_drop(struct mux *m, uint32_t id)
{
	struct mux_client *c = mux_find(m, id);
	if (c)
		c->used = false;
	if (!m->has_fg || m->fg != id)
		return;
	if (m->screen == MUX_FG_LINE) {
		m->screen = MUX_PARTIAL;
		m->partial_owner = id;
	}
	m->has_fg = false;
	m->prompt_len = 0;
	m->edit = 0;
}

void mux_flush_all(struct mux *m)
{
	for (int i = 0; i < MUX_CLIENTS; i++) {
		struct mux_client *c = &m->client[i];
		if (c->used && c->len) {
			emit(m, c->id, c->buf, c->len, true);
			c->len = 0;
		}
	}
}
