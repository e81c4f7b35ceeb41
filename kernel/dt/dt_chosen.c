// SPDX-License-Identifier: MIT
/* Discovers the console (from /chosen stdout-path, else the first PL011) and the bootargs. */
#include "dt_internal.h"

#include <fern/status.h>
#include <string.h>

#define CONSOLE_COMPATIBLE "arm,pl011"
/* Longest piece of a stdout-path quoted in an error message. */
#define QUOTE_MAX          80

/* Follows the '/'-separated components of [p, end) down from node. */
static int path_walk(const void *fdt, int node, const char *p, const char *end)
{
	while (p < end) {
		while (p < end && *p == '/')
			p++;
		if (p == end)
			break;
		const char *slash = memchr(p, '/', (size_t)(end - p));
		if (!slash)
			slash = end;
		node = fdt_subnode_offset_namelen(fdt, node, p, (int)(slash - p));
		if (node < 0)
			return FERN_ERR_NOT_FOUND;
		p = slash;
	}
	return node;
}

/* The node for the path part of stdout-path: "/absolute/path" or "alias[/relative/path]". */
static int stdout_node(const void *fdt, const char *path, size_t len)
{
	if (path[0] == '/')
		return path_walk(fdt, 0, path, path + len);
	const char *slash = memchr(path, '/', len);
	size_t name_len = slash ? (size_t)(slash - path) : len;
	int aliases = fdt_path_offset(fdt, "/aliases");
	if (aliases < 0)
		return FERN_ERR_NOT_FOUND;
	int alias_len;
	const char *alias = fdt_getprop_namelen(fdt, aliases, path, (int)name_len, &alias_len);
	if (!alias || alias_len <= 0 || alias[0] != '/')
		return FERN_ERR_NOT_FOUND;
	int node = path_walk(fdt, 0, alias, alias + strnlen(alias, (size_t)alias_len));
	if (node < 0 || !slash)
		return node;
	return path_walk(fdt, node, slash, path + len);
}

/* Applies /chosen stdout-path (or linux,stdout-path); *node stays negative if there is none. */
static int stdout_path(const void *fdt, int chosen, struct board *board, int *node,
		       struct board_error *err)
{
	const char *name = "stdout-path";
	int len;
	const char *prop = dt_getprop(fdt, chosen, name, &len);
	if (!prop) {
		name = "linux,stdout-path";
		prop = dt_getprop(fdt, chosen, name, &len);
	}
	if (!prop)
		return FERN_OK;
	size_t total = len > 0 ? strnlen(prop, (size_t)len) : 0;
	const char *colon = memchr(prop, ':', total);
	size_t path_len = colon ? (size_t)(colon - prop) : total;
	int quote = total > QUOTE_MAX ? QUOTE_MAX : (int)total;
	if (path_len == 0)
		return dt_fail(err, FERN_ERR_INVALID, fdt, chosen, "%s \"%.*s\" has no path", name,
			       quote, prop);
	if (colon)
		dt_copy_string(board->console.options, sizeof(board->console.options), colon + 1,
			       total - path_len - 1);
	int target = stdout_node(fdt, prop, path_len);
	if (target < 0)
		return dt_fail(err, FERN_ERR_INVALID, fdt, chosen, "%s \"%.*s\" names no node",
			       name, quote, prop);
	if (!dt_node_usable(fdt, target))
		return dt_fail(err, FERN_ERR_INVALID, fdt, chosen,
			       "%s \"%.*s\" names a disabled node", name, quote, prop);
	*node = target;
	return FERN_OK;
}

/* Fills board->console from node, which must be a PL011 with a reg. */
static int console_read(const void *fdt, int node, struct board *board, struct board_error *err)
{
	struct board_console *console = &board->console;
	if (!dt_prop_has_string(fdt, node, "compatible", CONSOLE_COMPATIBLE)) {
		char compat[BOARD_NAME_LEN];
		dt_copy_first_string(fdt, node, "compatible", compat, sizeof(compat));
		return dt_fail(err, FERN_ERR_UNSUPPORTED, fdt, node,
			       "console compatible \"%s\" is not supported (need arm,pl011)",
			       compat);
	}
	dt_node_path(fdt, node, console->path, sizeof(console->path));
	dt_copy_first_string(fdt, node, "compatible", console->compatible,
			     sizeof(console->compatible));
	int count;
	int rc = dt_reg_get(fdt, node, 0, &console->regs, err);
	if (!rc)
		rc = dt_irq_count(fdt, node, &count, err);
	if (!rc && count > 0)
		rc = dt_irq_get(fdt, node, 0, &console->irq, err);
	return rc;
}

int dt_chosen_discover(const void *fdt, struct board *board, struct board_error *err)
{
	int node = FERN_ERR_NOT_FOUND;
	int chosen = fdt_path_offset(fdt, "/chosen");
	if (chosen >= 0) {
		int len;
		const char *bootargs = dt_getprop(fdt, chosen, "bootargs", &len);
		dt_copy_string(board->bootargs, sizeof(board->bootargs), bootargs,
			       bootargs && len > 0 ? (size_t)len : 0);
		int rc = stdout_path(fdt, chosen, board, &node, err);
		if (rc)
			return rc;
	}
	if (node < 0)
		node = dt_find_compatible(fdt, CONSOLE_COMPATIBLE);
	if (node < 0)
		return board_fail(
		    err, FERN_ERR_NOT_FOUND,
		    "no console: no stdout-path in /chosen and no usable arm,pl011 node");
	return console_read(fdt, node, board, err);
}
