// SPDX-License-Identifier: MIT
/* The bad device trees of fdt_corrupt.h, each a small edit of a good blob's header or tags. */
#include "fdt_corrupt.h"

#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void put32(uint8_t *blob, size_t at, uint32_t value)
{
	fdt32_t v = cpu_to_fdt32(value);
	memcpy(blob + at, &v, 4);
}

/* Absolute offset of the first tag of the given kind (for FDT_BEGIN_NODE: not the root). */
static uint32_t first_tag(const uint8_t *blob, uint32_t want)
{
	int offset = 0, next;
	for (;;) {
		uint32_t tag = fdt_next_tag(blob, offset, &next);
		if (tag == want && (tag != FDT_BEGIN_NODE || offset > 0))
			return fdt_off_dt_struct(blob) + (uint32_t)offset;
		if (tag == FDT_END || next < 0) {
			fprintf(stderr, "fdt_corrupt: the good blob has no tag %u\n", want);
			exit(1);
		}
		offset = next;
	}
}

static uint32_t version_15(uint8_t *blob, size_t *size)
{
	(void)size;
	put32(blob, 20, 15);
	put32(blob, 24, 15); /* as old as the version: libfdt's header check lets it through */
	return 20;
}

static uint32_t last_comp_18(uint8_t *blob, size_t *size)
{
	(void)size;
	put32(blob, 20, 18);
	put32(blob, 24, 18);
	return 24;
}

static uint32_t huge_length(uint8_t *blob, size_t *size)
{
	(void)size;
	uint32_t prop = first_tag(blob, FDT_PROP);
	put32(blob, prop + 4, 0xfffffff4); /* 12 + len wraps to 0: libfdt walks in place */
	return prop + 4;
}

static uint32_t nameoff_outside(uint8_t *blob, size_t *size)
{
	(void)size;
	uint32_t prop = first_tag(blob, FDT_PROP);
	put32(blob, prop + 8, fdt_size_dt_strings(blob));
	return prop + 8;
}

static uint32_t nameoff_huge(uint8_t *blob, size_t *size)
{
	(void)size;
	uint32_t prop = first_tag(blob, FDT_PROP);
	put32(blob, prop + 8, 0xfffffff0);
	return prop + 8;
}

static uint32_t node_name_unterminated(uint8_t *blob, size_t *size)
{
	(void)size;
	uint32_t node = first_tag(blob, FDT_BEGIN_NODE);
	/* The structure block now ends one byte into the node's name. */
	put32(blob, 36, node + 5 - fdt_off_dt_struct(blob));
	return node + 4;
}

static uint32_t string_unterminated(uint8_t *blob, size_t *size)
{
	(void)size;
	put32(blob, 32, fdt_size_dt_strings(blob) - 1); /* the last name loses its NUL */
	return FDT_CORRUPT_ANY_OFFSET;
}

static uint32_t truncated(uint8_t *blob, size_t *size)
{
	(void)blob;
	*size -= 1;
	return 4;
}

static uint32_t too_deep(uint8_t *blob, size_t *size)
{
	size_t deep_size;
	void *deep = fdt_corrupt_nested(65, &deep_size);
	memcpy(blob, deep, deep_size);
	*size = deep_size;
	free(deep);
	/* The 65th BEGIN_NODE: after the root's tag and name (8 bytes), its compatible (24 bytes)
	 * and 63 nodes "n" (8 bytes each). */
	return fdt_off_dt_struct(blob) + 8 + 24 + 63 * 8;
}

static uint32_t blocks_overlap(uint8_t *blob, size_t *size)
{
	(void)size;
	put32(blob, 12, fdt_off_dt_struct(blob));
	put32(blob, 32, fdt_size_dt_struct(blob));
	return fdt_off_dt_struct(blob);
}

static uint32_t no_end(uint8_t *blob, size_t *size)
{
	(void)size;
	uint32_t end = first_tag(blob, FDT_END);
	put32(blob, end, FDT_NOP);
	return end + 4;
}

static uint32_t unknown_tag(uint8_t *blob, size_t *size)
{
	(void)size;
	uint32_t prop = first_tag(blob, FDT_PROP);
	put32(blob, prop, 7);
	return prop;
}

static uint32_t struct_misaligned(uint8_t *blob, size_t *size)
{
	(void)size;
	put32(blob, 8, fdt_off_dt_struct(blob) + 2);
	return 8;
}

static uint32_t rsvmap_unterminated(uint8_t *blob, size_t *size)
{
	/* The reservation block moves to the end, where no zero entry follows. */
	uint32_t total = fdt_totalsize(blob), at = (total + 7) & ~7u;
	memset(blob + total, 0, at - total);
	memset(blob + at, 0xa5, 16);
	put32(blob, 16, at);
	put32(blob, 4, at + 16);
	*size = at + 16;
	return at + 16;
}

static uint32_t alias_loop(uint8_t *blob, size_t *size)
{
	int room = (int)*size + 1024, aliases;
	if (fdt_open_into(blob, blob, room) || (aliases = fdt_path_offset(blob, "/aliases")) < 0)
		aliases = fdt_add_subnode(blob, 0, "aliases");
	if (aliases < 0 || fdt_setprop_string(blob, aliases, "loop", "loop") || fdt_pack(blob)) {
		fprintf(stderr, "fdt_corrupt: cannot add an alias\n");
		exit(1);
	}
	*size = fdt_totalsize(blob);
	const char *value = fdt_getprop(blob, fdt_path_offset(blob, "/aliases"), "loop", 0);
	return (uint32_t)(value - (const char *)blob);
}

const struct fdt_corruption fdt_corruptions[] = {
    {"version-15", "version older than 16 (unsupported layout)", version_15},
    {"last-comp-18", "last_comp_version newer than 17 (unsupported layout)", last_comp_18},
    {"huge-length", "property length runs past the structure block", huge_length},
    {"nameoff-outside", "property name offset lies outside the strings block", nameoff_outside},
    {"nameoff-huge", "property name offset lies outside the strings block", nameoff_huge},
    {"node-name-unterminated", "node name is not NUL-terminated inside the structure block",
     node_name_unterminated},
    {"string-unterminated", "property name is not NUL-terminated inside the strings block",
     string_unterminated},
    {"truncated", "totalsize runs past the end of the data (truncated blob?)", truncated},
    {"too-deep", "nodes nest more than 64 deep", too_deep},
    {"blocks-overlap", "structure block overlaps another block", blocks_overlap},
    {"no-end", "structure block ends without FDT_END", no_end},
    {"unknown-tag", "unknown structure tag", unknown_tag},
    {"struct-misaligned", "structure block not 4-byte aligned", struct_misaligned},
    {"rsvmap-unterminated", "memory reservation block has no terminating entry before totalsize",
     rsvmap_unterminated},
    {"alias-loop", "alias is not a NUL-terminated absolute path", alias_loop},
};
const int fdt_corruption_count = sizeof(fdt_corruptions) / sizeof(fdt_corruptions[0]);

static void check(int rc, const char *what)
{
	if (rc) {
		fprintf(stderr, "fdt_corrupt: %s: %s\n", what, fdt_strerror(rc));
		exit(1);
	}
}

void *fdt_corrupt_nested(int depth, size_t *size)
{
	size_t cap = 1024 + (size_t)depth * 16;
	void *fdt = malloc(cap);
	if (!fdt)
		exit(1);
	check(fdt_create(fdt, (int)cap), "create");
	check(fdt_finish_reservemap(fdt), "reservemap");
	for (int i = 0; i < depth; i++) {
		check(fdt_begin_node(fdt, i ? "n" : ""), "begin_node");
		if (i == 0)
			check(fdt_property_string(fdt, "compatible", "fern,nested"), "property");
	}
	for (int i = 0; i < depth; i++)
		check(fdt_end_node(fdt), "end_node");
	check(fdt_finish(fdt), "finish");
	*size = fdt_totalsize(fdt);
	return fdt;
}
