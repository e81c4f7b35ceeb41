/* SPDX-License-Identifier: MIT */
/* fern-board's file input. */
#ifndef FERN_BOARD_FILE_H
#define FERN_BOARD_FILE_H

#include <stddef.h>

/* Largest blob we read; real device trees are a few KiB (QEMU pads its dumps to 1 MiB). */
#define DTB_MAX_SIZE (16u * 1024 * 1024)

/* Reads all of path (at most DTB_MAX_SIZE bytes) into a malloc'ed buffer; prints why not on
 * stderr (prefixed "fern-board: path: "). Returns FERN_OK or a negative status. */
int file_read(const char *path, unsigned char **data, size_t *size);

#endif
