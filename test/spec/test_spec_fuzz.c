// SPDX-License-Identifier: MIT
/*
 * Robustness test of spec_parse: every truncation of good specs, and every byte of them
 * zeroed, inverted or with one bit flipped. Nothing may crash (ASan/UBSan watch every read),
 * a cut-short blob must be refused, and every refusal must come with a message. Arguments: the
 * compiled good specs.
 */
#include <fern/status.h>
#include <spec.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long runs, refused;

static void fail(const char *what, const char *path, size_t where)
{
	fprintf(stderr, "test_spec_fuzz: %s: %s at byte %zu\n", path, what, where);
	exit(1);
}

/* Parses an exact-size private copy, so that ASan catches any read past its end. */
static void run(const unsigned char *blob, size_t size, bool must_fail, const char *path,
		size_t where)
{
	unsigned char *copy = malloc(size ? size : 1);
	if (!copy)
		fail("out of memory", path, where);
	memcpy(copy, blob, size);
	struct spec spec;
	struct board_error err;
	memset(&err, 0, sizeof(err));
	int rc = spec_parse(copy, size, &spec, &err);
	runs++;
	if (rc != FERN_OK) {
		refused++;
		if (rc != FERN_ERR_INVALID || err.status != rc || !err.message[0])
			fail("refused without a message", path, where);
	} else if (must_fail) {
		fail("accepted a cut-short blob", path, where);
	}
	free(copy);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: test_spec_fuzz SPEC.dtb...\n");
		return 2;
	}
	for (int a = 1; a < argc; a++) {
		static unsigned char blob[1 << 16], mutated[1 << 16];
		FILE *f = fopen(argv[a], "rb");
		if (!f)
			fail("cannot open", argv[a], 0);
		size_t size = fread(blob, 1, sizeof(blob), f);
		fclose(f);
		run(blob, size, false, argv[a], size);
		for (size_t cut = 0; cut < size; cut++)
			run(blob, cut, true, argv[a], cut);
		static const int how[] = {0x00, 0xff, 0x01, 0x80};
		for (size_t at = 0; at < size; at++) {
			for (int h = 0; h < 4; h++) {
				memcpy(mutated, blob, size);
				mutated[at] = how[h] == 0 ? 0 : (unsigned char)(blob[at] ^ how[h]);
				run(mutated, size, false, argv[a], at);
			}
		}
	}
	printf("test_spec_fuzz: %ld runs, %ld refused with a message, none crashed\n", runs,
	       refused);
	return 0;
}
