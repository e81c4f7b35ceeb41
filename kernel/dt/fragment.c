// SPDX-License-Identifier: MIT
/* Device fragments (fragment.h), written with libfdt's sequential-write API. */
#include "fragment.h"

#include "dt_internal.h"

#include <fern/status.h>
#include <string.h>

int fragment_resources(const void *fdt, int node, struct fragment_resources *res,
		       struct board_error *err)
{
	memset(res, 0, sizeof(*res));
	int regs, irqs;
	int rc = dt_reg_count(fdt, node, &regs, err);
	if (!rc)
		rc = dt_irq_count(fdt, node, &irqs, err);
	if (rc)
		return rc;
	if (regs > FRAGMENT_MAX_REG)
		return dt_fail(err, FERN_ERR_TOO_MANY, fdt, node, "reg: more than %d entries",
			       FRAGMENT_MAX_REG);
	if (irqs > FRAGMENT_MAX_IRQ)
		return dt_fail(err, FERN_ERR_TOO_MANY, fdt, node,
			       "interrupts: more than %d entries", FRAGMENT_MAX_IRQ);
	for (int i = 0; i < regs; i++) {
		rc = dt_reg_get(fdt, node, i, &res->mmio[i], err);
		if (rc)
			return rc;
	}
	for (int i = 0; i < irqs; i++) {
		rc = dt_irq_get(fdt, node, i, &res->irq[i], err);
		if (rc)
			return rc;
	}
	res->mmio_count = regs;
	res->irq_count = irqs;
	return FERN_OK;
}

/* Properties the fragment rewrites (reg, interrupts) or drops (they point into the board). */
static bool rewritten(const char *name)
{
	return !strcmp(name, "reg") || !strcmp(name, "interrupts") ||
	       !strcmp(name, "interrupts-extended") || !strcmp(name, "interrupt-parent");
}

/* Copies node's properties (all, or all but the rewritten ones) and its subtree, at most
 * DT_MAX_DEPTH deep (a hostile blob must not exhaust a kernel stack). */
static int copy_node(void *out, const void *fdt, int node, bool top, int depth)
{
	if (depth > DT_MAX_DEPTH)
		return -FDT_ERR_BADSTRUCTURE;
	int prop, rc = 0;
	fdt_for_each_property_offset(prop, fdt, node)
	{
		const char *name;
		int len;
		const void *value = fdt_getprop_by_offset(fdt, prop, &name, &len);
		if (!value)
			return -FDT_ERR_BADSTRUCTURE;
		if (top && rewritten(name))
			continue;
		rc = fdt_property(out, name, value, len);
		if (rc)
			return rc;
	}
	int child;
	fdt_for_each_subnode(child, fdt, node)
	{
		rc = fdt_begin_node(out, fdt_get_name(fdt, child, 0));
		if (!rc)
			rc = copy_node(out, fdt, child, false, depth + 1);
		if (!rc)
			rc = fdt_end_node(out);
		if (rc)
			return rc;
	}
	return 0;
}

int fragment_copy_node(void *out, const void *fdt, int node)
{
	return copy_node(out, fdt, node, false, 0);
}

static int write_resources(void *out, const struct fragment_resources *res)
{
	int rc = 0;
	if (res->mmio_count) {
		fdt32_t cells[FRAGMENT_MAX_REG * 4];
		for (int i = 0; i < res->mmio_count; i++) {
			cells[4 * i + 0] = cpu_to_fdt32((uint32_t)(res->mmio[i].base >> 32));
			cells[4 * i + 1] = cpu_to_fdt32((uint32_t)res->mmio[i].base);
			cells[4 * i + 2] = cpu_to_fdt32((uint32_t)(res->mmio[i].size >> 32));
			cells[4 * i + 3] = cpu_to_fdt32((uint32_t)res->mmio[i].size);
		}
		rc = fdt_property(out, "reg", cells, res->mmio_count * 16);
	}
	if (!rc && res->irq_count) {
		fdt32_t cells[FRAGMENT_MAX_IRQ * 2];
		for (int i = 0; i < res->irq_count; i++) {
			cells[2 * i] = cpu_to_fdt32(res->irq[i].intid);
			cells[2 * i + 1] = cpu_to_fdt32((uint32_t)res->irq[i].trigger);
		}
		rc = fdt_property(out, "interrupts", cells, res->irq_count * 8);
	}
	return rc;
}

int fragment_build(const void *fdt, int node, const struct fragment_resources *res, void *buf,
		   size_t size, struct board_error *err)
{
	char path[BOARD_PATH_LEN];
	dt_node_path(fdt, node, path, sizeof(path));
	int rc = fdt_create(buf, (int)size);
	if (!rc)
		rc = fdt_finish_reservemap(buf);
	if (!rc)
		rc = fdt_begin_node(buf, "");
	if (!rc)
		rc = fdt_property_u32(buf, "#address-cells", 2);
	if (!rc)
		rc = fdt_property_u32(buf, "#size-cells", 2);
	if (!rc)
		rc = fdt_property_string(buf, "fern,path", path);
	if (!rc)
		rc = fdt_begin_node(buf, fdt_get_name(fdt, node, 0));
	if (!rc)
		rc = copy_node(buf, fdt, node, true, 0);
	if (!rc)
		rc = write_resources(buf, res);
	if (!rc)
		rc = fdt_end_node(buf);
	if (!rc)
		rc = fdt_end_node(buf);
	if (!rc)
		rc = fdt_finish(buf);
	if (rc == -FDT_ERR_NOSPACE)
		return dt_fail(err, FERN_ERR_NO_MEMORY, fdt, node,
			       "the fragment does not fit in %zu bytes", size);
	if (rc)
		return dt_fail(err, FERN_ERR_INVALID, fdt, node, "cannot copy into a fragment: %s",
			       fdt_strerror(rc));
	return FERN_OK;
}

int fragment_reg(const void *fdt, int node, int index, struct phys_range *out,
		 struct board_error *err)
{
	return dt_reg_get(fdt, node, index, out, err);
}
