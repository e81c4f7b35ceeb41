/* SPDX-License-Identifier: MIT */
/* fern-board --check-specs: the build-time check of compiled specs. */
#ifndef FERN_BOARD_SPECS_H
#define FERN_BOARD_SPECS_H

/* Runs the check on argv (after "--check-specs"); returns the process exit code: 0 when every
 * spec is valid, 1 (reasons on stderr) if not, 2 for bad usage. */
int check_specs_main(int argc, char **argv);

#endif
