/* SPDX-License-Identifier: MIT */
/* fern-board --bind: which spec binds to which board node, and what each instance receives. */
#ifndef FERN_BOARD_BIND_H
#define FERN_BOARD_BIND_H

/* Runs the report on argv (after "--bind": BOARD.dtb SPEC.dtb...); returns the process exit
 * code: 0 when the report was printed (specs that match nothing are flagged in it), 1 when a
 * file cannot be read or a spec or the set is invalid (reason on stderr), 2 for bad usage. */
int bind_main(int argc, char **argv);

#endif
