// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness: a disk through the FAT core the fs server runs (servers/fs/fat_*.c). The
 * input is a sparse disk, so that a FAT32 volume (65,525 clusters at least) fits in a few KiB:
 *
 *   u32 disk size in sectors (little-endian; at most DISK_SECTORS_MAX)
 *   then records of: u32 sector number (little-endian), 512 bytes of that sector
 *
 * Sectors no record names read as zeros; a later record for a sector replaces an earlier one.
 * The harness mounts the disk, lists every directory (bounded), reads every file, looks up odd
 * paths, then writes, truncates, renames and removes on its private copy of the disk, and
 * unmounts. Every disk access must be sector-aligned and at most FAT_IO_MAX bytes (fat.h);
 * writes must stay inside the volume's FATs, root and data (and FSInfo); FAT copies that were
 * equal at mount must be equal after the unmount.
 * test/fuzz/fat_sparse.c turns an image file into this form.
 */
#include "fuzz.h"

#include <fat.h>
#include <fern/abi.h>
#include <fern/status.h>
#include <string.h>

#define DISK_SECTORS_MAX (128u * 1024) /* 64 MiB: room for a small FAT32 volume */
#define RECORDS_MAX      8192          /* sectors the disk keeps (4 MiB) */
#define WALK_ENTRIES_MAX 256           /* directory entries visited per input */
#define WALK_DEPTH_MAX   6
#define READ_MAX         (64 * 1024) /* bytes read per file */

struct record {
	uint32_t sector;
	uint8_t data[FAT_SECTOR];
};

/* The disk: its size and its non-zero sectors, sorted by number. Once the volume is mounted,
 * writes may only go to its FATs, root directory, data clusters and FSInfo sector. */
struct sparse_disk {
	uint32_t sectors;
	struct record *rec;
	uint32_t count;
	bool guarded;
	uint64_t fat_start, volume_end, fsinfo; /* bytes */
	bool write_failed;                      /* a write was refused: the FAT copies may differ */
};

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Index of sector's record, or where it would go (*found false). */
static uint32_t disk_find(const struct sparse_disk *d, uint32_t sector, bool *found)
{
	uint32_t lo = 0, hi = d->count;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (d->rec[mid].sector < sector)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < d->count && d->rec[lo].sector == sector;
	return lo;
}

static int disk_put(struct sparse_disk *d, uint32_t sector, const uint8_t *data)
{
	bool found;
	uint32_t at = disk_find(d, sector, &found);
	if (!found) {
		if (d->count == RECORDS_MAX)
			return FERN_ERR_NO_SPACE;
		memmove(&d->rec[at + 1], &d->rec[at], (d->count - at) * sizeof(d->rec[0]));
		d->rec[at].sector = sector;
		d->count++;
	}
	memcpy(d->rec[at].data, data, FAT_SECTOR);
	return FERN_OK;
}

/* The fat.h contract: sector-aligned, 1 to FAT_IO_MAX bytes. Past the end: FERN_ERR_RANGE. */
static int disk_access(const struct sparse_disk *d, uint64_t offset, uint32_t len)
{
	FUZZ_CHECK(offset % FAT_SECTOR == 0 && len % FAT_SECTOR == 0);
	FUZZ_CHECK(len > 0 && len <= FAT_IO_MAX);
	uint64_t end = (uint64_t)d->sectors * FAT_SECTOR;
	return offset > end || len > end - offset ? FERN_ERR_RANGE : FERN_OK;
}

static int disk_read(void *ctx, uint64_t offset, void *buf, uint32_t len)
{
	struct sparse_disk *d = ctx;
	int rc = disk_access(d, offset, len);
	for (uint32_t i = 0; !rc && i < len / FAT_SECTOR; i++) {
		bool found;
		uint32_t at = disk_find(d, (uint32_t)(offset / FAT_SECTOR) + i, &found);
		uint8_t *out = (uint8_t *)buf + (size_t)i * FAT_SECTOR;
		if (found)
			memcpy(out, d->rec[at].data, FAT_SECTOR);
		else
			memset(out, 0, FAT_SECTOR);
	}
	return rc;
}

static int disk_write(void *ctx, uint64_t offset, const void *buf, uint32_t len)
{
	struct sparse_disk *d = ctx;
	int rc = disk_access(d, offset, len);
	if (d->guarded &&
	    ((offset < d->fat_start && offset != d->fsinfo) || offset + len > d->volume_end)) {
		fprintf(stderr,
			"write of %u bytes at %llu outside the volume's FATs, root and data "
			"[%llu, %llu) and FSInfo (%llu)\n",
			len, (unsigned long long)offset, (unsigned long long)d->fat_start,
			(unsigned long long)d->volume_end, (unsigned long long)d->fsinfo);
		abort();
	}
	for (uint32_t i = 0; !rc && i < len / FAT_SECTOR; i++)
		rc = disk_put(d, (uint32_t)(offset / FAT_SECTOR) + i,
			      (const uint8_t *)buf + (size_t)i * FAT_SECTOR);
	d->write_failed |= rc != FERN_OK;
	return rc;
}

static int disk_sync(void *ctx)
{
	(void)ctx;
	return FERN_OK;
}

static int disk_size(void *ctx, uint64_t *bytes)
{
	*bytes = (uint64_t)((struct sparse_disk *)ctx)->sectors * FAT_SECTOR;
	return FERN_OK;
}

static uint64_t disk_now(void *ctx)
{
	(void)ctx;
	return 1700000000ull;
}

static bool disk_load(struct sparse_disk *d, const uint8_t *data, size_t size)
{
	if (size < 4)
		return false;
	d->sectors = le32(data);
	if (d->sectors == 0 || d->sectors > DISK_SECTORS_MAX)
		return false;
	d->count = 0;
	d->guarded = false;
	d->write_failed = false;
	for (size_t at = 4; size - at >= 4 + FAT_SECTOR; at += 4 + FAT_SECTOR) {
		uint32_t sector = le32(data + at);
		if (sector < d->sectors && disk_put(d, sector, data + at + 4))
			break;
	}
	return true;
}

struct walk {
	struct fat_volume *v;
	int entries;
	uint8_t buf[FAT_IO_MAX];
	char first_file[FAT_NAME_BYTES]; /* a file in the root, for the write phase */
	char first_dir[FAT_NAME_BYTES];
};

static void read_file(struct walk *w, struct fat_node *n)
{
	uint64_t offset = 0;
	while (offset < READ_MAX) {
		int64_t got = fat_read(w->v, n, offset, w->buf, sizeof(w->buf));
		if (got <= 0)
			break;
		FUZZ_CHECK(got <= (int64_t)sizeof(w->buf));
		offset += (uint64_t)got;
	}
	fat_read(w->v, n, (uint64_t)n->size + 4096, w->buf, 16); /* past the end */
	fat_read(w->v, n, UINT64_MAX - 8, w->buf, 16);
}

static void walk_dir(struct walk *w, struct fat_node *dir, int depth)
{
	struct fat_dirent_info e;
	uint32_t index = 0;
	while (w->entries < WALK_ENTRIES_MAX) {
		uint32_t before = index;
		int rc = fat_readdir(w->v, dir, &index, &e);
		if (rc <= 0)
			break;
		FUZZ_CHECK(rc == 1 && index > before);
		FUZZ_CHECK(memchr(e.name, 0, sizeof(e.name)));
		w->entries++;
		size_t len = strlen(e.name);
		if (depth == 0 && !e.dir && !w->first_file[0])
			memcpy(w->first_file, e.name, len + 1);
		if (depth == 0 && e.dir && !w->first_dir[0])
			memcpy(w->first_dir, e.name, len + 1);
		struct fat_node *n;
		uint32_t flags = FERN_OPEN_READ | (e.dir ? FERN_OPEN_DIRECTORY : 0);
		if (fat_open(w->v, dir, e.name, len, flags, &n))
			continue;
		if (e.dir && depth < WALK_DEPTH_MAX)
			walk_dir(w, n, depth + 1);
		else if (!e.dir)
			read_file(w, n);
		fat_close(w->v, n);
	}
}

static void lookups(struct fat_volume *v)
{
	static const char *const paths[] = {
	    "",
	    "/",
	    ".",
	    "..",
	    "//x//",
	    "a/../b",
	    "no such file",
	    "COMMAND.COM",
	    "a.b",
	    "a..b",
	    " x ",
	    "x.",
	    "\xff\xfe",
	    "a/b/c/d/e/f/g/h",
	    "very long name that "
	    "goes past eight "
	    "dot three.text",
	};
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		struct fat_node *n;
		if (!fat_open(v, NULL, paths[i], strlen(paths[i]), FERN_OPEN_READ, &n))
			fat_close(v, n);
	}
}

/* Changes on the private copy: the paths a shell user takes (write, cut, move, remove). */
static void changes(struct walk *w)
{
	struct fat_volume *v = w->v;
	memset(w->buf, 0x5a, sizeof(w->buf));
	struct fat_node *n;
	if (w->first_file[0] &&
	    !fat_open(v, NULL, w->first_file, strlen(w->first_file), FERN_OPEN_WRITE, &n)) {
		fat_write(v, n, 100, w->buf, 3000);
		fat_truncate(v, n, 3);
		fat_truncate(v, n, 9000);
		fat_write(v, n, 20000, w->buf, sizeof(w->buf));
		fat_close(v, n);
		fat_rename(v, NULL, w->first_file, strlen(w->first_file), "renamed file.txt", 16);
		fat_remove(v, NULL, "renamed file.txt", 16);
	}
	if (w->first_dir[0]) {
		fat_rename(v, NULL, w->first_dir, strlen(w->first_dir), "moved dir", 9);
		fat_remove(v, NULL, "moved dir", 9);
	}
	const uint32_t create = FERN_OPEN_WRITE | FERN_OPEN_CREATE;
	if (!fat_open(v, NULL, "new file.txt", 12, create, &n)) {
		fat_write(v, n, 0, w->buf, sizeof(w->buf));
		fat_close(v, n);
	}
	if (!fat_open(v, NULL, "newdir", 6, create | FERN_OPEN_DIRECTORY, &n))
		fat_close(v, n);
	if (!fat_open(v, NULL, "newdir/inner", 12, create, &n)) {
		fat_write(v, n, 0, w->buf, 700);
		fat_close(v, n);
	}
	fat_rename(v, NULL, "newdir", 6, "newdir/inner/x", 14);
	fat_remove(v, NULL, "newdir", 6);
	fat_remove(v, NULL, "newdir/inner", 12);
	fat_remove(v, NULL, "newdir", 6);
	fat_remove(v, NULL, "new file.txt", 12);
	/* Everything else in the root goes too: each entry's chain is freed. */
	struct fat_node *root;
	if (fat_open(v, NULL, "/", 1, FERN_OPEN_DIRECTORY, &root))
		return;
	struct fat_dirent_info e;
	uint32_t index = 0;
	for (int i = 0; i < 64 && fat_readdir(v, root, &index, &e) == 1; i++)
		fat_remove(v, NULL, e.name, strlen(e.name));
	fat_close(v, root);
}

/* The first byte at which FAT copy i differs from copy 0, or -1 if they are the same. The core
 * writes every FAT entry to every copy, so copies equal at mount stay equal: a difference
 * afterwards is an entry written outside its FAT (a cluster number that was not range-checked
 * lands in the next copy). */
static int64_t fat_copy_differs(struct sparse_disk *d, const struct fat_volume *v, uint32_t i)
{
	static uint8_t a[FAT_SECTOR], b[FAT_SECTOR];
	for (uint64_t at = 0; at < v->fat_bytes; at += FAT_SECTOR) {
		if (disk_read(d, v->fat_offset + at, a, FAT_SECTOR) ||
		    disk_read(d, v->fat_offset + i * v->fat_bytes + at, b, FAT_SECTOR))
			return -1; /* past the disk: mount refuses such volumes */
		for (uint32_t k = 0; k < FAT_SECTOR; k++)
			if (a[k] != b[k])
				return (int64_t)(at + k);
	}
	return -1;
}

static bool fat_copies_equal(struct sparse_disk *d, const struct fat_volume *v)
{
	for (uint32_t i = 1; i < v->fat_count; i++)
		if (fat_copy_differs(d, v, i) >= 0)
			return false;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sparse_disk disk;
	static struct fat_volume vol;
	static struct walk w;
	if (!disk.rec) {
		disk.rec = malloc(RECORDS_MAX * sizeof(disk.rec[0]));
		FUZZ_CHECK(disk.rec);
	}
	if (!disk_load(&disk, data, size))
		return 0;
	struct fat_disk fd = {disk_read, disk_write, disk_sync, disk_size, disk_now, &disk};
	memset(&vol, 0, sizeof(vol));
	int rc = fat_mount(&vol, &fd);
	if (rc) {
		FUZZ_CHECK(rc < 0 && vol.why[0] && memchr(vol.why, 0, sizeof(vol.why)));
		return 0;
	}
	uint64_t free_bytes, total, cluster;
	fat_space(&vol, &free_bytes, &total, &cluster);
	FUZZ_CHECK(free_bytes <= total);
	disk.guarded = true;
	disk.fat_start = vol.fat_offset;
	disk.volume_end = vol.data_offset + (uint64_t)vol.clusters * vol.cluster_bytes;
	disk.fsinfo = vol.fsinfo_offset ? vol.fsinfo_offset : UINT64_MAX;
	memset(&w, 0, sizeof(w));
	w.v = &vol;
	bool mirrored = vol.fat_bytes % FAT_SECTOR == 0 && fat_copies_equal(&disk, &vol);
	struct fat_node *root;
	FUZZ_CHECK(fat_open(&vol, NULL, "/", 1, FERN_OPEN_DIRECTORY, &root) == FERN_OK);
	walk_dir(&w, root, 0);
	fat_close(&vol, root);
	lookups(&vol);
	changes(&w);
	struct fat_volume after = vol; /* the geometry, kept past the unmount */
	fat_unmount(&vol);
	for (uint32_t i = 1; mirrored && !disk.write_failed && i < after.fat_count; i++) {
		int64_t at = fat_copy_differs(&disk, &after, i);
		if (at >= 0) {
			fprintf(stderr, "FAT copy %u differs from copy 0 at byte %lld of the FAT\n",
				i, (long long)at);
			abort();
		}
	}
	return 0;
}
