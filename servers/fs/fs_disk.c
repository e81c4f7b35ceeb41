// SPDX-License-Identifier: MIT
/* The filesystem's disk: the block service, reconnected when its driver was restarted (the
 * request is then made again), and the clock from the rtc service when there is one. */
#include "fs.h"

#include <fern/env.h>
#include <fern/status.h>
#include <fern/sys.h>

#define RECONNECT_WAIT_NS 5000000000ull /* how long to wait for the block service to return */
#define RECONNECT_STEP_NS 100000000ull

/* A new channel to the block service after the old one's peer closed. */
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
	if (!rc) {
		fs->block = h;
		fern_logf("reconnected to the block service");
		return FERN_OK;
	}
	fern_logf("the block service went away; reconnecting");
	for (;;) {
		rc = fern_service_open("block", &h);
		if (!rc) {
			fs->block = h;
			fern_logf("reconnected to the block service");
			return FERN_OK;
		}
		if (fern_clock_ns() > deadline) {
			fern_logf("the block service did not come back: %s", status_name(rc));
			return FERN_ERR_PEER_CLOSED;
		}
		fern_sleep_until(fern_clock_ns() + RECONNECT_STEP_NS);
	}
}

static bool lost(int64_t rc)
{
	return rc == FERN_ERR_PEER_CLOSED || rc == FERN_ERR_BAD_HANDLE;
}

static int disk_read(void *ctx, uint64_t offset, void *buf, uint32_t len)
{
	struct fs *fs = ctx;
	int64_t n = fs->block ? fern_read(fs->block, offset, buf, len) : FERN_ERR_PEER_CLOSED;
	if (lost(n) && !reconnect(fs))
		n = fern_read(fs->block, offset, buf, len);
	return n < 0 ? (int)n : n == len ? FERN_OK : FERN_ERR_FAULT;
}

static int disk_write(void *ctx, uint64_t offset, const void *buf, uint32_t len)
{
	struct fs *fs = ctx;
	int64_t n = fs->block ? fern_write(fs->block, offset, buf, len) : FERN_ERR_PEER_CLOSED;
	if (lost(n) && !reconnect(fs))
		n = fern_write(fs->block, offset, buf, len);
	return n < 0 ? (int)n : n == len ? FERN_OK : FERN_ERR_FAULT;
}

static int disk_sync(void *ctx)
{
	struct fs *fs = ctx;
	int rc = fs->block ? fern_setattr(fs->block, FERN_ATTR_SYNC, 0) : FERN_ERR_PEER_CLOSED;
	if (lost(rc) && !reconnect(fs))
		rc = fern_setattr(fs->block, FERN_ATTR_SYNC, 0);
	return rc;
}

static int disk_size(void *ctx, uint64_t *bytes)
{
	struct fs *fs = ctx;
	uint64_t w[FERN_MSG_WORDS];
	int rc = fs->block ? fern_getattr(fs->block, FERN_ATTR_SIZE, w) : FERN_ERR_PEER_CLOSED;
	if (lost(rc) && !reconnect(fs))
		rc = fern_getattr(fs->block, FERN_ATTR_SIZE, w);
	if (!rc)
		*bytes = w[0];
	return rc;
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
