// SPDX-License-Identifier: MIT
/* File contents: reading, writing (the chain grown a cluster at a time, each new cluster
 * marked as the end before it is linked, so a full disk or a failure never touches another
 * file) and cutting or extending to a length. */
#include "fat_impl.h"

#include <string.h>

static uint32_t clusters_for(const struct fat_volume *v, uint64_t bytes)
{
	return (uint32_t)((bytes + v->cluster_bytes - 1) / v->cluster_bytes);
}

/* Whether position index of n's chain lies in its known run of consecutive clusters. */
static bool in_extent(const struct fat_node *n, uint32_t index)
{
	return n->ext_count && index >= n->ext_index && index - n->ext_index < n->ext_count;
}

/* Learns that position index + 1 of n's chain is cluster c + 1, where c is at index. */
static void extent_grow(struct fat_node *n, uint32_t index, uint32_t c)
{
	if (n->ext_count && index + 1 == n->ext_index + n->ext_count &&
	    c + 1 == n->ext_cluster + n->ext_count)
		n->ext_count++;
	else if (!in_extent(n, index + 1))
		n->ext_index = index, n->ext_cluster = c, n->ext_count = 2;
}

/* The cluster after c (at position index of n's chain): from the known run, or the FAT. */
static int file_next(struct fat_volume *v, struct fat_node *n, uint32_t index, uint32_t c,
		     uint32_t *next)
{
	if (in_extent(n, index) && in_extent(n, index + 1)) {
		*next = c + 1;
		return FERN_OK;
	}
	int rc = fat_next(v, c, next);
	if (!rc && *next == c + 1)
		extent_grow(n, index, c);
	return rc;
}

/* The index-th cluster of n's chain, walking on from the node's last position when it can. */
static int file_cluster(struct fat_volume *v, struct fat_node *n, uint32_t index, uint32_t *out)
{
	if (in_extent(n, index)) {
		*out = n->ext_cluster + (index - n->ext_index);
		n->at_index = index, n->at_cluster = *out;
		return FERN_OK;
	}
	uint32_t from = n->first, skip = index;
	if (n->at_cluster && n->at_index <= index)
		from = n->at_cluster, skip = index - n->at_index;
	int rc = fat_chain_at(v, from, skip, out, NULL);
	if (rc == FERN_ERR_NOT_FOUND)
		return fat_bad(v, "the chain from cluster %u is shorter than the %u-byte size",
			       n->first, n->size);
	if (rc)
		return rc;
	if (skip == 1 && *out == from + 1) /* one step on: the run may go on */
		extent_grow(n, index - 1, from);
	n->at_index = index, n->at_cluster = *out;
	return FERN_OK;
}

enum span_op { SPAN_READ, SPAN_WRITE, SPAN_ZERO };

/* Moves len bytes at offset of n's (already long enough) chain to or from buf. */
static int span(struct fat_volume *v, struct fat_node *n, uint64_t offset, void *buf, uint64_t len,
		enum span_op op)
{
	uint8_t *p = buf;
	while (len) {
		uint32_t c, in = (uint32_t)(offset % v->cluster_bytes);
		int rc = file_cluster(v, n, (uint32_t)(offset / v->cluster_bytes), &c);
		if (rc)
			return rc;
		uint64_t at = fat_cluster_offset(v, c) + in;
		uint32_t k = v->cluster_bytes - in;
		k = len < k ? (uint32_t)len : k;
		/* Clusters that follow on the disk go in the same access. */
		while (k < len && k < FAT_IO_MAX && (in + k) % v->cluster_bytes == 0) {
			uint32_t next;
			rc = file_next(v, n, n->at_index, c, &next);
			if (rc)
				return rc;
			if (next != c + 1)
				break;
			c = next;
			n->at_index++, n->at_cluster = c;
			uint32_t more =
			    len - k < v->cluster_bytes ? (uint32_t)(len - k) : v->cluster_bytes;
			k += more;
		}
		if (k > FAT_IO_MAX)
			k = FAT_IO_MAX;
		rc = op == SPAN_READ    ? fat_io_read(v, at, p, k)
		     : op == SPAN_WRITE ? fat_io_write(v, at, p, k)
					: fat_io_zero(v, at, k);
		if (rc)
			return rc;
		if (p)
			p += k;
		offset += k, len -= k;
	}
	return FERN_OK;
}

/* Cuts n's chain to keep clusters (n->first is 0 after cutting to none); n's entry is not
 * written here. */
static int chain_cut(struct fat_volume *v, struct fat_node *n, uint32_t keep)
{
	uint32_t rest = n->first, last;
	n->at_cluster = 0;
	n->ext_count = 0; /* what follows keep changes */
	if (keep) {
		int rc = file_cluster(v, n, keep - 1, &last);
		if (!rc)
			rc = fat_next(v, last, &rest);
		if (!rc) /* the rest is checked before the cut, so a bad link changes nothing */
			rc = fat_chain_len(v, rest, v->clusters, NULL);
		if (!rc && rest)
			rc = fat_set(v, last, fat_eoc(v));
		if (rc)
			return rc;
	} else {
		int rc = fat_chain_len(v, rest, v->clusters, NULL);
		if (rc)
			return rc;
		n->first = 0;
	}
	return fat_free_chain(v, rest);
}

/* Grows n's chain from have to want clusters, as far as the disk allows: *got is how many it
 * has after (a shortfall is not an error here). */
static int chain_grow(struct fat_volume *v, struct fat_node *n, uint32_t have, uint32_t want,
		      uint32_t *got)
{
	uint32_t last = 0;
	*got = have;
	if (have) {
		int rc = file_cluster(v, n, have - 1, &last);
		if (rc)
			return rc;
	}
	while (*got < want) {
		uint32_t c;
		int rc = fat_alloc(v, last, &c);
		if (rc == FERN_ERR_NO_SPACE)
			return FERN_OK;
		if (rc)
			return rc;
		if (!n->first)
			n->first = c;
		last = c;
		(*got)++;
	}
	return FERN_OK;
}

int fat_file_check(struct fat_volume *v, const struct fat_node *n)
{
	uint32_t need = clusters_for(v, n->size), count;
	int rc = fat_chain_len(v, n->first, need, &count);
	if (rc)
		return rc;
	if (count != need)
		return fat_bad(v, "%u clusters hold a %u-byte file (it needs %u)", count, n->size,
			       need);
	return FERN_OK;
}

static int check_file(const struct fat_node *n)
{
	if (n->gone)
		return FERN_ERR_NOT_FOUND;
	return n->attr & FAT_ATTR_DIR ? FERN_ERR_IS_DIR : FERN_OK;
}

int64_t fat_read(struct fat_volume *v, struct fat_node *n, uint64_t offset, void *buf, uint32_t len)
{
	int rc = check_file(n);
	if (rc)
		return rc;
	if (offset >= n->size)
		return 0;
	if (len > n->size - offset)
		len = (uint32_t)(n->size - offset);
	rc = span(v, n, offset, buf, len, SPAN_READ);
	return rc ? rc : (int64_t)len;
}

/* Stamps n modified now and writes its entry. */
static int touch(struct fat_volume *v, struct fat_node *n)
{
	fat_now(v, &n->wdate, &n->wtime);
	n->attr |= FAT_ATTR_ARCHIVE;
	return fat_dir_store(v, n);
}

/* Makes n's chain hold at least end bytes, as far as it can: *room is what it holds after.
 * NO_SPACE (having freed what it took) when it cannot hold more than from. */
static int make_room(struct fat_volume *v, struct fat_node *n, uint64_t from, uint64_t end,
		     uint64_t *room)
{
	uint32_t have = clusters_for(v, n->size), got;
	uint32_t old_first = n->first;
	int rc = chain_grow(v, n, have, clusters_for(v, end), &got);
	*room = (uint64_t)got * v->cluster_bytes;
	if (!rc && *room > from)
		return FERN_OK;
	int cut = chain_cut(v, n, have);
	n->first = have ? old_first : 0;
	return rc ? rc : cut ? cut : FERN_ERR_NO_SPACE;
}

int64_t fat_write(struct fat_volume *v, struct fat_node *n, uint64_t offset, const void *buf,
		  uint32_t len)
{
	int rc = check_file(n);
	if (!rc)
		rc = fat_begin_write(v);
	if (rc)
		return rc;
	if (offset >= FAT_FILE_MAX)
		return FERN_ERR_RANGE;
	if (len > FAT_FILE_MAX - offset)
		len = (uint32_t)(FAT_FILE_MAX - offset);
	if (!len)
		return 0;
	uint64_t end = offset + len, room = (uint64_t)clusters_for(v, n->size) * v->cluster_bytes;
	if (end > room) {
		rc = make_room(v, n, offset, end, &room);
		if (rc)
			return rc;
		if (end > room)
			end = room, len = (uint32_t)(room - offset);
	}
	if (offset > n->size)
		rc = span(v, n, n->size, NULL, offset - n->size, SPAN_ZERO);
	if (!rc)
		rc = span(v, n, offset, (void *)buf, len, SPAN_WRITE);
	if (!rc && end > n->size)
		n->size = (uint32_t)end;
	int stored = touch(v, n);
	return rc ? rc : stored ? stored : (int64_t)len;
}

int fat_truncate(struct fat_volume *v, struct fat_node *n, uint64_t size)
{
	int rc = check_file(n);
	if (!rc)
		rc = fat_begin_write(v);
	if (rc)
		return rc;
	if (size > FAT_FILE_MAX)
		return FERN_ERR_RANGE;
	if (size > n->size) {
		uint64_t room = (uint64_t)clusters_for(v, n->size) * v->cluster_bytes;
		if (size > room) {
			rc = make_room(v, n, size - 1, size, &room);
			if (!rc && room < size) {
				rc = chain_cut(v, n, clusters_for(v, n->size));
				rc = rc ? rc : FERN_ERR_NO_SPACE;
			}
			if (rc)
				return rc;
		}
		rc = span(v, n, n->size, NULL, size - n->size, SPAN_ZERO);
		if (rc)
			return rc;
		n->size = (uint32_t)size;
		return touch(v, n);
	}
	/* Shorter: the entry first, then the clusters it no longer uses are freed; the chain is
	 * checked before either, so a bad link fails with nothing changed. */
	uint32_t old_first = n->first, keep = clusters_for(v, size);
	rc = fat_chain_len(v, old_first, v->clusters, NULL);
	if (rc)
		return rc;
	n->size = (uint32_t)size;
	if (!keep)
		n->first = 0;
	rc = touch(v, n);
	if (rc)
		return rc;
	n->first = old_first;
	return chain_cut(v, n, keep);
}
