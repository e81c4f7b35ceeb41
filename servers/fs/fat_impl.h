/* SPDX-License-Identifier: MIT */
/* What the FAT core's files share among themselves: the sector cache, FAT entries and chains,
 * names, directory slots and path walking. Not for the service glue (that uses fat.h). */
#ifndef FS_FAT_IMPL_H
#define FS_FAT_IMPL_H

#include "fat.h"

#include <fern/status.h>

#define FAT_SLOT       32   /* bytes per directory entry */
#define FAT_DELETED    0xe5 /* first name byte of a free slot */
#define FAT_LFN_LAST   0x40 /* sequence bit of a long name's last (first stored) slot */
#define FAT_LFN_CHARS  13   /* UTF-16 units per long-name slot */
#define FAT_CASE_BASE  0x08 /* short entry byte 12: the base name is lower case */
#define FAT_CASE_EXT   0x10 /* ... and the extension */
#define FAT_PATH_DEPTH 64   /* the most directories a path may descend */

/* Little-endian fields. */
static inline uint16_t fat_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}
static inline uint32_t fat_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline void fat_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8);
}
static inline void fat_put32(uint8_t *p, uint32_t v)
{
	fat_put16(p, (uint16_t)v), fat_put16(p + 2, (uint16_t)(v >> 16));
}

/* ---- fat_io.c: byte ranges through the write-through sector cache ---- */
int fat_io_read(struct fat_volume *v, uint64_t offset, void *buf, uint32_t len);
int fat_io_write(struct fat_volume *v, uint64_t offset, const void *buf, uint32_t len);
int fat_io_zero(struct fat_volume *v, uint64_t offset, uint64_t len);
void fat_cache_drop(struct fat_volume *v);

/* ---- fat_table.c: FAT entries and cluster chains ---- */
bool fat_cluster_valid(const struct fat_volume *v, uint32_t c);
uint64_t fat_cluster_offset(const struct fat_volume *v, uint32_t c);
int fat_get(struct fat_volume *v, uint32_t c, uint32_t *value);
int fat_set(struct fat_volume *v, uint32_t c, uint32_t value);
/* The cluster after c in its chain (0 at the end); CORRUPT for a free, bad or outside link. */
int fat_next(struct fat_volume *v, uint32_t c, uint32_t *next);
/* The index-th cluster of the chain from first (NOT_FOUND when the chain is shorter); *last is
 * the last cluster seen (the chain's end when it is too short), may be NULL. */
int fat_chain_at(struct fat_volume *v, uint32_t first, uint32_t index, uint32_t *out,
		 uint32_t *last);
/* Walks the chain from first (0: empty) to its end: *count clusters (count may be NULL).
 * CORRUPT for a link that is free, bad or outside the volume, or past max clusters (a loop). */
int fat_chain_len(struct fat_volume *v, uint32_t first, uint32_t max, uint32_t *count);
/* Takes a free cluster, marks it the end of a chain and links prev (0: none) to it. */
int fat_alloc(struct fat_volume *v, uint32_t prev, uint32_t *out);
/* Frees the chain from first (0: nothing); all or nothing: CORRUPT, nothing freed, for a
 * chain fat_chain_len refuses. */
int fat_free_chain(struct fat_volume *v, uint32_t first);
int fat_count_free(struct fat_volume *v);
uint32_t fat_eoc(const struct fat_volume *v);

/* ---- fat_file.c ---- */
/* CORRUPT unless the file's chain holds exactly as many clusters as its size needs (a looping
 * chain, one that leaves the volume or runs into a free cluster fails here). */
int fat_file_check(struct fat_volume *v, const struct fat_node *n);

/* ---- fat_volume.c ---- */
/* Records why a value read from the disk was refused (v->bad, printf-style; the first reason
 * since fat_bad_clear is kept) and returns FERN_ERR_CORRUPT. */
int fat_bad(struct fat_volume *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Before the first change since mount: clears FAT[1]'s clean bit (DENIED: read-only disk). */
int fat_begin_write(struct fat_volume *v);
/* Now as a FAT date and time (1980-01-01 when the time is unknown). */
void fat_now(struct fat_volume *v, uint16_t *date, uint16_t *time);

/* ---- fat_name.c: long and short names ---- */
uint8_t fat_lfn_checksum(const uint8_t *sfn);
/* A name fit for a new entry: 1..255 UTF-16 units of UTF-8 without control characters, the
 * characters "*:<>?\|/ or a trailing dot or space; not "." or "..". Its units in u, count in *n. */
int fat_name_encode(const char *name, size_t len, uint16_t *u, size_t *n);
/* Appends UTF-16 units as UTF-8 (unpaired surrogates as U+FFFD); returns the new length. */
size_t fat_utf8_from_ucs2(const uint16_t *u, size_t n, char *out, size_t cap);
/* The short entry's name as shown ("NAME.EXT", lower-cased as its case bits say). */
void fat_sfn_display(const uint8_t *raw, char *out);
/* ASCII case-insensitive equality of a NUL-terminated name and len bytes. */
bool fat_name_eq(const char *a, const char *b, size_t len);
/* The short name basis for name: 0 when the name is exactly a short name (upper case 8.3:
 * no long name needed), 1 when it needs a long name but the basis is exact, 2 when it is lossy
 * and needs a ~N tail. */
int fat_sfn_basis(const char *name, size_t len, uint8_t *sfn);
/* Puts "~n" into the basis (n >= 1). */
void fat_sfn_tail(uint8_t *sfn, uint32_t n);

/* ---- fat_dir.c: directory slots ---- */
struct fat_entry {
	char name[FAT_NAME_BYTES]; /* the long name, or the short one shown */
	uint32_t entry;            /* the short entry's slot */
	uint32_t lfn;              /* the first slot of the entry */
	uint8_t raw[FAT_SLOT];     /* the short entry */
};
/* Disk offset of slot index of directory dir (NOT_FOUND past its end). */
int fat_dir_slot(struct fat_volume *v, uint32_t dir, uint32_t index, uint64_t *offset);
/* The entry at or after *index (skipping free slots): 1 with *index past it, 0 at the end.
 * "." and "..", volume labels included. */
int fat_dir_next(struct fat_volume *v, uint32_t dir, uint32_t *index, struct fat_entry *e);
/* The entry named name (long or short, case-insensitive); NOT_FOUND. */
int fat_dir_find(struct fat_volume *v, uint32_t dir, const char *name, size_t len,
		 struct fat_entry *e);
/* Adds an entry named name whose short entry is raw (its name bytes are filled in here). */
int fat_dir_add(struct fat_volume *v, uint32_t dir, const char *name, size_t len, uint8_t *raw,
		struct fat_entry *out);
/* Frees slots lfn..entry of dir. */
int fat_dir_erase(struct fat_volume *v, uint32_t dir, uint32_t lfn, uint32_t entry);
/* Whether dir holds nothing but "." and "..". */
int fat_dir_empty(struct fat_volume *v, uint32_t dir);
/* Writes n's first cluster, size, attribute and times into its short entry. */
int fat_dir_store(struct fat_volume *v, const struct fat_node *n);
/* The directory's parent (its ".." entry), 0 for the root. */
int fat_dir_parent(struct fat_volume *v, uint32_t dir, uint32_t *parent);
/* Fills a node from an entry found in dir. */
void fat_node_from(const struct fat_volume *v, struct fat_node *n, uint32_t dir,
		   const struct fat_entry *e);

/* ---- fat_path.c ---- */
struct fat_walk {
	struct fat_node parent; /* the directory that holds (or would hold) the leaf */
	struct fat_node node;   /* the leaf, when found */
	bool found;
	const char *leaf; /* the last component (not NUL-terminated), NULL for the root */
	size_t leaf_len;
};
/* Resolves path from base (NULL: the root). Missing intermediate directories: NOT_FOUND; a
 * file in the middle: NOT_DIR. A missing leaf is not an error (found is false). */
int fat_walk(struct fat_volume *v, const struct fat_node *base, const char *path, size_t len,
	     struct fat_walk *w);
/* The directory number a directory node names (0 for the root). */
static inline uint32_t fat_node_dir(const struct fat_node *n)
{
	return n->root ? 0 : n->first;
}

#endif
