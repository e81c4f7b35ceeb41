/* SPDX-License-Identifier: MIT */
/* The FAT16/FAT32 filesystem core: volumes, paths, files and directories over a disk reached
 * through callbacks, with no IPC in it (main.c is the service glue; test/unit/test_fat.c runs it
 * on the host over image files). See docs/filesystem.md. Not thread-safe: one caller at a time.
 * Every function returns a negative enum fern_status on failure. */
#ifndef FS_FAT_H
#define FS_FAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FAT_SECTOR        512           /* the unit of every disk access */
#define FAT_IO_MAX        65536         /* the most bytes one disk access moves */
#define FAT_CACHE_SECTORS 32            /* sectors the write-through cache keeps */
#define FAT_MAX_OPEN      256           /* files and directories open at once (half the clients) */
#define FAT_NAME_MAX      255           /* UTF-16 units in a long name */
#define FAT_NAME_BYTES    768           /* room for a long name in UTF-8 with its NUL */
#define FAT_WHY_MAX       120           /* room for the reason a mount failed */
#define FAT_FILE_MAX      0xffffffffull /* the largest file FAT can hold */

/* The disk, as the core sees it. Offsets and lengths are multiples of FAT_SECTOR and a length
 * is at most FAT_IO_MAX. read, write, sync and size return FERN_OK or a negative status. */
struct fat_disk {
	int (*read)(void *ctx, uint64_t offset, void *buf, uint32_t len);
	int (*write)(void *ctx, uint64_t offset, const void *buf, uint32_t len);
	int (*sync)(void *ctx);
	int (*size)(void *ctx, uint64_t *bytes);
	uint64_t (*now)(void *ctx); /* optional: seconds since 1970, 0 when unknown */
	void *ctx;
};

/* A file or directory: where its short entry is and what it says. Directories are named by
 * their first cluster, 0 for the root (FAT16 and FAT32 alike). */
struct fat_node {
	bool root;      /* the root directory: it has no entry */
	uint32_t dir;   /* the directory holding the entry */
	uint32_t entry; /* the short entry's slot in dir */
	uint32_t lfn;   /* the first slot of its long-name run (== entry without one) */
	uint32_t first; /* first cluster, 0 for an empty file */
	uint32_t size;
	uint8_t attr;   /* FAT_ATTR_* */
	uint16_t wtime; /* modified, FAT time and date */
	uint16_t wdate;
	uint32_t at_index;   /* a position in the chain, to walk on from: cluster number ... */
	uint32_t at_cluster; /* ... at_index of the chain, 0 when unknown */
	/* A run of the chain known to lie in consecutive clusters: positions ext_index ..
	 * ext_index + ext_count - 1 are clusters ext_cluster.. (ext_count 0: none known). */
	uint32_t ext_index, ext_cluster, ext_count;
	int refs;  /* open references (the open table) */
	bool gone; /* removed while open: every access fails */
};

/* Short-entry attribute bits. */
enum fat_attr {
	FAT_ATTR_READ_ONLY = 0x01,
	FAT_ATTR_HIDDEN = 0x02,
	FAT_ATTR_SYSTEM = 0x04,
	FAT_ATTR_VOLUME = 0x08,
	FAT_ATTR_DIR = 0x10,
	FAT_ATTR_ARCHIVE = 0x20,
	FAT_ATTR_LFN = 0x0f,
};

struct fat_cache_line {
	uint64_t sector; /* disk offset / FAT_SECTOR */
	uint32_t used;   /* LRU stamp; 0 = empty */
	uint8_t data[FAT_SECTOR];
};

struct fat_volume {
	struct fat_disk disk;
	bool mounted;
	bool read_only;        /* a write was denied: the disk is read-only */
	bool dirty;            /* changed since the last sync: FAT[1]'s clean bit is clear */
	char why[FAT_WHY_MAX]; /* why the last mount failed */
	/* Why a request met a value on the disk it refused (CORRUPT): the first reason since the
	 * caller last set bad[0] = 0, "" when none. The service logs it with the request's name. */
	char bad[FAT_WHY_MAX];
	int bits; /* 16 or 32 */
	uint32_t sector_bytes;
	uint32_t cluster_bytes;
	uint32_t fat_count;
	uint64_t fat_offset;   /* bytes, first FAT */
	uint64_t fat_bytes;    /* bytes per FAT */
	uint64_t root_offset;  /* FAT16: the fixed root directory */
	uint32_t root_slots;   /* FAT16: its entries */
	uint32_t root_cluster; /* FAT32 */
	uint64_t data_offset;  /* bytes, cluster 2 */
	uint32_t clusters;     /* data clusters: valid numbers are 2 .. clusters + 1 */
	uint32_t free_clusters;
	uint32_t next_free;     /* where the next allocation starts looking */
	uint64_t fsinfo_offset; /* FAT32, 0 without an FSInfo sector */
	uint32_t stamp;         /* the cache's LRU clock */
	int last_line[2];       /* the cache lines found last: looked at first */
	/* Where the last directory walk got to (directory, cluster index, cluster), so that
	 * reading a directory in order does not walk its chain from the start for each slot. */
	bool walk_valid;
	uint32_t walk_dir, walk_index, walk_cluster;
	struct fat_cache_line cache[FAT_CACHE_SECTORS];
	struct fat_node open[FAT_MAX_OPEN];
};

/* What a directory READ yields for one entry. */
struct fat_dirent_info {
	char name[FAT_NAME_BYTES];
	uint32_t size;
	bool dir;
	uint64_t modified; /* seconds since 1970 */
};

/* Reads and checks the boot sector and counts free clusters. On failure v->why says what is
 * wrong in one line (FERN_ERR_CORRUPT: not a usable FAT16/32 volume; else the disk's error). */
int fat_mount(struct fat_volume *v, const struct fat_disk *disk);
/* Brings the volume to a clean state on the disk: after a change since the last sync, writes
 * FSInfo, sets the clean-shutdown bit in FAT[1] (the next change clears it again); then flushes
 * the disk. */
int fat_sync(struct fat_volume *v);
/* fat_sync when anything changed since the last one (no disk access otherwise); v is unmounted
 * after. */
int fat_unmount(struct fat_volume *v);
/* Free and total bytes of the data area, and bytes per cluster. */
void fat_space(const struct fat_volume *v, uint64_t *free, uint64_t *total, uint64_t *cluster);

/* Opens path (len bytes, "/"-separated, relative to the open directory base or to the root when
 * base is NULL) with enum fern_open_flags; *out is a reference for fat_close. Errors: NOT_FOUND,
 * NOT_DIR, IS_DIR (WRITE or TRUNCATE on a directory), EXISTS, INVALID (a bad name), DENIED
 * (read-only disk), NO_SPACE, TOO_MANY (open table full), CORRUPT. */
int fat_open(struct fat_volume *v, struct fat_node *base, const char *path, size_t len,
	     uint32_t flags, struct fat_node **out);
/* Drops a reference from fat_open. */
void fat_close(struct fat_volume *v, struct fat_node *n);
/* Removes a file or an empty directory (NOT_EMPTY). Open references to it fail afterwards. */
int fat_remove(struct fat_volume *v, struct fat_node *base, const char *path, size_t len);
/* Moves from to to (EXISTS if to is taken by another entry, INVALID for a directory moved
 * into itself). Open references follow. */
int fat_rename(struct fat_volume *v, struct fat_node *base, const char *from, size_t from_len,
	       const char *to, size_t to_len);

/* Reads up to len bytes at offset: the count (0 at or past the end). IS_DIR on a directory. */
int64_t fat_read(struct fat_volume *v, struct fat_node *n, uint64_t offset, void *buf,
		 uint32_t len);
/* Writes len bytes at offset (a gap past the end reads as zeros): the count, smaller than len
 * when the disk filled up (NO_SPACE when nothing fit). */
int64_t fat_write(struct fat_volume *v, struct fat_node *n, uint64_t offset, const void *buf,
		  uint32_t len);
/* Cuts or extends (with zeros) a file to size; all or nothing (NO_SPACE). */
int fat_truncate(struct fat_volume *v, struct fat_node *n, uint64_t size);
/* The entry at or after *index in directory n: 1 and *index moved past it, 0 at the end. Skips
 * ".", ".." and volume labels. */
int fat_readdir(struct fat_volume *v, struct fat_node *n, uint32_t *index,
		struct fat_dirent_info *out);
/* Seconds since 1970 of a FAT date and time (taken as UTC). */
uint64_t fat_time_to_unix(uint16_t date, uint16_t time);

#endif
