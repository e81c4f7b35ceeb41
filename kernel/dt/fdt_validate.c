// SPDX-License-Identifier: MIT
/* fdt_validate (fdt_validate.h): every header field and tag of an untrusted blob checked with
 * plain byte reads, because Debian's libfdt 1.6.1 crashes or loops on some malformed blobs. */
#include "fdt_validate.h"

#include <fern/status.h>
#include <stdbool.h>

#define FDT_MAGIC_VALUE 0xd00dfeedu
#define HEADER_V16_SIZE 36u         /* up to size_dt_strings */
#define HEADER_V17_SIZE 40u         /* plus size_dt_struct */
#define RSV_ENTRY_SIZE  16u         /* two big-endian 64-bit numbers */
#define PROP_HEAD_SIZE  12u         /* tag, len, nameoff */
#define SIZE_MAX_FDT    0x7fffffffu /* libfdt keeps offsets in an int */

enum { TAG_BEGIN_NODE = 1, TAG_END_NODE = 2, TAG_PROP = 3, TAG_NOP = 4, TAG_END = 9 };

/* Header fields, by byte offset. */
enum {
	H_MAGIC = 0,
	H_TOTALSIZE = 4,
	H_OFF_STRUCT = 8,
	H_OFF_STRINGS = 12,
	H_OFF_RSVMAP = 16,
	H_VERSION = 20,
	H_LAST_COMP = 24,
	H_SIZE_STRINGS = 32,
	H_SIZE_STRUCT = 36,
};

/* A block of the blob: [start, end). */
struct block {
	uint32_t start;
	uint32_t end;
	const char *overlap; /* the problem to report when another block shares a byte */
};

struct blob {
	const uint8_t *bytes;
	uint32_t total;
	struct block strings;
	struct fdt_problem *problem;
};

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int fail(struct fdt_problem *problem, uint32_t offset, const char *what)
{
	if (problem) {
		problem->what = what;
		problem->offset = offset;
	}
	return FERN_ERR_INVALID;
}

/* True if a NUL lies in [from, to). */
static bool terminated(const uint8_t *bytes, uint32_t from, uint32_t to)
{
	for (uint32_t i = from; i < to; i++)
		if (!bytes[i])
			return true;
	return false;
}

/* The end of the memory-reservation block: the entry after its all-zero terminator. */
static int rsvmap_check(const struct blob *b, uint32_t start, uint32_t *end)
{
	for (uint32_t at = start;; at += RSV_ENTRY_SIZE) {
		if (b->total - at < RSV_ENTRY_SIZE) /* at <= total holds: total - at cannot wrap */
			return fail(b->problem, at,
				    "memory reservation block has no terminating entry before "
				    "totalsize");
		bool zero = true;
		for (uint32_t i = 0; i < RSV_ENTRY_SIZE; i++)
			zero &= !b->bytes[at + i];
		if (zero) {
			*end = at + RSV_ENTRY_SIZE;
			return FERN_OK;
		}
	}
}

/* A property at absolute offset at: length within the block, name a string of the strings
 * block. limit is the block's end; at + PROP_HEAD_SIZE <= limit holds. */
static int prop_check(const struct blob *b, uint32_t at, uint32_t limit, uint32_t *next)
{
	uint32_t len = be32(b->bytes + at + 4);
	uint32_t nameoff = be32(b->bytes + at + 8);
	if (len > limit - at - PROP_HEAD_SIZE)
		return fail(b->problem, at + 4, "property length runs past the structure block");
	if (nameoff >= b->strings.end - b->strings.start)
		return fail(b->problem, at + 8,
			    "property name offset lies outside the strings block");
	if (!terminated(b->bytes, b->strings.start + nameoff, b->strings.end))
		return fail(b->problem, at + 8,
			    "property name is not NUL-terminated inside the strings block");
	*next = at + PROP_HEAD_SIZE + len;
	return FERN_OK;
}

/* True if the node name at name (NUL-terminated) is what fdt_path_offset(fdt, "/aliases")
 * finds: "aliases", with or without a unit address. */
static bool is_aliases(const uint8_t *name)
{
	static const char want[] = "aliases";
	for (size_t i = 0; i < sizeof(want) - 1; i++)
		if (name[i] != (uint8_t)want[i])
			return false;
	return name[sizeof(want) - 1] == 0 || name[sizeof(want) - 1] == '@';
}

/* An alias must be an absolute path: libfdt 1.6.1's fdt_path_offset resolves a path that does
 * not start with '/' through /aliases again, so alias x = "x" recurses until the stack ends. */
static int alias_check(const struct blob *b, uint32_t at)
{
	uint32_t len = be32(b->bytes + at + 4);
	const uint8_t *value = b->bytes + at + PROP_HEAD_SIZE;
	if (len < 2 || value[0] != '/' || !terminated(value, 0, len))
		return fail(b->problem, at + PROP_HEAD_SIZE,
			    "alias is not a NUL-terminated absolute path");
	return FERN_OK;
}

/* Walks every tag of the structure block [start, limit) as libfdt will; *end gets the offset
 * after FDT_END. */
static int struct_walk(const struct blob *b, uint32_t start, uint32_t limit, uint32_t *end)
{
	unsigned depth = 0;
	bool rooted = false, in_aliases = false;
	uint32_t at = start;
	for (;;) {
		if (limit - at < 4) /* at <= limit holds */
			return fail(b->problem, at, "structure block ends without FDT_END");
		uint32_t tag = be32(b->bytes + at), next = at + 4;
		if (at == start && tag != TAG_BEGIN_NODE)
			return fail(b->problem, at, "structure block does not begin with a node");
		switch (tag) {
		case TAG_BEGIN_NODE:
			if (depth == 0 && rooted)
				return fail(b->problem, at, "a second root node");
			rooted = true;
			if (++depth > FDT_VALIDATE_MAX_DEPTH)
				return fail(b->problem, at, "nodes nest more than 64 deep");
			while (next < limit && b->bytes[next])
				next++;
			if (next == limit)
				return fail(b->problem, at + 4,
					    "node name is not NUL-terminated inside the "
					    "structure block");
			next++;
			in_aliases = depth == 2 && is_aliases(b->bytes + at + 4);
			break;
		case TAG_END_NODE:
			if (depth == 0)
				return fail(b->problem, at, "FDT_END_NODE closes no node");
			depth--;
			in_aliases = false;
			break;
		case TAG_PROP:
			if (depth == 0)
				return fail(b->problem, at, "property outside every node");
			if (limit - at < PROP_HEAD_SIZE)
				return fail(b->problem, at,
					    "property header runs past the structure block");
			int rc = prop_check(b, at, limit, &next);
			if (!rc && in_aliases && depth == 2)
				rc = alias_check(b, at);
			if (rc)
				return rc;
			break;
		case TAG_NOP: break;
		case TAG_END:
			if (depth)
				return fail(b->problem, at, "FDT_END inside an unclosed node");
			*end = next;
			return FERN_OK;
		default: return fail(b->problem, at, "unknown structure tag");
		}
		next = (next + 3) & ~3u; /* next <= limit <= SIZE_MAX_FDT: no wrap */
		if (next > limit)
			return fail(b->problem, at, "tag padding runs past the structure block");
		at = next;
	}
}

/* Fails if two non-empty blocks share a byte. */
static int blocks_disjoint(struct fdt_problem *problem, const struct block *blocks, int count)
{
	for (int i = 0; i < count; i++)
		for (int j = i + 1; j < count; j++) {
			const struct block *a = &blocks[i], *c = &blocks[j];
			if (a->start == a->end || c->start == c->end)
				continue;
			if (a->start < c->end && c->start < a->end)
				return fail(problem, a->start > c->start ? a->start : c->start,
					    a->overlap);
		}
	return FERN_OK;
}

int fdt_validate(const void *blob, size_t size, struct fdt_problem *problem)
{
	const uint8_t *p = blob;
	if (!p)
		return fail(problem, 0, "no blob (null pointer)");
	if ((uintptr_t)p % 4)
		return fail(problem, 0, "blob is not 4-byte aligned in memory");
	if (size < HEADER_V17_SIZE)
		return fail(problem, 0, "shorter than an FDT header (40 bytes)");
	if (be32(p + H_MAGIC) != FDT_MAGIC_VALUE)
		return fail(problem, H_MAGIC, "bad magic (not a device tree blob)");
	uint32_t version = be32(p + H_VERSION), last_comp = be32(p + H_LAST_COMP);
	if (version < FDT_VALIDATE_VERSION_MIN)
		return fail(problem, H_VERSION, "version older than 16 (unsupported layout)");
	if (last_comp > FDT_VALIDATE_VERSION_MAX)
		return fail(problem, H_LAST_COMP,
			    "last_comp_version newer than 17 (unsupported layout)");
	if (last_comp > version)
		return fail(problem, H_LAST_COMP, "last_comp_version above version");
	uint32_t header = version >= 17 ? HEADER_V17_SIZE : HEADER_V16_SIZE;

	uint32_t total = be32(p + H_TOTALSIZE);
	if (total > size)
		return fail(problem, H_TOTALSIZE,
			    "totalsize runs past the end of the data (truncated blob?)");
	if (total > SIZE_MAX_FDT)
		return fail(problem, H_TOTALSIZE, "totalsize above 2 GiB");
	if (total < header)
		return fail(problem, H_TOTALSIZE, "totalsize smaller than the header");

	uint32_t off_rsv = be32(p + H_OFF_RSVMAP), off_struct = be32(p + H_OFF_STRUCT);
	uint32_t off_strings = be32(p + H_OFF_STRINGS), size_strings = be32(p + H_SIZE_STRINGS);
	if (off_rsv < header || off_rsv > total)
		return fail(problem, H_OFF_RSVMAP,
			    "memory reservation block outside [header, totalsize)");
	if (off_rsv % 8)
		return fail(problem, H_OFF_RSVMAP, "memory reservation block not 8-byte aligned");
	if (off_struct < header || off_struct > total)
		return fail(problem, H_OFF_STRUCT, "structure block outside [header, totalsize)");
	if (off_struct % 4)
		return fail(problem, H_OFF_STRUCT, "structure block not 4-byte aligned");
	if (off_strings < header || off_strings > total || size_strings > total - off_strings)
		return fail(problem, H_SIZE_STRINGS, "strings block outside [header, totalsize)");
	/* Version 16 has no size_dt_struct: libfdt then reads tags up to totalsize. */
	uint32_t struct_limit = total;
	if (version >= 17) {
		uint32_t size_struct = be32(p + H_SIZE_STRUCT);
		if (size_struct > total - off_struct)
			return fail(problem, H_SIZE_STRUCT, "structure block runs past totalsize");
		struct_limit = off_struct + size_struct;
	}

	struct blob b = {p, total, {off_strings, off_strings + size_strings, 0}, problem};
	struct block blocks[3] = {
	    {off_rsv, 0, "memory reservation block overlaps another block"},
	    {off_struct, 0, "structure block overlaps another block"},
	    b.strings,
	};
	blocks[2].overlap = "strings block overlaps another block";
	int rc = rsvmap_check(&b, off_rsv, &blocks[0].end);
	if (!rc)
		rc = struct_walk(&b, off_struct, struct_limit, &blocks[1].end);
	if (!rc && version >= 17 && blocks[1].end != struct_limit)
		rc = fail(problem, blocks[1].end, "data after FDT_END in the structure block");
	if (!rc)
		rc = blocks_disjoint(problem, blocks, 3);
	return rc;
}
