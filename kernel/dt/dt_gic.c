// SPDX-License-Identifier: MIT
/* Finds the GIC (v2 or v3) and decodes its distributor, CPU interface and redistributors. */
#include "dt_internal.h"

#include <fern/status.h>

static const struct gic_match {
	const char *compatible;
	enum gic_version version;
} gic_matches[] = {
    {"arm,gic-400", GIC_V2},
    {"arm,cortex-a15-gic", GIC_V2},
    {"arm,gic-v3", GIC_V3},
};

#define GIC_MATCH_COUNT (sizeof(gic_matches) / sizeof(gic_matches[0]))
#define GIC_NAMES       "arm,gic-400, arm,cortex-a15-gic or arm,gic-v3"

enum gic_version dt_gic_version(const void *fdt, int node, const char **compat)
{
	for (size_t i = 0; i < GIC_MATCH_COUNT; i++) {
		if (dt_prop_has_string(fdt, node, "compatible", gic_matches[i].compatible)) {
			if (compat)
				*compat = gic_matches[i].compatible;
			return gic_matches[i].version;
		}
	}
	return GIC_NONE;
}

/* The node the root's interrupt-parent names, or FERN_ERR_NOT_FOUND. */
static int root_irq_parent(const void *fdt)
{
	int len;
	const fdt32_t *phandle = dt_getprop(fdt, 0, "interrupt-parent", &len);
	if (!phandle || len != 4)
		return FERN_ERR_NOT_FOUND;
	int node = dt_node_by_phandle(fdt, fdt32_ld(phandle));
	return node >= 0 ? node : FERN_ERR_NOT_FOUND;
}

/* The root's interrupt parent if it is a usable GIC, else the first usable GIC we know. */
static int gic_find(const void *fdt)
{
	int primary = root_irq_parent(fdt);
	if (primary >= 0 && dt_node_usable(fdt, primary) &&
	    dt_gic_version(fdt, primary, NULL) != GIC_NONE)
		return primary;
	for (size_t i = 0; i < GIC_MATCH_COUNT; i++) {
		int node = dt_find_compatible(fdt, gic_matches[i].compatible);
		if (node >= 0)
			return node;
	}
	return FERN_ERR_NOT_FOUND;
}

/* No usable GIC: say whether the board has another kind of controller or none at all. */
static int gic_missing(const void *fdt, struct board_error *err)
{
	int primary = root_irq_parent(fdt);
	if (primary >= 0 && dt_node_usable(fdt, primary) &&
	    dt_getprop(fdt, primary, "interrupt-controller", NULL)) {
		char compat[BOARD_NAME_LEN];
		dt_copy_first_string(fdt, primary, "compatible", compat, sizeof(compat));
		return dt_fail(err, FERN_ERR_UNSUPPORTED, fdt, primary,
			       "interrupt controller \"%s\" is not supported (need " GIC_NAMES ")",
			       compat);
	}
	return board_fail(err, FERN_ERR_NOT_FOUND,
			  "no interrupt controller: no usable " GIC_NAMES " node");
}

static int gic_v2_regs(const void *fdt, int node, struct board_gic *gic, struct board_error *err)
{
	int count;
	int rc = dt_reg_count(fdt, node, &count, err);
	if (rc)
		return rc;
	if (count < 2)
		return dt_fail(err, FERN_ERR_INVALID, fdt, node,
			       "reg has %d entries, a GICv2 needs 2 (GICD, GICC)", count);
	rc = dt_reg_get(fdt, node, 0, &gic->dist, err);
	if (!rc)
		rc = dt_reg_get(fdt, node, 1, &gic->cpu_if, err);
	return rc;
}

static int gic_v3_regs(const void *fdt, int node, struct board_gic *gic, struct board_error *err)
{
	uint32_t regions;
	int count;
	int rc = dt_read_u32(fdt, node, "#redistributor-regions", 1, &regions, err);
	if (!rc)
		rc = dt_reg_count(fdt, node, &count, err);
	if (rc)
		return rc;
	if (regions == 0)
		return dt_fail(err, FERN_ERR_INVALID, fdt, node, "#redistributor-regions is 0");
	if (regions > BOARD_MAX_REDIST)
		return dt_fail(err, FERN_ERR_TOO_MANY, fdt, node,
			       "#redistributor-regions %u exceeds the %d supported", regions,
			       BOARD_MAX_REDIST);
	if ((uint32_t)count < 1 + regions)
		return dt_fail(err, FERN_ERR_INVALID, fdt, node,
			       "reg has %d entries, needs %u (GICD and %u GICR regions)", count,
			       1 + regions, regions);
	rc = dt_reg_get(fdt, node, 0, &gic->dist, err);
	for (int i = 0; !rc && i < (int)regions; i++)
		rc = dt_reg_get(fdt, node, 1 + i, &gic->redist[i], err);
	if (!rc && count > (int)regions + 1)
		rc = dt_reg_get(fdt, node, 1 + (int)regions, &gic->cpu_if, err);
	if (rc)
		return rc;
	gic->redist_count = (int)regions;
	return FERN_OK;
}

int dt_gic_discover(const void *fdt, struct board *board, struct board_error *err)
{
	int node = gic_find(fdt);
	if (node < 0)
		return gic_missing(fdt, err);
	struct board_gic *gic = &board->gic;
	const char *compat = "";
	gic->version = dt_gic_version(fdt, node, &compat);
	dt_copy_string(gic->compatible, sizeof(gic->compatible), compat, BOARD_NAME_LEN);
	dt_node_path(fdt, node, gic->path, sizeof(gic->path));
	gic->phandle = dt_get_phandle(fdt, node);
	if (!dt_getprop(fdt, node, "interrupt-controller", NULL))
		return dt_fail(err, FERN_ERR_INVALID, fdt, node,
			       "GIC node lacks the interrupt-controller property");
	if (gic->version == GIC_V2)
		return gic_v2_regs(fdt, node, gic, err);
	return gic_v3_regs(fdt, node, gic, err);
}
