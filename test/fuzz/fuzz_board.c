// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness: a boot DTB through what the kernel does with it. board_discover (which
 * runs fdt_validate before libfdt sees the blob), the boot report, then for every node what the
 * startup task does when a driver binds: spec_match_next, fragment_resources, fragment_build
 * and the environment's copy of the node (fragment_copy_node). Built fragments must pass
 * fdt_validate themselves.
 */
#include "fuzz.h"

#include <board.h>
#include <fdt_validate.h>
#include <fern/status.h>
#include <fragment.h>
#include <libfdt.h>
#include <spec.h>
#include <stdarg.h>
#include <string.h>

#define FRAGMENT_MAX 8192  /* the startup task's STARTUP_FRAGMENT_MAX */
#define ENV_MAX      16384 /* its STARTUP_ENV_MAX */
#define NODES_MAX    256   /* nodes bound per input: enough to reach every kind */

/* The report is formatted (every value it prints is read) into nothing. */
static void report_line(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	char line[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
}

/* What startup_env_build does with the device: the node copied into a new blob. */
static void copy_node(const void *fdt, int node)
{
	static uint8_t env[ENV_MAX];
	int rc = fdt_create(env, sizeof(env));
	if (!rc)
		rc = fdt_finish_reservemap(env);
	if (!rc)
		rc = fdt_begin_node(env, "");
	if (!rc)
		rc = fragment_copy_node(env, fdt, node);
	if (!rc)
		rc = fdt_end_node(env);
	if (!rc)
		rc = fdt_finish(env);
	if (!rc)
		FUZZ_CHECK(fdt_validate(env, sizeof(env), 0) == FERN_OK);
}

static void bind_node(const void *fdt, int node)
{
	static uint8_t fragment[FRAGMENT_MAX];
	struct fragment_resources res;
	struct board_error err;
	int rc = fragment_resources(fdt, node, &res, &err);
	if (rc) {
		FUZZ_CHECK(rc < 0 && err.message[0]);
		return;
	}
	rc = fragment_build(fdt, node, &res, fragment, sizeof(fragment), &err);
	if (rc) {
		FUZZ_CHECK(rc < 0 && err.message[0]);
		return;
	}
	struct fdt_problem problem;
	if (fdt_validate(fragment, sizeof(fragment), &problem)) {
		fprintf(stderr, "fragment of node %d refused at byte %u: %s\n", node,
			problem.offset, problem.what);
		abort();
	}
	copy_node(fdt, node);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct board board;
	/* An aligned private copy of exactly size bytes, as the kernel's window is. */
	void *blob = malloc(size ? size : 1);
	FUZZ_CHECK(blob);
	memcpy(blob, data, size);
	struct board_error err;
	int rc = board_discover(blob, size, &board, &err);
	if (rc) {
		FUZZ_CHECK(rc < 0 && err.status == rc && err.message[0]);
		FUZZ_CHECK(memchr(err.message, 0, sizeof(err.message)));
	} else {
		board_report(&board, report_line, 0);
	}
	/* Binding needs only a blob libfdt may read, as fern-board --bind checks it. */
	if (fdt_validate(blob, size, 0) == FERN_OK) {
		struct spec spec = {.is_driver = true, .match_count = 3};
		strcpy(spec.match[0], "arm,pl011");
		strcpy(spec.match[1], "virtio,mmio");
		strcpy(spec.match[2], "arm,pl061");
		for (int node = spec_match_next(&spec, blob, -1), n = 0; node >= 0 && n < NODES_MAX;
		     node = spec_match_next(&spec, blob, node), n++)
			FUZZ_CHECK(node > 0); /* never the root */
		int n = 0;
		for (int node = fdt_next_node(blob, -1, 0); node >= 0 && n < NODES_MAX;
		     node = fdt_next_node(blob, node, 0), n++)
			bind_node(blob, node);
	}
	free(blob);
	return 0;
}
