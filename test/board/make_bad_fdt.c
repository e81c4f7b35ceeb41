// SPDX-License-Identifier: MIT
/* make_bad_fdt GOOD.dtb OUTDIR: writes OUTDIR/NAME.dtb for every corruption in fdt_corrupt.c,
 * the inputs of the fern-board command-line tests and of the QEMU bad-spec test. */
#include "fdt_corrupt.h"

#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROOM (64 * 1024) /* what a corruption may add */

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: make_bad_fdt GOOD.dtb OUTDIR\n");
		return 2;
	}
	FILE *in = fopen(argv[1], "rb");
	static uint8_t good[1 << 20], work[(1 << 20) + ROOM];
	size_t size = in ? fread(good, 1, sizeof(good), in) : 0;
	if (!in || size == sizeof(good) || fdt_check_full(good, size) || fdt_version(good) != 17) {
		fprintf(stderr, "make_bad_fdt: %s: not a good version-17 blob under 1 MiB\n",
			argv[1]);
		return 1;
	}
	fclose(in);
	size = fdt_totalsize(good);
	for (int i = 0; i < fdt_corruption_count; i++) {
		size_t bad_size = size;
		memcpy(work, good, size);
		memset(work + size, 0, ROOM);
		fdt_corruptions[i].apply(work, &bad_size);
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s.dtb", argv[2], fdt_corruptions[i].name);
		FILE *out = fopen(path, "wb");
		if (!out || fwrite(work, 1, bad_size, out) != bad_size || fclose(out)) {
			perror(path);
			return 1;
		}
	}
	return 0;
}
