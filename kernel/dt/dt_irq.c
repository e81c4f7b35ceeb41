// SPDX-License-Identifier: MIT
/* Resolves a node's interrupts through interrupt-parent chains and decodes GIC specifiers. */
#include "dt_internal.h"

#include <fern/status.h>

/* Largest #interrupt-cells we accept from any controller (GICs use 3 or 4). */
#define IRQ_CELLS_MAX 8
/* Highest SPI and PPI numbers in a GIC specifier (INTIDs 1019 and 31). */
#define GIC_SPI_MAX   987
#define GIC_PPI_MAX   15

/* Where one interrupt specifier lives: its controller and its cells. */
struct irq_spec {
	int ctrl;
	const fdt32_t *cells;
	int cell_count;
};

static bool is_controller(const void *fdt, int node)
{
	return dt_getprop(fdt, node, "interrupt-controller", NULL) != NULL;
}

/* One step of the chain from cur: its interrupt-parent target, else its parent in the tree. */
static int chain_step(const void *fdt, int node, int cur, int *next, bool *hop,
		      struct board_error *err)
{
	int len;
	const fdt32_t *phandle = dt_getprop(fdt, cur, "interrupt-parent", &len);
	*hop = phandle != NULL;
	if (!phandle) {
		*next = dt_parent(fdt, cur);
		if (*next < 0)
			return dt_fail(err, FERN_ERR_INVALID, fdt, node,
				       "has interrupts but no interrupt-parent up to the root");
		return FERN_OK;
	}
	if (len != 4)
		return dt_fail(err, FERN_ERR_INVALID, fdt, cur,
			       "interrupt-parent is %d bytes, not 4", len);
	*next = dt_node_by_phandle(fdt, fdt32_ld(phandle));
	if (*next < 0)
		return dt_fail(err, FERN_ERR_INVALID, fdt, cur,
			       "interrupt-parent <0x%x> names no node (dangling phandle)",
			       fdt32_ld(phandle));
	return FERN_OK;
}

int dt_irq_parent(const void *fdt, int node, int *ctrl, struct board_error *err)
{
	char path[BOARD_PATH_LEN];
	int cur = node;
	int hops = 0;
	/* Tree steps end at the root, so only phandle hops can loop; bound both anyway. */
	for (int steps = 0; steps < DT_IRQ_HOPS_MAX * (DT_MAX_DEPTH + 1); steps++) {
		int next = -1;
		bool hop;
		int rc = chain_step(fdt, node, cur, &next, &hop, err);
		if (rc)
			return rc;
		if (is_controller(fdt, next)) {
			*ctrl = next;
			return FERN_OK;
		}
		dt_node_path(fdt, next, path, sizeof(path));
		if (dt_getprop(fdt, next, "interrupt-map", NULL))
			return dt_fail(err, FERN_ERR_UNSUPPORTED, fdt, node,
				       "interrupts go through the nexus %s (interrupt-map), "
				       "which is not supported",
				       path);
		if (hop && ++hops > DT_IRQ_HOPS_MAX)
			return dt_fail(err, FERN_ERR_LOOP, fdt, node,
				       "interrupt-parent chain loops (more than %d hops, at %s)",
				       DT_IRQ_HOPS_MAX, path);
		cur = next;
	}
	return dt_fail(err, FERN_ERR_LOOP, fdt, node, "interrupt-parent chain does not end");
}

/* The #interrupt-cells of controller ctrl, checked. */
static int irq_cells(const void *fdt, int ctrl, int *cells, struct board_error *err)
{
	uint32_t value;
	int rc = dt_read_u32(fdt, ctrl, "#interrupt-cells", 0, &value, err);
	if (rc)
		return rc;
	if (value == 0 || value > IRQ_CELLS_MAX)
		return dt_fail(err, FERN_ERR_INVALID, fdt, ctrl,
			       "#interrupt-cells %u is missing or invalid (1 to %d)", value,
			       IRQ_CELLS_MAX);
	*cells = (int)value;
	return FERN_OK;
}

/* Walks interrupts-extended: counts entries and finds entry index (if it exists). */
static int walk_extended(const void *fdt, int node, const fdt32_t *prop, int len, int index,
			 struct irq_spec *spec, int *count, struct board_error *err)
{
	if (len % 4 != 0)
		return dt_fail(err, FERN_ERR_INVALID, fdt, node,
			       "interrupts-extended is %d bytes, not a multiple of 4", len);
	int words = len / 4;
	int n = 0;
	for (int pos = 0; pos < words; n++) {
		uint32_t phandle = fdt32_ld(&prop[pos]);
		int ctrl = dt_node_by_phandle(fdt, phandle);
		if (ctrl < 0)
			return dt_fail(err, FERN_ERR_INVALID, fdt, node,
				       "interrupts-extended entry %d: <0x%x> names no node", n,
				       phandle);
		if (!is_controller(fdt, ctrl))
			return dt_fail(err, FERN_ERR_UNSUPPORTED, fdt, node,
				       "interrupts-extended entry %d names a node that is not an "
				       "interrupt-controller",
				       n);
		int cells;
		int rc = irq_cells(fdt, ctrl, &cells, err);
		if (rc)
			return rc;
		if (words - pos - 1 < cells)
			return dt_fail(err, FERN_ERR_INVALID, fdt, node,
				       "interrupts-extended entry %d is cut short", n);
		if (n == index)
			*spec = (struct irq_spec){ctrl, &prop[pos + 1], cells};
		pos += 1 + cells;
	}
	*count = n;
	return FERN_OK;
}

/* Counts node's interrupts and finds specifier index (spec->ctrl < 0 if there is none). */
static int irq_find(const void *fdt, int node, int index, struct irq_spec *spec, int *count,
		    struct board_error *err)
{
	spec->ctrl = -1;
	*count = 0;
	int len;
	const fdt32_t *prop = dt_getprop(fdt, node, "interrupts-extended", &len);
	if (prop)
		return walk_extended(fdt, node, prop, len, index, spec, count, err);
	prop = dt_getprop(fdt, node, "interrupts", &len);
	if (!prop || len == 0)
		return FERN_OK;
	int ctrl, cells;
	int rc = dt_irq_parent(fdt, node, &ctrl, err);
	if (!rc)
		rc = irq_cells(fdt, ctrl, &cells, err);
	if (rc)
		return rc;
	if (len % (cells * 4) != 0)
		return dt_fail(err, FERN_ERR_INVALID, fdt, node,
			       "interrupts is %d bytes, not a multiple of %d (#interrupt-cells %d)",
			       len, cells * 4, cells);
	*count = len / (cells * 4);
	if (index >= 0 && index < *count)
		*spec = (struct irq_spec){ctrl, &prop[index * cells], cells};
	return FERN_OK;
}

int dt_irq_count(const void *fdt, int node, int *count, struct board_error *err)
{
	struct irq_spec spec;
	return irq_find(fdt, node, -1, &spec, count, err);
}

/* Decodes a GIC specifier: <type number flags [affinity]>. */
static int decode_gic(const void *fdt, int node, const struct irq_spec *spec, struct board_irq *irq,
		      struct board_error *err)
{
	const char *compat;
	if (dt_gic_version(fdt, spec->ctrl, &compat) == GIC_NONE) {
		char path[BOARD_PATH_LEN], name[BOARD_NAME_LEN];
		dt_node_path(fdt, spec->ctrl, path, sizeof(path));
		dt_copy_first_string(fdt, spec->ctrl, "compatible", name, sizeof(name));
		return dt_fail(err, FERN_ERR_UNSUPPORTED, fdt, node,
			       "interrupt controller %s (\"%s\") is not a GIC", path, name);
	}
	if (spec->cell_count != 3 && spec->cell_count != 4)
		return dt_fail(err, FERN_ERR_INVALID, fdt, spec->ctrl,
			       "#interrupt-cells %d, a GIC needs 3 or 4", spec->cell_count);
	uint32_t type = fdt32_ld(&spec->cells[0]);
	uint32_t number = fdt32_ld(&spec->cells[1]);
	uint32_t flags = fdt32_ld(&spec->cells[2]);
	*irq = (struct board_irq){0};
	if (type == 0 && number <= GIC_SPI_MAX) {
		irq->intid = number + 32;
	} else if (type == 1 && number <= GIC_PPI_MAX) {
		irq->intid = number + 16;
		irq->cpu_mask = (uint8_t)(flags >> 8);
	} else if (type == 2 || type == 3) {
		return dt_fail(err, FERN_ERR_UNSUPPORTED, fdt, node,
			       "interrupt type %u (extended SPI/PPI range) is not supported", type);
	} else {
		return dt_fail(err, FERN_ERR_INVALID, fdt, node,
			       "interrupt <%u %u 0x%x> is not a valid SPI (0-%d) or PPI (0-%d)",
			       type, number, flags, GIC_SPI_MAX, GIC_PPI_MAX);
	}
	uint32_t trigger = flags & 0xf;
	if (trigger != IRQ_TRIGGER_NONE && trigger != IRQ_EDGE_RISING &&
	    trigger != IRQ_EDGE_FALLING && trigger != IRQ_LEVEL_HIGH && trigger != IRQ_LEVEL_LOW)
		return dt_fail(err, FERN_ERR_INVALID, fdt, node,
			       "interrupt flags 0x%x: trigger %u is not 1, 2, 4 or 8", flags,
			       trigger);
	irq->trigger = (enum irq_trigger)trigger;
	return FERN_OK;
}

int dt_irq_get(const void *fdt, int node, int index, struct board_irq *irq, struct board_error *err)
{
	struct irq_spec spec;
	int count;
	int rc = irq_find(fdt, node, index, &spec, &count, err);
	if (rc)
		return rc;
	if (spec.ctrl < 0)
		return dt_fail(err, FERN_ERR_INVALID, fdt, node,
			       "lists %d interrupts, interrupt %d is needed", count, index);
	return decode_gic(fdt, node, &spec, irq, err);
}
