// SPDX-License-Identifier: MIT
/* The shell's pure logic (servers/shell): argument splitting, line assembly, path
 * normalization, hexdump lines, dates and uptimes, and device-tree property decoding. */
#include "args.h"
#include "check.h"
#include "dtprop.h"
#include "fmt.h"
#include "line.h"
#include "path.h"

#include <fern/status.h>

static void test_args(void)
{
	char *argv[ARGS_MAX];
	const char *err;
	char l1[] = "  write  f 'a  b' \"c \\\"d\\\" e\" x\\ y a\"b c\"d  ";
	CHECK_EQ(args_split(l1, argv, ARGS_MAX, &err), 6);
	CHECK_STR_EQ(argv[0], "write");
	CHECK_STR_EQ(argv[1], "f");
	CHECK_STR_EQ(argv[2], "a  b");
	CHECK_STR_EQ(argv[3], "c \"d\" e");
	CHECK_STR_EQ(argv[4], "x y");
	CHECK_STR_EQ(argv[5], "ab cd");
	char l2[] = "   ";
	CHECK_EQ(args_split(l2, argv, ARGS_MAX, &err), 0);
	char l3[] = "cat 'open";
	CHECK_EQ(args_split(l3, argv, ARGS_MAX, &err), FERN_ERR_INVALID);
	CHECK_STR_EQ(err, "unterminated '");
	char l4[] = "a \"b";
	CHECK_EQ(args_split(l4, argv, ARGS_MAX, &err), FERN_ERR_INVALID);
	char l5[] = "a b c";
	CHECK_EQ(args_split(l5, argv, 2, &err), FERN_ERR_TOO_MANY);
	char l6[] = "'' x";
	CHECK_EQ(args_split(l6, argv, ARGS_MAX, &err), 2);
	CHECK_STR_EQ(argv[0], "");
	char l7[] = "tab\tsep";
	CHECK_EQ(args_split(l7, argv, ARGS_MAX, &err), 2);
	CHECK_STR_EQ(argv[1], "sep");
}

static enum line_event feed(struct line_in *l, const char *s)
{
	enum line_event ev = LINE_NONE;
	while (*s)
		ev = line_feed(l, *s++);
	return ev;
}

static void test_line(void)
{
	static struct line_in l;
	CHECK_EQ(feed(&l, "helo"), LINE_CHAR);
	CHECK_EQ(line_feed(&l, 127), LINE_ERASE);
	CHECK_EQ(feed(&l, "lo\r"), LINE_DONE);
	CHECK_STR_EQ(l.buf, "hello");
	line_reset(&l);
	CHECK_EQ(line_feed(&l, '\n'), LINE_NONE); /* the \n of \r\n */
	CHECK_EQ(feed(&l, "ls\n"), LINE_DONE);
	CHECK_STR_EQ(l.buf, "ls");
	line_reset(&l);
	CHECK_EQ(line_feed(&l, '\n'), LINE_DONE); /* an empty line */
	CHECK_STR_EQ(l.buf, "");
	line_reset(&l);
	CHECK_EQ(feed(&l, "oops\x03"), LINE_CANCEL);
	CHECK_EQ(l.len, 0);
	CHECK_EQ(line_feed(&l, 8), LINE_NONE); /* nothing to erase */
	CHECK_EQ(line_feed(&l, 0x1b), LINE_NONE);
	CHECK_EQ(feed(&l, "a\tb\r"), LINE_DONE);
	CHECK_STR_EQ(l.buf, "a b");
	line_reset(&l);
	for (int i = 0; i < LINE_MAX_LEN + 10; i++)
		line_feed(&l, 'x');
	CHECK(l.too_long);
	CHECK_EQ(line_feed(&l, '\r'), LINE_DONE);
	CHECK_EQ(l.len, LINE_MAX_LEN);
}

static void check_path(const char *cwd, const char *in, const char *want)
{
	char out[PATH_CAP];
	CHECK_EQ(path_normalize(cwd, in, out, sizeof(out)), FERN_OK);
	CHECK_STR_EQ(out, want);
}

static void test_path(void)
{
	check_path("/", "a/b", "/a/b");
	check_path("/a", "b/../c", "/a/c");
	check_path("/a/b", "..", "/a");
	check_path("/a/b", "../../..", "/");
	check_path("/a", "/x//y/./z/", "/x/y/z");
	check_path("/a", ".", "/a");
	check_path("/a", "", "/a");
	check_path("/", "..", "/");
	check_path("/docs", "/sys/ps", "/sys/ps");
	char small[8];
	CHECK_EQ(path_normalize("/", "abcdefgh", small, sizeof(small)), FERN_ERR_TOO_BIG);
	const char *rest;
	CHECK(path_under("/sys/ps", "/sys", &rest));
	CHECK_STR_EQ(rest, "ps");
	CHECK(path_under("/sys", "/sys", &rest));
	CHECK_STR_EQ(rest, "");
	CHECK(!path_under("/system", "/sys", &rest));
	CHECK(!path_under("/", "/sys", &rest));
}

static void test_hexdump(void)
{
	char out[FMT_HEX_LINE_CAP];
	const uint8_t full[16] = "Hello, world!\n\0\x7f";
	fmt_hexdump_line(out, sizeof(out), 0x10, full, 16);
	CHECK_STR_EQ(out, "00000010  48 65 6c 6c 6f 2c 20 77  6f 72 6c 64 21 0a 00 7f  "
			  "|Hello, world!...|\n");
	size_t n = fmt_hexdump_line(out, sizeof(out), 0x20, (const uint8_t *)"abc", 3);
	CHECK_STR_EQ(out, "00000020  61 62 63                                          |abc|\n");
	CHECK_EQ(n, strlen(out));
	/* The text column starts at the same place on short and full lines. */
	CHECK_EQ(strchr(out, '|') - out, 60);
}

static void check_date(int64_t seconds, const char *want)
{
	char out[40];
	fmt_date(out, sizeof(out), seconds);
	CHECK_STR_EQ(out, want);
}

static void test_dates(void)
{
	check_date(0, "1970-01-01 00:00:00 UTC");
	check_date(951782400, "2000-02-29 00:00:00 UTC"); /* a leap day of a 400-year leap */
	check_date(1709251199, "2024-02-29 23:59:59 UTC");
	check_date(4107542400, "2100-03-01 00:00:00 UTC"); /* 2100 is not a leap year */
	check_date(-1, "1969-12-31 23:59:59 UTC");
	check_date(253402300799, "9999-12-31 23:59:59 UTC");
	char out[40];
	fmt_uptime(out, sizeof(out), 3723004000000ull);
	CHECK_STR_EQ(out, "01:02:03.004");
	fmt_uptime(out, sizeof(out), 90061000000000ull);
	CHECK_STR_EQ(out, "1 day, 01:01:01.000");
	fmt_uptime(out, sizeof(out), 2 * 86400000000000ull);
	CHECK_STR_EQ(out, "2 days, 00:00:00.000");
}

struct text {
	char buf[256];
	size_t len;
};

static void collect(void *ctx, const char *s, size_t n)
{
	struct text *t = ctx;
	CHECK(t->len + n < sizeof(t->buf));
	memcpy(t->buf + t->len, s, n);
	t->len += n;
	t->buf[t->len] = 0;
}

static void check_prop(const char *name, const void *v, size_t len, int ac, int sc,
		       const char *want)
{
	struct text t = {.len = 0};
	t.buf[0] = 0;
	dtprop_format(name, v, len, ac, sc, collect, &t);
	CHECK_STR_EQ(t.buf, want);
}

static void test_dtprop(void)
{
	check_prop("compatible", "arm,pl011\0arm,primecell", 24, 2, 2,
		   "\"arm,pl011\", \"arm,primecell\"");
	check_prop("status", "okay", 5, 2, 2, "\"okay\"");
	check_prop("ranges", "", 0, 2, 2, "");
	const uint8_t reg[] = {0, 0, 0, 0, 0x09, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0,
			       0, 0, 0, 1, 0,    0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0};
	check_prop("reg", reg, sizeof(reg), 2, 2, "<0x9000000 0x1000>, <0x100000000 0x200>");
	check_prop("reg", reg, 8, 1, 1, "<0x0 0x9000000>");
	check_prop("reg", reg + 4, 4, 1, 0, "<0x9000000>");
	const uint8_t cells[] = {0, 0, 0, 1, 0, 0, 0, 0x21, 0, 0, 0, 4};
	check_prop("interrupts", cells, sizeof(cells), 2, 2, "<0x1 0x21 0x4>");
	check_prop("reg", cells, sizeof(cells), 2, 2, "<0x1 0x21 0x4>"); /* not whole entries */
	const uint8_t bytes[] = {0xde, 0xad, 0x01};
	check_prop("local-mac-address", bytes, sizeof(bytes), 2, 2, "[de ad 01]");
	check_prop("empty-string", "\0", 1, 2, 2, "[00]");
	check_prop("not-text", "a\x01\0\0", 4, 2, 2, "<0x61010000>");
}

int main(void)
{
	test_args();
	test_line();
	test_path();
	test_hexdump();
	test_dates();
	test_dtprop();
	printf("test_shell: ok\n");
	return 0;
}
