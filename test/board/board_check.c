// SPDX-License-Identifier: MIT
/* Discovery helpers for the board tests: run board_discover on built trees and judge the result. */
#include "board_check.h"

#include "fdt_build.h"

#include <stdarg.h>

int check_discover(void *fdt, struct board *board, struct board_error *err)
{
	size_t size;
	void *blob = tb_finish(fdt, &size);
	free(fdt);
	int rc = board_discover(blob, size, board, err);
	/* board->fdt points into blob; the tests only look at the decoded fields afterwards. */
	board->fdt = NULL;
	free(blob);
	return rc;
}

void check_discover_ok(int line, void *fdt, struct board *board)
{
	struct board_error err;
	int rc = check_discover(fdt, board, &err);
	if (rc != FERN_OK) {
		fprintf(stderr, "%s:%d: board_discover failed: %s: %s\n", __FILE__, line,
			status_name(rc), err.message);
		exit(1);
	}
}

static void judge(int line, int rc, const struct board_error *err, int status,
		  const char *substring)
{
	if (rc != status || err->status != status || !strstr(err->message, substring)) {
		fprintf(stderr,
			"%s:%d: expected %s with \"%s\",\n  got %s (err.status %s): \"%s\"\n",
			__FILE__, line, status_name(status), substring, status_name(rc),
			status_name(err->status), err->message);
		exit(1);
	}
	printf("ok %d: %s: %s\n", line, status_name(rc), err->message);
}

void check_discover_fails(int line, void *fdt, int status, const char *substring)
{
	struct board *board = malloc(sizeof(*board));
	struct board_error err;
	CHECK(board);
	int rc = check_discover(fdt, board, &err);
	free(board);
	judge(line, rc, &err, status, substring);
}

void check_blob_fails(int line, const void *blob, size_t size, int status, const char *substring)
{
	struct board *board = malloc(sizeof(*board));
	struct board_error err;
	CHECK(board);
	int rc = board_discover(blob, size, board, &err);
	free(board);
	judge(line, rc, &err, status, substring);
}

struct report_buffer {
	char text[16384];
	size_t used;
};

static void report_append(void *ctx, const char *fmt, ...)
{
	struct report_buffer *out = ctx;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(out->text + out->used, sizeof(out->text) - out->used, fmt, ap);
	va_end(ap);
	CHECK(n >= 0 && (size_t)n < sizeof(out->text) - out->used);
	out->used += (size_t)n;
}

const char *check_report(const struct board *board)
{
	static struct report_buffer out;
	out.used = 0;
	out.text[0] = '\0';
	board_report(board, report_append, &out);
	return out.text;
}
