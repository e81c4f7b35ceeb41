/* SPDX-License-Identifier: MIT */
/* The boot filesystem: a cpio "newc" archive of programs (embedded in the image). Pure parser,
 * unit-tested on the host. */
#ifndef KERNEL_BOOTFS_H
#define KERNEL_BOOTFS_H

#include <stddef.h>
#include <stdint.h>

#define BOOTFS_NAME_MAX  64
#define BOOTFS_ERROR_LEN 128

struct bootfs_file {
	char name[BOOTFS_NAME_MAX]; /* path inside the archive, without a leading "./" */
	const uint8_t *data;
	size_t size;
};

/*
 * Checks the whole archive (size bytes): every header has the "070701" magic, hex fields parse,
 * names are NUL-terminated and fit BOOTFS_NAME_MAX, sizes stay inside the archive, and it ends
 * with the "TRAILER!!!" entry. Returns the number of regular files, or FERN_ERR_INVALID with a
 * reason in err (BOOTFS_ERROR_LEN bytes) naming the entry and offset.
 */
int bootfs_check(const void *archive, size_t size, char *err);

/* Finds a regular file by name in an archive that passed bootfs_check. Returns FERN_OK or
 * FERN_ERR_NOT_FOUND. */
int bootfs_find(const void *archive, size_t size, const char *name, struct bootfs_file *out);

/* Calls fn for each regular file in order (archive must have passed bootfs_check). */
void bootfs_for_each(const void *archive, size_t size,
		     void (*fn)(const struct bootfs_file *file, void *ctx), void *ctx);

#endif
