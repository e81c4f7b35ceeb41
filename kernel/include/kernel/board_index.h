/* SPDX-License-Identifier: MIT */
/* The kernel's index of the board's device tree (kernel/board_index.c, kernel/dt/dt_index.h). */
#ifndef KERNEL_BOARD_INDEX_H
#define KERNEL_BOARD_INDEX_H

/* Builds the index of kstate.board.fdt (after memory is up; a failure is logged, and lookups
 * then walk the tree as before). */
void board_index_build(void);

#endif
