// SPDX-License-Identifier: MIT
/* The startup task's specs: every NAME.spec in the boot filesystem, checked again at boot (the
 * build checked them too, but an initrd may bring anything). A bad spec is skipped by name. */
#include "startup_internal.h"

#include <fern/status.h>
#include <kernel/bootfs.h>
#include <kernel/kalloc.h>
#include <kernel/log.h>
#include <string.h>

#define SPEC_SUFFIX ".spec"

struct load_ctx {
	struct startup_state *st;
	const void *archive;
	size_t size;
};

static bool is_spec(const char *name)
{
	size_t n = strlen(name), s = strlen(SPEC_SUFFIX);
	return n > s && !strcmp(name + n - s, SPEC_SUFFIX);
}

static void load_one(const struct bootfs_file *file, void *arg)
{
	struct load_ctx *ctx = arg;
	struct startup_state *st = ctx->st;
	if (!is_spec(file->name))
		return;
	if (st->spec_count == STARTUP_MAX_SPECS) {
		log_err("startup: skipping spec %s: more than %d specs", file->name,
			STARTUP_MAX_SPECS);
		return;
	}
	struct spec *s = &st->specs[st->spec_count];
	/* cpio aligns file data to 4 bytes only; libfdt wants 8: keep an aligned copy. */
	void *blob = file->size ? kalloc(file->size) : 0;
	if (!blob) {
		log_err("startup: skipping spec %s: %s", file->name,
			file->size ? "no memory" : "empty file");
		return;
	}
	memcpy(blob, file->data, file->size);
	struct board_error err;
	if (spec_parse(blob, file->size, s, &err)) {
		log_err("startup: skipping spec %s: %s", file->name, err.message);
		kfree(blob, file->size);
		return;
	}
	struct bootfs_file program;
	if (bootfs_find(ctx->archive, ctx->size, s->program, &program)) {
		log_err("startup: skipping spec %s: program: \"%s\" is not in the boot filesystem",
			file->name, s->program);
		kfree(blob, file->size);
		return;
	}
	st->spec_count++;
}

int startup_load_specs(struct startup_state *st, const void *archive, size_t size)
{
	struct load_ctx ctx = {st, archive, size};
	bootfs_for_each(archive, size, load_one, &ctx);
	/* Checks across specs: drop the one at fault and look again, until the set is sound. */
	for (;;) {
		int bad;
		struct board_error err;
		if (!spec_check_set(st->specs, st->spec_count, &bad, &err))
			break;
		log_err("startup: skipping spec %s: %s", st->specs[bad].name, err.message);
		memmove(&st->specs[bad], &st->specs[bad + 1],
			(size_t)(st->spec_count - bad - 1) * sizeof(st->specs[0]));
		st->spec_count--;
	}
	return st->spec_count;
}
