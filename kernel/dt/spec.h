/* SPDX-License-Identifier: MIT */
/* Specs: what the startup task starts, written as device-tree source (specs/NAME.dts, compiled by
 * dtc). Parsing and checking are shared by the build-time checker (fern-board --check-specs) and
 * the kernel, which checks again at boot. The format is docs/specs.md. */
#ifndef FERN_SPEC_H
#define FERN_SPEC_H

#include "board.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SPEC_NAME_LEN         32 /* names of specs, programs, services and environment entries */
#define SPEC_COMPAT_LEN       64
#define SPEC_MAX_MATCH        4 /* compatible strings in match */
#define SPEC_MAX_PROVIDES     4
#define SPEC_MAX_USES         8
#define SPEC_PRIORITY_MAX     31
#define SPEC_PRIORITY_DEFAULT 8 /* the kernel's THREAD_PRIORITY_DEFAULT */
#define SPEC_RESTART_DEFAULT  3
#define SPEC_RESTART_MAX      100
#define SPEC_COMPATIBLE       "fern,spec"

enum spec_isolation { SPEC_USER, SPEC_KERNEL }; /* the EL0 domain, the EL1 domain */
enum spec_restart { SPEC_RESTART_NEVER, SPEC_RESTART_ON_FAILURE };

/* One `uses` entry: the program finds a channel to service under the name env. */
struct spec_use {
	char env[SPEC_NAME_LEN];
	char service[SPEC_NAME_LEN];
};

struct spec {
	char name[SPEC_NAME_LEN];
	char program[SPEC_NAME_LEN];
	enum spec_isolation isolation;
	uint32_t priority;
	enum spec_restart restart;
	uint32_t restart_limit; /* restarts allowed with on-failure */
	/* A driver has a match node: one instance per usable node it matches. */
	bool is_driver;
	char match[SPEC_MAX_MATCH][SPEC_COMPAT_LEN]; /* any of these compatible strings */
	int match_count;
	bool has_virtio_id; /* bus key: the virtio device id read from a virtio,mmio transport */
	uint32_t virtio_id;
	char provides[SPEC_MAX_PROVIDES][SPEC_NAME_LEN];
	int provides_count;
	/* A session for a person (a shell): bootargs poweroff does not wait for it to end. */
	bool interactive;
	struct spec_use uses[SPEC_MAX_USES];
	int uses_count;
	const void *fdt; /* the compiled spec itself */
	int config;      /* offset of its /config node, or -1 */
};

/*
 * Parses and checks one compiled spec (at most size bytes at fdt, which must stay valid while
 * *spec is used). Errors: FERN_ERR_INVALID, with err->message naming the field at fault and why
 * ("isolation: must be \"user\" or \"kernel\", not \"usr\"", "unknown property 'priorty'").
 */
int spec_parse(const void *fdt, size_t size, struct spec *spec, struct board_error *err);

/*
 * Checks specs that run together: unique names, one provider per service, and every used
 * service provided by some spec. On error *bad is the index of the spec at fault and err names
 * it and the field. Errors: FERN_ERR_INVALID.
 */
int spec_check_set(const struct spec *specs, int count, int *bad, struct board_error *err);

/* The next node after node `after` (-1: from the start) in the board's tree order that spec
 * matches: usable (status okay on it and its ancestors) and compatible with one of its match
 * strings. Returns the node offset or -1. The virtio-device-id bus key is not checked here:
 * only the kernel can read it from the transport. */
int spec_match_next(const struct spec *spec, const void *board_fdt, int after);

/* The spec providing service, or -1. */
int spec_find_provider(const struct spec *specs, int count, const char *service);

#endif
