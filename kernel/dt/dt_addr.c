// SPDX-License-Identifier: MIT
/* Decodes reg entries and translates them through parent ranges to CPU physical addresses. */
#include "dt_internal.h"

#include <fern/status.h>

/* One cells property of a bus, checked: more than 4 is absurd, 3 or 4 we cannot hold. */
static int read_cells(const void *fdt, int bus, const char *name, uint32_t fallback, int *out,
		      struct board_error *err)
{
	uint32_t value;
	int rc = dt_read_u32(fdt, bus, name, fallback, &value, err);
	if (rc)
		return rc;
	if (value > FDT_MAX_NCELLS)
		return dt_fail(err, FERN_ERR_INVALID, fdt, bus, "%s %u is invalid (at most %d)",
			       name, value, FDT_MAX_NCELLS);
	if (value > 2)
		return dt_fail(err, FERN_ERR_UNSUPPORTED, fdt, bus,
			       "%s %u is not supported (at most 2)", name, value);
	*out = (int)value;
	return FERN_OK;
}

int dt_bus_cells(const void *fdt, int bus, struct dt_cells *cells, struct board_error *err)
{
	int rc = read_cells(fdt, bus, "#address-cells", 2, &cells->address, err);
	if (rc)
		return rc;
	rc = read_cells(fdt, bus, "#size-cells", 1, &cells->size, err);
	if (rc)
		return rc;
	if (cells->address == 0)
		return dt_fail(err, FERN_ERR_INVALID, fdt, bus,
			       "#address-cells 0 leaves its children's reg without an address");
	return FERN_OK;
}

/* Finds node's reg and the cells that shape it; *entries = 0 when reg is absent. */
static int reg_open(const void *fdt, int node, const fdt32_t **reg, struct dt_cells *cells,
		    int *entries, struct board_error *err)
{
	int parent = dt_parent(fdt, node);
	if (parent < 0)
		return dt_fail(err, FERN_ERR_INVALID, fdt, node, "reg on a node without a parent");
	int len;
	*reg = dt_getprop(fdt, node, "reg", &len);
	*entries = 0;
	if (!*reg)
		return FERN_OK;
	int rc = dt_bus_cells(fdt, parent, cells, err);
	if (rc)
		return rc;
	int entry = (cells->address + cells->size) * 4;
	if (len % entry != 0)
		return dt_fail(err, FERN_ERR_INVALID, fdt, node,
			       "reg is %d bytes, not a multiple of %d (#address-cells %d, "
			       "#size-cells %d)",
			       len, entry, cells->address, cells->size);
	*entries = len / entry;
	return FERN_OK;
}

int dt_reg_count(const void *fdt, int node, int *count, struct board_error *err)
{
	const fdt32_t *reg;
	struct dt_cells cells;
	return reg_open(fdt, node, &reg, &cells, count, err);
}

/* Maps *addr (size bytes) from bus's address space to its parent's through bus's ranges. */
static int translate_one(const void *fdt, int node, int bus, int up, uint64_t *addr, uint64_t size,
			 struct board_error *err)
{
	char bus_path[BOARD_PATH_LEN];
	int len;
	const fdt32_t *ranges = dt_getprop(fdt, bus, "ranges", &len);
	if (ranges && len == 0)
		return FERN_OK; /* empty ranges: identity */
	dt_node_path(fdt, bus, bus_path, sizeof(bus_path));
	if (!ranges)
		return dt_fail(err, FERN_ERR_INVALID, fdt, node,
			       "reg 0x%llx is not CPU-addressable: %s has no ranges",
			       (unsigned long long)*addr, bus_path);
	struct dt_cells child, parent;
	int rc = dt_bus_cells(fdt, bus, &child, err);
	if (!rc)
		rc = dt_bus_cells(fdt, up, &parent, err);
	if (rc)
		return rc;
	int cells = child.address + parent.address + child.size;
	if (len % (cells * 4) != 0)
		return dt_fail(err, FERN_ERR_INVALID, fdt, bus,
			       "ranges is %d bytes, not a multiple of %d", len, cells * 4);
	for (int i = 0; i < len / 4; i += cells) {
		uint64_t child_base = dt_cells_value(&ranges[i], child.address);
		uint64_t parent_base = dt_cells_value(&ranges[i + child.address], parent.address);
		uint64_t span =
		    dt_cells_value(&ranges[i + child.address + parent.address], child.size);
		if (*addr < child_base || *addr - child_base >= span ||
		    size > span - (*addr - child_base))
			continue;
		uint64_t offset = *addr - child_base;
		if (parent_base + offset < parent_base)
			break;
		*addr = parent_base + offset;
		return FERN_OK;
	}
	return dt_fail(err, FERN_ERR_INVALID, fdt, node,
		       "reg 0x%llx size 0x%llx lies outside the ranges of %s",
		       (unsigned long long)*addr, (unsigned long long)size, bus_path);
}

int dt_reg_get(const void *fdt, int node, int index, struct phys_range *out,
	       struct board_error *err)
{
	const fdt32_t *reg;
	struct dt_cells cells;
	int entries;
	int rc = reg_open(fdt, node, &reg, &cells, &entries, err);
	if (rc)
		return rc;
	if (index < 0 || index >= entries)
		return dt_fail(err, FERN_ERR_INVALID, fdt, node,
			       "reg has %d entries, entry %d is needed", entries, index);
	const fdt32_t *entry = reg + index * (cells.address + cells.size);
	uint64_t addr = dt_cells_value(entry, cells.address);
	uint64_t size = dt_cells_value(entry + cells.address, cells.size);
	if (size > UINT64_MAX - addr)
		return dt_fail(err, FERN_ERR_INVALID, fdt, node,
			       "reg 0x%llx size 0x%llx wraps around the address space",
			       (unsigned long long)addr, (unsigned long long)size);

	int bus = dt_parent(fdt, node);
	for (int depth = 0; bus > 0; depth++) {
		int up = dt_parent(fdt, bus);
		if (up < 0 || depth > DT_MAX_DEPTH)
			return dt_fail(err, FERN_ERR_INVALID, fdt, node, "cannot walk up from reg");
		rc = translate_one(fdt, node, bus, up, &addr, size, err);
		if (rc)
			return rc;
		bus = up;
	}
	if (size > UINT64_MAX - addr)
		return dt_fail(err, FERN_ERR_INVALID, fdt, node,
			       "reg translates to 0x%llx size 0x%llx, which wraps around",
			       (unsigned long long)addr, (unsigned long long)size);
	out->base = addr;
	out->size = size;
	return FERN_OK;
}
