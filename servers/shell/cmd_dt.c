// SPDX-License-Identifier: MIT
/* The dt command: one node of the live device tree (the startup task's "dt" report, a DTB)
 * with its properties decoded, and its children. */
#include "dtprop.h"
#include "fdt_validate.h"
#include "shell.h"

#include <fern/status.h>
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

#define DT_MAX (1024 * 1024) /* the largest device tree the shell takes */

/* Reads the whole "dt" report into a new buffer (free it); *status on failure. */
static void *dt_fetch(struct shell *sh, int *status)
{
	size_t cap = 16384, len = 0;
	char *buf = malloc(cap);
	*status = buf ? FERN_OK : FERN_ERR_NO_MEMORY;
	while (buf) {
		if (cap - len < FERN_MSG_DATA_MAX) {
			char *bigger = cap < DT_MAX ? realloc(buf, cap * 2) : 0;
			if (!bigger) {
				*status = cap < DT_MAX ? FERN_ERR_NO_MEMORY : FERN_ERR_TOO_BIG;
				break;
			}
			buf = bigger;
			cap *= 2;
		}
		int64_t n = sys_report_read(sh, "dt", len, buf + len, FERN_MSG_DATA_MAX);
		if (n <= 0) {
			*status = (int)n;
			/* The kernel checked it at boot; so does the shell, before libfdt. */
			if (!n && fdt_validate(buf, len, 0))
				*status = FERN_ERR_CORRUPT;
			if (!*status)
				return buf;
			break;
		}
		len += (size_t)n;
	}
	free(buf);
	return 0;
}

static void to_out(void *ctx, const char *text, size_t len)
{
	out_write(ctx, text, len);
}

static void props_print(struct shell *sh, const void *fdt, int node)
{
	int parent = node ? fdt_parent_offset(fdt, node) : -1;
	int ac = parent >= 0 ? fdt_address_cells(fdt, parent) : 2;
	int sc = parent >= 0 ? fdt_size_cells(fdt, parent) : 1;
	int prop;
	fdt_for_each_property_offset(prop, fdt, node)
	{
		const char *name;
		int len;
		const void *v = fdt_getprop_by_offset(fdt, prop, &name, &len);
		if (!v || out_interrupted(sh))
			return;
		out_printf(sh, "  %s", name);
		if (len > 0) {
			out_puts(sh, " = ");
			dtprop_format(name, v, (size_t)len, ac, sc, to_out, sh);
		}
		out_puts(sh, ";\n");
	}
}

int cmd_dt(struct shell *sh, int argc, char **argv)
{
	if (argc > 2)
		return command_usage(sh, "dt");
	const char *path = argc == 2 ? argv[1] : "/";
	int rc;
	void *fdt = dt_fetch(sh, &rc);
	if (!fdt) {
		out_error(sh, "dt", 0, rc);
		return rc;
	}
	int node = fdt_path_offset(fdt, path);
	if (node < 0) {
		free(fdt);
		out_error(sh, "dt", path, FERN_ERR_NOT_FOUND);
		return FERN_ERR_NOT_FOUND;
	}
	out_printf(sh, "%s {\n", path);
	props_print(sh, fdt, node);
	int child;
	fdt_for_each_subnode(child, fdt, node)
	{
		if (out_interrupted(sh))
			break;
		out_printf(sh, "  %s/\n", fdt_get_name(fdt, child, 0));
	}
	out_puts(sh, "}\n");
	free(fdt);
	return FERN_OK;
}
