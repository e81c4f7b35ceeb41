// SPDX-License-Identifier: MIT
/* fern-board: runs Fern's device-tree discovery on a .dtb file and prints the kernel's report. */
#include "bind.h"
#include "file.h"
#include "specs.h"

#include <board.h>
#include <fern/status.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum exit_code { EXIT_OK = 0, EXIT_BAD_BOARD = 1, EXIT_USAGE = 2 };

static void usage(FILE *to)
{
	fprintf(to,
		"usage: fern-board FILE.dtb\n"
		"       fern-board --check-specs [--programs A,B,...] [--source-dir DIR] "
		"SPEC.dtb...\n"
		"       fern-board --bind BOARD.dtb SPEC.dtb...\n"
		"Runs Fern's device-tree discovery on FILE.dtb and prints what the kernel would\n"
		"find; exits 1 (with the reason on stderr) if the kernel would reject it.\n"
		"With --check-specs, checks compiled specs (docs/specs.md) one by one and as a\n"
		"set; exits 1 naming the spec and the field at fault.\n"
		"With --bind, binds the specs to BOARD.dtb as the startup task would and prints\n"
		"every instance with its MMIO, interrupts and services (docs/boards.md).\n");
}

static void print_line(void *ctx, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfprintf((FILE *)ctx, fmt, ap);
	va_end(ap);
}

int main(int argc, char **argv)
{
	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		usage(stdout);
		return EXIT_OK;
	}
	if (argc >= 2 && !strcmp(argv[1], "--check-specs"))
		return check_specs_main(argc - 2, argv + 2);
	if (argc >= 2 && !strcmp(argv[1], "--bind"))
		return bind_main(argc - 2, argv + 2);
	if (argc != 2 || argv[1][0] == '\0') {
		usage(stderr);
		return EXIT_USAGE;
	}
	const char *path = argv[1];
	unsigned char *blob;
	size_t size;
	if (file_read(path, &blob, &size))
		return EXIT_BAD_BOARD;

	int exit_code = EXIT_OK;
	struct board *board = malloc(sizeof(*board));
	struct board_error err;
	if (!board) {
		fprintf(stderr, "fern-board: out of memory\n");
		exit_code = EXIT_BAD_BOARD;
		goto free_blob;
	}
	int rc = board_discover(blob, size, board, &err);
	if (rc) {
		fprintf(stderr, "fern-board: %s: %s: %s\n", path, status_name(rc), err.message);
		exit_code = EXIT_BAD_BOARD;
		goto free_board;
	}
	board_report(board, print_line, stdout);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "fern-board: cannot write the report: %s\n", strerror(errno));
		exit_code = EXIT_BAD_BOARD;
	}

free_board:
	free(board);
free_blob:
	free(blob);
	return exit_code;
}
