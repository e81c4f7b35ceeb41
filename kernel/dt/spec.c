// SPDX-License-Identifier: MIT
/* Spec parsing and checking (spec.h): every property and node is known or an error. */
#include "spec.h"

#include "dt_index.h"
#include "dt_internal.h"

#include <fern/status.h>
#include <string.h>

/* Names of specs, programs, services and environment entries: [a-z0-9._-], 1..31 chars. */
static bool name_ok(const char *s, size_t len)
{
	if (len == 0 || len >= SPEC_NAME_LEN)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '-'))
			return false;
	}
	return true;
}

/* A property holding exactly one non-empty string; returns it or NULL (and fills err). */
static const char *one_string(const void *value, int len, const char *field,
			      struct board_error *err)
{
	const char *s = value;
	if (len < 2 || s[len - 1] != 0 || strlen(s) != (size_t)len - 1) {
		board_fail(err, FERN_ERR_INVALID, "%s: must be one non-empty string", field);
		return 0;
	}
	return s;
}

static int read_name(const void *value, int len, const char *field, char *out,
		     struct board_error *err)
{
	const char *s = one_string(value, len, field, err);
	if (!s)
		return FERN_ERR_INVALID;
	if (!name_ok(s, (size_t)len - 1))
		return board_fail(err, FERN_ERR_INVALID,
				  "%s: \"%s\" is not a name (1 to %d of a-z 0-9 . _ -)", field, s,
				  SPEC_NAME_LEN - 1);
	memcpy(out, s, (size_t)len);
	return FERN_OK;
}

static int read_u32(const void *value, int len, const char *field, uint32_t max, uint32_t *out,
		    struct board_error *err)
{
	if (len != 4)
		return board_fail(err, FERN_ERR_INVALID, "%s: must be one cell, like <8>", field);
	uint32_t v = fdt32_to_cpu(*(const fdt32_t *)value);
	if (v > max)
		return board_fail(err, FERN_ERR_INVALID, "%s: %u is above the maximum, %u", field,
				  v, max);
	*out = v;
	return FERN_OK;
}

/* Splits a string list into out[max][width]; each entry non-empty and shorter than width. */
static int read_list(const void *value, int len, const char *field, char *out, int width, int max,
		     int *count, struct board_error *err)
{
	const char *s = value;
	if (len < 2 || s[len - 1] != 0)
		return board_fail(err, FERN_ERR_INVALID, "%s: must be a list of strings", field);
	int n = 0;
	for (int at = 0; at < len;) {
		size_t item = strlen(s + at);
		if (item == 0 || item >= (size_t)width)
			return board_fail(err, FERN_ERR_INVALID,
					  "%s: entry %d is empty or longer than %d characters",
					  field, n + 1, width - 1);
		if (n == max)
			return board_fail(err, FERN_ERR_INVALID, "%s: more than %d entries", field,
					  max);
		memcpy(out + (size_t)n * (size_t)width, s + at, item + 1);
		n++;
		at += (int)item + 1;
	}
	*count = n;
	return FERN_OK;
}

static int parse_match(const void *fdt, int node, struct spec *spec, struct board_error *err)
{
	int prop;
	fdt_for_each_property_offset(prop, fdt, node)
	{
		const char *name;
		int len;
		const void *value = fdt_getprop_by_offset(fdt, prop, &name, &len);
		int rc;
		if (!value)
			return board_fail(err, FERN_ERR_INVALID, "match: unreadable property");
		if (!strcmp(name, "compatible"))
			rc = read_list(value, len, "match/compatible", &spec->match[0][0],
				       SPEC_COMPAT_LEN, SPEC_MAX_MATCH, &spec->match_count, err);
		else if (!strcmp(name, "virtio-device-id"))
			rc = read_u32(value, len, "match/virtio-device-id", 0xffff,
				      &spec->virtio_id, err);
		else
			rc = board_fail(err, FERN_ERR_INVALID,
					"match: unknown property '%s' (known: compatible, "
					"virtio-device-id)",
					name);
		if (rc)
			return rc;
		if (!strcmp(name, "virtio-device-id"))
			spec->has_virtio_id = true;
	}
	if (fdt_first_subnode(fdt, node) >= 0)
		return board_fail(err, FERN_ERR_INVALID, "match: must not have child nodes");
	if (!spec->match_count)
		return board_fail(err, FERN_ERR_INVALID, "match: missing compatible");
	if (spec->has_virtio_id) {
		bool virtio = false;
		for (int i = 0; i < spec->match_count; i++)
			virtio |= !strcmp(spec->match[i], "virtio,mmio");
		if (!virtio)
			return board_fail(
			    err, FERN_ERR_INVALID,
			    "match/virtio-device-id: needs compatible \"virtio,mmio\"");
	}
	spec->is_driver = true;
	return FERN_OK;
}

static int parse_uses(const void *fdt, int node, struct spec *spec, struct board_error *err)
{
	int prop;
	fdt_for_each_property_offset(prop, fdt, node)
	{
		const char *name;
		int len;
		const void *value = fdt_getprop_by_offset(fdt, prop, &name, &len);
		if (!value)
			return board_fail(err, FERN_ERR_INVALID, "uses: unreadable property");
		if (spec->uses_count == SPEC_MAX_USES)
			return board_fail(err, FERN_ERR_INVALID, "uses: more than %d entries",
					  SPEC_MAX_USES);
		struct spec_use *use = &spec->uses[spec->uses_count];
		if (!name_ok(name, strlen(name)))
			return board_fail(err, FERN_ERR_INVALID,
					  "uses: '%s' is not a name (1 to %d of a-z 0-9 . _ -)",
					  name, SPEC_NAME_LEN - 1);
		memcpy(use->env, name, strlen(name) + 1);
		char field[SPEC_NAME_LEN + 8];
		memcpy(field, "uses/", 5);
		memcpy(field + 5, name, strlen(name) + 1);
		int rc = read_name(value, len, field, use->service, err);
		if (rc)
			return rc;
		spec->uses_count++;
	}
	if (fdt_first_subnode(fdt, node) >= 0)
		return board_fail(err, FERN_ERR_INVALID, "uses: must not have child nodes");
	return FERN_OK;
}

static int parse_root_property(const char *name, const void *value, int len, struct spec *spec,
			       bool *seen_restart_limit, struct board_error *err)
{
	if (!strcmp(name, "compatible")) {
		const char *s = one_string(value, len, "compatible", err);
		if (s && strcmp(s, SPEC_COMPATIBLE))
			return board_fail(err, FERN_ERR_INVALID, "compatible: must be \"%s\"",
					  SPEC_COMPATIBLE);
		return s ? FERN_OK : FERN_ERR_INVALID;
	}
	if (!strcmp(name, "name"))
		return read_name(value, len, "name", spec->name, err);
	if (!strcmp(name, "program"))
		return read_name(value, len, "program", spec->program, err);
	if (!strcmp(name, "priority"))
		return read_u32(value, len, "priority", SPEC_PRIORITY_MAX, &spec->priority, err);
	if (!strcmp(name, "restart-limit")) {
		*seen_restart_limit = true;
		int rc = read_u32(value, len, "restart-limit", SPEC_RESTART_MAX,
				  &spec->restart_limit, err);
		if (!rc && spec->restart_limit == 0)
			rc = board_fail(err, FERN_ERR_INVALID, "restart-limit: must be at least 1");
		return rc;
	}
	if (!strcmp(name, "provides")) {
		int rc = read_list(value, len, "provides", &spec->provides[0][0], SPEC_NAME_LEN,
				   SPEC_MAX_PROVIDES, &spec->provides_count, err);
		for (int i = 0; !rc && i < spec->provides_count; i++) {
			if (!name_ok(spec->provides[i], strlen(spec->provides[i])))
				rc = board_fail(err, FERN_ERR_INVALID,
						"provides: \"%s\" is not a name (a-z 0-9 . _ -)",
						spec->provides[i]);
			for (int j = 0; !rc && j < i; j++)
				if (!strcmp(spec->provides[i], spec->provides[j]))
					rc = board_fail(err, FERN_ERR_INVALID,
							"provides: \"%s\" is listed twice",
							spec->provides[i]);
		}
		return rc;
	}
	if (!strcmp(name, "interactive")) {
		if (len != 0)
			return board_fail(err, FERN_ERR_INVALID,
					  "interactive: takes no value (write `interactive;`)");
		spec->interactive = true;
		return FERN_OK;
	}
	const char *s;
	if (!strcmp(name, "isolation")) {
		s = one_string(value, len, "isolation", err);
		if (s && !strcmp(s, "user"))
			spec->isolation = SPEC_USER;
		else if (s && !strcmp(s, "kernel"))
			spec->isolation = SPEC_KERNEL;
		else if (s)
			return board_fail(err, FERN_ERR_INVALID,
					  "isolation: must be \"user\" or \"kernel\", not \"%s\"",
					  s);
		return s ? FERN_OK : FERN_ERR_INVALID;
	}
	if (!strcmp(name, "restart")) {
		s = one_string(value, len, "restart", err);
		if (s && !strcmp(s, "never"))
			spec->restart = SPEC_RESTART_NEVER;
		else if (s && !strcmp(s, "on-failure"))
			spec->restart = SPEC_RESTART_ON_FAILURE;
		else if (s)
			return board_fail(
			    err, FERN_ERR_INVALID,
			    "restart: must be \"never\" or \"on-failure\", not \"%s\"", s);
		return s ? FERN_OK : FERN_ERR_INVALID;
	}
	return board_fail(err, FERN_ERR_INVALID,
			  "unknown property '%s' (known: compatible, name, program, isolation, "
			  "priority, restart, restart-limit, provides, interactive)",
			  name);
}

int spec_parse(const void *fdt, size_t size, struct spec *spec, struct board_error *err)
{
	memset(spec, 0, sizeof(*spec));
	spec->config = -1;
	spec->priority = SPEC_PRIORITY_DEFAULT;
	spec->restart_limit = SPEC_RESTART_DEFAULT;
	struct fdt_problem problem;
	if (fdt_validate(fdt, size, &problem))
		return board_fail(err, FERN_ERR_INVALID,
				  "not a valid device tree blob: at byte %u: %s",
				  (unsigned)problem.offset, problem.what);
	if (fdt_check_full(fdt, size))
		return board_fail(err, FERN_ERR_INVALID, "not a valid device tree blob");
	spec->fdt = fdt;
	bool seen_isolation = false, seen_compatible = false, seen_restart_limit = false;
	int prop;
	fdt_for_each_property_offset(prop, fdt, 0)
	{
		const char *name;
		int len;
		const void *value = fdt_getprop_by_offset(fdt, prop, &name, &len);
		if (!value)
			return board_fail(err, FERN_ERR_INVALID, "unreadable property");
		int rc = parse_root_property(name, value, len, spec, &seen_restart_limit, err);
		if (rc)
			return rc;
		seen_isolation |= !strcmp(name, "isolation");
		seen_compatible |= !strcmp(name, "compatible");
	}
	int node;
	fdt_for_each_subnode(node, fdt, 0)
	{
		const char *name = fdt_get_name(fdt, node, 0);
		int rc = FERN_OK;
		if (!strcmp(name, "match"))
			rc = parse_match(fdt, node, spec, err);
		else if (!strcmp(name, "uses"))
			rc = parse_uses(fdt, node, spec, err);
		else if (!strcmp(name, "config"))
			spec->config = node;
		else
			rc = board_fail(err, FERN_ERR_INVALID,
					"unknown node '%s' (known: match, uses, config)", name);
		if (rc)
			return rc;
	}
	if (!seen_compatible)
		return board_fail(err, FERN_ERR_INVALID, "compatible: missing (must be \"%s\")",
				  SPEC_COMPATIBLE);
	if (!spec->name[0])
		return board_fail(err, FERN_ERR_INVALID, "name: missing");
	if (!spec->program[0])
		return board_fail(err, FERN_ERR_INVALID, "program: missing");
	if (!seen_isolation)
		return board_fail(err, FERN_ERR_INVALID,
				  "isolation: missing (\"user\" or \"kernel\")");
	if (seen_restart_limit && spec->restart != SPEC_RESTART_ON_FAILURE)
		return board_fail(err, FERN_ERR_INVALID,
				  "restart-limit: only with restart = \"on-failure\"");
	return FERN_OK;
}

int spec_match_next(const struct spec *spec, const void *fdt, int after)
{
	if (!spec->is_driver)
		return -1;
	const struct dt_index *ix = dt_index_of(fdt);
	if (ix && ix->fdt == fdt) {
		const char *match[SPEC_MAX_MATCH];
		for (int i = 0; i < spec->match_count; i++)
			match[i] = spec->match[i];
		return dt_index_next_compatible(ix, after, match, spec->match_count);
	}
	/* No depth pointer: with one, libfdt stops at the end of `after`'s parent (it reports
	 * leaving the start's level), so nodes after a sibling with children were never seen. */
	for (int node = fdt_next_node(fdt, after < 0 ? 0 : after, NULL); node >= 0;
	     node = fdt_next_node(fdt, node, NULL)) {
		for (int i = 0; i < spec->match_count; i++) {
			if (fdt_node_check_compatible(fdt, node, spec->match[i]) == 0 &&
			    dt_node_usable(fdt, node))
				return node;
		}
	}
	return -1;
}

int spec_find_provider(const struct spec *specs, int count, const char *service)
{
	for (int i = 0; i < count; i++)
		for (int j = 0; j < specs[i].provides_count; j++)
			if (!strcmp(specs[i].provides[j], service))
				return i;
	return -1;
}

int spec_check_set(const struct spec *specs, int count, int *bad, struct board_error *err)
{
	for (int i = 0; i < count; i++) {
		*bad = i;
		const struct spec *s = &specs[i];
		for (int j = 0; j < i; j++)
			if (!strcmp(specs[j].name, s->name))
				return board_fail(err, FERN_ERR_INVALID,
						  "name: \"%s\" is taken by another spec", s->name);
		for (int p = 0; p < s->provides_count; p++) {
			int first = spec_find_provider(specs, count, s->provides[p]);
			if (first != i)
				return board_fail(err, FERN_ERR_INVALID,
						  "provides: service \"%s\" is also provided by "
						  "spec \"%s\"",
						  s->provides[p], specs[first].name);
		}
		for (int u = 0; u < s->uses_count; u++)
			if (spec_find_provider(specs, count, s->uses[u].service) < 0)
				return board_fail(err, FERN_ERR_INVALID,
						  "uses/%s: no spec provides service \"%s\"",
						  s->uses[u].env, s->uses[u].service);
	}
	return FERN_OK;
}
