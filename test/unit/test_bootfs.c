// SPDX-License-Identifier: MIT
/* Unit test for the cpio newc boot filesystem: hand-built and cpio-made archives, malformations,
 * mutations. */
#include <kernel/bootfs.h>

#include <fern/status.h>
#include <stdbool.h>
#include <unistd.h>

#include "check.h"

/* An archive being built by hand, the way cpio -H newc writes one. */
struct arc {
	uint8_t buf[64 * 1024];
	size_t len;
	uint32_t ino;
};

static void arc_pad4(struct arc *a)
{
	while (a->len % 4)
		a->buf[a->len++] = 0;
}

/* Appends one entry; returns its header's offset. */
static size_t arc_entry(struct arc *a, const char *name, uint32_t mode, const void *data,
			size_t size)
{
	size_t at = a->len, namesize = strlen(name) + 1;
	CHECK(at + 110 + namesize + size + 8 <= sizeof(a->buf));
	char header[111];
	snprintf(header, sizeof(header),
		 "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X", ++a->ino, mode, 0u,
		 0u, 1u, 0x5f000000u, (unsigned)size, 0u, 0u, 0u, 0u, (unsigned)namesize, 0u);
	memcpy(a->buf + a->len, header, 110);
	a->len += 110;
	memcpy(a->buf + a->len, name, namesize);
	a->len += namesize;
	arc_pad4(a);
	if (size)
		memcpy(a->buf + a->len, data, size);
	a->len += size;
	arc_pad4(a);
	return at;
}

static size_t arc_file(struct arc *a, const char *name, const char *text)
{
	return arc_entry(a, name, 0100644, text, strlen(text));
}

static size_t arc_trailer(struct arc *a)
{
	return arc_entry(a, "TRAILER!!!", 0, NULL, 0);
}

/* Writes 8 hex digits into field i (0 = ino ... 12 = check) of the header at `at`. */
static void arc_set_field(struct arc *a, size_t at, int i, uint32_t value)
{
	char digits[9];
	snprintf(digits, sizeof(digits), "%08X", value);
	memcpy(a->buf + at + 6 + 8 * i, digits, 8);
}

enum { F_MODE = 1, F_FILESIZE = 6, F_NAMESIZE = 11 };

static uint8_t blob[1000];

/* The archive most tests start from; offsets of interesting headers come back in at[]. */
static void arc_sample(struct arc *a, size_t at[4])
{
	memset(a, 0, sizeof(*a));
	for (size_t i = 0; i < sizeof(blob); i++)
		blob[i] = (uint8_t)(i * 7 + 3);
	arc_entry(a, ".", 040755, NULL, 0);
	arc_entry(a, "./bin", 040755, NULL, 0);
	at[0] = arc_file(a, "./bin/init", "hello init\n");
	at[1] = arc_file(a, "./empty", "");
	arc_entry(a, "./lib", 040755, NULL, 0);
	arc_entry(a, "./lib/a.so", 0120777, "../bin/init", 11); /* symlink */
	arc_entry(a, "./dev/null", 020666, NULL, 0);            /* character device */
	at[2] = arc_file(a, "four", "4444");
	at[3] = arc_entry(a, "./specs/x.dtb", 0100444, blob, sizeof(blob));
	arc_trailer(a);
	/* cpio pads the archive to a 512-byte block; anything after the trailer is ignored. */
	while (a->len % 512)
		a->buf[a->len++] = 0;
}

static void expect_file(const void *archive, size_t size, const char *name, const void *data,
			size_t len)
{
	struct bootfs_file f;
	if (bootfs_find(archive, size, name, &f) != FERN_OK) {
		fprintf(stderr, "%s not found\n", name);
		exit(1);
	}
	CHECK_EQ(f.size, len);
	CHECK(len == 0 || memcmp(f.data, data, len) == 0);
	CHECK(f.data >= (const uint8_t *)archive &&
	      f.data + f.size <= (const uint8_t *)archive + size);
	CHECK(strncmp(f.name, "./", 2) != 0);
}

struct listing {
	int count;
	char names[16][BOOTFS_NAME_MAX];
};

static void list_fn(const struct bootfs_file *file, void *ctx)
{
	struct listing *l = ctx;
	CHECK(l->count < 16);
	memcpy(l->names[l->count++], file->name, BOOTFS_NAME_MAX);
}

static void test_hand_built(void)
{
	static struct arc a;
	size_t at[4];
	char err[BOOTFS_ERROR_LEN];
	struct bootfs_file f;

	arc_sample(&a, at);
	CHECK_EQ(bootfs_check(a.buf, a.len, err), 4);
	expect_file(a.buf, a.len, "bin/init", "hello init\n", 11);
	expect_file(a.buf, a.len, "./bin/init", "hello init\n", 11); /* "./" also stripped here */
	expect_file(a.buf, a.len, "empty", "", 0);
	expect_file(a.buf, a.len, "four", "4444", 4);
	expect_file(a.buf, a.len, "specs/x.dtb", blob, sizeof(blob));
	const char *absent[] = {".",        "",           "bin",     "lib",       "lib/a.so",
				"dev/null", "TRAILER!!!", "bin/ini", "bin/init2", "specs"};
	for (size_t i = 0; i < sizeof(absent) / sizeof(absent[0]); i++)
		CHECK_EQ(bootfs_find(a.buf, a.len, absent[i], &f), FERN_ERR_NOT_FOUND);

	struct listing l = {0};
	bootfs_for_each(a.buf, a.len, list_fn, &l);
	CHECK_EQ(l.count, 4);
	CHECK_STR_EQ(l.names[0], "bin/init");
	CHECK_STR_EQ(l.names[1], "empty");
	CHECK_STR_EQ(l.names[2], "four");
	CHECK_STR_EQ(l.names[3], "specs/x.dtb");

	/* The trailer can be the end of the buffer (no block padding); lowercase hex is hex. */
	size_t trailer = a.len;
	arc_sample(&a, at);
	for (size_t i = 0; i < a.len; i++)
		if (memcmp(a.buf + i, "TRAILER!!!", 10) == 0)
			trailer = i + 11;
	CHECK(trailer < a.len);
	CHECK_EQ(bootfs_check(a.buf, trailer, err), 4);
	for (size_t i = 6; i < 110; i++)
		if (a.buf[at[3] + i] >= 'A' && a.buf[at[3] + i] <= 'F')
			a.buf[at[3] + i] += 'a' - 'A';
	CHECK_EQ(bootfs_check(a.buf, a.len, err), 4);
	expect_file(a.buf, a.len, "specs/x.dtb", blob, sizeof(blob));

	/* A trailer alone is an empty filesystem. */
	memset(&a, 0, sizeof(a));
	arc_trailer(&a);
	CHECK_EQ(bootfs_check(a.buf, a.len, err), 0);
	CHECK_EQ(bootfs_find(a.buf, a.len, "x", &f), FERN_ERR_NOT_FOUND);

	/* The longest name that fits, after "./" is stripped. */
	char name[BOOTFS_NAME_MAX + 2] = "./";
	memset(name + 2, 'n', BOOTFS_NAME_MAX - 1);
	name[BOOTFS_NAME_MAX + 1] = '\0';
	memset(&a, 0, sizeof(a));
	arc_file(&a, name, "long");
	arc_trailer(&a);
	CHECK_EQ(bootfs_check(a.buf, a.len, err), 1);
	expect_file(a.buf, a.len, name + 2, "long", 4);
}

/* Checks a malformed archive: FERN_ERR_INVALID, with both substrings in the message. */
static void expect_invalid_at(int line, const void *archive, size_t size, const char *what,
			      const char *where)
{
	uint8_t *copy = malloc(size ? size : 1);
	CHECK(copy);
	memcpy(copy, archive, size);
	char err[BOOTFS_ERROR_LEN] = "";
	int rc = bootfs_check(copy, size, err);
	if (rc != FERN_ERR_INVALID || !strstr(err, what) || !strstr(err, where)) {
		fprintf(stderr, "%s:%d: expected invalid with \"%s\" and \"%s\", got %d \"%s\"\n",
			__FILE__, line, what, where, rc, err);
		exit(1);
	}
	free(copy);
}
#define EXPECT_INVALID(archive, size, what, ...)                          \
	do {                                                              \
		char where_[64];                                          \
		snprintf(where_, sizeof(where_), __VA_ARGS__);            \
		expect_invalid_at(__LINE__, archive, size, what, where_); \
	} while (0)

static void test_malformed(void)
{
	static struct arc a;
	size_t at[4];

	arc_sample(&a, at);
	memcpy(a.buf + at[1], "070707", 6); /* the old "odc" format */
	EXPECT_INVALID(a.buf, a.len, "bad magic", "entry 3 at offset %zu", at[1]);

	arc_sample(&a, at);
	EXPECT_INVALID(a.buf, at[2] + 50, "truncated header", "at offset %zu", at[2]);
	EXPECT_INVALID(a.buf, 109, "truncated header", "entry 0 at offset 0");

	arc_sample(&a, at);
	a.buf[at[0] + 6 + 8 * F_FILESIZE + 3] = 'g';
	EXPECT_INVALID(a.buf, a.len, "field filesize is not hex", "at offset %zu", at[0]);
	arc_sample(&a, at);
	a.buf[at[2] + 6 + 8 * 12 + 7] = ' ';
	EXPECT_INVALID(a.buf, a.len, "field check is not hex", "at offset %zu", at[2]);
	arc_sample(&a, at);
	a.buf[at[2] + 6] = '-';
	EXPECT_INVALID(a.buf, a.len, "field ino", "at offset %zu", at[2]);

	arc_sample(&a, at);
	a.buf[at[0] + 110 + strlen("./bin/init")] = 'x'; /* the NUL */
	EXPECT_INVALID(a.buf, a.len, "not NUL-terminated", "at offset %zu", at[0]);
	arc_sample(&a, at);
	a.buf[at[0] + 110 + 3] = '\0'; /* an early NUL is just as wrong */
	EXPECT_INVALID(a.buf, a.len, "not NUL-terminated", "at offset %zu", at[0]);
	arc_sample(&a, at);
	arc_set_field(&a, at[0], F_NAMESIZE, 0);
	EXPECT_INVALID(a.buf, a.len, "name size 0", "at offset %zu", at[0]);
	arc_sample(&a, at);
	arc_set_field(&a, at[3], F_NAMESIZE, 0xffffffff);
	EXPECT_INVALID(a.buf, a.len, "name size", "at offset %zu", at[3]);

	char name[BOOTFS_NAME_MAX + 1];
	memset(name, 'n', BOOTFS_NAME_MAX);
	name[BOOTFS_NAME_MAX] = '\0';
	memset(&a, 0, sizeof(a));
	arc_file(&a, "first", "1");
	size_t long_at = arc_file(&a, name, "x");
	arc_trailer(&a);
	EXPECT_INVALID(a.buf, a.len, "name too long", "entry 1 at offset %zu", long_at);

	arc_sample(&a, at);
	arc_set_field(&a, at[3], F_FILESIZE, 0xffffffff);
	EXPECT_INVALID(a.buf, a.len, "runs past the end", "at offset %zu", at[3]);
	arc_sample(&a, at);
	arc_set_field(&a, at[3], F_FILESIZE, (uint32_t)(a.len - at[3]));
	EXPECT_INVALID(a.buf, a.len, "runs past the end", "at offset %zu", at[3]);
	/* Data that ends exactly at the end of the archive, then nothing: no trailer. */
	arc_sample(&a, at);
	EXPECT_INVALID(a.buf, at[3] + 124 + sizeof(blob), "no TRAILER!!!", "offset %zu",
		       at[3] + 124 + sizeof(blob));

	memset(&a, 0, sizeof(a));
	arc_file(&a, "a", "abc");
	EXPECT_INVALID(a.buf, a.len, "no TRAILER!!!", "archive ends at offset %zu", a.len);
	EXPECT_INVALID(a.buf, 0, "no TRAILER!!!", "offset 0");
	static const uint8_t zeros[512];
	EXPECT_INVALID(zeros, sizeof(zeros), "bad magic", "entry 0 at offset 0");
}

/* Checks a possibly corrupt archive: no crash; a count of files it can then list and find, or
 * a reason. */
static void check_and_list(const uint8_t *bytes, size_t size)
{
	uint8_t *copy = malloc(size ? size : 1);
	CHECK(copy);
	memcpy(copy, bytes, size);
	char err[BOOTFS_ERROR_LEN] = "";
	int rc = bootfs_check(copy, size, err);
	if (rc < 0) {
		CHECK_EQ(rc, FERN_ERR_INVALID);
		CHECK(err[0] != '\0' && strlen(err) < BOOTFS_ERROR_LEN);
		CHECK(strstr(err, "offset"));
	} else {
		struct listing l = {0};
		if (rc <= 16) {
			bootfs_for_each(copy, size, list_fn, &l);
			CHECK_EQ(l.count, rc);
			for (int i = 0; i < l.count; i++) {
				struct bootfs_file f;
				CHECK_EQ(bootfs_find(copy, size, l.names[i], &f), FERN_OK);
				CHECK(f.data >= copy && f.data + f.size <= copy + size);
			}
		}
	}
	free(copy);
}

static void mutate(const uint8_t *archive, size_t size, size_t flip_limit)
{
	static const uint8_t flips[] = {0x01, 0x20, 0x80, 0xff};
	uint8_t *copy = malloc(size);
	CHECK(copy);
	for (size_t len = 0; len <= size; len++)
		check_and_list(archive, len);
	for (size_t i = 0; i < size && i < flip_limit; i++) {
		for (size_t f = 0; f < sizeof(flips); f++) {
			memcpy(copy, archive, size);
			copy[i] ^= flips[f];
			check_and_list(copy, size);
		}
		/* Every hex digit a field can take: sizes jump around. */
		for (const char *d = "0123456789abcdefF"; *d; d++) {
			memcpy(copy, archive, size);
			copy[i] = (uint8_t)*d;
			check_and_list(copy, size);
		}
	}
	free(copy);
}

static void test_mutations(void)
{
	static struct arc a;
	size_t at[4];
	arc_sample(&a, at);
	mutate(a.buf, a.len, a.len);
}

static bool have_cpio(void)
{
	return system("command -v cpio >/dev/null 2>&1") == 0;
}

static void write_file(const char *dir, const char *name, const void *data, size_t size)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	CHECK(f);
	CHECK(fwrite(data, 1, size, f) == size);
	CHECK(fclose(f) == 0);
}

static uint8_t *read_whole(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	CHECK(f);
	static uint8_t buf[256 * 1024];
	*size = fread(buf, 1, sizeof(buf), f);
	CHECK(feof(f));
	fclose(f);
	uint8_t *copy = malloc(*size);
	CHECK(copy);
	memcpy(copy, buf, *size);
	return copy;
}

/* Runs a shell command in dir; fails the test if it fails. */
static void run(const char *dir, const char *command)
{
	char line[1024];
	snprintf(line, sizeof(line), "cd '%s' && %s", dir, command);
	if (system(line) != 0) {
		fprintf(stderr, "failed: %s\n", line);
		exit(1);
	}
}

/* Archives made by the real cpio tool, from `find .` ("./" names, a "." entry) and `find d`. */
static void test_cpio_tool(void)
{
	if (!have_cpio()) {
		printf("test_bootfs: cpio not installed: skipping real archives\n");
		return;
	}
	char tmp[] = "/tmp/fern-bootfs-XXXXXX";
	CHECK(mkdtemp(tmp));
	char d[600];
	snprintf(d, sizeof(d), "%s/d", tmp);
	run(tmp, "mkdir -p d/bin d/etc d/sub/deeper d/emptydir && ln -s bin/init d/link");
	write_file(d, "bin/init",
		   "\x7f"
		   "ELF fake program",
		   17);
	write_file(d, "etc/spec.dtb", blob, sizeof(blob));
	write_file(d, "empty", "", 0);
	write_file(d, "sub/deeper/file.txt", "deep\n", 5);

	run(d, "find . | LC_ALL=C sort | cpio -o -H newc --quiet > ../dot.cpio");
	run(tmp, "find d | LC_ALL=C sort | cpio -o -H newc --quiet > plain.cpio");
	const char *archives[] = {"dot.cpio", "plain.cpio"};
	const char *prefix[] = {"", "d/"};
	for (int k = 0; k < 2; k++) {
		char path[700], name[128];
		snprintf(path, sizeof(path), "%s/%s", tmp, archives[k]);
		size_t size;
		uint8_t *arc = read_whole(path, &size);
		char err[BOOTFS_ERROR_LEN];
		int rc = bootfs_check(arc, size, err);
		if (rc != 4) {
			fprintf(stderr, "%s: got %d (%s)\n", archives[k], rc, rc < 0 ? err : "");
			exit(1);
		}
		snprintf(name, sizeof(name), "%sbin/init", prefix[k]);
		expect_file(arc, size, name,
			    "\x7f"
			    "ELF fake program",
			    17);
		snprintf(name, sizeof(name), "%setc/spec.dtb", prefix[k]);
		expect_file(arc, size, name, blob, sizeof(blob));
		snprintf(name, sizeof(name), "%sempty", prefix[k]);
		expect_file(arc, size, name, "", 0);
		snprintf(name, sizeof(name), "%ssub/deeper/file.txt", prefix[k]);
		expect_file(arc, size, name, "deep\n", 5);
		struct bootfs_file f;
		snprintf(name, sizeof(name), "%slink", prefix[k]);
		CHECK_EQ(bootfs_find(arc, size, name, &f), FERN_ERR_NOT_FOUND);
		snprintf(name, sizeof(name), "%semptydir", prefix[k]);
		CHECK_EQ(bootfs_find(arc, size, name, &f), FERN_ERR_NOT_FOUND);
		CHECK_EQ(bootfs_find(arc, size, k ? "d" : ".", &f), FERN_ERR_NOT_FOUND);
		mutate(arc, size, 512);
		free(arc);
	}
	run(tmp, "rm -rf d dot.cpio plain.cpio");
	CHECK(rmdir(tmp) == 0);
}

int main(void)
{
	test_hand_built();
	test_malformed();
	test_mutations();
	test_cpio_tool();
	printf("test_bootfs: ok\n");
	return 0;
}
