// SPDX-License-Identifier: MIT
/* Names in the tree: opening (one shared node per open file, so every opener sees the same
 * size), creating files and directories, removing, renaming and listing. */
#include "fat_impl.h"

#include <fern/abi.h>
#include <string.h>

/* ---- the open table ---- */

static bool same_entry(const struct fat_node *a, const struct fat_node *b)
{
	return a->root ? b->root : !b->root && a->dir == b->dir && a->entry == b->entry;
}

static int table_get(struct fat_volume *v, const struct fat_node *n, struct fat_node **out)
{
	struct fat_node *free = NULL;
	for (int i = 0; i < FAT_MAX_OPEN; i++) {
		struct fat_node *o = &v->open[i];
		if (o->refs && !o->gone && same_entry(o, n)) {
			o->refs++;
			*out = o;
			return FERN_OK;
		}
		if (!o->refs && !free)
			free = o;
	}
	if (!free)
		return FERN_ERR_TOO_MANY;
	*free = *n;
	free->refs = 1;
	free->gone = false;
	free->at_cluster = 0;
	free->ext_count = 0;
	*out = free;
	return FERN_OK;
}

void fat_close(struct fat_volume *v, struct fat_node *n)
{
	(void)v;
	if (n && n->refs > 0)
		n->refs--;
}

/* ---- creating ---- */

/* A short entry for a new file or directory stamped now (its name is filled in later). */
static void new_entry(struct fat_volume *v, uint8_t *raw, uint8_t attr, uint32_t first)
{
	uint16_t date, time;
	fat_now(v, &date, &time);
	memset(raw, 0, FAT_SLOT);
	raw[11] = attr;
	fat_put16(raw + 14, time);
	fat_put16(raw + 16, date);
	fat_put16(raw + 18, date);
	fat_put16(raw + 20, v->bits == 32 ? (uint16_t)(first >> 16) : 0);
	fat_put16(raw + 22, time);
	fat_put16(raw + 24, date);
	fat_put16(raw + 26, (uint16_t)first);
}

/* A directory's first cluster with its "." and ".." entries, before anything names it. */
static int make_dir_cluster(struct fat_volume *v, uint32_t parent, uint32_t *out)
{
	uint8_t dots[2 * FAT_SLOT];
	int rc = fat_alloc(v, 0, out);
	if (rc)
		return rc;
	new_entry(v, dots, FAT_ATTR_DIR, *out);
	new_entry(v, dots + FAT_SLOT, FAT_ATTR_DIR, parent);
	memcpy(dots, ".          ", 11);
	memcpy(dots + FAT_SLOT, "..         ", 11);
	uint64_t at = fat_cluster_offset(v, *out);
	rc = fat_io_zero(v, at, v->cluster_bytes);
	if (!rc)
		rc = fat_io_write(v, at, dots, sizeof(dots));
	if (rc)
		fat_free_chain(v, *out);
	return rc;
}

static int create(struct fat_volume *v, struct fat_walk *w, bool dir, struct fat_node *out)
{
	uint32_t parent = fat_node_dir(&w->parent), first = 0;
	uint16_t u[FAT_NAME_MAX];
	size_t n;
	int rc = fat_name_encode(w->leaf, w->leaf_len, u, &n); /* before taking a cluster */
	if (!rc)
		rc = fat_begin_write(v);
	if (!rc && dir)
		rc = make_dir_cluster(v, parent, &first);
	if (rc)
		return rc;
	uint8_t raw[FAT_SLOT];
	struct fat_entry e;
	new_entry(v, raw, dir ? FAT_ATTR_DIR : FAT_ATTR_ARCHIVE, first);
	rc = fat_dir_add(v, parent, w->leaf, w->leaf_len, raw, &e);
	if (rc) {
		fat_free_chain(v, first);
		return rc;
	}
	fat_node_from(v, out, parent, &e);
	return FERN_OK;
}

/* ---- opening ---- */

/* Checks flags against what the walk found. */
static int open_found(struct fat_volume *v, const struct fat_walk *w, uint32_t flags)
{
	const uint32_t writes = FERN_OPEN_WRITE | FERN_OPEN_TRUNCATE | FERN_OPEN_APPEND;
	if ((flags & FERN_OPEN_CREATE) && (flags & FERN_OPEN_EXCLUSIVE))
		return FERN_ERR_EXISTS;
	if (w->node.attr & FAT_ATTR_DIR)
		return flags & writes ? FERN_ERR_IS_DIR : FERN_OK;
	if (flags & FERN_OPEN_DIRECTORY)
		return FERN_ERR_NOT_DIR;
	int rc = fat_file_check(v, &w->node);
	if (rc || !(flags & writes))
		return rc;
	if (w->node.attr & FAT_ATTR_READ_ONLY)
		return FERN_ERR_DENIED;
	return fat_begin_write(v);
}

int fat_open(struct fat_volume *v, struct fat_node *base, const char *path, size_t len,
	     uint32_t flags, struct fat_node **out)
{
	struct fat_walk w;
	if (base && base->gone)
		return FERN_ERR_NOT_FOUND;
	int rc = fat_walk(v, base, path, len, &w);
	if (rc)
		return rc;
	if (w.found)
		rc = open_found(v, &w, flags);
	else if (!(flags & FERN_OPEN_CREATE))
		rc = FERN_ERR_NOT_FOUND;
	else
		rc = create(v, &w, flags & FERN_OPEN_DIRECTORY, &w.node);
	if (!rc)
		rc = table_get(v, &w.node, out);
	if (rc)
		return rc;
	if (w.found && (flags & FERN_OPEN_TRUNCATE) && (*out)->size) {
		rc = fat_truncate(v, *out, 0);
		if (rc)
			fat_close(v, *out);
	}
	return rc;
}

/* ---- removing and renaming ---- */

/* Walks to an existing entry that can be removed or moved (not the root, not "." or "..");
 * nothing is written yet. */
static int walk_entry(struct fat_volume *v, struct fat_node *base, const char *path, size_t len,
		      struct fat_walk *w)
{
	if (base && base->gone)
		return FERN_ERR_NOT_FOUND;
	int rc = fat_walk(v, base, path, len, w);
	if (rc)
		return rc;
	if (!w->found)
		return FERN_ERR_NOT_FOUND;
	if (!w->leaf)
		return FERN_ERR_INVALID;
	return w->node.attr & FAT_ATTR_READ_ONLY ? FERN_ERR_DENIED : FERN_OK;
}

int fat_remove(struct fat_volume *v, struct fat_node *base, const char *path, size_t len)
{
	struct fat_walk w;
	int rc = walk_entry(v, base, path, len, &w);
	if (!rc && (w.node.attr & FAT_ATTR_DIR)) {
		rc = fat_dir_empty(v, w.node.first);
		rc = rc < 0 ? rc : rc ? FERN_OK : FERN_ERR_NOT_EMPTY;
	}
	/* Every link is checked before anything is written: a first cluster or a link outside
	 * the volume fails the request with the volume as it was. */
	if (!rc)
		rc = fat_chain_len(v, w.node.first, v->clusters, NULL);
	if (!rc)
		rc = fat_begin_write(v);
	if (!rc) /* the name goes first: a failure after it leaves lost clusters, nothing worse */
		rc = fat_dir_erase(v, w.node.dir, w.node.lfn, w.node.entry);
	if (rc)
		return rc;
	for (int i = 0; i < FAT_MAX_OPEN; i++)
		if (v->open[i].refs && same_entry(&v->open[i], &w.node))
			v->open[i].gone = true;
	return fat_free_chain(v, w.node.first);
}

/* INVALID when directory dir lies inside (or is) the directory whose first cluster is moved. */
static int check_not_inside(struct fat_volume *v, uint32_t dir, uint32_t moved)
{
	for (uint32_t i = 0; dir && i < v->clusters; i++) {
		if (dir == moved)
			return FERN_ERR_INVALID;
		int rc = fat_dir_parent(v, dir, &dir);
		if (rc)
			return rc;
	}
	return dir ? fat_bad(v, "directory parents loop at cluster %u", dir) : FERN_OK;
}

/* Points a moved directory's ".." at its new parent. */
static int set_dotdot(struct fat_volume *v, uint32_t dir, uint32_t parent)
{
	uint64_t off;
	uint8_t c[4];
	int rc = fat_dir_slot(v, dir, 1, &off);
	fat_put16(c, v->bits == 32 ? (uint16_t)(parent >> 16) : 0);
	fat_put16(c + 2, 0);
	if (!rc)
		rc = fat_io_write(v, off + 20, c, 2);
	fat_put16(c, (uint16_t)parent);
	if (!rc)
		rc = fat_io_write(v, off + 26, c, 2);
	return rc;
}

int fat_rename(struct fat_volume *v, struct fat_node *base, const char *from, size_t from_len,
	       const char *to, size_t to_len)
{
	struct fat_walk src, dst;
	int rc = walk_entry(v, base, from, from_len, &src);
	if (!rc)
		rc = fat_walk(v, base, to, to_len, &dst);
	if (rc)
		return rc;
	if (dst.found && (!dst.leaf || !same_entry(&dst.node, &src.node)))
		return FERN_ERR_EXISTS;
	uint32_t to_dir = fat_node_dir(&dst.parent);
	bool is_dir = src.node.attr & FAT_ATTR_DIR;
	if (is_dir && to_dir != src.node.dir) {
		rc = check_not_inside(v, to_dir, src.node.first);
		if (rc)
			return rc;
	}
	uint8_t raw[FAT_SLOT];
	uint64_t off;
	struct fat_entry e;
	rc = fat_begin_write(v);
	if (!rc)
		rc = fat_dir_slot(v, src.node.dir, src.node.entry, &off);
	if (!rc)
		rc = fat_io_read(v, off, raw, sizeof(raw));
	if (!rc) /* the new name first: a failure after it leaves two names, not none */
		rc = fat_dir_add(v, to_dir, dst.leaf, dst.leaf_len, raw, &e);
	if (!rc)
		rc = fat_dir_erase(v, src.node.dir, src.node.lfn, src.node.entry);
	if (!rc && is_dir && to_dir != src.node.dir)
		rc = set_dotdot(v, src.node.first, to_dir);
	if (rc)
		return rc;
	for (int i = 0; i < FAT_MAX_OPEN; i++) {
		struct fat_node *o = &v->open[i];
		if (o->refs && !o->gone && same_entry(o, &src.node))
			o->dir = to_dir, o->entry = e.entry, o->lfn = e.lfn;
	}
	return FERN_OK;
}

/* ---- listing ---- */

int fat_readdir(struct fat_volume *v, struct fat_node *n, uint32_t *index,
		struct fat_dirent_info *out)
{
	if (n->gone)
		return FERN_ERR_NOT_FOUND;
	if (!(n->attr & FAT_ATTR_DIR))
		return FERN_ERR_NOT_DIR;
	struct fat_entry e;
	int rc;
	while ((rc = fat_dir_next(v, fat_node_dir(n), index, &e)) == 1) {
		if ((e.raw[11] & FAT_ATTR_VOLUME) || !strcmp(e.name, ".") || !strcmp(e.name, ".."))
			continue;
		memcpy(out->name, e.name, sizeof(out->name));
		out->dir = e.raw[11] & FAT_ATTR_DIR;
		out->size = out->dir ? 0 : fat_le32(e.raw + 28);
		out->modified = fat_time_to_unix(fat_le16(e.raw + 24), fat_le16(e.raw + 22));
		return 1;
	}
	return rc;
}
