// SPDX-License-Identifier: MIT
/* Paths: "/"-separated components resolved one directory at a time, with "." and ".." (a
 * directory's parent found through its ".." entry and the grandparent's listing). */
#include "fat_impl.h"

#include <string.h>

static void root_node(struct fat_node *n)
{
	memset(n, 0, sizeof(*n));
	n->root = true;
	n->attr = FAT_ATTR_DIR;
}

/* The node for a directory entry: a directory must name a cluster in the volume. */
static int node_of(struct fat_volume *v, uint32_t dir, const struct fat_entry *e,
		   struct fat_node *n)
{
	fat_node_from(v, n, dir, e);
	if ((n->attr & FAT_ATTR_DIR) && !fat_cluster_valid(v, n->first))
		return fat_bad(v, "directory \"%s\" starts at cluster %u, outside the volume",
			       e->name, n->first);
	return FERN_OK;
}

/* The directory holding directory cur, as a node. */
static int parent_node(struct fat_volume *v, struct fat_node *cur)
{
	uint32_t p, gp;
	if (cur->root)
		return FERN_OK;
	int rc = fat_dir_parent(v, cur->first, &p);
	if (rc)
		return rc;
	if (!p) {
		root_node(cur);
		return FERN_OK;
	}
	rc = fat_dir_parent(v, p, &gp);
	if (rc)
		return rc;
	struct fat_entry e;
	uint32_t index = 0;
	while ((rc = fat_dir_next(v, gp, &index, &e)) == 1) {
		if (e.raw[0] == '.' || !(e.raw[11] & FAT_ATTR_DIR) || (e.raw[11] & FAT_ATTR_VOLUME))
			continue;
		struct fat_node n;
		fat_node_from(v, &n, gp, &e);
		if (n.first == p) {
			*cur = n;
			return FERN_OK;
		}
	}
	return rc ? rc : fat_bad(v, "no entry names directory cluster %u in its parent", p);
}

/* The next component from *at: its start and length (0 at the end of the path). */
static size_t component(const char *path, size_t len, size_t *at, const char **start)
{
	while (*at < len && path[*at] == '/')
		(*at)++;
	*start = path + *at;
	size_t n = 0;
	while (*at < len && path[*at] != '/')
		(*at)++, n++;
	return n;
}

static bool more_components(const char *path, size_t len, size_t at)
{
	while (at < len && path[at] == '/')
		at++;
	return at < len;
}

int fat_walk(struct fat_volume *v, const struct fat_node *base, const char *path, size_t len,
	     struct fat_walk *w)
{
	struct fat_node cur;
	if (base)
		cur = *base;
	else
		root_node(&cur);
	if (!(cur.attr & FAT_ATTR_DIR))
		return FERN_ERR_NOT_DIR;
	if (memchr(path, 0, len))
		return FERN_ERR_INVALID;
	w->found = true;
	w->leaf = NULL;
	w->leaf_len = 0;
	size_t at = 0;
	for (;;) {
		const char *c;
		size_t n = component(path, len, &at, &c);
		if (!n)
			break;
		if (n >= FAT_NAME_BYTES)
			return FERN_ERR_INVALID;
		bool last = !more_components(path, len, at);
		int rc = FERN_OK;
		if (n == 2 && c[0] == '.' && c[1] == '.')
			rc = parent_node(v, &cur);
		else if (!(n == 1 && c[0] == '.')) {
			struct fat_entry e;
			rc = fat_dir_find(v, fat_node_dir(&cur), c, n, &e);
			if (last && (rc == FERN_OK || rc == FERN_ERR_NOT_FOUND)) {
				w->parent = cur;
				w->leaf = c;
				w->leaf_len = n;
				w->found = rc == FERN_OK;
				return w->found ? node_of(v, fat_node_dir(&cur), &e, &w->node)
						: FERN_OK;
			}
			if (!rc)
				rc = node_of(v, fat_node_dir(&cur), &e, &cur);
			if (!rc && !(cur.attr & FAT_ATTR_DIR))
				rc = FERN_ERR_NOT_DIR;
		}
		if (rc)
			return rc;
	}
	w->node = cur; /* the path ends in a directory itself ("", ".", "..") */
	w->parent = cur;
	return FERN_OK;
}
