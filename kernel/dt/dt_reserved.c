// SPDX-License-Identifier: MIT
/* Collects reserved memory: /memreserve/ entries, /reserved-memory regions and the initrd. */
#include "dt_internal.h"

#include <fern/status.h>

int dt_reserve(struct board *board, const struct phys_range *range, enum reserve_kind kind,
	       const char *name, size_t name_len, struct board_error *err)
{
	if (range->size == 0)
		return FERN_OK;
	if (range->size > UINT64_MAX - range->base)
		return board_fail(
		    err, FERN_ERR_RANGE,
		    "%s reservation 0x%llx size 0x%llx wraps around the address space",
		    reserve_kind_name(kind), (unsigned long long)range->base,
		    (unsigned long long)range->size);
	if (board->reserved_count == BOARD_MAX_RESERVED)
		return board_fail(err, FERN_ERR_TOO_MANY, "more than %d reserved regions",
				  BOARD_MAX_RESERVED);
	struct reservation *slot = &board->reserved[board->reserved_count++];
	slot->range = *range;
	slot->kind = kind;
	dt_copy_string(slot->name, sizeof(slot->name), name, name_len);
	return FERN_OK;
}

int board_add_reservation(struct board *board, uint64_t base, uint64_t size, enum reserve_kind kind,
			  struct board_error *err)
{
	if ((unsigned)kind > RESERVE_INITRD)
		return board_fail(err, FERN_ERR_INVALID, "unknown reservation kind %d", (int)kind);
	struct phys_range range = {base, size};
	return dt_reserve(board, &range, kind, NULL, 0, err);
}

/* The blob header's /memreserve/ entries. */
static int memreserve_discover(const void *fdt, struct board *board, struct board_error *err)
{
	int count = fdt_num_mem_rsv(fdt);
	if (count < 0)
		return board_fail(err, FERN_ERR_INVALID, "memory reservation map: %s",
				  fdt_strerror(count));
	for (int i = 0; i < count; i++) {
		struct phys_range range;
		int rc = fdt_get_mem_rsv(fdt, i, &range.base, &range.size);
		if (rc < 0)
			return board_fail(err, FERN_ERR_INVALID, "/memreserve/ entry %d: %s", i,
					  fdt_strerror(rc));
		rc = dt_reserve(board, &range, RESERVE_MEMRESERVE, NULL, 0, err);
		if (rc)
			return rc;
	}
	return FERN_OK;
}

/* One /reserved-memory child: every reg entry (children with only size are dynamic: skipped). */
static int region_discover(const void *fdt, int node, struct board *board, struct board_error *err)
{
	enum reserve_kind kind = RESERVE_NODE;
	if (dt_getprop(fdt, node, "no-map", NULL))
		kind = RESERVE_NODE_NOMAP;
	int name_len;
	const char *name = fdt_get_name(fdt, node, &name_len);
	if (!name || name_len < 0)
		name_len = 0;
	int count;
	int rc = dt_reg_count(fdt, node, &count, err);
	for (int i = 0; !rc && i < count; i++) {
		struct phys_range range;
		rc = dt_reg_get(fdt, node, i, &range, err);
		if (!rc)
			rc = dt_reserve(board, &range, kind, name, (size_t)name_len, err);
	}
	return rc;
}

static int reserved_memory_discover(const void *fdt, struct board *board, struct board_error *err)
{
	int parent = fdt_path_offset(fdt, "/reserved-memory");
	if (parent < 0 || !dt_node_usable(fdt, parent))
		return FERN_OK;
	int node;
	fdt_for_each_subnode(node, fdt, parent)
	{
		if (!dt_node_usable(fdt, node))
			continue;
		int rc = region_discover(fdt, node, board, err);
		if (rc)
			return rc;
	}
	return FERN_OK;
}

/* The initrd the boot loader placed: /chosen linux,initrd-start .. linux,initrd-end. */
static int initrd_discover(const void *fdt, struct board *board, struct board_error *err)
{
	int chosen = fdt_path_offset(fdt, "/chosen");
	if (chosen < 0)
		return FERN_OK;
	uint64_t start, end;
	bool has_start, has_end;
	int rc = dt_read_number(fdt, chosen, "linux,initrd-start", &start, &has_start, err);
	if (!rc)
		rc = dt_read_number(fdt, chosen, "linux,initrd-end", &end, &has_end, err);
	if (rc || (!has_start && !has_end))
		return rc;
	if (!has_start || !has_end)
		return dt_fail(err, FERN_ERR_INVALID, fdt, chosen, "%s without %s",
			       has_start ? "linux,initrd-start" : "linux,initrd-end",
			       has_start ? "linux,initrd-end" : "linux,initrd-start");
	if (end < start)
		return dt_fail(err, FERN_ERR_INVALID, fdt, chosen,
			       "linux,initrd-end 0x%llx is below linux,initrd-start 0x%llx",
			       (unsigned long long)end, (unsigned long long)start);
	struct phys_range range = {start, end - start};
	board->initrd = range;
	return dt_reserve(board, &range, RESERVE_INITRD, NULL, 0, err);
}

int dt_reserved_discover(const void *fdt, struct board *board, struct board_error *err)
{
	int rc = memreserve_discover(fdt, board, err);
	if (!rc)
		rc = reserved_memory_discover(fdt, board, err);
	if (!rc)
		rc = initrd_discover(fdt, board, err);
	return rc;
}
