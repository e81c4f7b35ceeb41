// SPDX-License-Identifier: MIT
/* Directory slots: walking a directory's entries with their long names (checked by sequence
 * and checksum), finding a name, adding an entry (long-name slots, a unique short name, the
 * directory grown by a cluster when full), freeing and rewriting entries. */
#include "fat_impl.h"

#include <string.h>

#define DIR_SLOTS_MAX 65536 /* FAT's limit on a directory's entries */
#define LFN_SLOTS_MAX 20    /* ceil(255 / 13) */
#define SFN_TRIES     100000

int fat_dir_slot(struct fat_volume *v, uint32_t dir, uint32_t index, uint64_t *offset)
{
	if (!dir && v->bits == 16) {
		if (index >= v->root_slots)
			return FERN_ERR_NOT_FOUND;
		*offset = v->root_offset + (uint64_t)index * FAT_SLOT;
		return FERN_OK;
	}
	if (index >= DIR_SLOTS_MAX)
		return FERN_ERR_NOT_FOUND;
	uint32_t per = v->cluster_bytes / FAT_SLOT, c, from = dir ? dir : v->root_cluster;
	uint32_t skip = index / per;
	if (v->walk_valid && v->walk_dir == dir && v->walk_index <= skip)
		from = v->walk_cluster, skip -= v->walk_index;
	int rc = fat_chain_at(v, from, skip, &c, NULL);
	if (rc)
		return rc;
	v->walk_valid = true;
	v->walk_dir = dir, v->walk_index = index / per, v->walk_cluster = c;
	*offset = fat_cluster_offset(v, c) + (uint64_t)(index % per) * FAT_SLOT;
	return FERN_OK;
}

static int slot_read(struct fat_volume *v, uint32_t dir, uint32_t index, uint8_t *raw)
{
	uint64_t off;
	int rc = fat_dir_slot(v, dir, index, &off);
	return rc ? rc : fat_io_read(v, off, raw, FAT_SLOT);
}

static int slot_write(struct fat_volume *v, uint32_t dir, uint32_t index, const uint8_t *raw)
{
	uint64_t off;
	int rc = fat_dir_slot(v, dir, index, &off);
	return rc ? rc : fat_io_write(v, off, raw, FAT_SLOT);
}

/* A long name being gathered from its slots (stored last part first). */
struct lfn_state {
	uint16_t u[LFN_SLOTS_MAX * FAT_LFN_CHARS];
	int expect; /* the sequence number the next slot must have; 0: complete */
	int count;  /* slots in the run; 0: none */
	uint8_t sum;
	uint32_t start;
};

static void lfn_slot(struct lfn_state *l, const uint8_t *raw, uint32_t index)
{
	static const uint8_t at[FAT_LFN_CHARS] = {1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30};
	int seq = raw[0] & 0x1f;
	if (raw[0] & FAT_LFN_LAST) {
		l->count = seq, l->expect = seq, l->sum = raw[13], l->start = index;
		if (!seq || seq > LFN_SLOTS_MAX)
			l->count = 0;
	}
	if (!l->count || !seq || seq != l->expect || raw[13] != l->sum || (raw[0] & 0xa0)) {
		l->count = 0;
		return;
	}
	for (int k = 0; k < FAT_LFN_CHARS; k++)
		l->u[(seq - 1) * FAT_LFN_CHARS + k] = fat_le16(raw + at[k]);
	l->expect--;
}

/* The entry's name: the long name when one precedes it intact, else the short name. */
static void entry_name(struct lfn_state *l, struct fat_entry *e)
{
	e->lfn = e->entry;
	e->name[0] = 0;
	if (l->count && !l->expect && l->sum == fat_lfn_checksum(e->raw)) {
		size_t n = 0, max = (size_t)l->count * FAT_LFN_CHARS;
		while (n < max && l->u[n] && l->u[n] != 0xffff)
			n++;
		if (fat_utf8_from_ucs2(l->u, n, e->name, sizeof(e->name)))
			e->lfn = l->start;
	}
	if (!e->name[0])
		fat_sfn_display(e->raw, e->name);
	l->count = 0;
}

int fat_dir_next(struct fat_volume *v, uint32_t dir, uint32_t *index, struct fat_entry *e)
{
	struct lfn_state l;
	l.count = 0;
	for (;;) {
		uint32_t i = *index;
		int rc = slot_read(v, dir, i, e->raw);
		if (rc == FERN_ERR_NOT_FOUND)
			return 0;
		if (rc)
			return rc;
		if (!e->raw[0])
			return 0; /* the end marker */
		*index = i + 1;
		if (e->raw[0] == FAT_DELETED)
			l.count = 0;
		else if ((e->raw[11] & 0x3f) == FAT_ATTR_LFN)
			lfn_slot(&l, e->raw, i);
		else {
			e->entry = i;
			entry_name(&l, e);
			return 1;
		}
	}
}

static bool is_label(const struct fat_entry *e)
{
	return (e->raw[11] & FAT_ATTR_VOLUME) != 0;
}

int fat_dir_find(struct fat_volume *v, uint32_t dir, const char *name, size_t len,
		 struct fat_entry *e)
{
	uint32_t index = 0;
	int rc;
	while ((rc = fat_dir_next(v, dir, &index, e)) == 1) {
		if (is_label(e))
			continue;
		char sfn[16];
		fat_sfn_display(e->raw, sfn);
		if (fat_name_eq(e->name, name, len) || fat_name_eq(sfn, name, len))
			return FERN_OK;
	}
	return rc ? rc : FERN_ERR_NOT_FOUND;
}

static int sfn_taken(struct fat_volume *v, uint32_t dir, const uint8_t *sfn)
{
	uint8_t raw[FAT_SLOT];
	for (uint32_t i = 0;; i++) {
		int rc = slot_read(v, dir, i, raw);
		if (rc == FERN_ERR_NOT_FOUND || (!rc && !raw[0]))
			return 0;
		if (rc)
			return rc;
		if (raw[0] != FAT_DELETED && (raw[11] & 0x3f) != FAT_ATTR_LFN &&
		    !memcmp(raw, sfn, 11))
			return 1;
	}
}

/* A short name for name, unique in dir; *lfn says whether it needs a long name too. */
static int make_sfn(struct fat_volume *v, uint32_t dir, const char *name, size_t len, uint8_t *sfn,
		    bool *lfn)
{
	int kind = fat_sfn_basis(name, len, sfn);
	*lfn = kind != 0;
	int rc = kind == 2 ? 1 : sfn_taken(v, dir, sfn);
	if (rc <= 0)
		return rc;
	*lfn = true;
	uint8_t basis[11];
	memcpy(basis, sfn, 11);
	for (uint32_t n = 1; n < SFN_TRIES; n++) {
		memcpy(sfn, basis, 11);
		fat_sfn_tail(sfn, n);
		rc = sfn_taken(v, dir, sfn);
		if (rc <= 0)
			return rc;
	}
	return FERN_ERR_NO_SPACE;
}

/* Grows dir by one zeroed cluster. */
static int dir_grow(struct fat_volume *v, uint32_t dir)
{
	uint32_t last, c;
	int rc = fat_chain_at(v, dir ? dir : v->root_cluster, v->clusters - 1, &c, &last);
	if (rc != FERN_ERR_NOT_FOUND)
		return rc ? rc : fat_bad(v, "directory cluster %u's chain does not end", dir);
	rc = fat_alloc(v, 0, &c);
	if (rc)
		return rc;
	rc = fat_io_zero(v, fat_cluster_offset(v, c), v->cluster_bytes);
	if (!rc)
		rc = fat_set(v, last, c); /* linked once it is clean */
	if (rc)
		fat_free_chain(v, c);
	return rc;
}

/* The first of need free slots in a row, growing dir as needed. */
static int find_room(struct fat_volume *v, uint32_t dir, uint32_t need, uint32_t *start)
{
	uint32_t run = 0;
	for (uint32_t i = 0;; i++) {
		uint8_t raw[FAT_SLOT];
		int rc = slot_read(v, dir, i, raw);
		if (rc == FERN_ERR_NOT_FOUND) {
			if ((!dir && v->bits == 16) || i >= DIR_SLOTS_MAX)
				return FERN_ERR_NO_SPACE;
			rc = dir_grow(v, dir);
			if (rc)
				return rc;
			rc = slot_read(v, dir, i, raw);
		}
		if (rc)
			return rc;
		run = raw[0] == FAT_DELETED || !raw[0] ? run + 1 : 0;
		if (run == need) {
			*start = i + 1 - need;
			return FERN_OK;
		}
	}
}

static void lfn_fill(uint8_t *slot, const uint16_t *u, size_t n, int seq, bool last, uint8_t sum)
{
	static const uint8_t at[FAT_LFN_CHARS] = {1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30};
	memset(slot, 0, FAT_SLOT);
	slot[0] = (uint8_t)(seq | (last ? FAT_LFN_LAST : 0));
	slot[11] = FAT_ATTR_LFN;
	slot[13] = sum;
	for (int k = 0; k < FAT_LFN_CHARS; k++) {
		size_t i = (size_t)(seq - 1) * FAT_LFN_CHARS + k;
		fat_put16(slot + at[k], i < n ? u[i] : i == n ? 0 : 0xffff);
	}
}

int fat_dir_add(struct fat_volume *v, uint32_t dir, const char *name, size_t len, uint8_t *raw,
		struct fat_entry *out)
{
	uint16_t u[FAT_NAME_MAX];
	size_t n;
	bool lfn;
	int rc = fat_name_encode(name, len, u, &n);
	if (!rc)
		rc = make_sfn(v, dir, name, len, raw, &lfn);
	if (rc)
		return rc;
	raw[12] = 0;
	int slots = lfn ? (int)((n + FAT_LFN_CHARS - 1) / FAT_LFN_CHARS) : 0;
	uint32_t start;
	rc = find_room(v, dir, (uint32_t)slots + 1, &start);
	uint8_t sum = fat_lfn_checksum(raw);
	for (int k = 0; !rc && k < slots; k++) {
		uint8_t slot[FAT_SLOT];
		lfn_fill(slot, u, n, slots - k, k == 0, sum);
		rc = slot_write(v, dir, start + (uint32_t)k, slot);
	}
	if (!rc) /* the short entry last: until it is there, the name does not exist */
		rc = slot_write(v, dir, start + (uint32_t)slots, raw);
	if (rc)
		return rc;
	out->lfn = start;
	out->entry = start + (uint32_t)slots;
	memcpy(out->raw, raw, FAT_SLOT);
	fat_utf8_from_ucs2(u, n, out->name, sizeof(out->name));
	return FERN_OK;
}

int fat_dir_erase(struct fat_volume *v, uint32_t dir, uint32_t lfn, uint32_t entry)
{
	const uint8_t deleted = FAT_DELETED;
	for (uint32_t i = entry + 1; i-- > lfn;) { /* the short entry first */
		uint64_t off;
		int rc = fat_dir_slot(v, dir, i, &off);
		if (!rc)
			rc = fat_io_write(v, off, &deleted, 1);
		if (rc)
			return rc;
	}
	return FERN_OK;
}

int fat_dir_empty(struct fat_volume *v, uint32_t dir)
{
	struct fat_entry e;
	uint32_t index = 0;
	int rc;
	while ((rc = fat_dir_next(v, dir, &index, &e)) == 1)
		if (!is_label(&e) && strcmp(e.name, ".") && strcmp(e.name, ".."))
			return 0;
	return rc ? rc : 1;
}

int fat_dir_store(struct fat_volume *v, const struct fat_node *n)
{
	uint8_t raw[FAT_SLOT];
	if (n->root)
		return FERN_OK;
	int rc = slot_read(v, n->dir, n->entry, raw);
	if (rc)
		return rc;
	raw[11] = n->attr;
	fat_put16(raw + 18, n->wdate); /* accessed */
	fat_put16(raw + 20, v->bits == 32 ? (uint16_t)(n->first >> 16) : 0);
	fat_put16(raw + 22, n->wtime);
	fat_put16(raw + 24, n->wdate);
	fat_put16(raw + 26, (uint16_t)n->first);
	fat_put32(raw + 28, n->attr & FAT_ATTR_DIR ? 0 : n->size);
	return slot_write(v, n->dir, n->entry, raw);
}

static uint32_t entry_cluster(const struct fat_volume *v, const uint8_t *raw)
{
	return fat_le16(raw + 26) | (v->bits == 32 ? (uint32_t)fat_le16(raw + 20) << 16 : 0);
}

int fat_dir_parent(struct fat_volume *v, uint32_t dir, uint32_t *parent)
{
	uint8_t raw[FAT_SLOT];
	if (!dir) {
		*parent = 0;
		return FERN_OK;
	}
	int rc = slot_read(v, dir, 1, raw);
	if (rc == FERN_ERR_NOT_FOUND || (!rc && memcmp(raw, "..         ", 11)))
		return fat_bad(v, "directory cluster %u has no \"..\" entry", dir);
	if (rc)
		return rc;
	*parent = entry_cluster(v, raw);
	if (*parent == v->root_cluster && v->bits == 32)
		*parent = 0;
	if (*parent && !fat_cluster_valid(v, *parent))
		return fat_bad(v,
			       "\"..\" of directory cluster %u names cluster %u, outside the "
			       "volume",
			       dir, *parent);
	return FERN_OK;
}

void fat_node_from(const struct fat_volume *v, struct fat_node *n, uint32_t dir,
		   const struct fat_entry *e)
{
	memset(n, 0, sizeof(*n));
	n->dir = dir;
	n->entry = e->entry;
	n->lfn = e->lfn;
	n->first = entry_cluster(v, e->raw);
	n->size = fat_le32(e->raw + 28);
	n->attr = e->raw[11];
	n->wtime = fat_le16(e->raw + 22);
	n->wdate = fat_le16(e->raw + 24);
}
