// SPDX-License-Identifier: MIT
/* fern-board: runs Fern's device-tree discovery on a .dtb file and prints the kernel's report. */
#include <board.h>
#include <fern/status.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Largest blob we read; real device trees are a few KiB (QEMU pads its dumps to 1 MiB). */
#define DTB_MAX_SIZE (16u * 1024 * 1024)
#define READ_CHUNK   (64u * 1024)

enum exit_code { EXIT_OK = 0, EXIT_BAD_BOARD = 1, EXIT_USAGE = 2 };

static void usage(FILE *to)
{
	fprintf(to,
		"usage: fern-board FILE.dtb\n"
		"Runs Fern's device-tree discovery on FILE.dtb and prints what the kernel would\n"
		"find; exits 1 (with the reason on stderr) if the kernel would reject it.\n");
}

static void print_line(void *ctx, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfprintf((FILE *)ctx, fmt, ap);
	va_end(ap);
}

/* Grows *buf so that it holds at least want bytes. */
static int buffer_reserve(unsigned char **buf, size_t *capacity, size_t want)
{
	if (want <= *capacity)
		return FERN_OK;
	size_t next = *capacity ? *capacity : READ_CHUNK;
	while (next < want)
		next *= 2;
	unsigned char *grown = realloc(*buf, next);
	if (!grown)
		return FERN_ERR_NO_MEMORY;
	*buf = grown;
	*capacity = next;
	return FERN_OK;
}

/* Reads all of path (at most DTB_MAX_SIZE bytes) into a malloc'ed buffer; prints why not. */
static int file_read(const char *path, unsigned char **data, size_t *size)
{
	int rc = FERN_ERR_INVALID;
	unsigned char *buf = NULL;
	size_t capacity = 0, used = 0;
	FILE *file = fopen(path, "rb");
	if (!file) {
		fprintf(stderr, "fern-board: %s: cannot open: %s\n", path, strerror(errno));
		return FERN_ERR_NOT_FOUND;
	}
	for (;;) {
		if (buffer_reserve(&buf, &capacity, used + READ_CHUNK)) {
			fprintf(stderr, "fern-board: %s: out of memory\n", path);
			rc = FERN_ERR_NO_MEMORY;
			goto free_buffer;
		}
		size_t got = fread(buf + used, 1, READ_CHUNK, file);
		used += got;
		if (used > DTB_MAX_SIZE) {
			fprintf(stderr, "fern-board: %s: larger than %u MiB, not a device tree\n",
				path, DTB_MAX_SIZE >> 20);
			goto free_buffer;
		}
		if (got < READ_CHUNK)
			break;
	}
	if (ferror(file)) {
		fprintf(stderr, "fern-board: %s: cannot read: %s\n", path, strerror(errno));
		goto free_buffer;
	}
	if (used == 0) {
		fprintf(stderr, "fern-board: %s: file is empty\n", path);
		goto free_buffer;
	}
	fclose(file);
	*data = buf;
	*size = used;
	return FERN_OK;

free_buffer:
	free(buf);
	fclose(file);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		usage(stdout);
		return EXIT_OK;
	}
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
