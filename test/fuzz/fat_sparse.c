// SPDX-License-Identifier: MIT
/* fat_sparse IMAGE OUT: writes a disk image in fuzz_fat's sparse input form (its size in
 * sectors, then each non-zero sector with its number), to make the FAT seed corpus. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static void put_le32(FILE *out, uint32_t v)
{
	uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
	fwrite(b, 1, 4, out);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: fat_sparse IMAGE OUT\n");
		return 2;
	}
	FILE *in = fopen(argv[1], "rb"), *out = fopen(argv[2], "wb");
	if (!in || !out) {
		perror(in ? argv[2] : argv[1]);
		return 1;
	}
	fseek(in, 0, SEEK_END);
	long size = ftell(in);
	rewind(in);
	put_le32(out, (uint32_t)(size / 512));
	static const uint8_t zero[512];
	uint8_t sector[512];
	for (uint32_t i = 0; fread(sector, 1, sizeof(sector), in) == sizeof(sector); i++) {
		if (!memcmp(sector, zero, sizeof(sector)))
			continue;
		put_le32(out, i);
		fwrite(sector, 1, sizeof(sector), out);
	}
	fclose(in);
	return fclose(out) ? 1 : 0;
}
