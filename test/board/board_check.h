/* SPDX-License-Identifier: MIT */
/* Assertions and discovery helpers for the board tests: print file:line and what differed. */
#ifndef FERN_TEST_BOARD_CHECK_H
#define FERN_TEST_BOARD_CHECK_H

#include <board.h>
#include <fern/status.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(expr)                                                                              \
	do {                                                                                     \
		if (!(expr)) {                                                                   \
			fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #expr); \
			exit(1);                                                                 \
		}                                                                                \
	} while (0)

#define CHECK_EQ(a, b)                                                                        \
	do {                                                                                  \
		uint64_t check_a_ = (uint64_t)(a), check_b_ = (uint64_t)(b);                  \
		if (check_a_ != check_b_) {                                                   \
			fprintf(stderr,                                                       \
				"%s:%d: CHECK_EQ(%s, %s) failed: 0x%" PRIx64 " != 0x%" PRIx64 \
				"\n",                                                         \
				__FILE__, __LINE__, #a, #b, check_a_, check_b_);              \
			exit(1);                                                              \
		}                                                                             \
	} while (0)

#define CHECK_STR_EQ(a, b)                                                                   \
	do {                                                                                 \
		const char *check_a_ = (a), *check_b_ = (b);                                 \
		if (strcmp(check_a_, check_b_) != 0) {                                       \
			fprintf(stderr,                                                      \
				"%s:%d: CHECK_STR_EQ(%s, %s) failed:\n\"%s\"\n!=\n\"%s\"\n", \
				__FILE__, __LINE__, #a, #b, check_a_, check_b_);             \
			exit(1);                                                             \
		}                                                                            \
	} while (0)

/* Packs the tree under construction (and frees it), then runs board_discover on the result. */
int check_discover(void *fdt, struct board *board, struct board_error *err);

/* Like check_discover, and the run must succeed; prints the error otherwise. */
void check_discover_ok(int line, void *fdt, struct board *board);
#define DISCOVER_OK(fdt, board) check_discover_ok(__LINE__, fdt, board)

/* Runs discovery on the tree and expects status and a message containing substring. */
void check_discover_fails(int line, void *fdt, int status, const char *substring);
#define DISCOVER_FAILS(fdt, status, substring) \
	check_discover_fails(__LINE__, fdt, status, substring)

/* Same for a raw blob of size readable bytes (not freed). */
void check_blob_fails(int line, const void *blob, size_t size, int status, const char *substring);
#define BLOB_FAILS(blob, size, status, substring) \
	check_blob_fails(__LINE__, blob, size, status, substring)

/* board_report output as one string (static buffer, overwritten by the next call). */
const char *check_report(const struct board *board);

#endif
