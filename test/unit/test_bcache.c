// SPDX-License-Identifier: MIT
/* Unit test for the filesystem's segment cache (servers/fs/bcache.c) over a disk in memory:
 * read-ahead by segments, write-back, partly valid segments, eviction, the disk's end, errors. */
#include "bcache.h"

#include <fern/status.h>
#include <stdlib.h>

#include "check.h"

#define DISK  (1024 * 1024 + 3 * 512) /* a last segment of three sectors */
#define SLOTS 2

static uint8_t disk[DISK];
static uint8_t mem[SLOTS * BC_SEG];
static struct bc_seg segs[SLOTS];
static unsigned reads, writes, flushes, last_len;
static int fail_next;

static int dev_read(void *ctx, uint64_t disk_off, uint32_t len, uint64_t mem_off)
{
	(void)ctx;
	CHECK(disk_off % 512 == 0 && len % 512 == 0 && len && len <= BC_SEG);
	CHECK(disk_off + len <= DISK && mem_off + len <= sizeof(mem));
	if (fail_next) {
		fail_next = 0;
		return FERN_ERR_FAULT;
	}
	memcpy(mem + mem_off, disk + disk_off, len);
	reads++, last_len = len;
	return FERN_OK;
}

static int dev_write(void *ctx, uint64_t disk_off, uint32_t len, uint64_t mem_off)
{
	(void)ctx;
	CHECK(disk_off % 512 == 0 && len % 512 == 0 && len && len <= BC_SEG);
	CHECK(disk_off + len <= DISK && mem_off + len <= sizeof(mem));
	memcpy(disk + disk_off, mem + mem_off, len);
	writes++, last_len = len;
	return FERN_OK;
}

static int dev_flush(void *ctx)
{
	(void)ctx;
	flushes++;
	return FERN_OK;
}

static const struct bc_dev dev = {dev_read, dev_write, dev_flush, 0};

static void reset(struct bcache *c)
{
	for (unsigned i = 0; i < DISK; i++)
		disk[i] = (uint8_t)(i * 7 + i / 512);
	reads = writes = flushes = 0;
	bcache_init(c, &dev, mem, SLOTS, segs, DISK);
}

/* A miss reads the whole segment in one request; what follows is then a hit. */
static void test_read_ahead(void)
{
	struct bcache c;
	reset(&c);
	uint8_t buf[8192];
	CHECK_EQ(bcache_read(&c, 4096, buf, 4096), FERN_OK);
	CHECK_EQ(reads, 1);
	CHECK_EQ(last_len, BC_SEG);
	CHECK(!memcmp(buf, disk + 4096, 4096));
	CHECK_EQ(bcache_read(&c, 8192, buf, 8192), FERN_OK);
	CHECK_EQ(reads, 1);
	CHECK(!memcmp(buf, disk + 8192, 8192));
	/* Across a segment boundary: the next segment is read, once. */
	CHECK_EQ(bcache_read(&c, BC_SEG - 4096, buf, 8192), FERN_OK);
	CHECK_EQ(reads, 2);
	CHECK(!memcmp(buf, disk + BC_SEG - 4096, 8192));
	CHECK_EQ(c.hits, 2);
}

/* Writes stay in the cache until flushed; sync flushes the device too. */
static void test_write_back(void)
{
	struct bcache c;
	reset(&c);
	uint8_t buf[4096], back[4096];
	memset(buf, 0xab, sizeof(buf));
	CHECK_EQ(bcache_write(&c, 3 * BC_SEG, buf, sizeof(buf)), FERN_OK);
	CHECK_EQ(writes, 0);
	CHECK(bcache_dirty(&c));
	CHECK(disk[3 * BC_SEG] != 0xab);
	CHECK_EQ(bcache_read(&c, 3 * BC_SEG, back, sizeof(back)), FERN_OK);
	CHECK_EQ(reads, 0); /* all of it was written here */
	CHECK(!memcmp(back, buf, sizeof(buf)));
	CHECK_EQ(bcache_sync(&c), FERN_OK);
	CHECK_EQ(writes, 1);
	CHECK_EQ(last_len, 4096);
	CHECK_EQ(flushes, 1);
	CHECK(!bcache_dirty(&c));
	CHECK(!memcmp(disk + 3 * BC_SEG, buf, sizeof(buf)));
	CHECK_EQ(bcache_flush(&c), FERN_OK);
	CHECK_EQ(writes, 1); /* nothing left to write */
}

/* A read of a segment with dirty sectors reads only the others around them. */
static void test_partly_valid(void)
{
	struct bcache c;
	reset(&c);
	uint8_t two[1024], buf[2560];
	memset(two, 0x5e, sizeof(two));
	CHECK_EQ(bcache_write(&c, 512, two, sizeof(two)), FERN_OK); /* sectors 1 and 2 */
	CHECK_EQ(bcache_read(&c, 0, buf, sizeof(buf)), FERN_OK);    /* sectors 0..4 */
	CHECK_EQ(reads, 2);                                         /* sector 0, and 3..127 */
	CHECK(!memcmp(buf, disk, 512));
	CHECK(!memcmp(buf + 512, two, sizeof(two)));
	CHECK(!memcmp(buf + 1536, disk + 1536, 1024));
	CHECK_EQ(bcache_flush(&c), FERN_OK);
	CHECK_EQ(writes, 1);
	CHECK(!memcmp(disk + 512, two, sizeof(two)));
}

/* With every slot taken, the least recently used segment goes, written back first. */
static void test_eviction(void)
{
	struct bcache c;
	reset(&c);
	uint8_t buf[512] = {1, 2, 3};
	CHECK_EQ(bcache_write(&c, 0, buf, sizeof(buf)), FERN_OK);
	CHECK_EQ(bcache_read(&c, BC_SEG, buf, sizeof(buf)), FERN_OK);
	CHECK_EQ(bcache_read(&c, 2 * BC_SEG, buf, sizeof(buf)), FERN_OK); /* evicts segment 0 */
	CHECK_EQ(writes, 1);
	CHECK_EQ(disk[0], 1);
	CHECK_EQ(disk[2], 3);
	CHECK_EQ(bcache_read(&c, 0, buf, sizeof(buf)), FERN_OK); /* evicts segment 1: clean */
	CHECK_EQ(writes, 1);
	CHECK_EQ(buf[1], 2);
}

/* The last segment is cut at the disk's end; past it, and misaligned, is refused. */
static void test_edges(void)
{
	struct bcache c;
	reset(&c);
	uint8_t buf[1536];
	CHECK_EQ(bcache_read(&c, DISK - 1536, buf, 1536), FERN_OK);
	CHECK_EQ(last_len, 1536);
	CHECK(!memcmp(buf, disk + DISK - 1536, 1536));
	CHECK_EQ(bcache_read(&c, DISK - 512, buf, 1024), FERN_ERR_RANGE);
	CHECK_EQ(bcache_write(&c, DISK, buf, 512), FERN_ERR_RANGE);
	CHECK_EQ(bcache_read(&c, 100, buf, 512), FERN_ERR_INVALID);
	CHECK_EQ(bcache_write(&c, 0, buf, 100), FERN_ERR_INVALID);
	/* A device error is returned and nothing is taken as read: the retry reads again. */
	fail_next = 1;
	CHECK_EQ(bcache_read(&c, 5 * BC_SEG, buf, 512), FERN_ERR_FAULT);
	unsigned before = reads;
	CHECK_EQ(bcache_read(&c, 5 * BC_SEG, buf, 512), FERN_OK);
	CHECK_EQ(reads, before + 1);
	CHECK(!memcmp(buf, disk + 5 * BC_SEG, 512));
}

int main(void)
{
	test_read_ahead();
	test_write_back();
	test_partly_valid();
	test_eviction();
	test_edges();
	puts("test_bcache: ok");
	return 0;
}
