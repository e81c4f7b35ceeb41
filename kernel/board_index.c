// SPDX-License-Identifier: MIT
/* The kernel's index of its board's device tree: built once, after boot has found the board,
 * and used by every parent and phandle lookup of kernel/dt (dt_index.h). */
#include <dt_index.h>
#include <fern/status.h>
#include <kernel/board_index.h>
#include <kernel/kalloc.h>
#include <kernel/log.h>
#include <kernel/state.h>

void board_index_build(void)
{
	const void *fdt = kstate.board.fdt;
	long size = fdt ? dt_index_size(fdt) : FERN_ERR_NOT_FOUND;
	struct dt_index *ix = size > 0 ? kalloc((size_t)size) : 0;
	int err = !ix ? FERN_ERR_NO_MEMORY : dt_index_build(fdt, ix, (size_t)size);
	if (err) {
		log_warn("no index of the device tree (%s): lookups walk the tree",
			 status_name(err));
		kfree(ix, size > 0 ? (size_t)size : 0);
		return;
	}
	kstate.board_index = ix;
}

const struct dt_index *dt_index_of(const void *fdt)
{
	const struct dt_index *ix = kstate.board_index;
	return ix && ix->fdt == fdt ? ix : 0;
}
