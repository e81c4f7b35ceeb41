/* SPDX-License-Identifier: MIT */
/* Path normalization against the current directory (pure logic). */
#ifndef SHELL_PATH_H
#define SHELL_PATH_H

#include <stddef.h>

#define PATH_CAP 256 /* bytes of a normalized path, NUL included */

/*
 * Writes the absolute, normalized form of path into out (cap bytes): relative paths start at
 * cwd (itself absolute and normalized), "." and empty components vanish, ".." removes the
 * component before it (and stays at "/" at the root). The result starts with '/' and has no
 * trailing '/' except for the root itself. Returns FERN_OK or FERN_ERR_TOO_BIG.
 */
int path_normalize(const char *cwd, const char *path, char *out, size_t cap);

/* Whether path (normalized) is prefix or lies below it: path_under("/sys/ps", "/sys"). When it
 * does, *rest points past the prefix and its '/' ("ps"; "" for the prefix itself). */
int path_under(const char *path, const char *prefix, const char **rest);

#endif
