// SPDX-License-Identifier: MIT
/* The filesystem server's table of channels to open files and directories: on the heap,
 * doubled when full (the server's own client table caps how many there can be). */
#include "fs.h"

#include <fern/status.h>
#include <stdlib.h>
#include <string.h>

struct fs_file *fs_file_find(struct fs *fs, fern_handle h)
{
	for (int i = 0; i < fs->file_cap; i++)
		if (fs->files[i].h == h)
			return &fs->files[i];
	return NULL;
}

int fs_file_add(struct fs *fs, fern_handle h, struct fat_node *node, uint32_t flags,
		const char *path, size_t len)
{
	struct fs_file *f = fs_file_find(fs, FERN_HANDLE_INVALID);
	if (!f) {
		int cap = fs->file_cap ? 2 * fs->file_cap : 16;
		struct fs_file *more = realloc(fs->files, (size_t)cap * sizeof(*more));
		if (!more)
			return FERN_ERR_NO_MEMORY;
		memset(more + fs->file_cap, 0, (size_t)(cap - fs->file_cap) * sizeof(*more));
		f = more + fs->file_cap;
		fs->files = more;
		fs->file_cap = cap;
	}
	*f = (struct fs_file){.h = h, .node = node, .flags = flags};
	len = len < sizeof(f->name) - 1 ? len : sizeof(f->name) - 1;
	memcpy(f->name, path, len);
	f->name[len] = 0;
	return FERN_OK;
}

void fs_file_drop(struct fs *fs, fern_handle h)
{
	struct fs_file *f = h ? fs_file_find(fs, h) : NULL;
	if (!f)
		return;
	fat_close(&fs->vol, f->node);
	fern_bulk_release(&f->bulk);
	*f = (struct fs_file){0};
}
