// SPDX-License-Identifier: MIT
/* Device-tree node index (dt_index.h). */
#include "dt_index.h"
#include "dt_internal.h"

#include <fern/status.h>
#include <stdbool.h>

/* Walks every node, calling visit(offset, parent, ctx) in order; returns the count or a
 * negative fern status. */
static long walk(const void *fdt, struct dt_index *ix, size_t cap)
{
	int stack[DT_MAX_DEPTH + 1];
	bool usable[DT_MAX_DEPTH + 1];
	int depth = 0;
	long count = 0;
	for (int node = 0; node >= 0; node = fdt_next_node(fdt, node, &depth)) {
		if (depth < 0 || depth > DT_MAX_DEPTH)
			return depth < 0 ? count : FERN_ERR_INVALID;
		stack[depth] = node;
		if (ix) {
			if ((size_t)count >= cap)
				return FERN_ERR_INVALID;
			usable[depth] = dt_status_okay(fdt, node) && (!depth || usable[depth - 1]);
			int len;
			const char *compat = dt_getprop(fdt, node, "compatible", &len);
			bool has = compat && len > 0 && len <= UINT16_MAX;
			ix->node[count] = (struct dt_index_node){
			    .offset = node,
			    .parent = depth ? stack[depth - 1] : -1,
			    .phandle = dt_get_phandle(fdt, node),
			    .compat = has ? (int32_t)(compat - (const char *)fdt) : -1,
			    .compat_len = has ? (uint16_t)len : 0,
			    .usable = usable[depth],
			};
		}
		count++;
	}
	return count;
}

long dt_index_size(const void *fdt)
{
	long count = walk(fdt, 0, 0);
	if (count < 0)
		return count;
	return (long)(sizeof(struct dt_index) + (size_t)count * sizeof(struct dt_index_node));
}

int dt_index_build(const void *fdt, struct dt_index *ix, size_t size)
{
	if (size < sizeof(*ix))
		return FERN_ERR_INVALID;
	long count = walk(fdt, ix, (size - sizeof(*ix)) / sizeof(ix->node[0]));
	if (count < 0)
		return (int)count;
	ix->fdt = fdt;
	ix->count = (int)count;
	return FERN_OK;
}

int dt_index_parent(const struct dt_index *ix, int node)
{
	int lo = 0, hi = ix->count;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (ix->node[mid].offset < node)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < ix->count && ix->node[lo].offset == node ? ix->node[lo].parent : -2;
}

int dt_index_by_phandle(const struct dt_index *ix, uint32_t phandle)
{
	if (phandle == 0 || phandle == UINT32_MAX)
		return -1;
	for (int i = 0; i < ix->count; i++)
		if (ix->node[i].phandle == phandle)
			return ix->node[i].offset;
	return -1;
}

int dt_index_next_compatible(const struct dt_index *ix, int after, const char *const *compat,
			     int count)
{
	for (int i = 0; i < ix->count; i++) {
		const struct dt_index_node *n = &ix->node[i];
		if (n->offset <= after || n->compat < 0 || !n->usable)
			continue;
		const char *list = (const char *)ix->fdt + n->compat;
		for (int k = 0; k < count; k++)
			if (fdt_stringlist_contains(list, n->compat_len, compat[k]))
				return n->offset;
	}
	return -1;
}

/* Without an index of its own, a program walks the tree (libfdt). */
__attribute__((weak)) const struct dt_index *dt_index_of(const void *fdt)
{
	(void)fdt;
	return 0;
}
