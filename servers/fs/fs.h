/* SPDX-License-Identifier: MIT */
/* The filesystem server's glue (docs/filesystem.md): its state, the disk it reaches through the
 * block service (fs_disk.c) and the table of channels to open files (fs_files.c). */
#ifndef FS_FS_H
#define FS_FS_H

#include "bcache.h"
#include "fat.h"

#include <fern/abi.h>
#include <fern/bulk.h>
#include <fern/service.h>

#define FS_NAME_LOG 96 /* bytes of an opened path kept to name it in the log */

/* An OPEN's channel: our end, the node behind it, the flags it was opened with, and its path
 * as opened (cut to FS_NAME_LOG - 1 bytes), to name it when it meets a corrupt structure. */
struct fs_file {
	fern_handle h; /* 0: a free slot */
	struct fat_node *node;
	uint32_t flags;
	struct fern_bulk bulk; /* a buffer the client shared for READ/WRITE with FERN_BULK */
	char name[FS_NAME_LOG];
};

#define FS_LOGGED     8 /* corrupt-structure lines remembered, so each is logged once */
/* The disk cache: this many 64 KiB segments (8 MiB of address space; memory is used only as
 * segments fill). */
#define FS_CACHE_SEGS 128

struct fs {
	struct fat_volume vol;
	struct fat_disk disk;
	fern_handle block;          /* the block service; replaced when its driver restarts */
	struct fern_bulk cache_mem; /* the cache's memory, shared with the block driver */
	struct bcache cache;        /* the disk as the filesystem core reads and writes it */
	bool cache_ready;
	fern_handle rtc;   /* the rtc service, or 0 */
	fern_handle timer; /* brings a changed volume back to clean when requests pause */
	bool timer_armed;
	bool stopping;              /* shutting down: a lost block service is not waited for */
	bool no_disk_said;          /* "no block device" was logged */
	struct fat_node root;       /* what a root connection reads and stats */
	char last_why[FAT_WHY_MAX]; /* the mount failure last logged */
	struct fs_file *files;      /* file_cap slots (heap), grown as files are opened */
	int file_cap;
	uint32_t logged[FS_LOGGED]; /* hashes of the corrupt-structure lines logged last */
	int logged_next;
	uint8_t buf[FERN_MSG_DATA_MAX];
};

/* The fat_disk over fs->block (reconnecting when the block driver restarted) and fs->rtc. */
struct fat_disk fs_disk(struct fs *fs);

/* The open file on channel h, or NULL (h is a root connection from the startup task). */
struct fs_file *fs_file_find(struct fs *fs, fern_handle h);
/* Records channel h to node, opened as path (len bytes); FERN_ERR_NO_MEMORY when the table
 * cannot grow. */
int fs_file_add(struct fs *fs, fern_handle h, struct fat_node *node, uint32_t flags,
		const char *path, size_t len);
/* Forgets channel h (closing its node), if it is one. */
void fs_file_drop(struct fs *fs, fern_handle h);

#endif
