/* SPDX-License-Identifier: MIT */
/* Loading position-independent AArch64 ELF programs: validation, layout and relocation.
 * Pure logic over bytes (no kernel services), unit-tested on the host. */
#ifndef KERNEL_ELF_H
#define KERNEL_ELF_H

#include <stddef.h>
#include <stdint.h>

#define ELF_MAX_SEGMENTS 8
#define ELF_MAX_SPAN     (64ull << 20) /* largest program image we load: 64 MiB */
#define ELF_ERROR_LEN    128

enum { ELF_PROT_READ = 1, ELF_PROT_WRITE = 2, ELF_PROT_EXEC = 4 };

/* A PT_LOAD segment, with addresses relative to the image base (the lowest segment's page). */
struct elf_segment {
	uint64_t vaddr; /* offset from the image base; page alignment not required */
	uint64_t memsz;
	uint64_t filesz; /* <= memsz; the rest is zero */
	uint64_t offset; /* in the file */
	unsigned prot;   /* ELF_PROT_*; never WRITE with EXEC */
};

struct elf_image {
	uint64_t link_base; /* link-time vaddr of the image base (lowest PT_LOAD, page-rounded) */
	uint64_t entry;     /* offset from the image base */
	uint64_t span;      /* bytes to reserve from the base, page-rounded */
	struct elf_segment segment[ELF_MAX_SEGMENTS];
	int segment_count;
	uint64_t rela;       /* offset from the base of the RELA table (DT_RELA), 0 if none */
	uint64_t rela_count; /* entries (DT_RELASZ / DT_RELAENT) */
};

/*
 * Validates a PIE ELF (ELFCLASS64, little-endian, EM_AARCH64, ET_DYN) of size bytes and
 * describes how to lay it out. Rejects: truncated or inconsistent headers, segments outside the
 * file, filesz > memsz, overlapping segments, writable+executable segments, spans over
 * ELF_MAX_SPAN, no loadable segment, an entry outside every executable segment, a dynamic
 * section outside the image, relocations other than RELA. On error returns FERN_ERR_INVALID or
 * FERN_ERR_UNSUPPORTED and writes a one-line reason into err (ELF_ERROR_LEN bytes; may be NULL).
 *
 * FERN_ERR_UNSUPPORTED means a sound file of a kind this loader does not run: another class,
 * byte order, machine or type; PT_INTERP, DT_NEEDED or PLT relocations (there is no dynamic
 * linker); DT_REL or DT_RELR tables; relocation types other than RELATIVE/NONE; an executable
 * stack (PT_GNU_STACK with PF_X); more than ELF_MAX_SEGMENTS loadable segments; a span over
 * ELF_MAX_SPAN. Everything else is FERN_ERR_INVALID. Segments may not share a 4 KiB page (a
 * page has one protection). Every relocation is checked here, so elf_load of a parsed image
 * cannot fail. PT_NOTE, PT_PHDR, PT_TLS, PT_GNU_RELRO and unknown types are ignored (RELRO
 * ranges stay writable).
 */
int elf_parse(const void *file, size_t size, struct elf_image *out, char *err);

/*
 * Copies the segments of a parsed image into mem (img->span bytes, zeroed by the caller) and
 * applies its relocations for a program that will run at address base. Only
 * R_AARCH64_RELATIVE and R_AARCH64_NONE are supported; relocation targets must lie inside a
 * writable segment. Errors as for elf_parse (checked again, in case img or file changed), plus
 * FERN_ERR_INVALID for a base that is not 4 KiB-aligned or whose span wraps.
 */
int elf_load(const struct elf_image *img, const void *file, size_t size, uint8_t *mem,
	     uint64_t base, char *err);

#endif
