/* SPDX-License-Identifier: MIT */
/* A complete, bounded check of an untrusted flattened device tree before libfdt may read it. */
#ifndef FERN_FDT_VALIDATE_H
#define FERN_FDT_VALIDATE_H

#include <stddef.h>
#include <stdint.h>

/* Deepest node nesting accepted (the root node is depth 1). Discovery walks no deeper. */
#define FDT_VALIDATE_MAX_DEPTH 64

/* Oldest and newest format versions read: 16 (dtc -V 16) and 17 (dtc's and QEMU's default).
 * A newer version is accepted when its last_comp_version says a version-17 reader can read it;
 * older layouts (full-path node names, 8-byte property alignment) are refused. */
#define FDT_VALIDATE_VERSION_MIN 16
#define FDT_VALIDATE_VERSION_MAX 17

/* What is wrong with a rejected blob and where. */
struct fdt_problem {
	const char *what; /* a fixed sentence, e.g. "property length runs past the block" */
	uint32_t offset;  /* byte offset from the start of the blob where it was found */
};

/*
 * Checks that the size bytes at blob hold a device tree that Debian's libfdt 1.6.1 can walk
 * without reading outside it, dereferencing NULL or looping: magic, version, totalsize (at most
 * size), every block in bounds, aligned and not overlapping another, the memory-reservation
 * block terminated, and every tag of the structure block (node names, property lengths and name
 * offsets, nesting at most FDT_VALIDATE_MAX_DEPTH, a single root node, FDT_END last), and that
 * every /aliases entry is an absolute path (libfdt resolves others forever). blob must
 * be 4-byte aligned. Reads only [blob, blob + size), in time linear in totalsize.
 * Errors: FERN_ERR_INVALID, and *problem (if not NULL) says what and where.
 */
int fdt_validate(const void *blob, size_t size, struct fdt_problem *problem);

#endif
