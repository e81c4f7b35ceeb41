// SPDX-License-Identifier: MIT
/* The kernel's index of its board's device tree (kernel/dt/dt_index.h): built on the first
 * lookup after discovery has validated the tree (board.fdt is set only then), in storage of
 * its own, and used by every parent and phandle lookup of kernel/dt from then on. */
#include <dt_index.h>
#include <fern/status.h>
#include <kernel/log.h>
#include <kernel/state.h>

const struct dt_index *dt_index_of(const void *fdt)
{
	struct board_index *b = &kstate.board_index;
	struct dt_index *ix = (struct dt_index *)b->storage;
	if (!fdt || fdt != kstate.board.fdt)
		return 0;
	if (!b->tried) {
		/* Boot is single-threaded here; later callers find it built (or not). */
		b->tried = true;
		b->built = dt_index_build(fdt, ix, sizeof(b->storage)) == FERN_OK;
		if (!b->built)
			log_warn("the device tree has more than %d nodes: lookups walk the tree",
				 BOARD_INDEX_NODES);
	}
	return b->built ? ix : 0;
}
