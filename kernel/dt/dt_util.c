// SPDX-License-Identifier: MIT
/* Discovery helpers: errors that name nodes, status checks and length-bounded property reads. */
#include "dt_index.h"
#include "dt_internal.h"

#include <fern/format.h>
#include <fern/status.h>
#include <stdarg.h>
#include <string.h>

int board_fail(struct board_error *err, int status, const char *fmt, ...)
{
	if (!err)
		return status;
	va_list ap;
	va_start(ap, fmt);
	format_vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	err->status = status;
	return status;
}

int dt_fail(struct board_error *err, int status, const void *fdt, int node, const char *fmt, ...)
{
	if (!err)
		return status;
	char path[BOARD_PATH_LEN];
	dt_node_path(fdt, node, path, sizeof(path));
	int used = format_snprintf(err->message, sizeof(err->message), "%s: ", path);
	if (used < 0 || (size_t)used >= sizeof(err->message))
		used = (int)sizeof(err->message) - 1;
	va_list ap;
	va_start(ap, fmt);
	format_vsnprintf(err->message + used, sizeof(err->message) - (size_t)used, fmt, ap);
	va_end(ap);
	err->status = status;
	return status;
}

void dt_node_path(const void *fdt, int node, char *buf, size_t size)
{
	if (size == 0)
		return;
	if (fdt_get_path(fdt, node, buf, (int)size) == 0)
		return;
	/* Too deep for the buffer (or not a node): name the node alone. */
	int len;
	const char *name = fdt_get_name(fdt, node, &len);
	if (name && len >= 0)
		format_snprintf(buf, size, ".../%.*s", len, name);
	else
		format_snprintf(buf, size, "<node at offset %d>", node);
}

/* True if node's own status (if any) is "okay" or "ok". */
const void *dt_getprop(const void *fdt, int node, const char *name, int *lenp)
{
	const char *strings = (const char *)fdt + fdt_off_dt_strings(fdt);
	int prop;
	fdt_for_each_property_offset(prop, fdt, node)
	{
		int len;
		const struct fdt_property *p = fdt_get_property_by_offset(fdt, prop, &len);
		if (!p)
			break;
		if (!strcmp(strings + fdt32_to_cpu(p->nameoff), name)) {
			if (lenp)
				*lenp = len;
			return p->data;
		}
	}
	if (lenp)
		*lenp = -FDT_ERR_NOTFOUND;
	return NULL;
}

uint32_t dt_get_phandle(const void *fdt, int node)
{
	int len;
	const fdt32_t *v = dt_getprop(fdt, node, "phandle", &len);
	if (!v)
		v = dt_getprop(fdt, node, "linux,phandle", &len);
	return v && len == 4 ? fdt32_to_cpu(*v) : 0;
}

bool dt_status_okay(const void *fdt, int node)
{
	int len;
	if (!dt_getprop(fdt, node, "status", &len))
		return true;
	return dt_prop_is(fdt, node, "status", "okay") || dt_prop_is(fdt, node, "status", "ok");
}

int dt_parent(const void *fdt, int node)
{
	const struct dt_index *ix = dt_index_of(fdt);
	if (ix && ix->fdt == fdt) {
		int parent = dt_index_parent(ix, node);
		if (parent >= -1)
			return parent >= 0 ? parent : -FDT_ERR_NOTFOUND;
	}
	return fdt_parent_offset(fdt, node);
}

int dt_node_by_phandle(const void *fdt, uint32_t phandle)
{
	const struct dt_index *ix = dt_index_of(fdt);
	if (ix && ix->fdt == fdt) {
		int node = dt_index_by_phandle(ix, phandle);
		return node >= 0 ? node : -FDT_ERR_NOTFOUND;
	}
	return fdt_node_offset_by_phandle(fdt, phandle);
}

bool dt_node_usable(const void *fdt, int node)
{
	for (int depth = 0; node >= 0 && depth <= DT_MAX_DEPTH; depth++) {
		if (!dt_status_okay(fdt, node))
			return false;
		if (node == 0)
			return true;
		node = dt_parent(fdt, node);
	}
	return false;
}

const char *dt_prop_string(const void *fdt, int node, const char *name)
{
	int len;
	const char *value = dt_getprop(fdt, node, name, &len);
	if (!value || len <= 0 || strnlen(value, (size_t)len) == (size_t)len)
		return NULL;
	return value;
}

bool dt_prop_has_string(const void *fdt, int node, const char *name, const char *value)
{
	int len;
	const char *list = dt_getprop(fdt, node, name, &len);
	if (!list || len <= 0)
		return false;
	size_t want = strlen(value);
	size_t pos = 0;
	while (pos < (size_t)len) {
		size_t item = strnlen(list + pos, (size_t)len - pos);
		if (item == want && memcmp(list + pos, value, want) == 0)
			return true;
		pos += item + 1;
	}
	return false;
}

bool dt_prop_is(const void *fdt, int node, const char *name, const char *value)
{
	int len;
	const char *prop = dt_getprop(fdt, node, name, &len);
	if (!prop || len <= 0)
		return false;
	size_t want = strlen(value);
	return strnlen(prop, (size_t)len) == want && memcmp(prop, value, want) == 0;
}

void dt_copy_string(char *dst, size_t size, const char *src, size_t src_len)
{
	if (size == 0)
		return;
	size_t len = src ? strnlen(src, src_len) : 0;
	if (len > size - 1)
		len = size - 1;
	if (len)
		memcpy(dst, src, len);
	dst[len] = '\0';
}

void dt_copy_first_string(const void *fdt, int node, const char *name, char *dst, size_t size)
{
	int len;
	const char *prop = dt_getprop(fdt, node, name, &len);
	dt_copy_string(dst, size, prop, prop && len > 0 ? (size_t)len : 0);
}

int dt_read_u32(const void *fdt, int node, const char *name, uint32_t fallback, uint32_t *out,
		struct board_error *err)
{
	int len;
	const fdt32_t *prop = dt_getprop(fdt, node, name, &len);
	if (!prop) {
		*out = fallback;
		return FERN_OK;
	}
	if (len != 4)
		return dt_fail(err, FERN_ERR_INVALID, fdt, node, "%s is %d bytes, not 4", name,
			       len);
	*out = fdt32_ld(prop);
	return FERN_OK;
}

int dt_read_number(const void *fdt, int node, const char *name, uint64_t *out, bool *found,
		   struct board_error *err)
{
	int len;
	const fdt32_t *prop = dt_getprop(fdt, node, name, &len);
	*found = prop != NULL;
	*out = 0;
	if (!prop)
		return FERN_OK;
	if (len != 4 && len != 8)
		return dt_fail(err, FERN_ERR_INVALID, fdt, node, "%s is %d bytes, not 4 or 8", name,
			       len);
	*out = dt_cells_value(prop, len / 4);
	return FERN_OK;
}

uint64_t dt_cells_value(const fdt32_t *cells, int count)
{
	uint64_t value = 0;
	for (int i = 0; i < count; i++)
		value = (value << 32) | fdt32_ld(&cells[i]);
	return value;
}

int dt_find_compatible(const void *fdt, const char *compat)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, compat);
	while (node >= 0 && !dt_node_usable(fdt, node))
		node = fdt_node_offset_by_compatible(fdt, node, compat);
	return node >= 0 ? node : FERN_ERR_NOT_FOUND;
}
