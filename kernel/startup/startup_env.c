// SPDX-License-Identifier: MIT
/* The environment blob a program starts with: a device tree written with libfdt's sequential
 * writer. Layout (docs/specs.md):
 *   / { compatible = "fern,environment"; fern,name; fern,spec;
 *       handles { NAME = <index into start_info.handle[]>; ... };
 *       device { the fragment's root: #address-cells, #size-cells, fern,path, the node };
 *       config { the spec's config, copied }; }; */
#include "startup_internal.h"

#include <fern/status.h>
#include <fragment.h>
#include <libfdt.h>

static int copy_as(void *buf, const char *name, const void *src, int node)
{
	int rc = fdt_begin_node(buf, name);
	if (!rc)
		rc = fragment_copy_node(buf, src, node);
	return rc ? rc : fdt_end_node(buf);
}

int startup_env_build(void *buf, size_t size, const struct startup_state *st,
		      const struct instance *in, const char *const *names, int count,
		      const void *fragment)
{
	const struct spec *s = &st->specs[in->spec];
	int rc = fdt_create(buf, (int)size);
	if (!rc)
		rc = fdt_finish_reservemap(buf);
	if (!rc)
		rc = fdt_begin_node(buf, "");
	if (!rc)
		rc = fdt_property_string(buf, "compatible", "fern,environment");
	if (!rc)
		rc = fdt_property_string(buf, "fern,name", in->name);
	if (!rc)
		rc = fdt_property_string(buf, "fern,spec", s->name);
	if (!rc)
		rc = fdt_begin_node(buf, "handles");
	for (int i = 0; !rc && i < count; i++)
		rc = fdt_property_u32(buf, names[i], (uint32_t)i);
	if (!rc)
		rc = fdt_end_node(buf);
	if (!rc && fragment)
		rc = copy_as(buf, "device", fragment, 0);
	if (!rc && s->config >= 0)
		rc = copy_as(buf, "config", s->fdt, s->config);
	if (!rc)
		rc = fdt_end_node(buf);
	if (!rc)
		rc = fdt_finish(buf);
	if (rc == -FDT_ERR_NOSPACE)
		return FERN_ERR_NO_MEMORY;
	return rc ? FERN_ERR_INVALID : FERN_OK;
}
