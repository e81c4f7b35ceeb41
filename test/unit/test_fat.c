// SPDX-License-Identifier: MIT
/* The FAT core (servers/fs) against real images, both ways, on FAT16 and FAT32: what mkfs.fat
 * and mcopy/mmd made reads back right; what the core writes (long names, directories, appends,
 * truncation, renames, deletions) passes fsck.fat -n and reads back with mtype and mdir. The
 * error cases are in test_fat_errors.c. */
#include "check.h"
#include "fat_host.h"
#include "fat_impl.h"

#include <fern/abi.h>
#include <stdlib.h>

void test_fat_errors(int bits);

static struct fat_volume vol;
static struct host_disk disk;

enum { O_W = FERN_OPEN_WRITE, O_C = FERN_OPEN_CREATE, O_D = FERN_OPEN_DIRECTORY };

static void check_file(const char *path, const uint8_t *want, size_t len)
{
	size_t got_len;
	uint8_t *got = core_read_file(&vol, path, &got_len, 1000);
	if (got_len != len || memcmp(got, want, len))
		fprintf(stderr, "%s reads back wrong (%zu bytes, want %zu)\n", path, got_len, len);
	CHECK(got_len == len && !memcmp(got, want, len));
	free(got);
}

/* Whether the chain of the file at path has a jump (it is fragmented). */
static bool fragmented(const char *path)
{
	struct fat_node *n = core_open(&vol, path, 0, FERN_OK);
	bool jump = false;
	for (uint32_t c = n->first, next; c; c = next) {
		CHECK_EQ(fat_next(&vol, c, &next), FERN_OK);
		jump |= next && next != c + 1;
	}
	fat_close(&vol, n);
	return jump;
}

/* Files made on the host with mcopy and mmd, read through the core. */
static void test_read_host(int bits)
{
	char img[512];
	snprintf(img, sizeof(img), "%s", host_path("read.img"));
	static uint8_t big[300000], frag[20000], small[3000], lfn[5000];
	const char *hello = "Hello from the host\n";
	fill_pattern(big, sizeof(big), 1);
	fill_pattern(frag, sizeof(frag), 2);
	fill_pattern(small, sizeof(small), 3);
	fill_pattern(lfn, sizeof(lfn), 4);
	host_mkfs(img, bits, bits == 32 ? 34 * 1024 : 8 * 1024);
	host_put(host_path("hello.txt"), hello, strlen(hello));
	host_put(host_path("big.bin"), big, sizeof(big));
	host_put(host_path("frag.bin"), frag, sizeof(frag));
	host_put(host_path("small.bin"), small, sizeof(small));
	host_put(host_path("lfn.bin"), lfn, sizeof(lfn));
	const char *i = img;
	char h[512];
	snprintf(h, sizeof(h), "%s", host_path(""));
	host_sh("mcopy -i '%s' '%shello.txt' ::/hello.txt && mmd -i '%s' ::/dir1 '::/dir1/sub dir'",
		i, h, i);
	host_sh("mcopy -i '%s' '%slfn.bin' '::/dir1/sub dir/A Long File Name, with spaces.txt'", i,
		h);
	host_sh("mcopy -i '%s' '%sbig.bin' ::/big.bin", i, h);
	/* A hole in the middle of the data area: frag.bin fills it and goes on after. */
	host_sh("mcopy -i '%s' '%ssmall.bin' ::/f1 && mcopy -i '%s' '%ssmall.bin' ::/f2", i, h, i,
		h);
	host_sh("mcopy -i '%s' '%ssmall.bin' ::/f3 && mdel -i '%s' ::/f2", i, h, i);
	if (bits == 32) /* FSInfo's next-free hint back to the start, where the hole is */
		host_sh("printf '\\377\\377\\377\\377' | "
			"dd of='%s' bs=1 seek=1004 conv=notrunc status=none",
			i);
	host_sh("mcopy -i '%s' '%sfrag.bin' ::/frag.bin", i, h);

	core_mount(&vol, &disk, img);
	CHECK_EQ(vol.bits, bits);
	check_file("hello.txt", (const uint8_t *)hello, strlen(hello));
	check_file("/HELLO.TXT", (const uint8_t *)hello, strlen(hello));
	check_file("big.bin", big, sizeof(big));
	check_file("f3", small, sizeof(small));
	check_file("frag.bin", frag, sizeof(frag));
	CHECK(fragmented("frag.bin"));
	check_file("dir1/sub dir/A Long File Name, with spaces.txt", lfn, sizeof(lfn));
	check_file("/DIR1/./SUB DIR/../sub dir/a long file name, WITH SPACES.TXT", lfn,
		   sizeof(lfn));
	check_file("dir1/SUBDIR~1/ALONGF~1.TXT", lfn, sizeof(lfn)); /* mtools' short names */
	struct fat_node *d = core_open(&vol, "dir1/sub dir", FERN_OPEN_DIRECTORY, FERN_OK);
	struct fat_dirent_info e;
	uint32_t index = 0;
	CHECK_EQ(fat_readdir(&vol, d, &index, &e), 1);
	CHECK_STR_EQ(e.name, "A Long File Name, with spaces.txt");
	CHECK_EQ(e.size, sizeof(lfn));
	CHECK_EQ(fat_readdir(&vol, d, &index, &e), 0);
	struct fat_node *rel = NULL;
	const char *up = "../sub dir/a long file name, with spaces.txt";
	CHECK_EQ(fat_open(&vol, d, up, strlen(up), 0, &rel), FERN_OK);
	CHECK_EQ(rel->size, sizeof(lfn));
	fat_close(&vol, rel);
	fat_close(&vol, d);
	uint64_t space, total, cluster;
	fat_space(&vol, &space, &total, &cluster);
	CHECK_EQ(cluster, 512);
	CHECK(space > 0 && space < total);
	int status;
	char *mdir = host_out(&status, "mdir -i '%s' ::/ | grep 'bytes free' | tr -d ' '", img);
	CHECK_EQ(strtoull(mdir, NULL, 10), space); /* "... bytes free" */
	free(mdir);
	core_unmount(&vol, &disk);
}

/* Appends every path under dir to list as mdir -b -/ shows them ("::/a/", "::/a/b"). */
static void list_tree(struct fat_node *dir, const char *prefix, char *list, size_t cap)
{
	struct fat_dirent_info e;
	uint32_t index = 0;
	while (fat_readdir(&vol, dir, &index, &e) == 1) {
		char path[1024];
		snprintf(path, sizeof(path), "%s%s%s", prefix, e.name, e.dir ? "/" : "");
		snprintf(list + strlen(list), cap - strlen(list), "::/%s\n", path);
		CHECK(e.modified == HOST_NOW || !strcmp(e.name, "keep.txt"));
		if (e.dir) {
			struct fat_node *sub = core_open(&vol, path, 0, FERN_OK);
			list_tree(sub, path, list, cap);
			fat_close(&vol, sub);
		}
	}
}

/* mdir -b -/ of the image lists exactly what the core lists (the order may differ). */
static void check_listing(const char *img)
{
	static char list[16384];
	list[0] = 0;
	struct fat_node *root = core_open(&vol, "/", 0, FERN_OK);
	list_tree(root, "", list, sizeof(list));
	fat_close(&vol, root);
	const char *mine = host_path("core.list");
	host_put(mine, list, strlen(list));
	host_sh("mdir -i '%s' -b -/ ::/ | grep -v '^::/keep.txt$' | sort > '%s.mdir' && "
		"grep -v '^::/keep.txt$' '%s' | sort | diff -u - '%s.mdir'",
		img, mine, mine, mine);
}

static uint8_t text[10000], more[5000];

/* The core writes; fsck.fat, mtype and mdir check. */
static void test_write(int bits)
{
	char img[512];
	snprintf(img, sizeof(img), "%s", host_path("write.img"));
	const char *keep = "written by the host, untouched by Fern\n";
	fill_pattern(text, sizeof(text), 5);
	fill_pattern(more, sizeof(more), 6);
	host_mkfs(img, bits, bits == 32 ? 34 * 1024 : 8 * 1024);
	host_put(host_path("keep.txt"), keep, strlen(keep));
	host_sh("mcopy -i '%s' '%s' ::/keep.txt", img, host_path("keep.txt"));

	core_mount(&vol, &disk, img);
	fat_close(&vol, core_open(&vol, "Fern Dir", O_C | O_D, FERN_OK));
	fat_close(&vol, core_open(&vol, "Fern Dir/nested", O_C | O_D, FERN_OK));
	fat_close(&vol, core_open(&vol, "fern dir/NESTED", O_C | O_D, FERN_OK)); /* exists */
	core_open(&vol, "Fern Dir", O_C | O_D | FERN_OPEN_EXCLUSIVE, FERN_ERR_EXISTS);
	const char *lfn = "Fern Dir/nested/A long name written by Fern.txt";
	core_write_file(&vol, lfn, text, sizeof(text), 1000);
	core_write_file(&vol, "lower.txt", "lower case 8.3\n", 15, 4096);
	core_write_file(&vol, "UPPER.TXT", "upper case 8.3\n", 15, 4096);
	core_write_file(&vol, "Grüße aus Fern.txt", "unicode\n", 8, 4096);
	for (int k = 1; k <= 12; k++) { /* the same basis: ~1 .. ~9, then ~10 .. ~12 */
		char name[64];
		snprintf(name, sizeof(name), "Long file name number %d.txt", k);
		core_write_file(&vol, name, name, strlen(name), 4096);
	}
	/* Appends: each write at the end, across cluster boundaries. */
	struct fat_node *a = core_open(&vol, "append.log", O_W | O_C | FERN_OPEN_APPEND, FERN_OK);
	for (size_t at = 0; at < sizeof(more); at += 700) {
		uint32_t k = sizeof(more) - at < 700 ? (uint32_t)(sizeof(more) - at) : 700;
		CHECK_EQ(fat_write(&vol, a, a->size, more + at, k), k);
	}
	fat_close(&vol, a);
	/* Truncation: cut, then extended with zeros; a write past the end leaves zeros. */
	core_write_file(&vol, "trunc.bin", more, sizeof(more), 4096);
	struct fat_node *t = core_open(&vol, "trunc.bin", O_W, FERN_OK);
	CHECK_EQ(fat_truncate(&vol, t, 1234), FERN_OK);
	CHECK_EQ(fat_truncate(&vol, t, 3000), FERN_OK);
	CHECK_EQ(fat_write(&vol, t, 4000, "END", 3), 3);
	fat_close(&vol, t);
	static uint8_t trunc[4003];
	memcpy(trunc, more, 1234);
	memcpy(trunc + 4000, "END", 3);
	core_write_file(&vol, "empty.txt", "", 0, 1);
	/* A file truncated to nothing gives its clusters back. */
	core_write_file(&vol, "cut.bin", text, sizeof(text), 4096);
	fat_close(&vol, core_open(&vol, "cut.bin", O_W | FERN_OPEN_TRUNCATE, FERN_OK));

	/* Renames: a file into a directory (its open node follows), a directory into another. */
	core_write_file(&vol, "short.txt", "abc", 3, 4096);
	struct fat_node *s = core_open(&vol, "short.txt", O_W, FERN_OK);
	CHECK_EQ(fat_rename(&vol, NULL, "short.txt", 9, "Fern Dir/Renamed short.txt", 26), 0);
	CHECK_EQ(fat_write(&vol, s, 3, "def", 3), 3);
	fat_close(&vol, s);
	fat_close(&vol, core_open(&vol, "movedir", O_C | O_D, FERN_OK));
	core_write_file(&vol, "movedir/inner.txt", "inner\n", 6, 4096);
	CHECK_EQ(fat_rename(&vol, NULL, "movedir", 7, "Fern Dir/nested/moved dir", 25), 0);
	CHECK_EQ(fat_rename(&vol, NULL, "Fern Dir", 8, "Fern Dir/nested/x", 17), FERN_ERR_INVALID);
	CHECK_EQ(fat_rename(&vol, NULL, "UPPER.TXT", 9, "lower.txt", 9), FERN_ERR_EXISTS);
	CHECK_EQ(fat_rename(&vol, NULL, "UPPER.TXT", 9, "Upper.txt", 9), FERN_OK);
	CHECK_EQ(fat_rename(&vol, NULL, "nothing", 7, "x", 1), FERN_ERR_NOT_FOUND);
	check_file("Fern Dir/nested/moved dir/../moved dir/inner.txt", (const uint8_t *)"inner\n",
		   6);
	/* Removals: a file, an empty directory; a full one is refused. */
	core_write_file(&vol, "gone.txt", "gone", 4, 4096);
	fat_close(&vol, core_open(&vol, "emptydir", O_C | O_D, FERN_OK));
	CHECK_EQ(fat_remove(&vol, NULL, "gone.txt", 8), FERN_OK);
	CHECK_EQ(fat_remove(&vol, NULL, "EMPTYDIR", 8), FERN_OK);
	CHECK_EQ(fat_remove(&vol, NULL, "Fern Dir", 8), FERN_ERR_NOT_EMPTY);
	CHECK_EQ(fat_remove(&vol, NULL, "gone.txt", 8), FERN_ERR_NOT_FOUND);
	CHECK_EQ(fat_remove(&vol, NULL, "/", 1), FERN_ERR_INVALID);
	core_open(&vol, "gone.txt", 0, FERN_ERR_NOT_FOUND);
	struct fat_node *st = core_open(&vol, lfn, 0, FERN_OK);
	CHECK_EQ(fat_time_to_unix(st->wdate, st->wtime), HOST_NOW);
	CHECK_EQ(st->attr, FAT_ATTR_ARCHIVE);
	fat_close(&vol, st);
	uint64_t free_before, total, cluster;
	fat_space(&vol, &free_before, &total, &cluster);
	core_unmount(&vol, &disk);

	host_fsck_clean(img);
	host_mtype_is(img, "/keep.txt", keep, strlen(keep));
	host_mtype_is(img, "/Fern Dir/nested/A long name written by Fern.txt", text, sizeof(text));
	host_mtype_is(img, "/lower.txt", "lower case 8.3\n", 15);
	host_mtype_is(img, "/Upper.txt", "upper case 8.3\n", 15);
	host_mtype_is(img, "/Grüße aus Fern.txt", "unicode\n", 8);
	host_mtype_is(img, "/Long file name number 12.txt", "Long file name number 12.txt", 28);
	host_mtype_is(img, "/append.log", more, sizeof(more));
	host_mtype_is(img, "/trunc.bin", trunc, sizeof(trunc));
	host_mtype_is(img, "/cut.bin", "", 0);
	host_mtype_is(img, "/empty.txt", "", 0);
	host_mtype_is(img, "/Fern Dir/Renamed short.txt", "abcdef", 6);
	host_mtype_is(img, "/Fern Dir/nested/moved dir/inner.txt", "inner\n", 6);
	int status;
	char *info = host_out(&status, "minfo -i '%s' :: | grep -i 'free clusters'", img);
	if (bits == 32) /* FSInfo holds the count the core kept */
		CHECK(status == 0 &&
		      strtoull(strchr(info, '=') + 1, NULL, 10) * 512 == free_before);
	free(info);
	core_mount(&vol, &disk, img);
	uint64_t free_after;
	fat_space(&vol, &free_after, &total, &cluster);
	CHECK_EQ(free_after, free_before); /* counted again at mount */
	check_listing(img);
	core_unmount(&vol, &disk);
	host_fsck_clean(img);
}

int main(void)
{
	host_init();
	for (int bits = 16; bits <= 32; bits += 16) {
		test_read_host(bits);
		test_write(bits);
		test_fat_errors(bits);
	}
	host_sh("rm -rf '%s'", host_path(""));
	printf("test_fat: ok\n");
	return 0;
}
