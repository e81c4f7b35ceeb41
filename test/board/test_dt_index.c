// SPDX-License-Identifier: MIT
/*
 * The device-tree node index (kernel/dt/dt_index.c) on real trees (the arguments: board configs
 * and QEMU dumps): every node's parent and every phandle's node agree with libfdt's walks, a
 * non-node offset is not found, and discovery and every node's fragment resources come out the
 * same with the index as without it.
 */
#include "board_check.h"

#include <dt_index.h>
#include <fragment.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct dt_index *installed; /* what dt_index_of gives the kernel/dt code */

/* Replaces the library's default (no index): lookups go through the index when one is set. */
const struct dt_index *dt_index_of(const void *fdt)
{
	return installed && installed->fdt == fdt ? installed : NULL;
}

static void *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	CHECK(f);
	fseek(f, 0, SEEK_END);
	*size = (size_t)ftell(f);
	fseek(f, 0, SEEK_SET);
	void *buf = malloc(*size);
	CHECK(buf && fread(buf, 1, *size, f) == *size);
	fclose(f);
	return buf;
}

static void check_lookups(const void *fdt, const struct dt_index *ix)
{
	int nodes = 0, depth = 0;
	/* fdt_next_node leaves the root with depth -1 and the offset of FDT_END: stop there. */
	for (int node = 0; node >= 0 && depth >= 0; node = fdt_next_node(fdt, node, &depth)) {
		nodes++;
		int want = fdt_parent_offset(fdt, node);
		CHECK_EQ(dt_index_parent(ix, node), want >= 0 ? want : -1);
		CHECK_EQ(dt_index_parent(ix, node + 4), -2); /* inside a node: not one */
		uint32_t ph = fdt_get_phandle(fdt, node);
		if (ph)
			CHECK_EQ(dt_index_by_phandle(ix, ph), fdt_node_offset_by_phandle(fdt, ph));
	}
	CHECK_EQ(nodes, ix->count);
	CHECK_EQ(dt_index_by_phandle(ix, 0), -1);
	CHECK_EQ(dt_index_by_phandle(ix, 0xfffffff0u), -1);
}

/* Discovery and every node's resources, with the index installed and without. */
static void check_same_results(const void *fdt, size_t size, const struct dt_index *ix)
{
	static struct board with, without;
	struct board_error err;
	installed = NULL;
	int rc_without = board_discover(fdt, size, &without, &err);
	installed = ix;
	int rc_with = board_discover(fdt, size, &with, &err);
	CHECK_EQ(rc_with, rc_without);
	CHECK(memcmp(&with, &without, sizeof(with)) == 0);
	int depth = 0;
	for (int node = 0; node >= 0 && depth >= 0; node = fdt_next_node(fdt, node, &depth)) {
		struct fragment_resources a, b;
		memset(&a, 0, sizeof(a));
		memset(&b, 0, sizeof(b));
		installed = NULL;
		int ra = fragment_resources(fdt, node, &a, &err);
		installed = ix;
		int rb = fragment_resources(fdt, node, &b, &err);
		CHECK_EQ(ra, rb);
		CHECK(memcmp(&a, &b, sizeof(a)) == 0);
	}
	installed = NULL;
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		size_t size;
		void *fdt = read_file(argv[i], &size);
		long need = dt_index_size(fdt);
		CHECK(need > 0);
		struct dt_index *ix = malloc((size_t)need);
		CHECK(ix);
		CHECK_EQ(dt_index_build(fdt, ix, (size_t)need - 1),
			 FERN_ERR_INVALID); /* too small */
		CHECK_EQ(dt_index_build(fdt, ix, (size_t)need), FERN_OK);
		check_lookups(fdt, ix);
		check_same_results(fdt, size, ix);
		printf("test_dt_index: %s: %d nodes\n", argv[i], ix->count);
		free(ix);
		free(fdt);
	}
	printf("test_dt_index: ok\n");
	return 0;
}
