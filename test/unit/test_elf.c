// SPDX-License-Identifier: MIT
/* Unit test for the ELF loader: a synthetic PIE, each malformation, mutations, a real program. */
#include <kernel/elf.h>

#include <fern/status.h>
#include <stdbool.h>
#include <stddef.h>

#include "check.h"

/* The ELF64 structures, written out here (the loader has its own copy, on purpose). */
struct ehdr64 {
	uint8_t ident[16];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};
struct phdr64 {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};
struct dyn64 {
	int64_t tag;
	uint64_t val;
};
struct rela64 {
	uint64_t offset, info;
	int64_t addend;
};
struct shdr64 {
	uint32_t name, type;
	uint64_t flags, addr, offset, size;
	uint32_t link, info;
	uint64_t addralign, entsize;
};
struct sym64 {
	uint32_t name;
	uint8_t info, other;
	uint16_t shndx;
	uint64_t value, size;
};

enum { PT_NULL = 0, PT_LOAD = 1, PT_DYNAMIC = 2, PT_INTERP = 3, PT_PHDR = 6 };
enum { PT_GNU_STACK = 0x6474e551, PT_GNU_RELRO = 0x6474e552 };
enum { PF_X = 1, PF_W = 2, PF_R = 4 };
enum { DT_NULL = 0, DT_NEEDED = 1, DT_PLTRELSZ = 2, DT_RELA = 7, DT_RELASZ = 8, DT_RELAENT = 9 };
enum { DT_REL = 17, DT_RELR = 36 };
enum { R_NONE = 0, R_ABS64 = 257, R_RELATIVE = 1027 };
enum { SHT_SYMTAB = 2 };

/*
 * A minimal PIE laid out as a struct (offsets asserted below), linked at v:
 *   text  R+X  file [0, 0x360)       vaddr v + [0, 0x360)      entry v + 0x200, RELA at 0x300
 *   data  RW   file [0x1000, 0x1100) vaddr v + [0x11000, 0x13000): dynamic, words, then .bss
 */
#define NPH   6
#define NRELA 4
#define NDYN  6
#define NWORD 20
struct synth {
	struct ehdr64 eh;             /* 0x000 */
	struct phdr64 ph[NPH];        /* 0x040 */
	uint8_t pad0[0x200 - 0x190];  /* 0x190 */
	uint8_t code[0x100];          /* 0x200 */
	struct rela64 rela[NRELA];    /* 0x300 */
	uint8_t pad1[0x1000 - 0x360]; /* 0x360 */
	struct dyn64 dyn[NDYN];       /* 0x1000 */
	uint64_t word[NWORD];         /* 0x1060 */
};
_Static_assert(offsetof(struct synth, rela) == 0x300, "layout");
_Static_assert(offsetof(struct synth, dyn) == 0x1000, "layout");
_Static_assert(sizeof(struct synth) == 0x1100, "layout");

#define WORD_VADDR(i) (0x11060 + 8 * (i))

static void synth_init(struct synth *s, uint64_t v)
{
	memset(s, 0, sizeof(*s));
	memcpy(s->eh.ident, "\177ELF\2\1\1", 7);
	s->eh.type = 3;
	s->eh.machine = 183;
	s->eh.version = 1;
	s->eh.entry = v + 0x200;
	s->eh.phoff = offsetof(struct synth, ph);
	s->eh.ehsize = sizeof(struct ehdr64);
	s->eh.phentsize = sizeof(struct phdr64);
	s->eh.phnum = NPH;
	s->ph[0] = (struct phdr64){PT_LOAD, PF_R | PF_X, 0, v, v, 0x360, 0x360, 0x1000};
	s->ph[1] = (struct phdr64){PT_LOAD, PF_R | PF_W, 0x1000, v + 0x11000, 0, 0x100, 0x2000, 8};
	s->ph[2] = (struct phdr64){PT_DYNAMIC, PF_R | PF_W, 0x1000, v + 0x11000, 0, 0x60, 0x60, 8};
	s->ph[3] = (struct phdr64){PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 0, 0, 16};
	s->ph[4] = (struct phdr64){PT_GNU_RELRO, PF_R, 0x1000, v + 0x11000, 0, 0x60, 0x60, 1};
	s->ph[5] = (struct phdr64){PT_PHDR, PF_R, 0x40, v + 0x40, 0, 0x150, 0x150, 8};
	for (int i = 0; i < (int)sizeof(s->code); i++)
		s->code[i] = (uint8_t)(0x90 + i);
	s->rela[0] = (struct rela64){v + WORD_VADDR(0), R_RELATIVE, (int64_t)(v + 0x200)};
	s->rela[1] = (struct rela64){v + WORD_VADDR(1), R_RELATIVE, (int64_t)(v + 0x11100)};
	s->rela[2] = (struct rela64){0xdeadbeef, R_NONE, 0}; /* NONE: ignored entirely */
	s->rela[3] = (struct rela64){v + WORD_VADDR(2), R_RELATIVE, (int64_t)(v + 0x12ff8)};
	s->dyn[0] = (struct dyn64){DT_RELA, v + 0x300};
	s->dyn[1] = (struct dyn64){DT_RELASZ, sizeof(s->rela)};
	s->dyn[2] = (struct dyn64){DT_RELAENT, sizeof(struct rela64)};
	s->dyn[3] = (struct dyn64){DT_NULL, 0};
	s->dyn[4] = (struct dyn64){DT_REL, 0}; /* after DT_NULL: never read */
	for (int i = 0; i < NWORD; i++)
		s->word[i] = 0x1111111111111111ull * (uint64_t)i;
}

/* A copy of the first size bytes in a buffer of exactly that size, so ASan sees over-reads. */
static uint8_t *exact_copy(const void *file, size_t size)
{
	uint8_t *copy = malloc(size ? size : 1);
	CHECK(copy);
	memcpy(copy, file, size);
	return copy;
}

static uint64_t read64(const uint8_t *p)
{
	uint64_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}

static void test_valid_at(uint64_t v)
{
	static struct synth s;
	synth_init(&s, v);
	uint8_t *file = exact_copy(&s, sizeof(s));
	struct elf_image img;
	char err[ELF_ERROR_LEN];

	CHECK_EQ(elf_parse(file, sizeof(s), &img, err), FERN_OK);
	CHECK_EQ(img.link_base, v);
	CHECK_EQ(img.entry, 0x200);
	CHECK_EQ(img.span, 0x13000);
	CHECK_EQ(img.segment_count, 2);
	CHECK_EQ(img.segment[0].vaddr, 0);
	CHECK_EQ(img.segment[0].memsz, 0x360);
	CHECK_EQ(img.segment[0].filesz, 0x360);
	CHECK_EQ(img.segment[0].offset, 0);
	CHECK_EQ(img.segment[0].prot, ELF_PROT_READ | ELF_PROT_EXEC);
	CHECK_EQ(img.segment[1].vaddr, 0x11000);
	CHECK_EQ(img.segment[1].memsz, 0x2000);
	CHECK_EQ(img.segment[1].filesz, 0x100);
	CHECK_EQ(img.segment[1].offset, 0x1000);
	CHECK_EQ(img.segment[1].prot, ELF_PROT_READ | ELF_PROT_WRITE);
	CHECK_EQ(img.rela, 0x300);
	CHECK_EQ(img.rela_count, NRELA);

	/* Fill with a canary instead of zero: the gap between segments must stay untouched, and
	 * .bss must be zeroed by elf_load itself. */
	uint8_t *mem = malloc(img.span);
	CHECK(mem);
	memset(mem, 0xcc, img.span);
	const uint64_t base = 0xffff800012340000ull;
	CHECK_EQ(elf_load(&img, file, sizeof(s), mem, base, err), FERN_OK);
	CHECK(memcmp(mem, file, 0x360) == 0);
	for (uint64_t i = 0x360; i < 0x11000; i++)
		CHECK_EQ(mem[i], 0xcc);
	CHECK(memcmp(mem + 0x11000, file + 0x1000, 0x60) == 0); /* dynamic */
	CHECK_EQ(read64(mem + WORD_VADDR(0)), base + 0x200);
	CHECK_EQ(read64(mem + WORD_VADDR(1)), base + 0x11100);
	CHECK_EQ(read64(mem + WORD_VADDR(2)), base + 0x12ff8);
	for (int i = 3; i < NWORD; i++)
		CHECK_EQ(read64(mem + WORD_VADDR(i)), 0x1111111111111111ull * (uint64_t)i);
	for (uint64_t i = 0x11100; i < 0x13000; i++)
		CHECK_EQ(mem[i], 0);

	/* Another base gives other pointers; an unaligned base is refused. */
	CHECK_EQ(elf_load(&img, file, sizeof(s), mem, 0x40000000, err), FERN_OK);
	CHECK_EQ(read64(mem + WORD_VADDR(0)), 0x40000200);
	CHECK_EQ(elf_load(&img, file, sizeof(s), mem, 0x40000800, err), FERN_ERR_INVALID);
	CHECK(strstr(err, "page-aligned"));
	CHECK_EQ(elf_load(&img, file, sizeof(s), mem, UINT64_MAX - 0xfff, err), FERN_ERR_INVALID);
	CHECK(err[0]);
	free(mem);
	free(file);
}

/* No relocations at all (no PT_DYNAMIC) is fine too. */
static void test_no_dynamic(void)
{
	static struct synth s;
	synth_init(&s, 0);
	s.ph[2].type = PT_NULL;
	struct elf_image img;
	char err[ELF_ERROR_LEN];
	CHECK_EQ(elf_parse(&s, sizeof(s), &img, err), FERN_OK);
	CHECK_EQ(img.rela, 0);
	CHECK_EQ(img.rela_count, 0);
}

/* Parses a mutated synthetic image (or its first size bytes) and expects status + message. */
static void expect_fail_at(int line, const struct synth *s, size_t size, int status,
			   const char *substr)
{
	uint8_t *file = exact_copy(s, size);
	struct elf_image img;
	char err[ELF_ERROR_LEN];
	memset(err, 0, sizeof(err));
	int rc = elf_parse(file, size, &img, err);
	if (rc != status || !strstr(err, substr)) {
		fprintf(stderr, "%s:%d: expected %d with \"%s\", got %d \"%s\"\n", __FILE__, line,
			status, substr, rc, err);
		exit(1);
	}
	free(file);
}

/* Applies `mutation` (a statement on `s`) to a fresh image linked at v, expects a failure. */
#define EXPECT_FAIL_V(v, mutation, status, substr)                       \
	do {                                                             \
		static struct synth s;                                   \
		synth_init(&s, v);                                       \
		mutation;                                                \
		expect_fail_at(__LINE__, &s, sizeof(s), status, substr); \
	} while (0)
#define EXPECT_FAIL(mutation, status, substr) EXPECT_FAIL_V(0, mutation, status, substr)

static void test_malformed_header(void)
{
	static struct synth s;
	synth_init(&s, 0);
	expect_fail_at(__LINE__, &s, 0, FERN_ERR_INVALID, "empty file");
	expect_fail_at(__LINE__, &s, 1, FERN_ERR_INVALID, "truncated ELF header");
	expect_fail_at(__LINE__, &s, sizeof(struct ehdr64) - 1, FERN_ERR_INVALID,
		       "truncated ELF header");
	EXPECT_FAIL(s.eh.ident[1] = 'X', FERN_ERR_INVALID, "bad ELF magic");
	EXPECT_FAIL(s.eh.ident[4] = 1, FERN_ERR_UNSUPPORTED, "not ELFCLASS64");
	EXPECT_FAIL(s.eh.ident[5] = 2, FERN_ERR_UNSUPPORTED, "not little-endian");
	EXPECT_FAIL(s.eh.ident[6] = 0, FERN_ERR_INVALID, "version");
	EXPECT_FAIL(s.eh.version = 2, FERN_ERR_INVALID, "version");
	EXPECT_FAIL(s.eh.machine = 62, FERN_ERR_UNSUPPORTED, "not AArch64");
	EXPECT_FAIL(s.eh.type = 2, FERN_ERR_UNSUPPORTED, "ET_EXEC is not a PIE");
	EXPECT_FAIL(s.eh.type = 1, FERN_ERR_UNSUPPORTED, "not a PIE");
	EXPECT_FAIL(s.eh.phentsize = 32, FERN_ERR_INVALID, "e_phentsize");
	EXPECT_FAIL(s.eh.phentsize = 0, FERN_ERR_INVALID, "e_phentsize");
	EXPECT_FAIL(s.eh.phoff = sizeof(s) - 10, FERN_ERR_INVALID, "program headers past end");
	EXPECT_FAIL(s.eh.phoff = UINT64_MAX - 8, FERN_ERR_INVALID, "program headers past end");
	EXPECT_FAIL(s.eh.phnum = 200, FERN_ERR_INVALID, "program headers past end");
	EXPECT_FAIL(s.eh.phnum = 0xffff, FERN_ERR_UNSUPPORTED, "PN_XNUM");
	/* Headers end exactly at the end of the file: still read, then the segments fail. */
	expect_fail_at(__LINE__, &s, 0x190, FERN_ERR_INVALID, "past end of file");
}

static void test_malformed_segments(void)
{
	EXPECT_FAIL(s.ph[1].filesz = 0x200, FERN_ERR_INVALID, "phdr 1: file bytes past end");
	EXPECT_FAIL(s.ph[1].offset = UINT64_MAX - 0x10, FERN_ERR_INVALID, "past end of file");
	EXPECT_FAIL(s.ph[0].memsz = 0x100, FERN_ERR_INVALID, "phdr 0: filesz > memsz");
	EXPECT_FAIL(s.ph[1].flags |= PF_X, FERN_ERR_INVALID, "writable and executable");
	EXPECT_FAIL(s.ph[0].flags |= PF_W, FERN_ERR_INVALID, "writable and executable");
	EXPECT_FAIL(s.ph[1].vaddr = 0x100, FERN_ERR_INVALID, "overlap");
	EXPECT_FAIL(s.ph[1].vaddr = 0x800, FERN_ERR_INVALID, "share a page"); /* same page */
	EXPECT_FAIL(s.ph[0].vaddr = 0x11800, FERN_ERR_INVALID, "overlap");    /* inside data */
	EXPECT_FAIL((s.ph[0].vaddr = 0x11000, s.ph[0].memsz = 0x2000), FERN_ERR_INVALID, "overlap");
	EXPECT_FAIL(s.ph[1].memsz = 1ull << 30, FERN_ERR_UNSUPPORTED, "exceeds 64 MiB");
	EXPECT_FAIL(s.ph[1].vaddr = ELF_MAX_SPAN, FERN_ERR_UNSUPPORTED, "exceeds");
	EXPECT_FAIL(s.ph[1].vaddr = UINT64_MAX - 0x100, FERN_ERR_INVALID,
		    "vaddr + memsz overflows");
	EXPECT_FAIL(s.ph[1].vaddr = UINT64_MAX - 0x2000, FERN_ERR_INVALID, "overflows");
	EXPECT_FAIL(s.ph[1].memsz = UINT64_MAX, FERN_ERR_INVALID, "overflows");
	EXPECT_FAIL(s.ph[0].type = s.ph[1].type = PT_NULL, FERN_ERR_INVALID, "no PT_LOAD");
	EXPECT_FAIL(s.eh.phnum = 0, FERN_ERR_INVALID, "no PT_LOAD");
	EXPECT_FAIL(s.ph[0].memsz = s.ph[0].filesz = s.ph[1].memsz = s.ph[1].filesz = 0,
		    FERN_ERR_INVALID, "no PT_LOAD");
	EXPECT_FAIL(s.eh.entry = 0x11060, FERN_ERR_INVALID, "entry 0x11060 outside executable");
	EXPECT_FAIL(s.eh.entry = 0x360, FERN_ERR_INVALID, "outside executable");
	EXPECT_FAIL(s.eh.entry = UINT64_MAX, FERN_ERR_INVALID, "outside executable");
	EXPECT_FAIL_V(0x400000, s.eh.entry = 0x200, FERN_ERR_INVALID, "outside executable");
	EXPECT_FAIL(s.ph[3].type = PT_INTERP, FERN_ERR_UNSUPPORTED, "PT_INTERP");
	EXPECT_FAIL(s.ph[3].flags |= PF_X, FERN_ERR_UNSUPPORTED, "executable stack");
	/* Nine PT_LOADs, each in its own page: more than the loader has room for. */
	{
		static struct synth s;
		synth_init(&s, 0);
		_Alignas(8) static uint8_t big[sizeof(s) + 16 * sizeof(struct phdr64)];
		memcpy(big, &s, sizeof(s));
		struct ehdr64 *eh = (struct ehdr64 *)big;
		eh->phoff = sizeof(s);
		eh->phnum = 9;
		for (int i = 0; i < 9; i++) {
			struct phdr64 ph = {PT_LOAD, PF_R | PF_X, 0,    0x1000ull * i,
					    0,       0x10,        0x10, 8};
			memcpy(big + sizeof(s) + i * sizeof(ph), &ph, sizeof(ph));
		}
		uint8_t *file = exact_copy(big, sizeof(big));
		struct elf_image img;
		char err[ELF_ERROR_LEN];
		CHECK_EQ(elf_parse(file, sizeof(big), &img, err), FERN_ERR_UNSUPPORTED);
		CHECK(strstr(err, "more than 8 PT_LOAD"));
		free(file);
	}
}

static void test_malformed_dynamic(void)
{
	EXPECT_FAIL(s.dyn[3].tag = DT_REL, FERN_ERR_UNSUPPORTED, "DT_REL relocations");
	EXPECT_FAIL(s.dyn[0].tag = DT_REL, FERN_ERR_UNSUPPORTED, "DT_REL");
	EXPECT_FAIL(s.dyn[3].tag = DT_RELR, FERN_ERR_UNSUPPORTED, "DT_RELR");
	EXPECT_FAIL(s.dyn[3] = ((struct dyn64){DT_NEEDED, 1}), FERN_ERR_UNSUPPORTED, "DT_NEEDED");
	EXPECT_FAIL((s.dyn[3] = (struct dyn64){DT_PLTRELSZ, 24}, s.dyn[4].tag = DT_NULL),
		    FERN_ERR_UNSUPPORTED, "PLT");
	EXPECT_FAIL(s.rela[1].info = R_ABS64, FERN_ERR_UNSUPPORTED, "relocation 1: type 257");
	EXPECT_FAIL(s.rela[3].info = 1027ull << 32 | 1028, FERN_ERR_UNSUPPORTED, "type 1028");
	/* Relocation targets: text, a gap, past the span, straddling its end, below the base. */
	EXPECT_FAIL(s.rela[0].offset = 0x200, FERN_ERR_INVALID, "outside writable segments");
	EXPECT_FAIL(s.rela[0].offset = 0x5000, FERN_ERR_INVALID, "outside writable");
	EXPECT_FAIL(s.rela[0].offset = 0x13000, FERN_ERR_INVALID, "outside writable");
	EXPECT_FAIL(s.rela[3].offset = 0x12ffc, FERN_ERR_INVALID, "relocation 3: target");
	EXPECT_FAIL(s.rela[3].offset = UINT64_MAX - 3, FERN_ERR_INVALID, "outside writable");
	EXPECT_FAIL_V(0x400000, s.rela[0].offset = 0x11060, FERN_ERR_INVALID, "outside writable");
	/* The RELA table: in a gap, in .bss (no file bytes), too long, straddling, overflowing. */
	EXPECT_FAIL(s.dyn[0].val = 0x5000, FERN_ERR_INVALID, "RELA table outside");
	EXPECT_FAIL(s.dyn[0].val = 0x12000, FERN_ERR_INVALID, "RELA table outside");
	EXPECT_FAIL(s.dyn[1].val = 24 * 1000, FERN_ERR_INVALID, "RELA table outside");
	EXPECT_FAIL(s.dyn[0].val = 0x348, FERN_ERR_INVALID, "RELA table outside");
	EXPECT_FAIL(s.dyn[0].val = UINT64_MAX - 8, FERN_ERR_INVALID, "RELA table outside");
	EXPECT_FAIL(s.dyn[1].val = UINT64_MAX / 24 * 24, FERN_ERR_INVALID, "RELA table outside");
	EXPECT_FAIL(s.dyn[2].val = 16, FERN_ERR_INVALID, "DT_RELAENT 16");
	EXPECT_FAIL(s.dyn[2].val = 0, FERN_ERR_INVALID, "DT_RELAENT");
	EXPECT_FAIL(s.dyn[1].val = 25, FERN_ERR_INVALID, "not a multiple");
	EXPECT_FAIL(s.dyn[0].tag = 0x6ffffff9, FERN_ERR_INVALID, "DT_RELA and DT_RELASZ");
	/* PT_DYNAMIC itself: in a gap, in .bss, past its segment's file bytes, twice. */
	EXPECT_FAIL(s.ph[2].vaddr = 0x5000, FERN_ERR_INVALID, "PT_DYNAMIC outside");
	EXPECT_FAIL(s.ph[2].vaddr = 0x12000, FERN_ERR_INVALID, "PT_DYNAMIC outside");
	EXPECT_FAIL(s.ph[2].filesz = 0x101, FERN_ERR_INVALID, "PT_DYNAMIC outside");
	EXPECT_FAIL(s.ph[3] = s.ph[2], FERN_ERR_INVALID, "more than one PT_DYNAMIC");
}

/* Parses (and on success loads) a possibly corrupt file: no crash, and a reason on failure.
 * A parsed image must always load: elf_parse checks everything elf_load relies on. The file
 * must end where its allocation ends, so ASan catches reads past it. */
static int mutants, mutants_loaded; /* how much the mutation loops exercised */

static void parse_and_load(const uint8_t *file, size_t size)
{
	struct elf_image img;
	char err[ELF_ERROR_LEN];
	memset(err, 0, sizeof(err));
	int rc = elf_parse(file, size, &img, err);
	mutants++;
	if (rc == FERN_OK) {
		mutants_loaded++;
		CHECK(img.span > 0 && img.span <= ELF_MAX_SPAN && img.span % 4096 == 0);
		CHECK(img.segment_count >= 1 && img.segment_count <= ELF_MAX_SEGMENTS);
		CHECK(img.entry < img.span);
		uint8_t *mem = calloc(1, img.span);
		CHECK(mem);
		rc = elf_load(&img, file, size, mem, 0x7000000000ull, err);
		if (rc != FERN_OK) {
			fprintf(stderr, "elf_load failed after elf_parse succeeded: %s\n", err);
			exit(1);
		}
		free(mem);
	} else {
		CHECK(rc == FERN_ERR_INVALID || rc == FERN_ERR_UNSUPPORTED);
		CHECK(err[0] != '\0');
		CHECK(strlen(err) < ELF_ERROR_LEN);
	}
}

/* Every truncation; each byte flipped three ways; each 4-aligned word set to edge values. */
static void mutate(const uint8_t *file, size_t size, size_t flip_limit)
{
	static const uint8_t flips[] = {0x01, 0x80, 0xff};
	static const uint64_t words[] = {0,           1,          8,
					 0x1000,      0x7fffffff, 0xffffffff,
					 INT64_MAX,   UINT64_MAX, UINT64_MAX - 0xfff,
					 ELF_MAX_SPAN};
	uint8_t *copy = exact_copy(file, size);
	/* A truncated file sits at the end of the buffer, so it too ends at the allocation. */
	for (size_t len = 0; len <= size; len++) {
		memcpy(copy + size - len, file, len);
		parse_and_load(copy + size - len, len);
	}
	for (size_t i = 0; i < size && i < flip_limit; i++) {
		for (size_t f = 0; f < sizeof(flips); f++) {
			memcpy(copy, file, size);
			copy[i] ^= flips[f];
			parse_and_load(copy, size);
		}
	}
	for (size_t i = 0; i + 8 <= size && i < flip_limit; i += 4) {
		for (size_t w = 0; w < sizeof(words) / sizeof(words[0]); w++) {
			memcpy(copy, file, size);
			memcpy(copy + i, &words[w], 8);
			parse_and_load(copy, size);
		}
	}
	free(copy);
	printf("test_elf: %d mutants so far, %d parsed and loaded\n", mutants, mutants_loaded);
}

static void test_mutations(void)
{
	static struct synth s;
	synth_init(&s, 0);
	mutate((const uint8_t *)&s, sizeof(s), sizeof(s));
	synth_init(&s, 0x400000);
	mutate((const uint8_t *)&s, sizeof(s), 512);
}

static uint8_t *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "cannot open %s\n", path);
		exit(1);
	}
	CHECK(fseek(f, 0, SEEK_END) == 0);
	long n = ftell(f);
	CHECK(n > 0);
	rewind(f);
	uint8_t *buf = malloc((size_t)n);
	CHECK(buf);
	CHECK(fread(buf, 1, (size_t)n, f) == (size_t)n);
	fclose(f);
	*size = (size_t)n;
	return buf;
}

/* The link-time value of a symbol in the file's .symtab (the loader never reads sections). */
static uint64_t symbol(const uint8_t *file, size_t size, const char *name)
{
	struct ehdr64 eh;
	memcpy(&eh, file, sizeof(eh));
	CHECK_EQ(eh.shentsize, sizeof(struct shdr64));
	CHECK(eh.shoff + (uint64_t)eh.shnum * sizeof(struct shdr64) <= size);
	for (int i = 0; i < eh.shnum; i++) {
		struct shdr64 sh, strtab;
		memcpy(&sh, file + eh.shoff + i * sizeof(sh), sizeof(sh));
		if (sh.type != SHT_SYMTAB)
			continue;
		CHECK(sh.link < eh.shnum && sh.offset + sh.size <= size);
		memcpy(&strtab, file + eh.shoff + sh.link * sizeof(sh), sizeof(sh));
		CHECK(strtab.offset + strtab.size <= size);
		for (uint64_t j = 0; j < sh.size / sizeof(struct sym64); j++) {
			struct sym64 sym;
			memcpy(&sym, file + sh.offset + j * sizeof(sym), sizeof(sym));
			CHECK(sym.name < strtab.size);
			const char *s = (const char *)file + strtab.offset + sym.name;
			if (strnlen(s, strtab.size - sym.name) < strtab.size - sym.name &&
			    strcmp(s, name) == 0)
				return sym.value;
		}
	}
	fprintf(stderr, "symbol %s not found\n", name);
	exit(1);
}

/* tiny.c, built by the cross compiler: pointers must come out as base + the target's offset. */
static void test_real_program(const char *path)
{
	size_t size;
	uint8_t *file = read_file(path, &size);
	struct elf_image img;
	char err[ELF_ERROR_LEN];
	if (elf_parse(file, size, &img, err) != FERN_OK) {
		fprintf(stderr, "%s: %s\n", path, err);
		exit(1);
	}
	CHECK(img.rela_count >= 3);
	CHECK(img.segment_count >= 2);
	uint64_t lb = img.link_base;
	uint64_t start = symbol(file, size, "_start") - lb,
		 value = symbol(file, size, "value") - lb;
	uint64_t pointer = symbol(file, size, "pointer") - lb,
		 buffer = symbol(file, size, "buffer") - lb;
	uint64_t middle = symbol(file, size, "middle") - lb,
		 entry = symbol(file, size, "entry") - lb;
	CHECK_EQ(img.entry, start);

	uint8_t *mem = calloc(1, img.span);
	CHECK(mem);
	const uint64_t base = 0x0000004000000000ull;
	CHECK_EQ(elf_load(&img, file, size, mem, base, err), FERN_OK);
	CHECK_EQ(read64(mem + pointer), base + value);
	CHECK_EQ(read64(mem + middle), base + buffer + 10);
	CHECK_EQ(read64(mem + entry), base + start);
	int v;
	memcpy(&v, mem + value, sizeof(v));
	CHECK_EQ(v, 42);
	for (int i = 0; i < 64; i++)
		CHECK_EQ(mem[buffer + i], 0);
	free(mem);

	mutate(file, size, 512);
	free(file);
}

int main(int argc, char **argv)
{
	test_valid_at(0);
	test_valid_at(0x400000);
	test_no_dynamic();
	test_malformed_header();
	test_malformed_segments();
	test_malformed_dynamic();
	test_mutations();
	if (argc > 1)
		test_real_program(argv[1]);
	else
		printf("test_elf: no real program given (no aarch64-linux-gnu-gcc?): skipped\n");
	printf("test_elf: ok\n");
	return 0;
}
