// SPDX-License-Identifier: MIT
/* Reading a device-tree blob (a board or a compiled spec) into memory, with clear errors. */
#include "file.h"

#include <fern/status.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define READ_CHUNK (64u * 1024)

/* Grows *buf so that it holds at least want bytes. */
static int buffer_reserve(unsigned char **buf, size_t *capacity, size_t want)
{
	if (want <= *capacity)
		return FERN_OK;
	size_t next = *capacity ? *capacity : READ_CHUNK;
	while (next < want)
		next *= 2;
	unsigned char *grown = realloc(*buf, next);
	if (!grown)
		return FERN_ERR_NO_MEMORY;
	*buf = grown;
	*capacity = next;
	return FERN_OK;
}

int file_read(const char *path, unsigned char **data, size_t *size)
{
	int rc = FERN_ERR_INVALID;
	unsigned char *buf = NULL;
	size_t capacity = 0, used = 0;
	FILE *file = fopen(path, "rb");
	if (!file) {
		fprintf(stderr, "fern-board: %s: cannot open: %s\n", path, strerror(errno));
		return FERN_ERR_NOT_FOUND;
	}
	for (;;) {
		if (buffer_reserve(&buf, &capacity, used + READ_CHUNK)) {
			fprintf(stderr, "fern-board: %s: out of memory\n", path);
			rc = FERN_ERR_NO_MEMORY;
			goto free_buffer;
		}
		size_t got = fread(buf + used, 1, READ_CHUNK, file);
		used += got;
		if (used > DTB_MAX_SIZE) {
			fprintf(stderr, "fern-board: %s: larger than %u MiB, not a device tree\n",
				path, DTB_MAX_SIZE >> 20);
			goto free_buffer;
		}
		if (got < READ_CHUNK)
			break;
	}
	if (ferror(file)) {
		fprintf(stderr, "fern-board: %s: cannot read: %s\n", path, strerror(errno));
		goto free_buffer;
	}
	if (used == 0) {
		fprintf(stderr, "fern-board: %s: file is empty\n", path);
		goto free_buffer;
	}
	fclose(file);
	*data = buf;
	*size = used;
	return FERN_OK;

free_buffer:
	free(buf);
	fclose(file);
	return rc;
}
