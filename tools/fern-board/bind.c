// SPDX-License-Identifier: MIT
/* fern-board --bind BOARD.dtb SPEC.dtb...: binds specs to a board as the startup task does
 * (kernel/startup/startup_bind.c, through the shared spec_match_next and fragment_resources) and
 * prints every instance with its MMIO, interrupts, services provided and used. The format is in
 * docs/boards.md. */
#include "bind.h"

#include "file.h"

#include <fdt_validate.h>
#include <fern/status.h>
#include <fragment.h>
#include <libfdt.h>
#include <spec.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SPECS 64
#define MAX_UNITS 64 /* instances of one spec we list */

struct bind {
	const void *fdt; /* the board */
	struct spec *specs;
	int count;
	int *units; /* per spec: instances bound (-1: decided at boot, virtio) */
};

static void node_path(const void *fdt, int node, char *buf, int size)
{
	if (fdt_get_path(fdt, node, buf, size))
		snprintf(buf, (size_t)size, "(node at offset %d)", node);
}

/* The instance name the startup task gives unit n of spec s. */
static void instance_name(const struct spec *s, int unit, char *buf, size_t size)
{
	if (unit)
		snprintf(buf, size, "%s.%d", s->name, unit);
	else
		snprintf(buf, size, "%s", s->name);
}

/* Node's grant: "mmio ..., irq ..." inline (virtio candidates), else one "NAME: " line each. */
static void print_resources(const void *fdt, int node, const char *name, bool inline_list)
{
	struct fragment_resources res;
	struct board_error err;
	int rc = fragment_resources(fdt, node, &res, &err);
	if (rc) {
		printf("%s%s: CANNOT GRANT (%s): %s%s", inline_list ? " (" : "  ", name,
		       status_name(rc), err.message, inline_list ? ")" : "\n");
		return;
	}
	const char *lead = inline_list ? ", " : "  ";
	char head[SPEC_NAME_LEN + 16];
	snprintf(head, sizeof(head), "%s: ", name);
	const char *tail = inline_list ? "" : "\n";
	int n = 0;
	if (inline_list)
		printf(" (");
	for (int i = 0; i < res.mmio_count; i++, n++)
		printf("%s%smmio 0x%llx size 0x%llx%s", n || !inline_list ? lead : "",
		       inline_list ? "" : head, (unsigned long long)res.mmio[i].base,
		       (unsigned long long)res.mmio[i].size, tail);
	for (int i = 0; i < res.irq_count; i++, n++)
		printf("%s%sirq %u %s%s", n || !inline_list ? lead : "", inline_list ? "" : head,
		       res.irq[i].intid, irq_trigger_name(res.irq[i].trigger), tail);
	if (!n)
		printf("%s%sno mmio, no interrupts%s", inline_list ? "" : lead,
		       inline_list ? "" : head, tail);
	if (inline_list)
		printf(")");
}

/* Who serves service: "from INSTANCE", or why nobody will. */
static void print_use(const struct bind *b, const char *who, const struct spec_use *u)
{
	char base[SPEC_NAME_LEN];
	snprintf(base, sizeof(base), "%s", u->service);
	int unit = 0;
	int p = spec_find_provider(b->specs, b->count, base);
	char *dot = strrchr(base, '.');
	if (p < 0 && dot && dot[1] >= '1' && dot[1] <= '9') { /* "block.1": unit 1 */
		unit = atoi(dot + 1);
		*dot = 0;
		p = spec_find_provider(b->specs, b->count, base);
	}
	printf("  %s: uses %s=%s ", who, u->env, u->service);
	if (p < 0) {
		printf("NOT PROVIDED by any spec\n");
		return;
	}
	char name[SPEC_NAME_LEN + 8];
	instance_name(&b->specs[p], unit, name, sizeof(name));
	if (b->units[p] < 0)
		printf("from %s, if its virtio device is found at boot\n", name);
	else if (unit < b->units[p])
		printf("from %s\n", name);
	else
		printf("NOT PROVIDED on this board: %s is not bound\n", name);
}

/* Unit N > 0 of a spec serves its services as "SERVICE.N" (startup_provider). */
static void print_services(const struct bind *b, const struct spec *s, const char *who, int unit)
{
	if (s->provides_count) {
		printf("  %s: provides", who);
		for (int i = 0; i < s->provides_count; i++) {
			printf(" %s", s->provides[i]);
			if (unit)
				printf(".%d", unit);
		}
		printf("\n");
	}
	for (int i = 0; i < s->uses_count; i++)
		print_use(b, who, &s->uses[i]);
}

static void print_head(const struct spec *s, const char *name, const char *what)
{
	printf("instance %s: %s %s, program %s (%s)", name, what, s->name, s->program,
	       s->isolation == SPEC_USER ? "user" : "kernel");
}

/* Whether node is one spec_match_next returns for s (compatible and usable). */
static bool node_bound(const struct bind *b, const struct spec *s, int node)
{
	for (int n = spec_match_next(s, b->fdt, -1); n >= 0; n = spec_match_next(s, b->fdt, n))
		if (n == node)
			return true;
	return false;
}

/* Compatible nodes that bind nothing because they (or an ancestor) are not "okay". */
static void print_unusable(const struct bind *b, const struct spec *s)
{
	for (int node = fdt_next_node(b->fdt, 0, NULL); node >= 0;
	     node = fdt_next_node(b->fdt, node, NULL)) {
		bool compatible = false;
		for (int i = 0; i < s->match_count; i++)
			compatible |= fdt_node_check_compatible(b->fdt, node, s->match[i]) == 0;
		if (!compatible || node_bound(b, s, node))
			continue;
		char path[256];
		node_path(b->fdt, node, path, sizeof(path));
		const char *status = fdt_getprop(b->fdt, node, "status", 0);
		if (status && (!strcmp(status, "okay") || !strcmp(status, "ok")))
			status = 0; /* then an ancestor's status is why */
		printf("skipped %s: %s is compatible but %s%s%s: binds nothing\n", s->name, path,
		       status ? "status \"" : "an ancestor is not \"okay\"", status ? status : "",
		       status ? "\"" : "");
	}
}

static void print_driver(struct bind *b, int index)
{
	const struct spec *s = &b->specs[index];
	char path[256], name[SPEC_NAME_LEN + 8];
	int units = 0;
	for (int node = spec_match_next(s, b->fdt, -1); node >= 0;
	     node = spec_match_next(s, b->fdt, node)) {
		node_path(b->fdt, node, path, sizeof(path));
		if (s->has_virtio_id) {
			printf("virtio %s: %s", s->name, path);
			print_resources(b->fdt, node, s->name, true);
			printf(": binds if the transport's device id is %u at boot\n",
			       s->virtio_id);
			continue;
		}
		instance_name(s, units++, name, sizeof(name));
		print_head(s, name, "driver");
		printf(" at %s\n", path);
		print_resources(b->fdt, node, name, false);
		print_services(b, s, name, units - 1);
	}
	print_unusable(b, s);
	if (s->has_virtio_id) {
		printf("virtio %s: instances %s, %s.1, ... in the order of the transports that "
		       "carry device id %u (a DTB cannot say which)\n",
		       s->name, s->name, s->name, s->virtio_id);
		print_services(b, s, s->name, 0);
		return;
	}
	if (!units) {
		printf("NO MATCH %s: no usable node is compatible with", s->name);
		for (int i = 0; i < s->match_count; i++)
			printf(" %s", s->match[i]);
		printf(": not started\n");
	}
}

/* Counts each spec's instances first: uses lines name their provider's. */
static void count_units(struct bind *b)
{
	for (int i = 0; i < b->count; i++) {
		const struct spec *s = &b->specs[i];
		b->units[i] = s->is_driver ? 0 : 1;
		if (s->has_virtio_id)
			b->units[i] = -1;
		else if (s->is_driver)
			for (int n = spec_match_next(s, b->fdt, -1); n >= 0;
			     n = spec_match_next(s, b->fdt, n))
				b->units[i]++;
	}
}

static int load_specs(struct bind *b, char **paths, unsigned char **blobs)
{
	int failed = 0;
	for (int i = 0; i < b->count; i++) {
		size_t size;
		struct board_error err;
		if (file_read(paths[i], &blobs[i], &size)) {
			failed = 1;
		} else if (spec_parse(blobs[i], size, &b->specs[i], &err)) {
			fprintf(stderr, "fern-board: %s: %s\n", paths[i], err.message);
			failed = 1;
		}
	}
	int bad;
	struct board_error err;
	if (!failed && spec_check_set(b->specs, b->count, &bad, &err)) {
		fprintf(stderr, "fern-board: %s: %s\n", paths[bad], err.message);
		failed = 1;
	}
	return failed;
}

int bind_main(int argc, char **argv)
{
	if (argc < 2 || argc - 1 > MAX_SPECS) {
		fprintf(stderr, "usage: fern-board --bind BOARD.dtb SPEC.dtb... (1 to %d specs)\n",
			MAX_SPECS);
		return 2;
	}
	struct bind b = {.count = argc - 1};
	unsigned char *board = NULL;
	size_t board_size;
	int failed = 1;
	b.specs = calloc((size_t)b.count, sizeof(*b.specs));
	b.units = calloc((size_t)b.count, sizeof(*b.units));
	unsigned char **blobs = calloc((size_t)b.count, sizeof(*blobs));
	if (!b.specs || !b.units || !blobs) {
		fprintf(stderr, "fern-board: out of memory\n");
		goto free_all;
	}
	if (file_read(argv[0], &board, &board_size))
		goto free_all;
	struct fdt_problem problem;
	if (fdt_validate(board, board_size, &problem)) {
		fprintf(stderr, "fern-board: %s: not a valid device tree blob: at byte %u: %s\n",
			argv[0], (unsigned)problem.offset, problem.what);
		goto free_all;
	}
	int rc = fdt_check_full(board, board_size);
	if (rc) {
		fprintf(stderr, "fern-board: %s: not a valid device tree blob: %s\n", argv[0],
			fdt_strerror(rc));
		goto free_all;
	}
	b.fdt = board;
	if (load_specs(&b, argv + 1, blobs))
		goto free_all;
	count_units(&b);
	printf("binding %d spec%s to %s\n", b.count, b.count == 1 ? "" : "s", argv[0]);
	for (int i = 0; i < b.count; i++) {
		if (b.specs[i].is_driver) {
			print_driver(&b, i);
			continue;
		}
		print_head(&b.specs[i], b.specs[i].name, "server");
		printf("\n");
		print_services(&b, &b.specs[i], b.specs[i].name, 0);
	}
	failed = 0;

free_all:
	for (int i = 0; blobs && i < b.count; i++)
		free(blobs[i]);
	free(blobs);
	free(board);
	free(b.units);
	free(b.specs);
	return failed;
}
