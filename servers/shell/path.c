// SPDX-License-Identifier: MIT
/* Absolute, normalized paths: the current directory applied, ".", ".." and "//" resolved. */
#include "path.h"

#include <fern/status.h>
#include <string.h>

/* Appends the components of p to out (length *len), resolving "." and "..". */
static int components_add(const char *p, char *out, size_t cap, size_t *len)
{
	while (*p) {
		while (*p == '/')
			p++;
		size_t n = strcspn(p, "/");
		if (n == 0)
			break;
		if (n == 1 && p[0] == '.') {
			/* nothing */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			while (*len > 0 && out[*len - 1] != '/')
				(*len)--;
			if (*len > 0)
				(*len)--; /* the '/' before the removed component */
		} else {
			if (*len + 1 + n + 1 > cap)
				return FERN_ERR_TOO_BIG;
			out[(*len)++] = '/';
			memcpy(out + *len, p, n);
			*len += n;
		}
		p += n;
	}
	return FERN_OK;
}

int path_normalize(const char *cwd, const char *path, char *out, size_t cap)
{
	size_t len = 0;
	if (cap < 2)
		return FERN_ERR_TOO_BIG;
	if (path[0] != '/') {
		int rc = components_add(cwd, out, cap, &len);
		if (rc)
			return rc;
	}
	int rc = components_add(path, out, cap, &len);
	if (rc)
		return rc;
	if (len == 0)
		out[len++] = '/';
	out[len] = 0;
	return FERN_OK;
}

int path_under(const char *path, const char *prefix, const char **rest)
{
	size_t n = strlen(prefix);
	if (strncmp(path, prefix, n) != 0 || (path[n] != 0 && path[n] != '/'))
		return 0;
	*rest = path + n + (path[n] == '/');
	return 1;
}
