// SPDX-License-Identifier: MIT
/* The console server's logic on the host: every editing key, history, Ctrl-C and Ctrl-D, the
 * multiplexer's whole lines and redraws, READ/WRITE semantics; the output is replayed on a
 * small terminal emulator so the checks are about what the user sees. */
#include "check.h"
#include "console.h"
#include "line_edit.h"
#include "mux.h"

#include <fern/status.h>

/* ---- a terminal: \r, \n (the serial driver sends \r\n), \b, ESC [ n C/D/K ---- */

#define ROWS 32
#define COLS 1024

struct term {
	char screen[ROWS][COLS + 1];
	int row, col;
	int esc;
	unsigned n;
	char raw[65536]; /* everything received, for checks on the sequences themselves */
	size_t raw_len;
};

static void term_reset(struct term *t)
{
	memset(t, 0, sizeof(*t));
}

static void term_byte(struct term *t, char c)
{
	if (t->esc == 1) {
		t->esc = c == '[' ? 2 : 0;
		t->n = 0;
		return;
	}
	if (t->esc == 2) {
		if (c >= '0' && c <= '9') {
			t->n = t->n * 10 + (unsigned)(c - '0');
			return;
		}
		int n = t->n ? (int)t->n : 1;
		if (c == 'C')
			t->col += n;
		else if (c == 'D')
			t->col = t->col > n ? t->col - n : 0;
		else if (c == 'K')
			memset(t->screen[t->row] + t->col, 0, COLS - (size_t)t->col);
		else
			CHECK(!"unexpected escape sequence");
		t->esc = 0;
		return;
	}
	if (c == 0x1b) {
		t->esc = 1;
	} else if (c == '\r') {
		t->col = 0;
	} else if (c == '\n') {
		t->row++;
		t->col = 0;
		CHECK(t->row < ROWS);
	} else if (c == '\b') {
		CHECK(t->col > 0);
		t->col--;
	} else {
		CHECK((unsigned char)c >= 0x20 && c != 0x7f);
		CHECK(t->col < COLS);
		for (int i = 0; i < t->col; i++) /* no holes in a line */
			if (!t->screen[t->row][i])
				t->screen[t->row][i] = ' ';
		t->screen[t->row][t->col++] = c;
	}
}

static void term_sink(void *ctx, const char *data, size_t len)
{
	struct term *t = ctx;
	CHECK(t->raw_len + len <= sizeof(t->raw));
	memcpy(t->raw + t->raw_len, data, len);
	t->raw_len += len;
	for (size_t i = 0; i < len; i++)
		term_byte(t, data[i]);
}

static struct term term;

/* ---- the line editor ---- */

static struct line_edit ed;
static struct out eo;

static void edit_start(void)
{
	line_edit_init(&ed);
	term_reset(&term);
	eo = (struct out){.sink = term_sink, .ctx = &term};
}

/* Feeds keys; returns the last event. */
static enum line_edit_event keys(const char *s)
{
	enum line_edit_event ev = LINE_EDIT_NONE;
	for (; *s; s++) {
		enum line_edit_event e = line_edit_feed(&ed, *s, &eo);
		if (e != LINE_EDIT_NONE)
			ev = e;
	}
	out_flush(&eo);
	return ev;
}

static void check_line(const char *want, size_t cursor)
{
	CHECK_EQ(ed.len, strlen(want));
	CHECK(!memcmp(ed.line, want, ed.len));
	CHECK_EQ(ed.cursor, cursor);
	CHECK_STR_EQ(term.screen[term.row], want); /* the echo shows the same */
	CHECK_EQ(term.col, cursor);
}

static void check_submitted(const char *want)
{
	CHECK_EQ(ed.submitted_len, strlen(want));
	CHECK(!memcmp(ed.submitted, want, ed.submitted_len));
}

static void test_insert_and_move(void)
{
	edit_start();
	CHECK_EQ(keys("abc"), LINE_EDIT_NONE);
	check_line("abc", 3);
	CHECK_STR_EQ(term.raw, "abc"); /* typing at the end echoes just the bytes */
	keys("\x1b[D\x1b[D");
	check_line("abc", 1);
	keys("X");
	check_line("aXbc", 2);
	keys("\x1b[C");
	check_line("aXbc", 3);
	keys("\x1b[C\x1b[C\x1b[C"); /* no further than the end */
	check_line("aXbc", 4);
	keys("\x01");
	check_line("aXbc", 0);
	keys("\x1b[D"); /* no further than the start */
	check_line("aXbc", 0);
	keys("\x05");
	check_line("aXbc", 4);
	keys("\x1b[H");
	check_line("aXbc", 0);
	keys("\x1b[F");
	check_line("aXbc", 4);
	keys("\x1b[1~");
	check_line("aXbc", 0);
	keys("\x1b[4~");
	check_line("aXbc", 4);
	keys("\x1bOH");
	check_line("aXbc", 0);
	keys("\x1bOF");
	check_line("aXbc", 4);
	keys("\t\x02\x1b[99Z"); /* control bytes and unknown sequences are ignored */
	check_line("aXbc", 4);
}

static void test_delete_keys(void)
{
	edit_start();
	keys("abXc\x7f");
	check_line("abX", 3);
	keys("\b");
	check_line("ab", 2);
	keys("cd\x1b[D\x1b[D\x7f");
	check_line("acd", 1);
	keys("\x1b[3~");
	check_line("ad", 1);
	keys("\x04"); /* Ctrl-D on a non-empty line deletes under the cursor */
	check_line("a", 1);
	keys("\x1b[3~"); /* at the end: nothing */
	check_line("a", 1);
	keys("\x01\x7f"); /* at the start: nothing */
	check_line("a", 0);
	keys("\x05xyz\x1b[D\x15");
	check_line("", 0);
	keys("new");
	check_line("new", 3);
}

static void test_enter(void)
{
	edit_start();
	keys("ab\x1b[D");
	CHECK_EQ(keys("\r"), LINE_EDIT_SUBMIT);
	check_submitted("ab\n");
	CHECK_EQ(term.row, 1); /* the cursor left the line */
	CHECK_STR_EQ(term.screen[0], "ab");
	check_line("", 0);
	CHECK_EQ(keys("\n"), LINE_EDIT_NONE); /* the \n of \r\n is the same Enter */
	CHECK_EQ(keys("x\n"), LINE_EDIT_SUBMIT);
	check_submitted("x\n");
	CHECK_EQ(keys("\n"), LINE_EDIT_SUBMIT); /* a lone \n is Enter too */
	check_submitted("\n");
	/* A line is at most LINE_EDIT_MAX - 1 bytes plus its \n. */
	edit_start();
	for (int i = 0; i < LINE_EDIT_MAX + 10; i++)
		keys("y");
	CHECK_EQ(ed.len, LINE_EDIT_MAX - 1);
	CHECK_EQ(keys("\r"), LINE_EDIT_SUBMIT);
	CHECK_EQ(ed.submitted_len, LINE_EDIT_MAX);
}

static void test_interrupt_and_eof(void)
{
	edit_start();
	keys("abc\x1b[D");
	CHECK_EQ(keys("\x03"), LINE_EDIT_INTERRUPT);
	CHECK_STR_EQ(term.screen[0], "abc^C");
	CHECK_EQ(term.row, 1);
	check_line("", 0);
	CHECK_EQ(keys("\x04"), LINE_EDIT_EOF);
	CHECK_EQ(term.raw_len, strlen("abc\x1b[D\x1b[C^C\n")); /* EOF echoes nothing */
	/* An interrupted line is not in the history. */
	keys("\x1b[A");
	check_line("", 0);
}

static void test_history(void)
{
	edit_start();
	keys("one\r");
	keys("\r"); /* empty: not kept */
	keys("two\r");
	keys("two\r"); /* a repeat: kept once */
	keys("thr");
	keys("\x1b[A");
	check_line("two", 3);
	keys("\x1b[A");
	check_line("one", 3);
	keys("\x1b[A"); /* the oldest stays */
	check_line("one", 3);
	keys("\x1b[B");
	check_line("two", 3);
	keys("\x1b[B"); /* back to what was being typed */
	check_line("thr", 3);
	keys("\x1b[B");
	check_line("thr", 3);
	keys("\x1b[A\x1b[A!"); /* an entry can be edited and submitted */
	CHECK_EQ(keys("\r"), LINE_EDIT_SUBMIT);
	check_submitted("one!\n");
	keys("\x1b[A");
	check_line("one!", 4);
	keys("\x1bOA"); /* SS3 arrows too */
	check_line("two", 3);
	/* The history keeps the last LINE_EDIT_HISTORY lines. */
	edit_start();
	for (int i = 0; i < LINE_EDIT_HISTORY + 3; i++) {
		char line[8];
		snprintf(line, sizeof(line), "l%d\r", i);
		keys(line);
	}
	CHECK_EQ(ed.count, LINE_EDIT_HISTORY);
	for (int i = 0; i < LINE_EDIT_HISTORY + 5; i++)
		keys("\x1b[A");
	check_line("l3", 2);
}

/* ---- the multiplexer and the console ---- */

static struct console con;

static void console_start(void)
{
	term_reset(&term);
	console_init(&con, term_sink, &term);
}

static void put(uint32_t client, const char *s)
{
	CHECK_EQ(console_write(&con, client, s, (uint32_t)strlen(s)), strlen(s));
	out_flush(&con.out);
}

static int type(const char *s, struct console_reply *r)
{
	int n = console_input(&con, s, strlen(s), r);
	out_flush(&con.out);
	return n;
}

static int read_line(uint32_t client, uint32_t call, uint32_t max, struct console_reply r[2])
{
	int n = console_read(&con, client, call, max, r);
	out_flush(&con.out);
	return n;
}

static void check_reply(const struct console_reply *r, uint32_t client, uint32_t call,
			const char *data)
{
	CHECK_EQ(r->client, client);
	CHECK_EQ(r->call_id, call);
	CHECK_EQ(r->status, FERN_OK);
	CHECK_EQ(r->len, strlen(data));
	CHECK(!memcmp(r->data, data, r->len));
}

static void test_mux_whole_lines(void)
{
	console_start();
	put(1, "hel");
	put(2, "wor");
	CHECK_EQ(term.raw_len, 0); /* background partial lines wait */
	put(1, "lo\nsecond ");
	put(2, "ld\n");
	put(3, "kernel: a\nkernel: b\n");
	put(1, "line\n");
	CHECK_STR_EQ(term.screen[0], "hello");
	CHECK_STR_EQ(term.screen[1], "world");
	CHECK_STR_EQ(term.screen[2], "kernel: a");
	CHECK_STR_EQ(term.screen[3], "kernel: b");
	CHECK_STR_EQ(term.screen[4], "second line");
	CHECK_EQ(term.row, 5);
	/* A line longer than the buffer goes out in pieces; another client's line still starts
	 * on a line of its own. */
	char big[MUX_LINE + 11];
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	put(4, big);
	put(5, "other\n");
	put(4, "tail\n");
	CHECK_EQ(strlen(term.screen[5]), MUX_LINE);
	CHECK_STR_EQ(term.screen[6], "other");
	CHECK_STR_EQ(term.screen[7], "xxxxxxxxxxtail");
	/* A client that goes away loses what it had buffered; shutdown flushes the rest. */
	put(6, "lost");
	put(7, "kept");
	console_closed(&con, 6);
	console_shutdown(&con);
	out_flush(&con.out);
	CHECK_STR_EQ(term.screen[8], "kept");
	CHECK_EQ(term.row, 9);
}

static void test_foreground_redraw(void)
{
	console_start();
	struct console_reply r[2];
	put(1, "fg> ");
	CHECK_EQ(term.raw_len, 0);
	CHECK_EQ(read_line(1, 10, 100, r), 0); /* the reader is the foreground: its prompt shows */
	CHECK_STR_EQ(term.screen[0], "fg> ");
	CHECK_EQ(term.col, 4);
	CHECK_EQ(type("abc\x1b[D", r), 0);
	CHECK_STR_EQ(term.screen[0], "fg> abc");
	CHECK_EQ(term.col, 6);
	/* Background lines arrive while the user edits: they go above the prompt, which is
	 * redrawn with the edit line and the cursor in place. */
	put(2, "background ");
	put(2, "line\n");
	put(3, "kernel log\n");
	CHECK_STR_EQ(term.screen[0], "background line");
	CHECK_STR_EQ(term.screen[1], "kernel log");
	CHECK_STR_EQ(term.screen[2], "fg> abc");
	CHECK_EQ(term.row, 2);
	CHECK_EQ(term.col, 6);
	CHECK_EQ(type("Z\r", r), 1);
	check_reply(&r[0], 1, 10, "abZc\n");
	CHECK_STR_EQ(term.screen[2], "fg> abZc");
	CHECK_EQ(term.row, 3);
	/* The busy foreground's output goes out at once, even partial lines. */
	put(1, "working");
	CHECK_STR_EQ(term.screen[3], "working");
	put(2, "bg\n");
	CHECK_STR_EQ(term.screen[3], "bg");
	CHECK_STR_EQ(term.screen[4], "working");
	put(1, "... done\nfg> ");
	CHECK_STR_EQ(term.screen[4], "working... done");
	CHECK_STR_EQ(term.screen[5], "fg> ");
	/* An empty prompt line needs no erasing. */
	put(1, "\n");
	size_t before = term.raw_len;
	put(2, "quiet\n");
	CHECK_EQ(term.raw_len - before, strlen("quiet\n"));
}

static void test_read_semantics(void)
{
	console_start();
	struct console_reply r[2];
	/* A READ shorter than the line gets it in pieces, without waiting. */
	read_line(1, 1, 2, r);
	CHECK_EQ(type("abX\x7f\x1b[Dz\r", r), 1);
	check_reply(&r[0], 1, 1, "az");
	CHECK_EQ(read_line(1, 2, 2, r), 1);
	check_reply(&r[0], 1, 2, "b\n");
	/* Ctrl-C while editing: the READ fails with interrupted. */
	read_line(1, 3, 100, r);
	CHECK_EQ(type("xyz\x03", r), 1);
	CHECK_EQ(r[0].status, FERN_ERR_INTERRUPTED);
	CHECK_EQ(r[0].call_id, 3);
	/* Ctrl-D on an empty line: a READ of 0 bytes. */
	read_line(1, 4, 100, r);
	CHECK_EQ(type("\x04", r), 1);
	check_reply(&r[0], 1, 4, "");
	/* A second reader takes over the foreground; the first READ gets busy. */
	read_line(1, 5, 100, r);
	CHECK_EQ(read_line(2, 6, 100, r), 1);
	CHECK_EQ(r[0].client, 1);
	CHECK_EQ(r[0].status, FERN_ERR_BUSY);
	CHECK_EQ(type("two\r", r), 1);
	check_reply(&r[0], 2, 6, "two\n");
	/* A reader that goes away leaves no READ behind. */
	read_line(2, 7, 100, r);
	console_closed(&con, 2);
	CHECK_EQ(type("q", r), 0);
	CHECK_EQ(con.ahead_len, 1); /* type-ahead for the next reader */
	CHECK_EQ(read_line(1, 8, 100, r), 0);
	CHECK_EQ(type("\r", r), 1);
	check_reply(&r[0], 1, 8, "q\n");
}

static void test_typeahead_and_busy_interrupt(void)
{
	console_start();
	struct console_reply r[2];
	read_line(1, 1, 100, r);
	CHECK_EQ(type("cmd\rnext\rmo", r), 1); /* the rest waits for the next READ */
	check_reply(&r[0], 1, 1, "cmd\n");
	CHECK_EQ(term.raw_len, 4); /* type-ahead is echoed when it is read */
	CHECK_EQ(read_line(1, 2, 100, r), 1);
	check_reply(&r[0], 1, 2, "next\n");
	CHECK_EQ(read_line(1, 3, 100, r), 0);
	CHECK_EQ(type("re\r", r), 1);
	check_reply(&r[0], 1, 3, "more\n");
	/* Ctrl-C while the foreground is busy: its next WRITE fails once, GETATTR sees it once,
	 * and type-ahead is gone. */
	CHECK_EQ(console_interrupted(&con, 1), 0);
	CHECK_EQ(type("lost\x03", r), 0);
	CHECK_EQ(con.ahead_len, 0);
	CHECK_STR_EQ(term.screen[term.row - 1], "^C");
	CHECK_EQ(console_write(&con, 2, "bg\n", 3), 3); /* other clients are not affected */
	CHECK_EQ(console_write(&con, 1, "out", 3), FERN_ERR_INTERRUPTED);
	CHECK_EQ(console_write(&con, 1, "out", 3), 3);
	type("\x03", r);
	CHECK_EQ(console_interrupted(&con, 1), 1);
	CHECK_EQ(console_interrupted(&con, 1), 0);
	CHECK_EQ(console_write(&con, 1, "\n", 1), 1);
	/* Type-ahead after a Ctrl-C is kept. */
	type("kept\r", r);
	CHECK_EQ(read_line(1, 4, 100, r), 1);
	check_reply(&r[0], 1, 4, "kept\n");
	/* A Ctrl-C with no foreground at all is only echoed. */
	console_start();
	CHECK_EQ(type("\x03", r), 0);
	CHECK_STR_EQ(term.screen[0], "^C");
}

int main(void)
{
	test_insert_and_move();
	test_delete_keys();
	test_enter();
	test_interrupt_and_eof();
	test_history();
	test_mux_whole_lines();
	test_foreground_redraw();
	test_read_semantics();
	test_typeahead_and_busy_interrupt();
	puts("test_console: ok");
	return 0;
}
