// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness: a program file through the kernel's ELF loader (kernel/elf.c), as the
 * startup task and the spawn call use it: elf_parse, then elf_load into a zeroed image at a
 * page-aligned base. A parsed image must always load (elf.h promises it), its entry and every
 * segment must lie inside its span, and no segment may be writable and executable.
 */
#include "fuzz.h"

#include <fern/status.h>
#include <kernel/elf.h>
#include <string.h>

#define LOAD_MAX (8u << 20) /* images up to 8 MiB are loaded (the span cap is 64 MiB) */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The file ends where its allocation ends, so ASan sees any read past it. */
	uint8_t *file = malloc(size ? size : 1);
	FUZZ_CHECK(file);
	memcpy(file, data, size);
	struct elf_image img;
	char err[ELF_ERROR_LEN];
	memset(err, 0, sizeof(err));
	int rc = elf_parse(file, size, &img, err);
	if (rc) {
		FUZZ_CHECK(rc == FERN_ERR_INVALID || rc == FERN_ERR_UNSUPPORTED);
		FUZZ_CHECK(err[0] && memchr(err, 0, sizeof(err)));
		free(file);
		return 0;
	}
	FUZZ_CHECK(img.span > 0 && img.span <= ELF_MAX_SPAN && img.span % 4096 == 0);
	FUZZ_CHECK(img.segment_count >= 1 && img.segment_count <= ELF_MAX_SEGMENTS);
	FUZZ_CHECK(img.entry < img.span);
	for (int i = 0; i < img.segment_count; i++) {
		const struct elf_segment *s = &img.segment[i];
		FUZZ_CHECK(s->filesz <= s->memsz);
		FUZZ_CHECK(s->vaddr <= img.span && s->memsz <= img.span - s->vaddr);
		FUZZ_CHECK(s->offset <= size && s->filesz <= size - s->offset);
		FUZZ_CHECK((s->prot & (ELF_PROT_WRITE | ELF_PROT_EXEC)) !=
			   (ELF_PROT_WRITE | ELF_PROT_EXEC));
	}
	if (img.span <= LOAD_MAX) {
		uint8_t *mem = calloc(1, img.span);
		FUZZ_CHECK(mem);
		rc = elf_load(&img, file, size, mem, 0x0000004000000000ull, err);
		if (rc) {
			fprintf(stderr, "elf_load failed after elf_parse succeeded: %s\n", err);
			abort();
		}
		free(mem);
	}
	free(file);
	return 0;
}
