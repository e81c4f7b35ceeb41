// SPDX-License-Identifier: MIT
/* The console service's logic (console.h). */
#include "console.h"

#include <fern/status.h>
#include <string.h>

void console_init(struct console *c, void (*sink)(void *, const char *, size_t), void *ctx)
{
	memset(c, 0, sizeof(*c));
	c->out.sink = sink;
	c->out.ctx = ctx;
	mux_init(&c->mux, &c->out);
	line_edit_init(&c->edit);
}

int64_t console_write(struct console *c, uint32_t client, const char *data, uint32_t len)
{
	struct mux_client *mc = mux_find(&c->mux, client);
	if (mc && mc->interrupt) {
		mc->interrupt = false;
		return FERN_ERR_INTERRUPTED;
	}
	mux_write(&c->mux, client, data, len);
	return len;
}

int console_interrupted(struct console *c, uint32_t client)
{
	struct mux_client *mc = mux_find(&c->mux, client);
	if (!mc || !mc->interrupt)
		return 0;
	mc->interrupt = false;
	return 1;
}

/* Ends the waiting READ with status (negative) or with what is ready (at most max bytes). */
static void answer(struct console *c, int status, struct console_reply *r)
{
	*r = (struct console_reply){.client = c->reader, .call_id = c->call_id, .status = status};
	c->reading = false;
	mux_set_editing(&c->mux, 0);
	if (status < 0)
		return;
	size_t n = c->ready_len - c->ready_off;
	if (n > c->max)
		n = c->max;
	r->data = c->ready + c->ready_off;
	r->len = (uint32_t)n;
	c->ready_off += n;
}

/* One typed byte for the editor; returns 1 when it answered the READ. */
static int edit_byte(struct console *c, char b, struct console_reply *r)
{
	mux_show_foreground(&c->mux);
	switch (line_edit_feed(&c->edit, b, &c->out)) {
	case LINE_EDIT_SUBMIT:
		memcpy(c->ready, c->edit.submitted, c->edit.submitted_len);
		c->ready_len = c->edit.submitted_len;
		c->ready_off = 0;
		mux_line_ended(&c->mux);
		answer(c, FERN_OK, r);
		return 1;
	case LINE_EDIT_INTERRUPT:
		mux_line_ended(&c->mux);
		answer(c, FERN_ERR_INTERRUPTED, r);
		return 1;
	case LINE_EDIT_EOF:
		c->ready_len = c->ready_off = 0;
		answer(c, FERN_OK, r);
		return 1;
	default: return 0;
	}
}

/* Feeds type-ahead to the editor until it answers the READ or runs out. */
static int replay_typeahead(struct console *c, struct console_reply *r)
{
	size_t used = 0;
	int answered = 0;
	while (used < c->ahead_len && !answered)
		answered = edit_byte(c, c->ahead[used++], r);
	memmove(c->ahead, c->ahead + used, c->ahead_len - used);
	c->ahead_len -= used;
	return answered;
}

int console_read(struct console *c, uint32_t client, uint32_t call_id, uint32_t max,
		 struct console_reply r[2])
{
	int n = 0;
	if (c->reading) /* one READ waits at a time: the most recent reader's */
		answer(c, FERN_ERR_BUSY, &r[n++]);
	c->reading = true;
	c->reader = client;
	c->call_id = call_id;
	c->max = max;
	mux_set_foreground(&c->mux, client);
	if (c->ready_off < c->ready_len) { /* the rest of a line longer than the last READ */
		answer(c, FERN_OK, &r[n]);
		return n + 1;
	}
	mux_set_editing(&c->mux, &c->edit);
	return n + replay_typeahead(c, &r[n]);
}

/* Ctrl-C while nobody reads: the busy foreground is marked, type-ahead discarded. */
static void interrupt_busy(struct console *c)
{
	c->ahead_len = 0;
	c->ready_len = c->ready_off = 0;
	if (c->mux.has_fg) {
		struct mux_client *mc = mux_get(&c->mux, c->mux.fg);
		if (mc)
			mc->interrupt = true;
	}
	mux_echo(&c->mux, "^C\n");
}

int console_input(struct console *c, const char *data, size_t len, struct console_reply *r)
{
	int answered = 0;
	for (size_t i = 0; i < len; i++) {
		if (c->reading) {
			answered = edit_byte(c, data[i], r);
		} else if (data[i] == 0x03) {
			interrupt_busy(c);
		} else if (c->ahead_len < CONSOLE_TYPEAHEAD) {
			c->ahead[c->ahead_len++] = data[i];
		}
	}
	return answered;
}

void console_closed(struct console *c, uint32_t client)
{
	if (c->reading && c->reader == client) {
		c->reading = false;
		line_edit_clear(&c->edit);
	}
	mux_drop(&c->mux, client);
}

void console_shutdown(struct console *c)
{
	mux_flush_all(&c->mux);
}
