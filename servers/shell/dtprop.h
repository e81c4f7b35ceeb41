/* SPDX-License-Identifier: MIT */
/* Device-tree property values as text, for the dt command (pure logic, no libfdt). */
#ifndef SHELL_DTPROP_H
#define SHELL_DTPROP_H

#include <stddef.h>

/* Receives the text in pieces. */
typedef void (*dtprop_sink)(void *ctx, const char *text, size_t len);

/*
 * Writes the value of property name (len bytes at value) as text:
 * - nothing for an empty property (a flag);
 * - "a", "b" for one or more printable NUL-terminated strings;
 * - for "reg", with addr_cells + size_cells > 0 and a whole number of entries:
 *   <0x9000000 0x1000>, <...> with each address and size joined from its cells;
 * - <0x1 0x2 ...> for a multiple of 4 bytes (big-endian cells);
 * - [01 02 ...] for other bytes.
 */
void dtprop_format(const char *name, const void *value, size_t len, int addr_cells, int size_cells,
		   dtprop_sink sink, void *ctx);

#endif
