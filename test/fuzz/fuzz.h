/* SPDX-License-Identifier: MIT */
/* What every libFuzzer harness shares: the entry point, and a check that aborts (libFuzzer then
 * saves the input) when a promise of the code under test breaks. */
#ifndef FERN_FUZZ_H
#define FERN_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(expr)                                                                      \
	do {                                                                                  \
		if (!(expr)) {                                                                \
			fprintf(stderr, "%s:%d: FUZZ_CHECK(%s) failed\n", __FILE__, __LINE__, \
				#expr);                                                       \
			abort();                                                              \
		}                                                                             \
	} while (0)

#endif
