// SPDX-License-Identifier: MIT
/* test_fat's error cases: a full disk (NO_SPACE, partial writes, no other file damaged), a
 * read-only disk, corrupt and non-FAT images (a clear reason), and hostile input: bad paths
 * and names, huge offsets, FAT chains that loop or leave the volume. */
#include "check.h"
#include "fat_host.h"
#include "fat_impl.h"

#include <fcntl.h>
#include <fern/abi.h>
#include <stdlib.h>
#include <unistd.h>

void test_fat_errors(int bits);

static struct fat_volume vol;
static struct host_disk disk;

enum { O_W = FERN_OPEN_WRITE, O_C = FERN_OPEN_CREATE, O_D = FERN_OPEN_DIRECTORY };

static uint8_t keep[50000];

static void check_keep(const char *img)
{
	size_t len;
	uint8_t *got = core_read_file(&vol, "keep.bin", &len, 4096);
	CHECK(len == sizeof(keep) && !memcmp(got, keep, len));
	free(got);
	(void)img;
}

/* Fills the disk: NO_SPACE, a partial count, nothing else damaged, all given back after. */
static void test_full(int bits)
{
	char img[512];
	snprintf(img, sizeof(img), "%s", host_path("full.img"));
	fill_pattern(keep, sizeof(keep), 9);
	host_mkfs(img, bits, bits == 32 ? 34 * 1024 : 4 * 1024);
	host_put(host_path("keep.bin"), keep, sizeof(keep));
	host_sh("mcopy -i '%s' '%s' ::/keep.bin", img, host_path("keep.bin"));
	core_mount(&vol, &disk, img);
	uint64_t free0, total, cluster, space;
	fat_space(&vol, &free0, &total, &cluster);
	struct fat_node *f = core_open(&vol, "filler.bin", O_W | O_C, FERN_OK);
	static uint8_t chunk[FAT_IO_MAX];
	fill_pattern(chunk, sizeof(chunk), 10);
	uint64_t at = 0;
	for (;;) { /* stop 1000 bytes short, then ask for 4096 */
		fat_space(&vol, &space, &total, &cluster);
		uint32_t k = space - (at % cluster ? cluster - at % cluster : 0) > 5096 ? 4096 : 0;
		if (!k)
			break;
		CHECK_EQ(fat_write(&vol, f, at, chunk, k), k);
		at += k;
	}
	uint64_t room = space + (at % cluster ? cluster - at % cluster : 0);
	CHECK_EQ(fat_write(&vol, f, at, chunk, 4096), room); /* partial */
	at += room;
	CHECK_EQ(fat_write(&vol, f, at, chunk, 1), FERN_ERR_NO_SPACE);
	CHECK_EQ(fat_write(&vol, f, at + 100000, chunk, 1), FERN_ERR_NO_SPACE);
	CHECK_EQ(f->size, at);
	fat_space(&vol, &space, &total, &cluster);
	CHECK_EQ(space, 0);
	/* Nothing more fits: a new directory, extending another file. */
	core_open(&vol, "newdir", O_C | O_D, FERN_ERR_NO_SPACE);
	struct fat_node *k = core_open(&vol, "keep.bin", O_W, FERN_OK);
	CHECK_EQ(fat_truncate(&vol, k, sizeof(keep) + 100000), FERN_ERR_NO_SPACE);
	CHECK_EQ(k->size, sizeof(keep));
	uint64_t end =
	    (sizeof(keep) + cluster - 1) / cluster * cluster; /* its last cluster's end */
	CHECK_EQ(fat_write(&vol, k, end, chunk, 4096), FERN_ERR_NO_SPACE);
	CHECK_EQ(k->size, sizeof(keep));
	fat_close(&vol, k);
	fat_close(&vol, f);
	check_keep(img);
	fat_space(&vol, &space, &total, &cluster);
	CHECK_EQ(space, 0); /* the failed extensions gave back what they took */
	core_unmount(&vol, &disk);
	host_fsck_clean(img);
	host_mtype_is(img, "/keep.bin", keep, sizeof(keep));

	core_mount(&vol, &disk, img);
	CHECK_EQ(fat_remove(&vol, NULL, "filler.bin", 10), FERN_OK);
	fat_space(&vol, &space, &total, &cluster);
	CHECK_EQ(space, free0);
	core_unmount(&vol, &disk);
	host_fsck_clean(img);
}

/* A disk that refuses writes: DENIED, nothing changed. */
static void test_read_only(int bits)
{
	char img[512];
	snprintf(img, sizeof(img), "%s", host_path("ro.img"));
	host_mkfs(img, bits, bits == 32 ? 34 * 1024 : 4 * 1024);
	host_sh("echo hi | mcopy -i '%s' - ::/hi.txt", img);
	core_mount(&vol, &disk, img);
	disk.fail_writes = 1;
	core_open(&vol, "new.txt", O_W | O_C, FERN_ERR_DENIED);
	core_open(&vol, "hi.txt", O_W, FERN_ERR_DENIED);
	core_open(&vol, "newdir", O_C | O_D, FERN_ERR_DENIED);
	CHECK_EQ(fat_remove(&vol, NULL, "hi.txt", 6), FERN_ERR_DENIED);
	size_t len;
	uint8_t *got = core_read_file(&vol, "hi.txt", &len, 4096);
	CHECK(len == 3 && !memcmp(got, "hi\n", 3));
	free(got);
	CHECK_EQ(fat_unmount(&vol), FERN_OK); /* nothing was written: nothing to flush */
	host_disk_close(&disk);
	host_fsck_clean(img);
}

/* Images that are not usable FAT16/32 volumes: CORRUPT with the reason. */
static void expect_refused(const char *img, const char *why)
{
	struct fat_disk d = host_disk_open(&disk, img);
	CHECK_EQ(fat_mount(&vol, &d), FERN_ERR_CORRUPT);
	if (!strstr(vol.why, why))
		fprintf(stderr, "mount %s: \"%s\" does not say \"%s\"\n", img, vol.why, why);
	CHECK(strstr(vol.why, why));
	CHECK(!vol.mounted);
	host_disk_close(&disk);
}

static void test_corrupt(void)
{
	char img[512];
	snprintf(img, sizeof(img), "%s", host_path("bad.img"));
	host_sh("rm -f '%s' && truncate -s 1M '%s'", img, img);
	expect_refused(img, "no boot signature");
	host_sh("head -c 1048576 /dev/urandom > '%s'", img);
	expect_refused(img, "boot signature");
	host_sh("rm -f '%s' && mkfs.fat -F 12 -C '%s' 1024 >/dev/null", img, img);
	expect_refused(img, "FAT12");
	host_mkfs(img, 16, 4096);
	host_sh("printf '\\054\\001' | dd of='%s' bs=1 seek=11 conv=notrunc status=none", img);
	expect_refused(img, "300 bytes per sector");
	host_mkfs(img, 16, 4096);
	host_sh("truncate -s 1M '%s'", img); /* the volume says 4 MiB */
	expect_refused(img, "larger than the disk");
	host_mkfs(img, 16, 4096); /* mended: the next mount works */
	core_mount(&vol, &disk, img);
	core_unmount(&vol, &disk);
}

/* Bad paths, names and offsets. */
static void test_bad_input(void)
{
	struct fat_node *n = core_open(&vol, "", 0, FERN_OK);
	CHECK(n->root);
	fat_close(&vol, n);
	n = core_open(&vol, "../../..", 0, FERN_OK); /* the root's parent is the root */
	CHECK(n->root);
	fat_close(&vol, n);
	CHECK_EQ(fat_open(&vol, NULL, "a\0b", 3, 0, &n), FERN_ERR_INVALID);
	static char huge[2000];
	memset(huge, 'x', sizeof(huge) - 1);
	core_open(&vol, huge, O_W | O_C, FERN_ERR_INVALID);
	huge[256] = 0; /* 256 characters: one too many for a long name */
	core_open(&vol, huge, O_W | O_C, FERN_ERR_INVALID);
	const char *bad[] = {"a:b", "bad*name", "what?", "trailing.", "tab\there", "q\"uote"};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		core_open(&vol, bad[i], O_W | O_C, FERN_ERR_INVALID);
	core_open(&vol, "\xff\xfe.txt", O_W | O_C, FERN_ERR_INVALID); /* not UTF-8 */
	core_open(&vol, "hi.txt/x", 0, FERN_ERR_NOT_DIR);
	core_open(&vol, "hi.txt", O_D, FERN_ERR_NOT_DIR);
	core_open(&vol, "no/such/dir", O_C, FERN_ERR_NOT_FOUND);
	fat_close(&vol, core_open(&vol, "d", O_C | O_D, FERN_OK));
	core_open(&vol, "d", O_W, FERN_ERR_IS_DIR);
	n = core_open(&vol, "hi.txt", O_W, FERN_OK);
	uint8_t b[16];
	CHECK_EQ(fat_read(&vol, n, 1ull << 62, b, sizeof(b)), 0);
	CHECK_EQ(fat_write(&vol, n, 0xffffffffull, b, 1), FERN_ERR_RANGE);
	CHECK_EQ(fat_write(&vol, n, 1ull << 62, b, 1), FERN_ERR_RANGE);
	CHECK_EQ(fat_truncate(&vol, n, 1ull << 33), FERN_ERR_RANGE);
	fat_close(&vol, n);
	struct fat_node *many[FAT_MAX_OPEN];
	char name[16];
	for (int i = 0; i < FAT_MAX_OPEN; i++) {
		snprintf(name, sizeof(name), "d/f%d", i); /* a FAT16 root holds too few */
		many[i] = core_open(&vol, name, O_W | O_C, FERN_OK);
	}
	core_open(&vol, "one-too-many", O_W | O_C, FERN_ERR_TOO_MANY);
	for (int i = 0; i < FAT_MAX_OPEN; i++)
		fat_close(&vol, many[i]);
}

/* Chains that loop, leave the volume or run into a free cluster: errors, never a hang. */
static void test_bad_chains(void)
{
	static uint8_t data[8000];
	fill_pattern(data, sizeof(data), 11);
	core_write_file(&vol, "loop.bin", data, sizeof(data), 4096);
	core_write_file(&vol, "out.bin", data, sizeof(data), 4096);
	core_write_file(&vol, "free.bin", data, sizeof(data), 4096);
	struct fat_node *l = core_open(&vol, "loop.bin", O_W, FERN_OK);
	struct fat_node *o = core_open(&vol, "out.bin", O_W, FERN_OK);
	struct fat_node *f = core_open(&vol, "free.bin", O_W, FERN_OK);
	uint32_t second;
	CHECK_EQ(fat_next(&vol, l->first, &second), FERN_OK);
	CHECK_EQ(fat_set(&vol, second, l->first), FERN_OK); /* 1 -> 2 -> 1 -> ... */
	CHECK_EQ(fat_set(&vol, o->first, vol.clusters + 100), FERN_OK);
	CHECK_EQ(fat_set(&vol, f->first, 0), FERN_OK);
	uint8_t b[4096];
	/* Open already: the next access through the bad link fails. */
	CHECK_EQ(fat_read(&vol, o, 1000, b, sizeof(b)), FERN_ERR_CORRUPT);
	CHECK_EQ(fat_read(&vol, f, 1000, b, sizeof(b)), FERN_ERR_CORRUPT);
	CHECK_EQ(fat_write(&vol, o, 20000, b, 10), FERN_ERR_CORRUPT);
	CHECK_EQ(fat_truncate(&vol, f, 100), FERN_ERR_CORRUPT);
	fat_close(&vol, l), fat_close(&vol, o), fat_close(&vol, f);
	/* Opened afresh: the chain is checked against the size. */
	core_open(&vol, "loop.bin", 0, FERN_ERR_CORRUPT);
	core_open(&vol, "out.bin", O_W, FERN_ERR_CORRUPT);
	core_open(&vol, "free.bin", 0, FERN_ERR_CORRUPT);
	/* Removing checks the whole chain first: CORRUPT, the name and clusters kept. */
	CHECK_EQ(fat_remove(&vol, NULL, "loop.bin", 8), FERN_ERR_CORRUPT);
	CHECK_EQ(fat_remove(&vol, NULL, "out.bin", 7), FERN_ERR_CORRUPT);
	CHECK_EQ(fat_remove(&vol, NULL, "free.bin", 8), FERN_ERR_CORRUPT);
	core_open(&vol, "loop.bin", 0, FERN_ERR_CORRUPT); /* still there */
	/* A directory whose chain loops: its listing ends, adding to it fails. */
	fat_close(&vol, core_open(&vol, "loopdir", O_C | O_D, FERN_OK));
	for (int i = 0; i < 40; i++) { /* more than one 512-byte cluster of entries */
		char name[32];
		snprintf(name, sizeof(name), "loopdir/entry %d", i);
		core_write_file(&vol, name, "", 0, 1);
	}
	struct fat_node *d = core_open(&vol, "loopdir", 0, FERN_OK);
	CHECK_EQ(fat_next(&vol, d->first, &second), FERN_OK);
	CHECK(second);
	CHECK_EQ(fat_set(&vol, second, d->first), FERN_OK); /* two full clusters, round */
	struct fat_dirent_info e;
	uint32_t index = 0;
	int count = 0, rc;
	while ((rc = fat_readdir(&vol, d, &index, &e)) == 1)
		count++;
	CHECK_EQ(rc, 0);
	CHECK(count >= 40);
	fat_close(&vol, d);
	core_open(&vol, "loopdir/a new name that needs room", O_W | O_C, FERN_ERR_NO_SPACE);
}

/* The disk offset of path's short entry (the image is mounted for it, then left alone). */
static uint64_t entry_offset(const char *img, const char *path)
{
	struct fat_walk w;
	uint64_t off = 0;
	core_mount(&vol, &disk, img);
	CHECK_EQ(fat_walk(&vol, NULL, path, strlen(path), &w), FERN_OK);
	CHECK(w.found);
	CHECK_EQ(fat_dir_slot(&vol, w.node.dir, w.node.entry, &off), FERN_OK);
	CHECK_EQ(fat_unmount(&vol), FERN_OK);
	host_disk_close(&disk);
	return off;
}

/* Puts first into the short entry of path as its first cluster. */
static void patch_first(const char *img, const char *path, uint32_t first)
{
	uint64_t off = entry_offset(img, path);
	uint8_t hi[2] = {(uint8_t)(first >> 16), (uint8_t)(first >> 24)};
	uint8_t lo[2] = {(uint8_t)first, (uint8_t)(first >> 8)};
	int fd = open(img, O_RDWR);
	CHECK(fd >= 0);
	CHECK(pwrite(fd, hi, 2, (off_t)off + 20) == 2 && pwrite(fd, lo, 2, (off_t)off + 26) == 2);
	close(fd);
}

/* img is byte for byte its copy saved as orig, and mdir lists every name it listed. */
static void check_unchanged(const char *img, const char *orig, const char *listing)
{
	host_sh("cmp '%s' '%s'", img, orig);
	int status;
	char *now = host_out(&status, "mdir -b -/ -i '%s' ::/ | sort", img);
	CHECK_EQ(status, 0);
	CHECK(!strcmp(now, listing));
	free(now);
}

/* Values read from the disk that lie outside the volume (finding 12 of issue 11): a file or
 * directory whose first cluster, or a chain whose link, points past the last cluster. The
 * request fails with CORRUPT, v->bad names the value, and nothing on the disk changes (on
 * main, removing such a file wrote zeros past the FAT, over the root directory). */
static void test_bad_values(int bits)
{
	char img[512], orig[512];
	snprintf(img, sizeof(img), "%s", host_path("values.img"));
	snprintf(orig, sizeof(orig), "%s", host_path("values.orig"));
	host_mkfs(img, bits, bits == 32 ? 34 * 1024 : 4 * 1024);
	static const char *names[] = {"one.txt",  "two.txt",    "three.txt", "four.txt",
				      "five.txt", "victim.txt", "chain.bin"};
	for (unsigned i = 0; i < 6; i++)
		host_sh("echo '%s' | mcopy -i '%s' - ::/%s", names[i], img, names[i]);
	static uint8_t data[3000]; /* six 512-byte clusters */
	fill_pattern(data, sizeof(data), 12);
	host_put(host_path("chain.bin"), data, sizeof(data));
	host_sh("mcopy -i '%s' '%s' ::/chain.bin", img, host_path("chain.bin"));
	host_sh("mmd -i '%s' ::/dir && echo x | mcopy -i '%s' - ::/dir/x.txt", img, img);
	/* victim.txt and dir start far outside; chain.bin's second cluster links outside. */
	uint32_t outside = bits == 32 ? 0x00fffff0u : 0xfff0u;
	patch_first(img, "victim.txt", outside);
	patch_first(img, "dir", outside - 1);
	core_mount(&vol, &disk, img);
	struct fat_node *c = core_open(&vol, "chain.bin", 0, FERN_OK);
	uint32_t second;
	CHECK_EQ(fat_next(&vol, c->first, &second), FERN_OK);
	CHECK_EQ(fat_set(&vol, second, vol.clusters + 7), FERN_OK);
	fat_close(&vol, c);
	core_unmount(&vol, &disk);
	host_sh("cp '%s' '%s'", img, orig);
	int status;
	char *listing = host_out(&status, "mdir -b -/ -i '%s' ::/ | sort", img);
	CHECK_EQ(status, 0);
	for (unsigned i = 0; i < 7; i++)
		CHECK(strstr(listing, names[i]));

	core_mount(&vol, &disk, img);
	vol.bad[0] = 0;
	CHECK_EQ(fat_remove(&vol, NULL, "victim.txt", 10), FERN_ERR_CORRUPT);
	char want[64];
	snprintf(want, sizeof(want), "cluster %u is outside the volume", outside);
	if (!strstr(vol.bad, want))
		fprintf(stderr, "bad: \"%s\" does not say \"%s\"\n", vol.bad, want);
	CHECK(strstr(vol.bad, want));
	core_open(&vol, "victim.txt", 0, FERN_ERR_CORRUPT);
	core_open(&vol, "victim.txt", O_W, FERN_ERR_CORRUPT);
	core_open(&vol, "victim.txt", O_W | FERN_OPEN_TRUNCATE, FERN_ERR_CORRUPT);
	vol.bad[0] = 0;
	CHECK_EQ(fat_remove(&vol, NULL, "chain.bin", 9), FERN_ERR_CORRUPT);
	CHECK(strstr(vol.bad, "outside the volume"));
	core_open(&vol, "chain.bin", O_W | FERN_OPEN_TRUNCATE, FERN_ERR_CORRUPT);
	vol.bad[0] = 0;
	core_open(&vol, "dir/x.txt", 0, FERN_ERR_CORRUPT);
	CHECK(strstr(vol.bad, "directory \"dir\""));
	core_open(&vol, "dir/new.txt", O_W | O_C, FERN_ERR_CORRUPT);
	CHECK_EQ(fat_remove(&vol, NULL, "dir", 3), FERN_ERR_CORRUPT);
	CHECK_EQ(fat_rename(&vol, NULL, "one.txt", 7, "dir/one.txt", 11), FERN_ERR_CORRUPT);
	/* Everything else still works. */
	size_t len;
	uint8_t *got = core_read_file(&vol, "five.txt", &len, 4096);
	CHECK(len == 9 && !memcmp(got, "five.txt\n", 9));
	free(got);
	CHECK_EQ(fat_unmount(&vol), FERN_OK);
	host_disk_close(&disk);
	check_unchanged(img, orig, listing);
	free(listing);
}

/* Long-name slots with sequence numbers 0, past 20 or out of order, a wrong checksum, or with
 * no short entry after them: the short name shows, nothing is read outside the name buffer
 * (ASan), and the names around them list as they should. */
static void test_bad_lfn(int bits)
{
	char img[512];
	snprintf(img, sizeof(img), "%s", host_path("lfn.img"));
	host_mkfs(img, bits, bits == 32 ? 34 * 1024 : 4 * 1024);
	static const char *names[] = {"A long name number 0000.txt", "A long name number 1111.txt",
				      "A long name number 2222.txt", "A long name number 3333.txt",
				      "A long name number 4444.txt"};
	for (unsigned i = 0; i < 5; i++)
		host_sh("echo %u | mcopy -i '%s' - '::/%s'", i, img, names[i]);
	/* Each name takes three slots (27 units: 3 x 13 with its end) then its short entry. */
	/* Where the damaged slots are (a directory's clusters need not be contiguous). */
	struct fat_walk w;
	uint64_t at[4];
	core_mount(&vol, &disk, img);
	CHECK_EQ(fat_walk(&vol, NULL, names[0], strlen(names[0]), &w), FERN_OK);
	static const struct {
		int slot;      /* which of the three long-name slots of the name */
		int byte;      /* offset in the slot */
		uint8_t value; /* written there */
	} damage[] = {
	    {0, 0, 0x40},  /* name 1: sequence 0 with the last bit */
	    {0, 0, 0x55},  /* name 2: sequence 21 */
	    {1, 0, 0x03},  /* name 3: sequence 3 twice */
	    {2, 13, 0xff}, /* name 4: a wrong checksum (flipped: xor-ed in) */
	};
	for (unsigned k = 0; k < 4; k++) /* name k + 1's slots follow name k's short entry */
		CHECK_EQ(fat_dir_slot(&vol, w.node.dir, w.node.entry + 4 * k + 1 + damage[k].slot,
				      &at[k]),
			 FERN_OK);
	core_unmount(&vol, &disk);
	int fd = open(img, O_RDWR);
	CHECK(fd >= 0);
	for (unsigned k = 0; k < 4; k++) {
		uint64_t slot = at[k];
		uint8_t b = damage[k].value;
		if (damage[k].byte == 13) { /* the checksum: flip it */
			CHECK(pread(fd, &b, 1, (off_t)(slot + 13)) == 1);
			b ^= damage[k].value;
		}
		CHECK(pwrite(fd, &b, 1, (off_t)(slot + damage[k].byte)) == 1);
	}
	close(fd);
	core_mount(&vol, &disk, img);
	struct fat_node *root = core_open(&vol, "", 0, FERN_OK);
	struct fat_dirent_info e;
	uint32_t index = 0;
	int rc, count = 0, long_names = 0;
	while ((rc = fat_readdir(&vol, root, &index, &e)) == 1) {
		count++;
		for (unsigned i = 0; i < 5; i++)
			long_names += !strcmp(e.name, names[i]);
	}
	CHECK_EQ(rc, 0);
	CHECK_EQ(count, 5);
	CHECK_EQ(long_names, 1); /* name 0 intact; the damaged ones show their short names */
	fat_close(&vol, root);
	size_t len;
	uint8_t *got = core_read_file(&vol, names[0], &len, 4096);
	CHECK(len == 2 && !memcmp(got, "0\n", 2));
	free(got);
	core_unmount(&vol, &disk);
}

/* Boot-sector values that would put a write outside the reserved area. */
static void test_bad_bpb(void)
{
	char img[512];
	snprintf(img, sizeof(img), "%s", host_path("bpb.img"));
	host_mkfs(img, 32, 34 * 1024);
	/* FSInfo at sector 0x4000: past the 32 reserved sectors, in the data area. */
	host_sh("printf '\\000\\100' | dd of='%s' bs=1 seek=48 conv=notrunc status=none", img);
	expect_refused(img, "FSInfo sector 16384 is outside the");
	host_mkfs(img, 32, 34 * 1024);
	host_sh("printf '\\377\\377\\377\\017' | dd of='%s' bs=1 seek=44 conv=notrunc "
		"status=none",
		img);
	expect_refused(img, "root directory cluster");
}

void test_fat_errors(int bits)
{
	test_bad_values(bits);
	test_bad_lfn(bits);
	if (bits == 32)
		test_bad_bpb();
	test_full(bits);
	test_read_only(bits);
	if (bits == 16)
		test_corrupt();
	char img[512];
	snprintf(img, sizeof(img), "%s", host_path("hostile.img"));
	host_mkfs(img, bits, bits == 32 ? 34 * 1024 : 4 * 1024);
	host_sh("echo hi | mcopy -i '%s' - ::/hi.txt", img);
	core_mount(&vol, &disk, img);
	test_bad_input();
	test_bad_chains();
	core_unmount(&vol, &disk);
}
