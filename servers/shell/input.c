// SPDX-License-Identifier: MIT
/* Console input: command lines from READ replies (an edited line from the console server, or
 * raw bytes from the UART driver), Ctrl-C, end of input, and the startup task's shutdown. */
#include "shell.h"

#include <fern/service.h>
#include <fern/status.h>
#include <fern/sys.h>
#include <string.h>

#define RECONNECT_TRIES   60 /* ... of RECONNECT_WAIT_NS each: 3 s for a restart */
#define RECONNECT_WAIT_NS 50000000ull

/* A console that answers FERN_ATTR_INTERRUPT edits lines and reports Ctrl-C itself; one that
 * does not is the bare UART driver. */
static void console_detect(struct shell *sh)
{
	uint64_t w[FERN_MSG_WORDS];
	sh->raw_console = fern_getattr(sh->console, FERN_ATTR_INTERRUPT, w) != FERN_OK;
}

void input_init(struct shell *sh)
{
	console_detect(sh);
}

int input_reconnect(struct shell *sh)
{
	int rc = FERN_ERR_PEER_CLOSED;
	for (int i = 0; i < RECONNECT_TRIES; i++) {
		fern_handle h;
		rc = fern_service_open("console", &h);
		if (rc == FERN_OK) {
			fern_handle_close(sh->console);
			sh->console = h;
			sh->read_pending =
			    false; /* a READ in flight went with the old connection */
			console_detect(sh);
			return FERN_OK;
		}
		fern_sleep_until(fern_clock_ns() + RECONNECT_WAIT_NS);
	}
	return rc;
}

/* Answers what the startup task sends: the shutdown ends the shell. */
static void startup_serve(struct shell *sh)
{
	for (;;) {
		struct fern_msg m = {0};
		if (fern_channel_recv(sh->startup, &m, FERN_DEADLINE_POLL))
			return;
		for (int i = 0; i < m.handle_count; i++)
			fern_handle_close(m.handle[i]);
		if (m.type & FERN_MSG_REPLY || m.type == FERN_MSG_ERROR)
			continue; /* a late answer to a call that gave up */
		if (m.type == FERN_MSG_SETATTR && m.word[0] == FERN_ATTR_SHUTDOWN) {
			out_flush(sh);
			fern_server_reply(sh->startup, &m, 0, 0, 0);
			fern_exit(0);
		}
		fern_server_error(sh->startup, m.call_id, FERN_ERR_UNSUPPORTED);
	}
}

/* Sends a READ unless one is in flight. */
static int read_request(struct shell *sh)
{
	if (sh->read_pending)
		return FERN_OK;
	struct fern_msg req = {
	    .type = FERN_MSG_READ, .call_id = fern_call_id(), .word = {0, LINE_MAX_LEN}};
	int rc = fern_channel_send(sh->console, &req);
	if (rc == FERN_OK) {
		sh->read_pending = true;
		sh->read_call = req.call_id;
	}
	return rc;
}

/* Takes the answer to our READ if it is there: its bytes (count), or a negative status. Returns
 * FERN_ERR_EMPTY when nothing has come. */
static int read_take(struct shell *sh, char *buf, uint32_t cap)
{
	for (;;) {
		struct fern_msg m = {.data = buf, .data_cap = cap};
		int rc = fern_channel_recv(sh->console, &m, FERN_DEADLINE_POLL);
		if (rc)
			return rc == FERN_ERR_TIMED_OUT ? FERN_ERR_EMPTY : rc;
		for (int i = 0; i < m.handle_count; i++)
			fern_handle_close(m.handle[i]);
		if (!sh->read_pending || m.call_id != sh->read_call)
			continue; /* a late answer to something else */
		sh->read_pending = false;
		if (m.type == FERN_MSG_ERROR)
			return (int64_t)m.word[0] < 0 ? (int)(int64_t)m.word[0] : FERN_ERR_INVALID;
		return (int)m.data_len;
	}
}

/* Echo for a raw console (the console server echoes and edits itself). */
static void echo(struct shell *sh, enum line_event ev, char c)
{
	if (!sh->raw_console)
		return;
	if (ev == LINE_CHAR)
		out_write(sh, &c, 1);
	else if (ev == LINE_ERASE)
		out_puts(sh, "\b \b");
	else if (ev == LINE_DONE)
		out_puts(sh, "\n");
	else if (ev == LINE_CANCEL)
		out_puts(sh, "^C\n");
	out_flush(sh);
}

/* Feeds the type-ahead bytes into the line until one ends it (what follows stays). */
static enum line_event typeahead_feed(struct shell *sh)
{
	size_t i = 0;
	enum line_event ev = LINE_NONE;
	while (i < sh->typeahead_len && ev != LINE_DONE && ev != LINE_CANCEL) {
		char c = sh->typeahead[i++];
		ev = line_feed(&sh->line, c);
		echo(sh, ev, c);
	}
	memmove(sh->typeahead, sh->typeahead + i, sh->typeahead_len - i);
	sh->typeahead_len -= i;
	return ev;
}

static void typeahead_add(struct shell *sh, const char *buf, size_t n)
{
	size_t room = sizeof(sh->typeahead) - sh->typeahead_len;
	n = n < room ? n : room;
	memcpy(sh->typeahead + sh->typeahead_len, buf, n);
	sh->typeahead_len += n;
}

/* Waits for the console or the startup task; returns what the console had (as read_take). */
static int input_wait(struct shell *sh, char *buf, uint32_t cap)
{
	for (;;) {
		int rc = read_request(sh);
		if (rc == FERN_OK)
			rc = read_take(sh, buf, cap);
		if (rc != FERN_ERR_EMPTY && rc != FERN_ERR_PEER_CLOSED)
			return rc;
		if (rc == FERN_ERR_PEER_CLOSED) {
			if (input_reconnect(sh) != FERN_OK)
				return FERN_ERR_PEER_CLOSED;
			continue;
		}
		struct fern_wait_item w[2] = {
		    {.handle = sh->console,
		     .signals = FERN_SIGNAL_READABLE | FERN_SIGNAL_PEER_CLOSED},
		    {.handle = sh->startup, .signals = FERN_SIGNAL_READABLE},
		};
		fern_wait(w, sh->startup ? 2 : 1, FERN_DEADLINE_NEVER);
		if (w[1].pending)
			startup_serve(sh);
	}
}

const char *input_line(struct shell *sh, bool *cancelled)
{
	char buf[LINE_MAX_LEN];
	*cancelled = false;
	line_reset(&sh->line);
	for (;;) {
		enum line_event ev = typeahead_feed(sh);
		if (ev == LINE_DONE)
			return sh->line.buf;
		if (ev == LINE_CANCEL) {
			*cancelled = true;
			return sh->line.buf;
		}
		int n = input_wait(sh, buf, sizeof(buf));
		if (n == FERN_ERR_INTERRUPTED) {
			line_reset(&sh->line);
			*cancelled = true;
			return sh->line.buf;
		}
		if (n == 0 || n == FERN_ERR_PEER_CLOSED) {
			sh->input_closed = true; /* end of input, or the console is gone */
			return 0;
		}
		if (n < 0) { /* the console refused the READ (busy, say): try again soon */
			fern_sleep_until(fern_clock_ns() + RECONNECT_WAIT_NS);
			continue;
		}
		typeahead_add(sh, buf, (size_t)n);
	}
}

bool input_poll_interrupt(struct shell *sh)
{
	char buf[LINE_MAX_LEN];
	if (read_request(sh) != FERN_OK)
		return false;
	int n = read_take(sh, buf, sizeof(buf));
	if (n <= 0)
		return false;
	char *cc = memchr(buf, 3, (size_t)n);
	if (!cc) {
		typeahead_add(sh, buf, (size_t)n);
		return false;
	}
	sh->typeahead_len = 0; /* what was typed before Ctrl-C goes with the command */
	typeahead_add(sh, cc + 1, (size_t)(buf + n - cc - 1));
	return true;
}

void input_wait_shutdown(struct shell *sh, uint64_t timeout_ns)
{
	uint64_t deadline = fern_clock_ns() + timeout_ns;
	out_flush(sh);
	while (sh->startup && fern_clock_ns() < deadline) {
		struct fern_wait_item w = {.handle = sh->startup, .signals = FERN_SIGNAL_READABLE};
		if (fern_wait(&w, 1, deadline) > 0)
			startup_serve(sh);
	}
}
