// SPDX-License-Identifier: MIT
/*
 * Robustness test of board_discover: corrupts every byte of the header, the first 2 KiB of the
 * structure block and the strings of good blobs, truncates them, and flips random bytes. Nothing
 * may crash (ASan/UBSan watch every read) and every failure must come with a message. Takes
 * extra .dtb files (e.g. the board configs) as arguments.
 */
#include "board_check.h"
#include "fdt_build.h"

#include <libfdt.h>

#define STRUCT_WINDOW 2048
#ifndef RANDOM_RUNS /* compile with -DRANDOM_RUNS=200000 for a long run */
#define RANDOM_RUNS 4000
#endif

static struct board board_storage;

struct tally {
	long runs;
	long accepted;
};

/* Runs discovery on a private copy of exactly size bytes; judges the outcome. */
static void run_one(struct tally *tally, const void *blob, size_t size, bool must_fail,
		    const char *what, size_t where)
{
	void *copy = malloc(size ? size : 1);
	CHECK(copy);
	memcpy(copy, blob, size);
	struct board_error err;
	memset(&err, 0x5a, sizeof(err));
	int rc = board_discover(copy, size, &board_storage, &err);
	tally->runs++;
	if (rc == FERN_OK) {
		tally->accepted++;
		check_report(&board_storage); /* reporting odd but accepted values must work too */
	}
	bool explained = rc == FERN_OK || (rc < 0 && err.status == rc && err.message[0] != '\0' &&
					   memchr(err.message, '\0', sizeof(err.message)) &&
					   strcmp(status_name(rc), "unknown-status") != 0);
	if (!explained || (must_fail && rc == FERN_OK)) {
		fprintf(stderr, "%s at %zu (size %zu): rc %d (%s), message \"%.*s\"\n", what, where,
			size, rc, status_name(rc), (int)sizeof(err.message), err.message);
		exit(1);
	}
	free(copy);
}

static bool fuzzed_offset(const void *blob, size_t off)
{
	size_t struct_off = fdt_off_dt_struct(blob);
	size_t strings_off = fdt_off_dt_strings(blob);
	return off < sizeof(struct fdt_header) ||
	       (off >= struct_off && off < struct_off + STRUCT_WINDOW &&
		off < struct_off + fdt_size_dt_struct(blob)) ||
	       (off >= strings_off && off < strings_off + fdt_size_dt_strings(blob));
}

static void corrupt_each_byte(struct tally *tally, const unsigned char *blob, size_t size)
{
	static const unsigned char masks[] = {0xff, 0x01, 0x80, 0x10};
	unsigned char *work = malloc(size);
	CHECK(work);
	for (size_t off = 0; off < size; off++) {
		if (!fuzzed_offset(blob, off))
			continue;
		for (size_t m = 0; m < sizeof(masks); m++) {
			memcpy(work, blob, size);
			work[off] ^= masks[m];
			run_one(tally, work, size, false, "corrupted byte", off);
		}
	}
	free(work);
}

static void truncate_each_length(struct tally *tally, const unsigned char *blob, size_t size)
{
	unsigned char *work = malloc(size);
	CHECK(work);
	size_t strings_end = fdt_off_dt_strings(blob) + fdt_size_dt_strings(blob);
	for (size_t len = 0; len < size; len += 16) {
		run_one(tally, blob, len, true, "truncated", len);
		if (len < sizeof(struct fdt_header))
			continue;
		/* Also claim the truncated length in the header, so libfdt's checks must catch it.
		 */
		memcpy(work, blob, len);
		fdt32_t be = cpu_to_fdt32((uint32_t)len);
		memcpy(work + offsetof(struct fdt_header, totalsize), &be, sizeof(be));
		run_one(tally, work, len, len < strings_end, "truncated with totalsize", len);
	}
	free(work);
}

static void flip_random_bytes(struct tally *tally, const unsigned char *blob, size_t size)
{
	unsigned char *work = malloc(size);
	CHECK(work);
	uint64_t state = 0x9e3779b97f4a7c15ull;
	for (int run = 0; run < RANDOM_RUNS; run++) {
		memcpy(work, blob, size);
		int flips = 1 + run % 4;
		size_t last = 0;
		for (int i = 0; i < flips; i++) {
			state ^= state << 13;
			state ^= state >> 7;
			state ^= state << 17;
			last = (size_t)(state % size);
			work[last] = (unsigned char)(state >> 32);
		}
		run_one(tally, work, size, false, "random bytes, last", last);
	}
	free(work);
}

static void fuzz(const char *name, const void *blob, size_t size)
{
	struct tally tally = {0};
	corrupt_each_byte(&tally, blob, size);
	truncate_each_length(&tally, blob, size);
	flip_random_bytes(&tally, blob, size);
	printf("%s: %zu bytes, %ld runs, %ld accepted\n", name, size, tally.runs, tally.accepted);
}

static void fuzz_built(const char *name, void *fdt)
{
	size_t size;
	void *blob = tb_finish(fdt, &size);
	free(fdt);
	fuzz(name, blob, size);
	free(blob);
}

/* Fuzzes a .dtb file, packed first (QEMU pads its dumps to 1 MiB). */
static void fuzz_file(const char *path)
{
	FILE *file = fopen(path, "rb");
	if (!file) {
		perror(path);
		exit(1);
	}
	void *raw = malloc(TB_SIZE);
	void *packed = malloc(TB_SIZE);
	CHECK(raw && packed);
	size_t size = fread(raw, 1, TB_SIZE, file);
	fclose(file);
	CHECK(size >= sizeof(struct fdt_header) && size < TB_SIZE);
	CHECK(fdt_check_full(raw, size) == 0);
	CHECK(fdt_open_into(raw, packed, TB_SIZE) == 0);
	CHECK(fdt_pack(packed) == 0);
	fuzz(path, packed, fdt_totalsize(packed));
	free(packed);
	free(raw);
}

int main(int argc, char **argv)
{
	fuzz_built("good GICv2 board", tb_good_v2());
	fuzz_built("good GICv3 board", tb_good_v3());
	for (int i = 1; i < argc; i++)
		fuzz_file(argv[i]);
	printf("board fuzz: all passed\n");
	return 0;
}
