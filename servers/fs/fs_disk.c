// SPDX-License-Identifier: MIT
/* The filesystem's disk: its segment cache (bcache.c) over the block service, with the cache's
 * memory shared with the block driver (fern/bulk.h) so that the device reads and writes it
 * directly; reconnected when the driver was restarted (the buffer shared again, the request
 * made again). And the clock from the rtc service when there is one. */
#include "fs.h"

#include <fern/bulk.h>
#include <fern/env.h>
#include <fern/status.h>
#include <fern/sys.h>

#define RECONNECT_WAIT_NS 5000000000ull /* how long to wait for the block service to return */
#define RECONNECT_STEP_NS 100000000ull

/* A new channel to the block service after the old one's peer closed, with the cache's
 * memory shared on it. */
static int reconnect(struct fs *fs)
{
	uint64_t deadline = fern_clock_ns() + RECONNECT_WAIT_NS;
	if (fs->block)
		fern_handle_close(fs->block);
	fs->block = FERN_HANDLE_INVALID;
	if (fs->stopping)
		return FERN_ERR_PEER_CLOSED; /* the driver is going down with the system */
	fern_handle h;
	int rc = fern_service_open("block", &h);
	if (rc == FERN_ERR_NOT_FOUND) { /* no block device on this machine: nothing to wait for */
		if (!fs->no_disk_said)
			fern_logf("no block device: every request fails until one is started");
		fs->no_disk_said = true;
		return rc;
	}
	if (rc)
		fern_logf("the block service went away; reconnecting");
	while (rc) {
		if (fern_clock_ns() > deadline) {
			fern_logf("the block service did not come back: %s", status_name(rc));
			return FERN_ERR_PEER_CLOSED;
		}
		fern_sleep_until(fern_clock_ns() + RECONNECT_STEP_NS);
		rc = fern_service_open("block", &h);
	}
	fs->block = h;
	rc = fs->cache_mem.base ? fern_bulk_share(h, &fs->cache_mem) : FERN_OK;
	fern_logf("reconnected to the block service");
	return rc;
}

static bool lost(int64_t rc)
{
	return rc == FERN_ERR_PEER_CLOSED || rc == FERN_ERR_BAD_HANDLE;
}

/* One transfer between the disk and the cache's memory, through the shared buffer. */
static int transfer(struct fs *fs, uint16_t type, uint64_t disk_off, uint32_t len, uint64_t mem_off)
{
	for (int attempt = 0;; attempt++) {
		struct fern_msg req = {.type = type, .word = {disk_off, len, FERN_BULK | mem_off}};
		struct fern_msg reply = {0};
		int rc = fs->block ? fern_call(fs->block, &req, &reply) : FERN_ERR_PEER_CLOSED;
		if (!rc && reply.word[0] != len)
			rc = FERN_ERR_FAULT;
		if (!lost(rc) || attempt)
			return rc;
		rc = reconnect(fs);
		if (rc)
			return rc;
	}
}

static int dev_read(void *ctx, uint64_t disk_off, uint32_t len, uint64_t mem_off)
{
	return transfer(ctx, FERN_MSG_READ, disk_off, len, mem_off);
}

static int dev_write(void *ctx, uint64_t disk_off, uint32_t len, uint64_t mem_off)
{
	return transfer(ctx, FERN_MSG_WRITE, disk_off, len, mem_off);
}

static int dev_flush(void *ctx)
{
	struct fs *fs = ctx;
	int rc = fs->block ? fern_setattr(fs->block, FERN_ATTR_SYNC, 0) : FERN_ERR_PEER_CLOSED;
	if (lost(rc) && !reconnect(fs))
		rc = fern_setattr(fs->block, FERN_ATTR_SYNC, 0);
	return rc;
}

static int disk_read(void *ctx, uint64_t offset, void *buf, uint32_t len)
{
	struct fs *fs = ctx;
	return fs->cache_ready ? bcache_read(&fs->cache, offset, buf, len) : FERN_ERR_PEER_CLOSED;
}

static int disk_write(void *ctx, uint64_t offset, const void *buf, uint32_t len)
{
	struct fs *fs = ctx;
	return fs->cache_ready ? bcache_write(&fs->cache, offset, buf, len) : FERN_ERR_PEER_CLOSED;
}

static int disk_sync(void *ctx)
{
	struct fs *fs = ctx;
	return fs->cache_ready ? bcache_sync(&fs->cache) : FERN_ERR_PEER_CLOSED;
}

/* The disk's size, and the cache over it, set up on first use: the cache's memory is shared
 * with the block driver (its pages are allocated as segments are first used). */
static int disk_size(void *ctx, uint64_t *bytes)
{
	struct fs *fs = ctx;
	uint64_t w[FERN_MSG_WORDS];
	int rc = fs->block ? fern_getattr(fs->block, FERN_ATTR_SIZE, w) : FERN_ERR_PEER_CLOSED;
	if (lost(rc) && !reconnect(fs))
		rc = fern_getattr(fs->block, FERN_ATTR_SIZE, w);
	if (rc)
		return rc;
	*bytes = w[0];
	if (!fs->cache_mem.base) {
		rc = fern_bulk_attach(fs->block, FS_CACHE_SEGS * BC_SEG, false, &fs->cache_mem);
		if (rc) {
			fern_logf("cannot share the disk cache with the block service: %s",
				  status_name(rc));
			return rc;
		}
	}
	if (fs->cache_ready && fs->cache.disk_size != w[0])
		bcache_drop(&fs->cache); /* another disk: what is cached is not on it */
	if (!fs->cache_ready || fs->cache.disk_size != w[0]) {
		static struct bc_seg segs[FS_CACHE_SEGS];
		struct bc_dev dev = {dev_read, dev_write, dev_flush, fs};
		bcache_init(&fs->cache, &dev, fs->cache_mem.base, FS_CACHE_SEGS, segs, w[0]);
		fs->cache_ready = true;
	}
	return FERN_OK;
}

/* Seconds since 1970 from the rtc service (reconnected once if it restarted), or 0. */
static uint64_t disk_now(void *ctx)
{
	struct fs *fs = ctx;
	uint64_t w[FERN_MSG_WORDS];
	if (!fs->rtc)
		return 0;
	int rc = fern_getattr(fs->rtc, FERN_ATTR_TIME, w);
	if (lost(rc)) {
		fern_handle_close(fs->rtc);
		fs->rtc = FERN_HANDLE_INVALID;
		if (!fern_service_open("rtc", &fs->rtc))
			rc = fern_getattr(fs->rtc, FERN_ATTR_TIME, w);
	}
	return rc ? 0 : w[0];
}

struct fat_disk fs_disk(struct fs *fs)
{
	fs->block = fern_env_handle("block");
	fs->rtc = fern_env_handle("rtc");
	return (struct fat_disk){.read = disk_read,
				 .write = disk_write,
				 .sync = disk_sync,
				 .size = disk_size,
				 .now = disk_now,
				 .ctx = fs};
}
