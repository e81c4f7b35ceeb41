// SPDX-License-Identifier: MIT
/* fern-board --check-specs [--programs A,B,...] [--source-dir DIR] SPEC.dtb...: parses every
 * compiled spec and checks them as a set, naming the spec's source file and the field at
 * fault. With --programs, each spec's program must be one of the list (the boot filesystem). */
#include "specs.h"

#include "file.h"

#include <fern/status.h>
#include <spec.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SPECS 64

struct options {
	const char *programs;   /* comma-separated, or NULL: not checked */
	const char *source_dir; /* report DIR/NAME.dts for NAME.dtb, or NULL: the .dtb path */
};

/* What a user edits: DIR/NAME.dts for .../NAME.dtb when --source-dir was given. */
static void source_name(const struct options *o, const char *dtb, char *out, size_t size)
{
	if (!o->source_dir) {
		snprintf(out, size, "%s", dtb);
		return;
	}
	const char *base = strrchr(dtb, '/');
	base = base ? base + 1 : dtb;
	size_t len = strlen(base);
	if (len > 4 && !strcmp(base + len - 4, ".dtb"))
		len -= 4;
	snprintf(out, size, "%s/%.*s.dts", o->source_dir, (int)len, base);
}

static bool program_listed(const char *list, const char *program)
{
	size_t n = strlen(program);
	for (const char *p = list; *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && !strncmp(p, program, n))
			return true;
		p += len + (end ? 1 : 0);
	}
	return false;
}

static void print_spec(const struct spec *s)
{
	printf("  %-12s %s (%s), program %s, priority %u, restart %s", s->name,
	       s->is_driver ? "driver" : "server", s->isolation == SPEC_USER ? "user" : "kernel",
	       s->program, s->priority, s->restart == SPEC_RESTART_NEVER ? "never" : "on-failure");
	if (s->is_driver) {
		printf(", matches");
		for (int i = 0; i < s->match_count; i++)
			printf(" %s", s->match[i]);
		if (s->has_virtio_id)
			printf(" (virtio device %u)", s->virtio_id);
	}
	for (int i = 0; i < s->provides_count; i++)
		printf("%s%s", i ? " " : ", provides ", s->provides[i]);
	for (int i = 0; i < s->uses_count; i++)
		printf("%s%s=%s", i ? " " : ", uses ", s->uses[i].env, s->uses[i].service);
	printf("\n");
}

int check_specs_main(int argc, char **argv)
{
	struct options o = {0};
	int first = 0;
	while (first + 1 < argc && !strncmp(argv[first], "--", 2)) {
		if (!strcmp(argv[first], "--programs"))
			o.programs = argv[first + 1];
		else if (!strcmp(argv[first], "--source-dir"))
			o.source_dir = argv[first + 1];
		else
			break;
		first += 2;
	}
	int count = argc - first;
	if (count < 1 || count > MAX_SPECS || !strncmp(argv[first], "--", 2)) {
		fprintf(stderr,
			"usage: fern-board --check-specs [--programs A,B,...] "
			"[--source-dir DIR] SPEC.dtb... (1 to %d specs)\n",
			MAX_SPECS);
		return 2;
	}
	struct spec *specs = calloc((size_t)count, sizeof(*specs));
	unsigned char **blobs = calloc((size_t)count, sizeof(*blobs));
	char where[512];
	int failed = 0;
	if (!specs || !blobs) {
		fprintf(stderr, "fern-board: out of memory\n");
		failed = 1;
		goto out;
	}
	for (int i = 0; i < count; i++) {
		const char *path = argv[first + i];
		size_t size;
		source_name(&o, path, where, sizeof(where));
		if (file_read(path, &blobs[i], &size)) {
			failed = 1;
			continue;
		}
		struct board_error err;
		if (spec_parse(blobs[i], size, &specs[i], &err)) {
			fprintf(stderr, "fern-board: %s: %s\n", where, err.message);
			failed = 1;
		} else if (o.programs && !program_listed(o.programs, specs[i].program)) {
			fprintf(stderr,
				"fern-board: %s: program: \"%s\" is not in the boot filesystem "
				"(%s)\n",
				where, specs[i].program, o.programs);
			failed = 1;
		}
	}
	if (!failed) {
		int bad;
		struct board_error err;
		if (spec_check_set(specs, count, &bad, &err)) {
			source_name(&o, argv[first + bad], where, sizeof(where));
			fprintf(stderr, "fern-board: %s: %s\n", where, err.message);
			failed = 1;
		}
	}
	if (!failed) {
		printf("%d spec%s valid:\n", count, count == 1 ? "" : "s");
		for (int i = 0; i < count; i++)
			print_spec(&specs[i]);
	}
out:
	for (int i = 0; blobs && i < count; i++)
		free(blobs[i]);
	free(blobs);
	free(specs);
	return failed;
}
