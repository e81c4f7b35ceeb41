/* SPDX-License-Identifier: MIT */
/* An index of a device tree's nodes (offset, parent, phandle), built in one walk, so that
 * finding a node's parent or the node a phandle names is a lookup, not a walk from the root
 * (fdt_parent_offset and fdt_node_offset_by_phandle walk the whole tree before the node on
 * every call: 90% of the instructions of a boot went there). The tree must not change while
 * an index of it is in use. */
#ifndef FERN_DT_INDEX_H
#define FERN_DT_INDEX_H

#include <stddef.h>
#include <stdint.h>

struct dt_index_node {
	int32_t offset;   /* the node's structure offset (increasing in walk order) */
	int32_t parent;   /* its parent's, or -1 for the root */
	uint32_t phandle; /* 0: none */
	int32_t compat;   /* where its compatible value is, from the blob's start; -1: none */
	uint16_t compat_len;
	uint8_t usable; /* it and every ancestor have no status, "okay" or "ok" */
};

struct dt_index {
	const void *fdt;
	int count;
	struct dt_index_node node[]; /* count of them, by offset */
};

/* Bytes a dt_index of fdt needs, or a negative fern status for a tree libfdt cannot walk (the
 * caller has validated it with fdt_validate). */
long dt_index_size(const void *fdt);
/* Fills ix (dt_index_size(fdt) bytes) for fdt. FERN_ERR_INVALID if the walk fails. */
int dt_index_build(const void *fdt, struct dt_index *ix, size_t size);
/* node's parent offset (-1 for the root), or -2 when node is no node of the index. */
int dt_index_parent(const struct dt_index *ix, int node);
/* The node phandle names, or -1. */
int dt_index_by_phandle(const struct dt_index *ix, uint32_t phandle);
/* The first usable node after offset after (-1: from the start) whose compatible list holds
 * any of compat[0..count), or -1: what drivers' specs match, without a walk of the tree. */
int dt_index_next_compatible(const struct dt_index *ix, int after, const char *const *compat,
			     int count);

/* The index in use for fdt, if any: provided by the program that embeds the device-tree code
 * (the kernel keeps one of its board; by default there is none, and lookups walk the tree). */
const struct dt_index *dt_index_of(const void *fdt);

#endif
