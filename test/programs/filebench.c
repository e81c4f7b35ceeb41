// SPDX-License-Identifier: MIT
/* File benchmark, run by test/perf/system-bench.sh in a system booted with bootargs pmu (the
 * whole system's instruction count readable): reads the 4 MiB /BIG.DAT the host put on the
 * disk through fs, cold and again cached, in 64 KiB requests through a buffer shared with fs,
 * and in 4 KiB messages; then writes a 4 MiB /NEW.DAT and syncs. Prints "BENCH NAME N
 * instructions" per KiB moved, then checks what it read (the host checks NEW.DAT). */
#include <fern/bulk.h>
#include <fern/env.h>
#include <fern/service.h>
#include <fern/sys.h>
#include <stdio.h>
#include <string.h>

#define FILE_BYTES (4u << 20)
#define CHUNK      (64u << 10)
#define MSG_CHUNK  4096u

static const char line[] = "fern bench data 0123456789abcdef\n"; /* the host's pattern */

static uint8_t pattern(uint64_t i)
{
	return (uint8_t)line[i % (sizeof(line) - 1)];
}

static int fail(const char *what, int rc)
{
	printf("filebench: FAIL: %s: %s\n", what, status_name(rc));
	return 1;
}

/* Figures are printed at the end: printing costs instructions of its own (the console), which
 * would land in the next measurement. */
static struct {
	const char *name;
	uint64_t per_kib;
} results[4];
static int result_count;

static void report(const char *name, uint64_t start)
{
	uint64_t per_kib = (fern_instructions() - start) / (FILE_BYTES / 1024);
	results[result_count++] = (typeof(results[0])){name, per_kib};
}

/* Reads the whole file in CHUNK requests through b; verifies it when check. */
static int read_bulk(fern_handle f, struct fern_bulk *b, bool check)
{
	for (uint64_t off = 0; off < FILE_BYTES; off += CHUNK) {
		struct fern_msg req = {.type = FERN_MSG_READ, .word = {off, CHUNK, FERN_BULK | 0}};
		struct fern_msg reply = {0};
		int rc = fern_call(f, &req, &reply);
		if (rc || reply.word[0] != CHUNK)
			return fail("bulk READ", rc ? rc : FERN_ERR_INVALID);
		for (uint64_t i = 0; check && i < CHUNK; i++)
			if (b->base[i] != pattern(off + i))
				return fail("what was read is not the host's file",
					    FERN_ERR_INVALID);
	}
	return 0;
}

int main(void)
{
	fern_handle fs = fern_env_handle("fs");
	if (!fs || !fern_instructions())
		return fail("needs the fs service and bootargs pmu", FERN_ERR_NOT_FOUND);
	fern_handle big, out;
	struct fern_bulk rb, wb;
	int rc = fern_open(fs, "/BIG.DAT", FERN_OPEN_READ, &big);
	if (!rc)
		rc = fern_bulk_attach(big, CHUNK, false, &rb);
	if (rc)
		return fail("opening /BIG.DAT", rc);
	uint64_t start = fern_instructions();
	if (read_bulk(big, &rb, false))
		return 1;
	report("file-read-cold", start);
	start = fern_instructions();
	if (read_bulk(big, &rb, false))
		return 1;
	report("file-read-cached", start);
	static uint8_t msg[MSG_CHUNK];
	start = fern_instructions();
	for (uint64_t off = 0; off < FILE_BYTES; off += MSG_CHUNK)
		if (fern_read(big, off, msg, MSG_CHUNK) != MSG_CHUNK)
			return fail("READ in messages", FERN_ERR_INVALID);
	report("file-read-cached-4k-messages", start);
	if (read_bulk(big, &rb, true))
		return 1;

	rc = fern_open(fs, "/NEW.DAT", FERN_OPEN_WRITE | FERN_OPEN_CREATE | FERN_OPEN_TRUNCATE,
		       &out);
	if (!rc)
		rc = fern_bulk_attach(out, CHUNK, false, &wb);
	if (rc)
		return fail("creating /NEW.DAT", rc);
	/* The data comes from memory, as a program's would: the pattern made once, copied in. */
	static uint8_t source[CHUNK + sizeof(line)];
	for (uint64_t i = 0; i < sizeof(source); i++)
		source[i] = pattern(i);
	start = fern_instructions();
	for (uint64_t off = 0; off < FILE_BYTES; off += CHUNK) {
		memcpy(wb.base, source + off % (sizeof(line) - 1), CHUNK);
		struct fern_msg req = {.type = FERN_MSG_WRITE, .word = {off, CHUNK, FERN_BULK | 0}};
		struct fern_msg reply = {0};
		rc = fern_call(out, &req, &reply);
		if (rc || reply.word[0] != CHUNK)
			return fail("bulk WRITE", rc ? rc : FERN_ERR_INVALID);
	}
	rc = fern_setattr(fs, FERN_ATTR_SYNC, 0);
	if (rc)
		return fail("SYNC", rc);
	report("file-write-sync", start);
	for (int i = 0; i < result_count; i++)
		printf("BENCH %s %llu instructions\n", results[i].name,
		       (unsigned long long)results[i].per_kib);
	printf("filebench: done: read and wrote 4 MiB\n");
	return 0;
}
