// SPDX-License-Identifier: MIT
/* Unit test for format_snprintf: compared with the host's snprintf, plus truncation semantics. */
#include <fern/format.h>

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "check.h"

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static int failures;

/* Compares one result pair; keeps going so that one run shows every mismatch. */
static void compare(int line, const char *fmt, const char *got, int got_n, const char *want,
		    int want_n)
{
	if (got_n == want_n && strcmp(got, want) == 0)
		return;
	if (++failures <= 50)
		fprintf(stderr, "%s:%d: format \"%s\": got \"%s\" (%d), host \"%s\" (%d)\n",
			__FILE__, line, fmt, got, got_n, want, want_n);
}

/* Formats with both implementations and compares; fmt may be built at run time. */
#define SAME(fmt, ...)                                                              \
	do {                                                                        \
		char got_[256], want_[256];                                         \
		int got_n_ = format_snprintf(got_, sizeof(got_), fmt, __VA_ARGS__); \
		int want_n_ = snprintf(want_, sizeof(want_), fmt, __VA_ARGS__);     \
		compare(__LINE__, fmt, got_, got_n_, want_, want_n_);               \
	} while (0)

/* Expects exactly want, for behaviour the host does differently or leaves undefined. */
#define EXACT(want, fmt, ...)                                                       \
	do {                                                                        \
		char got_[256];                                                     \
		int got_n_ = format_snprintf(got_, sizeof(got_), fmt, __VA_ARGS__); \
		compare(__LINE__, fmt, got_, got_n_, want, (int)strlen(want));      \
	} while (0)

#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#pragma GCC diagnostic ignored "-Wformat-security"

static const int64_t signed_values[] = {
    0,
    1,
    -1,
    7,
    -7,
    42,
    -42,
    127,
    -128,
    255,
    256,
    32767,
    -32768,
    65535,
    65536,
    1000000,
    -1000000,
    INT_MAX,
    INT_MIN,
    (int64_t)UINT_MAX,
    0x123456789abLL,
    -0x123456789abLL,
    LLONG_MAX,
    LLONG_MIN,
};

/* Passes v converted to exactly the type the length modifier names. */
static void same_integer(const char *fmt, const char *length, char conv, int64_t v)
{
	bool is_signed = conv == 'd' || conv == 'i';
	if (!strcmp(length, "hh")) {
		if (is_signed)
			SAME(fmt, (signed char)v);
		else
			SAME(fmt, (unsigned char)v);
	} else if (!strcmp(length, "h")) {
		if (is_signed)
			SAME(fmt, (short)v);
		else
			SAME(fmt, (unsigned short)v);
	} else if (!strcmp(length, "")) {
		if (is_signed)
			SAME(fmt, (int)v);
		else
			SAME(fmt, (unsigned int)v);
	} else if (!strcmp(length, "l")) {
		if (is_signed)
			SAME(fmt, (long)v);
		else
			SAME(fmt, (unsigned long)v);
	} else if (!strcmp(length, "ll")) {
		if (is_signed)
			SAME(fmt, (long long)v);
		else
			SAME(fmt, (unsigned long long)v);
	} else if (!strcmp(length, "z")) {
		if (is_signed)
			SAME(fmt, (ptrdiff_t)v); /* the signed type of size_t's width */
		else
			SAME(fmt, (size_t)v);
	} else if (!strcmp(length, "t")) {
		if (is_signed)
			SAME(fmt, (ptrdiff_t)v);
		else
			SAME(fmt, (size_t)v);
	} else if (!strcmp(length, "j")) {
		if (is_signed)
			SAME(fmt, (intmax_t)v);
		else
			SAME(fmt, (uintmax_t)v);
	}
}

/* Every integer conversion x flag subset x width x precision x length x value. */
static void test_integer_grid(void)
{
	static const char convs[] = "diuxXo";
	static const char flag_chars[] = "-0+ #";
	static const char *const widths[] = {"", "1", "5", "24"};
	static const char *const precisions[] = {"", ".", ".0", ".1", ".5", ".22"};
	static const char *const lengths[] = {"hh", "h", "", "l", "ll", "z", "t", "j"};
	for (const char *c = convs; *c; c++) {
		for (unsigned mask = 0; mask < 32; mask++) {
			/* '#' is undefined for d, i and u. */
			if ((mask & 16) && (*c == 'd' || *c == 'i' || *c == 'u'))
				continue;
			char flags[8];
			int nf = 0;
			for (int f = 0; f < 5; f++) {
				if (mask & (1u << f))
					flags[nf++] = flag_chars[f];
			}
			flags[nf] = 0;
			for (int w = 0; w < N(widths); w++) {
				for (int p = 0; p < N(precisions); p++) {
					for (int l = 0; l < N(lengths); l++) {
						char fmt[32];
						snprintf(fmt, sizeof(fmt), "[%%%s%s%s%s%c]", flags,
							 widths[w], precisions[p], lengths[l], *c);
						for (int v = 0; v < N(signed_values); v++)
							same_integer(fmt, lengths[l], *c,
								     signed_values[v]);
					}
				}
			}
		}
	}
}

static void test_table(void)
{
	/* Plain text, %% and the edges of the integer types. */
	SAME("%s", "");
	SAME("plain text, no conversions%s", "");
	SAME("100%% sure %d%%", 5);
	SAME("%d %i %u", INT_MIN, INT_MAX, UINT_MAX);
	SAME("%ld %lu %lld %llu", LONG_MIN, ULONG_MAX, LLONG_MIN, ULLONG_MAX);
	SAME("%jd %ju %zu %zd %td %tu", INTMAX_MIN, UINTMAX_MAX, SIZE_MAX, (ptrdiff_t)-5,
	     PTRDIFF_MIN, (size_t)PTRDIFF_MAX);
	/* int arguments out of range for hh and h are narrowed, as the host does. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
	SAME("%hhd %hhu %hd %hu", -129, 511, 70000, -1);
#pragma GCC diagnostic pop
	SAME("%x %X %o %#x %#X %#o", 0xdeadbeef, 0xdeadbeef, 0777, 0xabc, 0xabc, 8);
	SAME("%llx %#llo %#llX", ULLONG_MAX, ULLONG_MAX, ULLONG_MAX);
	SAME("[%.0d] [%.0x] [%.0u] [%.0o] [%#.0o] [%#.0x]", 0, 0, 0, 0, 0, 0);
	SAME("[%5.0d] [%-5.0x] [%+.0d] [% .0d]", 0, 0, 0, 0);
	SAME("[%#.3o] [%#.5o] [%#5o] [%#05o] [%#-6o]", 8, 8, 8, 8, 8);
	/* Characters. */
	SAME("[%c] [%5c] [%-5c] [%c%c%c]", 'a', 'b', 'c', 'x', 'y', 'z');
	SAME("[%c]", 0x141); /* converted to unsigned char */
	/* Strings. */
	SAME("[%s] [%10s] [%-10s] [%.3s] [%10.3s] [%-10.3s] [%.0s] [%.10s]", "hello", "hello",
	     "hello", "hello", "hello", "hello", "hello", "hello");
	SAME("[%s] [%5s] [%.0s]", "", "", "");
	/* '*' width and precision, negative ones included. */
	SAME("[%*d] [%-*d] [%*d]", 6, 42, 6, 42, -6, 42);
	SAME("[%.*d] [%.*d] [%*.*d]", 4, 42, -1, 42, 8, 4, -42);
	SAME("[%.*s] [%.*s] [%*s] [%-*.*s]", 2, "hello", -3, "hello", -8, "hi", 7, 3, "hello");
	SAME("[%0*d] [%0*d]", 6, -42, -6, -42);
	SAME("[%*c] [%-*c]", 4, 'q', 4, 'q');
	/* Pointers: glibc prints non-NULL %p as %#lx. */
	int object;
	void *p = &object;
	SAME("[%p] [%30p] [%-30p]", p, p, p);
	SAME("[%p]", (void *)0x1000);
	SAME("[%p] [%p]", (void *)UINTPTR_MAX, (void *)1);
	/* Many conversions in one string. */
	SAME("%s=%d (%#x) at %p, %5.2s|%-4c|%+05d|% d|%lld", "key", 255, 255, p, "abc", 'z', 7, 3,
	     LLONG_MIN);
}

/* Where the host differs, or the standard leaves it open, the documented behaviour. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
#ifndef __clang__
#pragma GCC diagnostic ignored "-Wformat-overflow"
#endif
static void test_own_behaviour(void)
{
	EXACT("(null)", "%s", (char *)NULL);
	EXACT("[    (null)] [(nu]", "[%10s] [%.3s]", (char *)NULL, (char *)NULL);
	EXACT("0x0", "%p", (void *)NULL); /* glibc says "(nil)" */
	/* Unknown conversions are printed as written, and a trailing '%' too. */
	EXACT("[%y] [%-5y]", "[%y] [%-5y]", 0);
	EXACT("50%", "50%", 0);
	EXACT("50%-5", "50%-5", 0);
	/* A NUL %c is one character of output. */
	char buf[8];
	memset(buf, 'x', sizeof(buf));
	CHECK_EQ(format_snprintf(buf, sizeof(buf), "a%cb", 0), 3);
	CHECK(memcmp(buf, "a\0b\0", 4) == 0);
	CHECK_EQ(format_snprintf(buf, sizeof(buf), "%3c", 0), 3);
	CHECK(memcmp(buf, "  \0\0", 4) == 0);
	/* Precision bounds how much of a %s argument is read: no terminator needed. */
	char unterminated[3] = {'a', 'b', 'c'};
	EXACT("abc", "%.3s", unterminated);
	EXACT("ab", "%.*s", 2, unterminated);
}
#pragma GCC diagnostic pop

/* snprintf truncation: NUL-terminated within size, return value is the full length. */
static void test_truncation(void)
{
	static const char *const fmts[] = {"", "a", "hello", "%d", "%d-%s", "%5d%s"};
	char buf[16];
	const char *full = "hello, world 12345";
	int len = (int)strlen(full);

	CHECK_EQ(format_snprintf(NULL, 0, "%s", full), len);
	memset(buf, '#', sizeof(buf));
	CHECK_EQ(format_snprintf(buf, 0, "%s", full), len);
	CHECK_EQ(buf[0], '#'); /* size 0 writes nothing at all */
	for (size_t size = 1; size <= sizeof(buf); size++) {
		memset(buf, '#', sizeof(buf));
		CHECK_EQ(format_snprintf(buf, size, "hello, %s %d", "world", 12345), len);
		CHECK_EQ(strlen(buf), size - 1 < (size_t)len ? size - 1 : (size_t)len);
		CHECK(strncmp(buf, full, size - 1) == 0);
		for (size_t i = size; i < sizeof(buf); i++)
			CHECK_EQ(buf[i], '#'); /* nothing past size */
	}
	/* Exact fit: len characters + NUL in len + 1 bytes; one less truncates by one. */
	char fit[8];
	memset(fit, '#', sizeof(fit));
	CHECK_EQ(format_snprintf(fit, 6, "%s", "abcde"), 5);
	CHECK_STR_EQ(fit, "abcde");
	CHECK_EQ(fit[6], '#');
	CHECK_EQ(format_snprintf(fit, 5, "%s", "abcde"), 5);
	CHECK_STR_EQ(fit, "abcd");
	/* Host comparison of every prefix length. */
	for (int f = 0; f < N(fmts); f++) {
		for (size_t size = 0; size <= 8; size++) {
			char got[9], want[9];
			memset(got, '#', sizeof(got));
			memset(want, '#', sizeof(want));
			int got_n = format_snprintf(got, size, fmts[f], 123456, "xyz");
			int want_n = snprintf(want, size, fmts[f], 123456, "xyz");
			CHECK_EQ(got_n, want_n);
			CHECK(memcmp(got, want, sizeof(got)) == 0);
		}
	}
}

/* format_v reports every character to the sink, with the count. */
static void count_sink(char c, void *ctx)
{
	(void)c;
	(*(int *)ctx)++;
}

static int call_format_v(format_sink sink, void *ctx, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = format_v(sink, ctx, fmt, ap);
	va_end(ap);
	return n;
}

static void test_format_v(void)
{
	int seen = 0;
	CHECK_EQ(call_format_v(count_sink, &seen, "%08x|%s", 0x12, "abc"), 12);
	CHECK_EQ(seen, 12);
}

int main(void)
{
	test_integer_grid();
	test_table();
	test_own_behaviour();
	test_truncation();
	test_format_v();
	if (failures) {
		fprintf(stderr, "test_format: %d mismatches\n", failures);
		return 1;
	}
	printf("test_format: ok\n");
	return 0;
}
