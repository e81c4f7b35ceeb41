// SPDX-License-Identifier: MIT
/* Minimal assertions for host unit tests: print file:line, the expression and values, exit 1. */
#ifndef FERN_TEST_CHECK_H
#define FERN_TEST_CHECK_H

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

/* Integer equality; both sides are shown in decimal and hex. */
#define CHECK_EQ(a, b)                                                                    \
	do {                                                                              \
		uint64_t check_a_ = (uint64_t)(a), check_b_ = (uint64_t)(b);              \
		if (check_a_ != check_b_) {                                               \
			fprintf(stderr,                                                   \
				"%s:%d: CHECK_EQ(%s, %s) failed: %" PRId64 " (0x%" PRIx64 \
				") != %" PRId64 " (0x%" PRIx64 ")\n",                     \
				__FILE__, __LINE__, #a, #b, (int64_t)check_a_, check_a_,  \
				(int64_t)check_b_, check_b_);                             \
			exit(1);                                                          \
		}                                                                         \
	} while (0)

#define CHECK_STR_EQ(a, b)                                                                        \
	do {                                                                                      \
		const char *check_a_ = (a), *check_b_ = (b);                                      \
		if (strcmp(check_a_, check_b_) != 0) {                                            \
			fprintf(stderr, "%s:%d: CHECK_STR_EQ(%s, %s) failed: \"%s\" != \"%s\"\n", \
				__FILE__, __LINE__, #a, #b, check_a_, check_b_);                  \
			exit(1);                                                                  \
		}                                                                                 \
	} while (0)

#endif
