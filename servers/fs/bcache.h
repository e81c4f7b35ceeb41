/* SPDX-License-Identifier: MIT */
/* The filesystem's cache of the disk: 64 KiB segments of it in memory shared with the block
 * driver, so that the device reads and writes the cache directly. A miss reads the whole
 * segment (what the request asked for, and what follows it: read-ahead) in one request;
 * writes stay in the cache (write-back) until bcache_flush, an eviction or bcache_sync. No IPC
 * here: the device is callbacks (fs_disk.c; test/unit/test_bcache.c runs it on the host). */
#ifndef FS_BCACHE_H
#define FS_BCACHE_H

#include <stdbool.h>
#include <stdint.h>

#define BC_SECTOR      512
#define BC_SEG         (64 * 1024) /* the unit of caching, aligned on the disk */
#define BC_SEG_SECTORS (BC_SEG / BC_SECTOR)
#define BC_HASH        256 /* buckets of the segment lookup */

/* The device under the cache. Offsets into the disk and into the cache's memory (mem) are
 * multiples of BC_SECTOR; len is at most BC_SEG. FERN_OK or a negative status. */
struct bc_dev {
	int (*read)(void *ctx, uint64_t disk_off, uint32_t len, uint64_t mem_off);
	int (*write)(void *ctx, uint64_t disk_off, uint32_t len, uint64_t mem_off);
	int (*flush)(void *ctx); /* the device's own write cache */
	void *ctx;
};

/* One cached segment: which of its sectors hold data, and which of those are newer than the
 * disk. */
struct bc_seg {
	uint64_t index; /* disk offset / BC_SEG */
	uint64_t valid[BC_SEG_SECTORS / 64];
	uint64_t dirty[BC_SEG_SECTORS / 64];
	uint32_t stamp; /* last use, for LRU; 0: the slot is free */
	int32_t next;   /* the hash chain: a slot, or -1 */
};

struct bcache {
	struct bc_dev dev;
	uint8_t *mem; /* nseg * BC_SEG bytes: slot i caches into mem + i * BC_SEG */
	uint32_t nseg;
	struct bc_seg *seg; /* nseg slots */
	int32_t hash[BC_HASH];
	uint32_t stamp;
	uint64_t disk_size;                           /* bytes: segments past it are cut short */
	uint64_t dev_reads, dev_writes, hits, misses; /* for the report and the tests */
};

/* Sets c up over dev with nseg slots (seg: room for them) in mem. */
void bcache_init(struct bcache *c, const struct bc_dev *dev, uint8_t *mem, uint32_t nseg,
		 struct bc_seg *seg, uint64_t disk_size);
/* Reads len bytes at off (sector multiples, len at most 64 KiB... any range inside the disk)
 * into buf, from the cache where it has them, else from the device a segment at a time. */
int bcache_read(struct bcache *c, uint64_t off, void *buf, uint32_t len);
/* Writes len bytes at off (sector multiples) into the cache: written back later. A sector
 * partly written is read first. */
int bcache_write(struct bcache *c, uint64_t off, const void *buf, uint32_t len);
/* Writes back every dirty sector (runs of them, one request each). */
int bcache_flush(struct bcache *c);
/* bcache_flush, then the device's flush: afterwards everything written is on the medium. */
int bcache_sync(struct bcache *c);
/* Forgets everything cached (after the device was replaced); dirty data is lost: call
 * bcache_flush first when it matters. */
void bcache_drop(struct bcache *c);
/* Whether any sector is waiting to be written back. */
bool bcache_dirty(const struct bcache *c);

#endif
