// SPDX-License-Identifier: MIT
/*
 * Unit test of fdt_validate and of its callers board_discover and spec_parse: good blobs pass
 * (also as version 16), and each known-bad blob of fdt_corrupt.c is refused with its message and
 * offset, never handed to libfdt (Debian's 1.6.1 dereferences NULL on version 15 and loops on a
 * property length of 0xfffffff4). Arguments: good .dtb files, boards and compiled specs.
 */
#include "board_check.h"
#include "fdt_build.h"
#include "fdt_corrupt.h"

#include <fdt_validate.h>
#include <libfdt.h>
#include <spec.h>

#define ROOM (64 * 1024)

static struct board board_storage;

static bool is_spec(const void *blob)
{
	return fdt_node_check_compatible(blob, 0, SPEC_COMPATIBLE) == 0;
}

/* What the blob's consumer says: board_discover for boards, spec_parse for specs. */
static int consume(const void *blob, size_t size, bool spec, struct board_error *err)
{
	static struct spec spec_storage;
	return spec ? spec_parse(blob, size, &spec_storage, err)
		    : board_discover(blob, size, &board_storage, err);
}

static void check_good(const char *name, const uint8_t *blob, size_t size)
{
	struct fdt_problem problem = {0};
	if (fdt_validate(blob, size, &problem)) {
		fprintf(stderr, "%s: refused at byte %u: %s\n", name, problem.offset, problem.what);
		exit(1);
	}
	struct board_error err;
	if (consume(blob, size, is_spec(blob), &err)) {
		fprintf(stderr, "%s: %s\n", name, err.message);
		exit(1);
	}
	/* The same blob as version 16 (no size_dt_struct; libfdt then reads up to totalsize). */
	uint8_t *v16 = malloc(size);
	CHECK(v16);
	memcpy(v16, blob, size);
	fdt_set_version(v16, 16);
	fdt_set_last_comp_version(v16, 16);
	CHECK_EQ(fdt_validate(v16, size, &problem), FERN_OK);
	CHECK_EQ(consume(v16, size, is_spec(blob), &err), FERN_OK);
	free(v16);
}

static void check_bad(const char *name, const uint8_t *good, size_t size)
{
	static uint8_t work[(1 << 20) + ROOM];
	CHECK(size <= 1 << 20);
	bool spec = is_spec(good);
	for (int i = 0; i < fdt_corruption_count; i++) {
		const struct fdt_corruption *c = &fdt_corruptions[i];
		size_t bad_size = size;
		memcpy(work, good, size);
		memset(work + size, 0, ROOM);
		uint32_t offset = c->apply(work, &bad_size);
		struct fdt_problem problem = {0};
		int rc = fdt_validate(work, bad_size, &problem);
		if (rc != FERN_ERR_INVALID || strcmp(problem.what, c->expect) ||
		    (offset != FDT_CORRUPT_ANY_OFFSET && problem.offset != offset)) {
			fprintf(stderr,
				"%s, %s: rc %d, byte %u: \"%s\"; expected byte %u: \"%s\"\n", name,
				c->name, rc, problem.offset, problem.what ? problem.what : "",
				offset, c->expect);
			exit(1);
		}
		/* The consumers refuse it with the same words, before libfdt reads it. */
		struct board_error err;
		CHECK_EQ(consume(work, bad_size, spec, &err), FERN_ERR_INVALID);
		if (!strstr(err.message, c->expect)) {
			fprintf(stderr, "%s, %s: message \"%s\"\n", name, c->name, err.message);
			exit(1);
		}
	}
}

/* Every shorter buffer is refused; so is every shorter totalsize claimed in the header. */
static void check_truncations(const uint8_t *good, size_t size)
{
	uint8_t *work = malloc(size);
	CHECK(work);
	for (size_t len = 0; len < size; len++) {
		CHECK_EQ(fdt_validate(good, len, 0), FERN_ERR_INVALID);
		if (len < 40)
			continue;
		memcpy(work, good, len);
		fdt_set_totalsize(work, (uint32_t)len);
		fdt_validate(work, len, 0); /* may pass (a tail of free space): must not crash */
	}
	free(work);
}

static void check_nesting(void)
{
	size_t size;
	void *deep = fdt_corrupt_nested(64, &size);
	CHECK_EQ(fdt_validate(deep, size, 0), FERN_OK);
	free(deep);
	struct fdt_problem problem;
	deep = fdt_corrupt_nested(65, &size);
	CHECK_EQ(fdt_validate(deep, size, &problem), FERN_ERR_INVALID);
	CHECK_STR_EQ(problem.what, "nodes nest more than 64 deep");
	struct board_error err;
	CHECK_EQ(board_discover(deep, size, &board_storage, &err), FERN_ERR_INVALID);
	free(deep);
	/* Far deeper than any stack would like: still one bounded pass. */
	deep = fdt_corrupt_nested(100000, &size);
	CHECK_EQ(fdt_validate(deep, size, &problem), FERN_ERR_INVALID);
	free(deep);
}

static void check_pointers(const uint8_t *good, size_t size)
{
	struct fdt_problem problem;
	CHECK_EQ(fdt_validate(0, 100, &problem), FERN_ERR_INVALID);
	CHECK_STR_EQ(problem.what, "no blob (null pointer)");
	uint8_t *shifted = malloc(size + 4);
	CHECK(shifted);
	memcpy(shifted + 2, good, size);
	CHECK_EQ(fdt_validate(shifted + 2, size, &problem), FERN_ERR_INVALID);
	CHECK_STR_EQ(problem.what, "blob is not 4-byte aligned in memory");
	free(shifted);
}

static uint8_t *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		exit(1);
	}
	static uint8_t raw[1 << 20];
	size_t n = fread(raw, 1, sizeof(raw), f);
	fclose(f);
	CHECK(n > 0 && n < sizeof(raw) && fdt_check_full(raw, n) == 0);
	/* Packed: QEMU pads its dumps with free space. */
	uint8_t *blob = malloc(n);
	CHECK(blob && fdt_open_into(raw, blob, (int)n) == 0 && fdt_pack(blob) == 0);
	*size = fdt_totalsize(blob);
	return blob;
}

int main(int argc, char **argv)
{
	void *built[] = {tb_good_v2(), tb_good_v3()};
	for (int i = 0; i < 2; i++) {
		size_t size;
		uint8_t *blob = tb_finish(built[i], &size);
		free(built[i]);
		check_good("built board", blob, size);
		check_bad("built board", blob, size);
		check_truncations(blob, size);
		check_pointers(blob, size);
		free(blob);
	}
	for (int i = 1; i < argc; i++) {
		size_t size;
		uint8_t *blob = read_file(argv[i], &size);
		check_good(argv[i], blob, size);
		check_bad(argv[i], blob, size);
		check_truncations(blob, size);
		free(blob);
	}
	check_nesting();
	printf("fdt_validate: all passed\n");
	return 0;
}
