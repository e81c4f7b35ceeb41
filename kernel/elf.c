// SPDX-License-Identifier: MIT
/* Validates, lays out and relocates position-independent AArch64 ELF programs. */
#include <kernel/elf.h>

#include <fern/format.h>
#include <fern/status.h>
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>

/* The ELF64 structures we read (from the System V gABI); always copied out with memcpy because
 * the file buffer has no alignment guarantee. Little-endian only, like the kernel. */
struct elf64_ehdr {
	uint8_t e_ident[16];
	uint16_t e_type;
	uint16_t e_machine;
	uint32_t e_version;
	uint64_t e_entry;
	uint64_t e_phoff;
	uint64_t e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize;
	uint16_t e_phentsize;
	uint16_t e_phnum;
	uint16_t e_shentsize;
	uint16_t e_shnum;
	uint16_t e_shstrndx;
};

struct elf64_phdr {
	uint32_t p_type;
	uint32_t p_flags;
	uint64_t p_offset;
	uint64_t p_vaddr;
	uint64_t p_paddr;
	uint64_t p_filesz;
	uint64_t p_memsz;
	uint64_t p_align;
};

struct elf64_dyn {
	int64_t d_tag;
	uint64_t d_val;
};

struct elf64_rela {
	uint64_t r_offset;
	uint64_t r_info;
	int64_t r_addend;
};

enum {
	EI_CLASS = 4,
	EI_DATA = 5,
	EI_VERSION = 6,
	ELFCLASS64 = 2,
	ELFDATA2LSB = 1,
	EV_CURRENT = 1,
	ET_EXEC = 2,
	ET_DYN = 3,
	EM_AARCH64 = 183,
	PN_XNUM = 0xffff,
};

enum {
	PT_LOAD = 1,
	PT_DYNAMIC = 2,
	PT_INTERP = 3,
	PT_GNU_STACK = 0x6474e551,
};

enum { PF_X = 1, PF_W = 2, PF_R = 4 };

enum {
	DT_NULL = 0,
	DT_NEEDED = 1,
	DT_PLTRELSZ = 2,
	DT_RELA = 7,
	DT_RELASZ = 8,
	DT_RELAENT = 9,
	DT_REL = 17,
	DT_RELSZ = 18,
	DT_JMPREL = 23,
	DT_RELR = 36,
};

enum { R_AARCH64_NONE = 0, R_AARCH64_RELATIVE = 1027 };

#define ELF_PAGE 4096ull

/* Writes a reason into err (if any) and returns status, so failures read `return elf_fail(..)`. */
__attribute__((format(printf, 3, 4))) static int elf_fail(char *err, int status, const char *fmt,
							  ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		format_vsnprintf(err, ELF_ERROR_LEN, fmt, ap);
		va_end(ap);
	}
	return status;
}

/* Whether [off, off + len) lies inside [0, limit), without overflowing. */
static bool elf_range_ok(uint64_t off, uint64_t len, uint64_t limit)
{
	return off <= limit && len <= limit - off;
}

static unsigned long long ull(uint64_t v)
{
	return v;
}

/* Checks the identification and the fields that say where the program headers are. */
static int elf_check_header(const uint8_t *file, size_t size, struct elf64_ehdr *eh, char *err)
{
	if (size == 0)
		return elf_fail(err, FERN_ERR_INVALID, "empty file");
	if (size < sizeof(*eh))
		return elf_fail(err, FERN_ERR_INVALID, "truncated ELF header (%zu bytes)", size);
	memcpy(eh, file, sizeof(*eh));
	if (memcmp(eh->e_ident, "\177ELF", 4) != 0)
		return elf_fail(err, FERN_ERR_INVALID, "bad ELF magic");
	if (eh->e_ident[EI_CLASS] != ELFCLASS64)
		return elf_fail(err, FERN_ERR_UNSUPPORTED, "not ELFCLASS64 (class %u)",
				eh->e_ident[EI_CLASS]);
	if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return elf_fail(err, FERN_ERR_UNSUPPORTED, "not little-endian (data %u)",
				eh->e_ident[EI_DATA]);
	if (eh->e_ident[EI_VERSION] != EV_CURRENT || eh->e_version != EV_CURRENT)
		return elf_fail(err, FERN_ERR_INVALID, "bad ELF version");
	if (eh->e_machine != EM_AARCH64)
		return elf_fail(err, FERN_ERR_UNSUPPORTED, "machine %u is not AArch64",
				eh->e_machine);
	if (eh->e_type == ET_EXEC)
		return elf_fail(err, FERN_ERR_UNSUPPORTED, "ET_EXEC is not a PIE (link with -pie)");
	if (eh->e_type != ET_DYN)
		return elf_fail(err, FERN_ERR_UNSUPPORTED, "type %u is not a PIE (ET_DYN)",
				eh->e_type);
	if (eh->e_phentsize != sizeof(struct elf64_phdr))
		return elf_fail(err, FERN_ERR_INVALID, "e_phentsize %u, expected %zu",
				eh->e_phentsize, sizeof(struct elf64_phdr));
	if (eh->e_phnum == PN_XNUM)
		return elf_fail(err, FERN_ERR_UNSUPPORTED, "too many program headers (PN_XNUM)");
	if (!elf_range_ok(eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(struct elf64_phdr), size))
		return elf_fail(err, FERN_ERR_INVALID,
				"program headers past end of file (phoff 0x%llx, phnum %u)",
				ull(eh->e_phoff), eh->e_phnum);
	return FERN_OK;
}

/* Checks one PT_LOAD on its own and appends it with its link-time vaddr (rebased later). */
static int elf_add_segment(struct elf_image *img, const struct elf64_phdr *ph, size_t size,
			   int index, char *err)
{
	if (ph->p_filesz > ph->p_memsz)
		return elf_fail(err, FERN_ERR_INVALID, "phdr %d: filesz > memsz", index);
	if (ph->p_memsz == 0)
		return FERN_OK; /* occupies nothing */
	if (ph->p_filesz && !elf_range_ok(ph->p_offset, ph->p_filesz, size))
		return elf_fail(err, FERN_ERR_INVALID,
				"phdr %d: file bytes past end of file (offset 0x%llx + 0x%llx)",
				index, ull(ph->p_offset), ull(ph->p_filesz));
	/* Leave room for rounding the end up to a page. */
	if (ph->p_vaddr > UINT64_MAX - ELF_PAGE ||
	    ph->p_memsz > UINT64_MAX - ELF_PAGE - ph->p_vaddr)
		return elf_fail(err, FERN_ERR_INVALID, "phdr %d: vaddr + memsz overflows", index);
	if ((ph->p_flags & PF_W) && (ph->p_flags & PF_X))
		return elf_fail(err, FERN_ERR_INVALID, "phdr %d: writable and executable", index);
	if (img->segment_count == ELF_MAX_SEGMENTS)
		return elf_fail(err, FERN_ERR_UNSUPPORTED, "more than %d PT_LOAD segments",
				ELF_MAX_SEGMENTS);
	struct elf_segment *s = &img->segment[img->segment_count++];
	s->vaddr = ph->p_vaddr;
	s->memsz = ph->p_memsz;
	s->filesz = ph->p_filesz;
	s->offset = ph->p_filesz ? ph->p_offset : 0;
	s->prot = (ph->p_flags & PF_R ? ELF_PROT_READ : 0) |
		  (ph->p_flags & PF_W ? ELF_PROT_WRITE : 0) |
		  (ph->p_flags & PF_X ? ELF_PROT_EXEC : 0);
	return FERN_OK;
}

/* Walks the program headers: collects PT_LOADs, finds PT_DYNAMIC, refuses what needs more. */
static int elf_scan_phdrs(const uint8_t *file, size_t size, const struct elf64_ehdr *eh,
			  struct elf_image *img, struct elf64_phdr *dyn, bool *has_dyn, char *err)
{
	for (int i = 0; i < eh->e_phnum; i++) {
		struct elf64_phdr ph;
		memcpy(&ph, file + eh->e_phoff + (uint64_t)i * sizeof(ph), sizeof(ph));
		int rc = FERN_OK;
		switch (ph.p_type) {
		case PT_LOAD: rc = elf_add_segment(img, &ph, size, i, err); break;
		case PT_INTERP:
			return elf_fail(err, FERN_ERR_UNSUPPORTED,
					"needs an interpreter (PT_INTERP); link with "
					"-Wl,--no-dynamic-linker");
		case PT_GNU_STACK:
			if (ph.p_flags & PF_X)
				return elf_fail(err, FERN_ERR_UNSUPPORTED,
						"asks for an executable stack");
			break;
		case PT_DYNAMIC:
			if (*has_dyn)
				return elf_fail(err, FERN_ERR_INVALID, "more than one PT_DYNAMIC");
			*dyn = ph;
			*has_dyn = true;
			break;
		default: break; /* notes, PT_PHDR, TLS, RELRO, EH frame: nothing to load */
		}
		if (rc < 0)
			return rc;
	}
	if (img->segment_count == 0)
		return elf_fail(err, FERN_ERR_INVALID, "no PT_LOAD segment");
	return FERN_OK;
}

/* Whether two segments touch a common page (each page gets exactly one protection). */
static bool elf_pages_overlap(const struct elf_segment *a, const struct elf_segment *b)
{
	uint64_t a_start = a->vaddr & ~(ELF_PAGE - 1), a_end = a->vaddr + a->memsz;
	uint64_t b_start = b->vaddr & ~(ELF_PAGE - 1), b_end = b->vaddr + b->memsz;
	return a_start < b_end && b_start < a_end;
}

/* Picks the image base, rebases the segments to it, and checks span and overlaps. */
static int elf_layout(struct elf_image *img, char *err)
{
	uint64_t low = UINT64_MAX, high = 0;
	for (int i = 0; i < img->segment_count; i++) {
		const struct elf_segment *s = &img->segment[i];
		if (s->vaddr < low)
			low = s->vaddr;
		if (s->vaddr + s->memsz > high)
			high = s->vaddr + s->memsz; /* no overflow: checked in elf_add_segment */
	}
	img->link_base = low & ~(ELF_PAGE - 1);
	uint64_t span = ((high + ELF_PAGE - 1) & ~(ELF_PAGE - 1)) - img->link_base;
	if (span > ELF_MAX_SPAN)
		return elf_fail(err, FERN_ERR_UNSUPPORTED, "image span 0x%llx exceeds %llu MiB",
				ull(span), ull(ELF_MAX_SPAN >> 20));
	img->span = span;
	for (int i = 0; i < img->segment_count; i++)
		img->segment[i].vaddr -= img->link_base;
	for (int i = 0; i < img->segment_count; i++)
		for (int j = i + 1; j < img->segment_count; j++)
			if (elf_pages_overlap(&img->segment[i], &img->segment[j]))
				return elf_fail(err, FERN_ERR_INVALID,
						"segments %d and %d overlap (or share a page)", i,
						j);
	return FERN_OK;
}

/* Converts a link-time address to an offset from the image base; false if below the base. */
static bool elf_rebase(const struct elf_image *img, uint64_t vaddr, uint64_t *out)
{
	if (vaddr < img->link_base)
		return false;
	*out = vaddr - img->link_base;
	return true;
}

/* Finds where [off, off + len) of the image comes from in the file; false unless the whole
 * range lies in the file-backed part of one segment. */
static bool elf_file_offset(const struct elf_image *img, uint64_t off, uint64_t len,
			    uint64_t *file_off)
{
	for (int i = 0; i < img->segment_count; i++) {
		const struct elf_segment *s = &img->segment[i];
		if (off >= s->vaddr && elf_range_ok(off - s->vaddr, len, s->filesz)) {
			*file_off = s->offset + (off - s->vaddr);
			return true;
		}
	}
	return false;
}

/* Whether the image offset off (len bytes) lies inside a segment with all of prot. */
static bool elf_in_segment(const struct elf_image *img, uint64_t off, uint64_t len, unsigned prot)
{
	for (int i = 0; i < img->segment_count; i++) {
		const struct elf_segment *s = &img->segment[i];
		if ((s->prot & prot) == prot && off >= s->vaddr &&
		    elf_range_ok(off - s->vaddr, len, s->memsz))
			return true;
	}
	return false;
}

/* What the dynamic table says about relocations. */
struct elf_dyn_info {
	uint64_t rela, relasz, relaent, pltrelsz;
	bool has_rela, has_relasz;
};

/* Reads one dynamic entry's tag into info; refuses what needs a dynamic linker. */
static int elf_dyn_entry(const struct elf64_dyn *d, struct elf_dyn_info *info, char *err)
{
	switch (d->d_tag) {
	case DT_RELA:
		info->rela = d->d_val;
		info->has_rela = true;
		break;
	case DT_RELASZ:
		info->relasz = d->d_val;
		info->has_relasz = true;
		break;
	case DT_RELAENT: info->relaent = d->d_val; break;
	case DT_PLTRELSZ: info->pltrelsz = d->d_val; break;
	case DT_REL:
	case DT_RELSZ: return elf_fail(err, FERN_ERR_UNSUPPORTED, "DT_REL relocations (only RELA)");
	case DT_RELR: return elf_fail(err, FERN_ERR_UNSUPPORTED, "DT_RELR relocations (only RELA)");
	case DT_NEEDED:
		return elf_fail(err, FERN_ERR_UNSUPPORTED, "needs a shared library (DT_NEEDED)");
	default: break;
	}
	return FERN_OK;
}

/* Reads PT_DYNAMIC (through the segment that holds it, as a dynamic linker would) and records
 * the RELA table in img. */
static int elf_read_dynamic(const uint8_t *file, const struct elf64_phdr *dyn,
			    struct elf_image *img, char *err)
{
	uint64_t off, file_off;
	if (!elf_rebase(img, dyn->p_vaddr, &off) ||
	    !elf_file_offset(img, off, dyn->p_filesz, &file_off))
		return elf_fail(err, FERN_ERR_INVALID,
				"PT_DYNAMIC outside the file data of every PT_LOAD");
	struct elf_dyn_info info = {.relaent = sizeof(struct elf64_rela)};
	for (uint64_t i = 0; i < dyn->p_filesz / sizeof(struct elf64_dyn); i++) {
		struct elf64_dyn d;
		memcpy(&d, file + file_off + i * sizeof(d), sizeof(d));
		if (d.d_tag == DT_NULL)
			break;
		int rc = elf_dyn_entry(&d, &info, err);
		if (rc < 0)
			return rc;
	}
	if (info.pltrelsz)
		return elf_fail(err, FERN_ERR_UNSUPPORTED, "PLT relocations (DT_JMPREL)");
	if (info.relaent != sizeof(struct elf64_rela))
		return elf_fail(err, FERN_ERR_INVALID, "DT_RELAENT %llu, expected %zu",
				ull(info.relaent), sizeof(struct elf64_rela));
	if (info.has_rela != info.has_relasz)
		return elf_fail(err, FERN_ERR_INVALID, "DT_RELA and DT_RELASZ must come together");
	if (info.relasz % sizeof(struct elf64_rela))
		return elf_fail(err, FERN_ERR_INVALID, "DT_RELASZ %llu not a multiple of %zu",
				ull(info.relasz), sizeof(struct elf64_rela));
	if (info.relasz == 0)
		return FERN_OK;
	if (!elf_rebase(img, info.rela, &off) || !elf_file_offset(img, off, info.relasz, &file_off))
		return elf_fail(err, FERN_ERR_INVALID,
				"RELA table outside the image's file data (0x%llx + 0x%llx)",
				ull(info.rela), ull(info.relasz));
	img->rela = off;
	img->rela_count = info.relasz / sizeof(struct elf64_rela);
	return FERN_OK;
}

/* Checks every relocation; with mem, also applies it for a program running at base. Reads
 * the table from the file, so a relocation landing on the table cannot change later ones. */
static int elf_relocate(const struct elf_image *img, const uint8_t *file, size_t size, uint8_t *mem,
			uint64_t base, char *err)
{
	if (img->rela_count == 0)
		return FERN_OK;
	uint64_t file_off;
	if (img->rela_count > size / sizeof(struct elf64_rela) ||
	    !elf_file_offset(img, img->rela, img->rela_count * sizeof(struct elf64_rela),
			     &file_off))
		return elf_fail(err, FERN_ERR_INVALID, "RELA table outside the image's file data");
	for (uint64_t i = 0; i < img->rela_count; i++) {
		struct elf64_rela r;
		memcpy(&r, file + file_off + i * sizeof(r), sizeof(r));
		uint32_t type = (uint32_t)r.r_info;
		if (type == R_AARCH64_NONE)
			continue;
		if (type != R_AARCH64_RELATIVE)
			return elf_fail(err, FERN_ERR_UNSUPPORTED,
					"relocation %llu: type %u unsupported (only RELATIVE)",
					ull(i), type);
		uint64_t target;
		if (!elf_rebase(img, r.r_offset, &target) ||
		    !elf_in_segment(img, target, sizeof(uint64_t), ELF_PROT_WRITE))
			return elf_fail(err, FERN_ERR_INVALID,
					"relocation %llu: target 0x%llx outside writable segments",
					ull(i), ull(r.r_offset));
		if (mem) {
			/* Unsigned arithmetic: wraps exactly as the address computation does. */
			uint64_t value = base - img->link_base + (uint64_t)r.r_addend;
			memcpy(mem + target, &value, sizeof(value));
		}
	}
	return FERN_OK;
}

int elf_parse(const void *file, size_t size, struct elf_image *out, char *err)
{
	const uint8_t *bytes = file;
	struct elf64_ehdr eh;
	struct elf64_phdr dyn = {0};
	bool has_dyn = false;

	memset(out, 0, sizeof(*out));
	if (err)
		err[0] = '\0';
	int rc = elf_check_header(bytes, size, &eh, err);
	if (rc == FERN_OK)
		rc = elf_scan_phdrs(bytes, size, &eh, out, &dyn, &has_dyn, err);
	if (rc == FERN_OK)
		rc = elf_layout(out, err);
	if (rc < 0)
		return rc;
	if (!elf_rebase(out, eh.e_entry, &out->entry) ||
	    !elf_in_segment(out, out->entry, 1, ELF_PROT_EXEC))
		return elf_fail(err, FERN_ERR_INVALID, "entry 0x%llx outside executable segments",
				ull(eh.e_entry));
	if (has_dyn && (rc = elf_read_dynamic(bytes, &dyn, out, err)) < 0)
		return rc;
	return elf_relocate(out, bytes, size, NULL, 0, err);
}

int elf_load(const struct elf_image *img, const void *file, size_t size, uint8_t *mem,
	     uint64_t base, char *err)
{
	const uint8_t *bytes = file;

	if (err)
		err[0] = '\0';
	if (base & (ELF_PAGE - 1))
		return elf_fail(err, FERN_ERR_INVALID, "base 0x%llx not page-aligned", ull(base));
	if (img->span > ELF_MAX_SPAN || img->span > UINT64_MAX - base)
		return elf_fail(err, FERN_ERR_INVALID, "bad span 0x%llx at base 0x%llx",
				ull(img->span), ull(base));
	if (img->segment_count < 0 || img->segment_count > ELF_MAX_SEGMENTS)
		return elf_fail(err, FERN_ERR_INVALID, "bad segment count %d", img->segment_count);
	for (int i = 0; i < img->segment_count; i++) {
		const struct elf_segment *s = &img->segment[i];
		if (s->filesz > s->memsz || !elf_range_ok(s->vaddr, s->memsz, img->span) ||
		    !elf_range_ok(s->offset, s->filesz, size))
			return elf_fail(err, FERN_ERR_INVALID, "segment %d out of bounds", i);
		memcpy(mem + s->vaddr, bytes + s->offset, s->filesz);
		memset(mem + s->vaddr + s->filesz, 0, s->memsz - s->filesz);
	}
	return elf_relocate(img, bytes, size, mem, base, err);
}
