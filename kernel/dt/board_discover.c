// SPDX-License-Identifier: MIT
/* Entry point of device-tree discovery: validates the blob, then runs each part in order. */
#include "dt_internal.h"

#include <fern/status.h>
#include <string.h>

typedef int (*discover_part)(const void *fdt, struct board *board, struct board_error *err);

/* The parts of discovery, in the order they run (and report errors). */
static const discover_part discover_parts[] = {
    dt_memory_discover,   /* RAM banks */
    dt_reserved_discover, /* /memreserve/, /reserved-memory, initrd */
    dt_cpus_discover,     /* /cpus */
    dt_psci_discover,     /* PSCI conduit */
    dt_gic_discover,      /* interrupt controller */
    dt_timer_discover,    /* architected timer (needs the GIC) */
    dt_chosen_discover,   /* console and bootargs */
};

#define DISCOVER_PART_COUNT (sizeof(discover_parts) / sizeof(discover_parts[0]))

/* Checks that the blob is a complete, well-formed FDT within the max_size readable bytes: with
 * fdt_validate first, because Debian's libfdt crashes or loops on some malformed blobs. */
static int blob_check(const void *fdt, size_t max_size, struct board_error *err)
{
	struct fdt_problem problem;
	if (fdt_validate(fdt, max_size, &problem))
		return board_fail(err, FERN_ERR_INVALID, "malformed FDT at byte %u: %s",
				  (unsigned)problem.offset, problem.what);
	int rc = fdt_check_full(fdt, fdt_totalsize(fdt));
	if (rc)
		return board_fail(err, FERN_ERR_INVALID, "malformed FDT: %s", fdt_strerror(rc));
	return FERN_OK;
}

/* The board's name: /model, else the first /compatible string. */
static void model_read(const void *fdt, struct board *board)
{
	int len;
	const char *model = dt_getprop(fdt, 0, "model", &len);
	if (model && len > 0 && model[0])
		dt_copy_string(board->model, sizeof(board->model), model, (size_t)len);
	else
		dt_copy_first_string(fdt, 0, "compatible", board->model, sizeof(board->model));
}

int board_discover(const void *fdt, size_t max_size, struct board *board, struct board_error *err)
{
	struct board_error scratch;
	if (!err)
		err = &scratch;
	err->status = FERN_OK;
	err->message[0] = '\0';
	memset(board, 0, sizeof(*board));

	int rc = blob_check(fdt, max_size, err);
	if (rc)
		return rc;
	board->fdt = fdt;
	model_read(fdt, board);
	for (size_t i = 0; !rc && i < DISCOVER_PART_COUNT; i++)
		rc = discover_parts[i](fdt, board, err);
	if (rc && !err->message[0])
		board_fail(err, rc, "device tree discovery failed");
	return rc;
}
