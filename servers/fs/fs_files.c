// SPDX-License-Identifier: MIT
/* The filesystem server's table of channels to open files and directories. */
#include "fs.h"

#include <fern/status.h>

struct fs_file *fs_file_find(struct fs *fs, fern_handle h)
{
	for (int i = 0; i < FERN_SERVER_MAX_CLIENTS; i++)
		if (fs->files[i].h == h)
			return &fs->files[i];
	return NULL;
}

int fs_file_add(struct fs *fs, fern_handle h, struct fat_node *node, uint32_t flags)
{
	struct fs_file *f = fs_file_find(fs, FERN_HANDLE_INVALID);
	if (!f)
		return FERN_ERR_TOO_MANY;
	*f = (struct fs_file){.h = h, .node = node, .flags = flags};
	return FERN_OK;
}

void fs_file_drop(struct fs *fs, fern_handle h)
{
	struct fs_file *f = h ? fs_file_find(fs, h) : NULL;
	if (!f)
		return;
	fat_close(&fs->vol, f->node);
	*f = (struct fs_file){0};
}
