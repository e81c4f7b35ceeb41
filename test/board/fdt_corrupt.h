/* SPDX-License-Identifier: MIT */
/* Known-bad device trees made from a good one: the inputs that crash or hang Debian's libfdt
 * 1.6.1, and every other check of fdt_validate, for the unit and command-line tests. */
#ifndef FERN_TEST_FDT_CORRUPT_H
#define FERN_TEST_FDT_CORRUPT_H

#include <stddef.h>
#include <stdint.h>

#define FDT_CORRUPT_ANY_OFFSET UINT32_MAX /* the problem's offset is not predicted */

struct fdt_corruption {
	const char *name;   /* also the file name make_bad_fdt writes: NAME.dtb */
	const char *expect; /* fdt_validate's problem.what */
	/* Corrupts blob (a copy of a good version-17 blob, *size bytes, with room for 64 KiB
	 * more) in place; may change *size. Returns the offset fdt_validate must report. */
	uint32_t (*apply)(uint8_t *blob, size_t *size);
};

extern const struct fdt_corruption fdt_corruptions[];
extern const int fdt_corruption_count;

/* A tree of depth nested nodes (the root counts as 1), malloc'ed; *size gets its length. */
void *fdt_corrupt_nested(int depth, size_t *size);

#endif
