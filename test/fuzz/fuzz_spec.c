// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness: a spec file from the boot filesystem through what the startup task does
 * with it (kernel/startup/startup_specs.c): an aligned copy, spec_parse (fdt_validate first),
 * then the set check, matching against a fixed board, and the copy of its config node into an
 * environment (startup_env.c). A spec that parses must be
 * self-consistent: names terminated, counts within their arrays.
 */
#include "fuzz.h"

#include <fdt_validate.h>
#include <fern/status.h>
#include <fragment.h>
#include <libfdt.h>
#include <spec.h>
#include <string.h>

/* A small board for spec_match_next: a UART, a disabled RTC, a virtio transport. */
static uint8_t board[4096];

static void board_make(void)
{
	FUZZ_CHECK(fdt_create(board, sizeof(board)) == 0);
	FUZZ_CHECK(fdt_finish_reservemap(board) == 0);
	FUZZ_CHECK(fdt_begin_node(board, "") == 0);
	static const struct {
		const char *name, *compatible;
		int compatible_len;
		const char *status;
	} nodes[] = {
	    {"pl011@9000000", "arm,pl011\0arm,primecell", 24, "okay"},
	    {"pl031@9010000", "arm,pl031\0arm,primecell", 24, "disabled"},
	    {"virtio_mmio@a000000", "virtio,mmio", 12, "okay"},
	};
	for (size_t i = 0; i < sizeof(nodes) / sizeof(nodes[0]); i++) {
		FUZZ_CHECK(fdt_begin_node(board, nodes[i].name) == 0);
		FUZZ_CHECK(fdt_property(board, "compatible", nodes[i].compatible,
					nodes[i].compatible_len) == 0);
		FUZZ_CHECK(fdt_property_string(board, "status", nodes[i].status) == 0);
		FUZZ_CHECK(fdt_end_node(board) == 0);
	}
	FUZZ_CHECK(fdt_end_node(board) == 0);
	FUZZ_CHECK(fdt_finish(board) == 0);
}

static void spec_check_sane(const struct spec *s)
{
	FUZZ_CHECK(memchr(s->name, 0, sizeof(s->name)) && s->name[0]);
	FUZZ_CHECK(memchr(s->program, 0, sizeof(s->program)) && s->program[0]);
	FUZZ_CHECK(s->match_count >= 0 && s->match_count <= SPEC_MAX_MATCH);
	FUZZ_CHECK(s->provides_count >= 0 && s->provides_count <= SPEC_MAX_PROVIDES);
	FUZZ_CHECK(s->uses_count >= 0 && s->uses_count <= SPEC_MAX_USES);
	FUZZ_CHECK(s->priority <= SPEC_PRIORITY_MAX);
	FUZZ_CHECK(s->restart_limit >= 1 && s->restart_limit <= SPEC_RESTART_MAX);
	for (int i = 0; i < s->match_count; i++)
		FUZZ_CHECK(memchr(s->match[i], 0, SPEC_COMPAT_LEN) && s->match[i][0]);
	for (int i = 0; i < s->uses_count; i++)
		FUZZ_CHECK(memchr(s->uses[i].env, 0, SPEC_NAME_LEN) &&
			   memchr(s->uses[i].service, 0, SPEC_NAME_LEN));
}

static void config_copy(const void *fdt, int config)
{
	static uint8_t env[16384]; /* the startup task's STARTUP_ENV_MAX */
	int rc = fdt_create(env, sizeof(env));
	if (!rc)
		rc = fdt_finish_reservemap(env);
	if (!rc)
		rc = fdt_begin_node(env, "");
	if (!rc)
		rc = fdt_begin_node(env, "config");
	if (!rc)
		rc = fragment_copy_node(env, fdt, config);
	if (!rc)
		rc = fdt_end_node(env);
	if (!rc)
		rc = fdt_end_node(env);
	if (!rc)
		rc = fdt_finish(env);
	if (!rc)
		FUZZ_CHECK(fdt_validate(env, sizeof(env), 0) == FERN_OK);
	else
		FUZZ_CHECK(rc == -FDT_ERR_NOSPACE || rc == -FDT_ERR_BADSTRUCTURE);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!board[0])
		board_make();
	void *blob = malloc(size ? size : 1);
	FUZZ_CHECK(blob);
	memcpy(blob, data, size);
	struct spec spec[2];
	struct board_error err;
	int rc = spec_parse(blob, size, &spec[0], &err);
	if (rc) {
		FUZZ_CHECK(rc == FERN_ERR_INVALID && err.message[0]);
		FUZZ_CHECK(memchr(err.message, 0, sizeof(err.message)));
		free(blob);
		return 0;
	}
	spec_check_sane(&spec[0]);
	/* The config node, when there is one, is copied into each instance's environment
	 * (startup_env.c); the copy must be a blob fdt_validate accepts. */
	if (spec[0].config >= 0)
		config_copy(blob, spec[0].config);
	int bad;
	spec_check_set(spec, 1, &bad, &err);
	spec[1] = spec[0]; /* the same spec twice: a name clash must be caught */
	FUZZ_CHECK(spec_check_set(spec, 2, &bad, &err) == FERN_ERR_INVALID);
	for (int i = 0; i < spec[0].provides_count; i++)
		FUZZ_CHECK(spec_find_provider(spec, 1, spec[0].provides[i]) == 0);
	for (int node = spec_match_next(&spec[0], board, -1), n = 0; node >= 0 && n < 8;
	     node = spec_match_next(&spec[0], board, node), n++)
		FUZZ_CHECK(node > 0);
	free(blob);
	return 0;
}
