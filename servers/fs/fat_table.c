// SPDX-License-Identifier: MIT
/* The file allocation table: entries (mirrored into every FAT copy), chains walked with a bound
 * so that a looping or stray chain is reported as corrupt, allocation and the free count. */
#include "fat_impl.h"

#define FAT32_MASK 0x0fffffffu

uint32_t fat_eoc(const struct fat_volume *v)
{
	return v->bits == 32 ? 0x0fffffffu : 0xffffu;
}

bool fat_cluster_valid(const struct fat_volume *v, uint32_t c)
{
	return c >= 2 && c - 2 < v->clusters;
}

uint64_t fat_cluster_offset(const struct fat_volume *v, uint32_t c)
{
	return v->data_offset + (uint64_t)(c - 2) * v->cluster_bytes;
}

static uint64_t entry_offset(const struct fat_volume *v, uint32_t c)
{
	return v->fat_offset + (uint64_t)c * (v->bits / 8);
}

/* Whether c has an entry in the FAT (0 and 1 are reserved ones): every access checks this, so
 * that no number read from the disk can move a write past the table. */
static int entry_check(struct fat_volume *v, uint32_t c)
{
	if (c - 2 < v->clusters || c < 2)
		return FERN_OK;
	return fat_bad(v, "cluster %u is outside the volume (clusters 2..%u)", c, v->clusters + 1);
}

int fat_get(struct fat_volume *v, uint32_t c, uint32_t *value)
{
	uint8_t b[4];
	int rc = entry_check(v, c);
	if (rc)
		return rc;
	rc = fat_io_read(v, entry_offset(v, c), b, v->bits / 8);
	if (rc)
		return rc;
	*value = v->bits == 32 ? fat_le32(b) & FAT32_MASK : fat_le16(b);
	return FERN_OK;
}

int fat_set(struct fat_volume *v, uint32_t c, uint32_t value)
{
	int check = entry_check(v, c);
	if (check)
		return check;
	for (uint32_t i = 0; i < v->fat_count; i++) {
		uint64_t off = entry_offset(v, c) + i * v->fat_bytes;
		uint8_t b[4];
		int rc;
		if (v->bits == 32) {
			rc = fat_io_read(v, off, b, 4); /* keep the top four bits */
			if (rc)
				return rc;
			fat_put32(b, (fat_le32(b) & ~FAT32_MASK) | (value & FAT32_MASK));
		} else {
			fat_put16(b, (uint16_t)value);
		}
		rc = fat_io_write(v, off, b, v->bits / 8);
		if (rc)
			return rc;
	}
	return FERN_OK;
}

int fat_next(struct fat_volume *v, uint32_t c, uint32_t *next)
{
	uint32_t value;
	if (!fat_cluster_valid(v, c))
		return fat_bad(v, "cluster %u is outside the volume (clusters 2..%u)", c,
			       v->clusters + 1);
	int rc = fat_get(v, c, &value);
	if (rc)
		return rc;
	if (value >= (v->bits == 32 ? 0x0ffffff8u : 0xfff8u)) {
		*next = 0;
		return FERN_OK;
	}
	if (!value)
		return fat_bad(v, "cluster %u links to a free cluster", c);
	if (value == (v->bits == 32 ? 0x0ffffff7u : 0xfff7u))
		return fat_bad(v, "cluster %u links to a bad cluster", c);
	if (!fat_cluster_valid(v, value))
		return fat_bad(v, "cluster %u links to %u, outside the volume", c, value);
	*next = value;
	return FERN_OK;
}

int fat_chain_at(struct fat_volume *v, uint32_t first, uint32_t index, uint32_t *out,
		 uint32_t *last)
{
	uint32_t c = first, prev = 0;
	if (index >= v->clusters)
		return first ? fat_bad(v,
				       "position %u of the chain from cluster %u is past the "
				       "volume",
				       index, first)
			     : FERN_ERR_NOT_FOUND;
	for (uint32_t i = 0; c && i < index; i++) {
		prev = c;
		int rc = fat_next(v, c, &c);
		if (rc)
			return rc;
	}
	if (last)
		*last = c ? c : prev;
	if (!c)
		return FERN_ERR_NOT_FOUND;
	if (!fat_cluster_valid(v, c))
		return fat_bad(v, "cluster %u is outside the volume (clusters 2..%u)", c,
			       v->clusters + 1);
	*out = c;
	return FERN_OK;
}

int fat_chain_len(struct fat_volume *v, uint32_t first, uint32_t max, uint32_t *count)
{
	uint32_t n = 0;
	for (uint32_t c = first; c; n++) {
		if (n == max)
			return fat_bad(v,
				       "the chain from cluster %u is longer than %u clusters "
				       "(a loop?)",
				       first, max);
		int rc = fat_next(v, c, &c);
		if (rc)
			return rc;
	}
	if (count)
		*count = n;
	return FERN_OK;
}

int fat_alloc(struct fat_volume *v, uint32_t prev, uint32_t *out)
{
	if (!v->free_clusters)
		return FERN_ERR_NO_SPACE;
	uint32_t c = v->next_free;
	for (uint32_t i = 0; i < v->clusters; i++, c++) {
		if (!fat_cluster_valid(v, c))
			c = 2;
		uint32_t value;
		int rc = fat_get(v, c, &value);
		if (rc)
			return rc;
		if (value)
			continue;
		rc = fat_set(v, c, fat_eoc(v)); /* the end of a chain before anything points here */
		if (!rc && prev)
			rc = fat_set(v, prev, c);
		if (rc)
			return rc;
		v->free_clusters--;
		v->next_free = c + 1;
		*out = c;
		return FERN_OK;
	}
	v->free_clusters = 0; /* the count was wrong: the table is full */
	return FERN_ERR_NO_SPACE;
}

int fat_free_chain(struct fat_volume *v, uint32_t first)
{
	uint32_t c = first, count;
	/* The whole chain is checked before the first entry is freed: a stray link fails the
	 * request with nothing changed, instead of freeing (or writing) where it points. */
	int rc = fat_chain_len(v, first, v->clusters, &count);
	if (rc)
		return rc;
	v->walk_valid = false; /* the cluster may name another directory next */
	for (uint32_t i = 0; c && i < count; i++) {
		uint32_t next = 0;
		rc = fat_next(v, c, &next);
		if (!rc)
			rc = fat_set(v, c, 0);
		if (rc)
			return rc;
		v->free_clusters++;
		if (c < v->next_free)
			v->next_free = c;
		c = next;
	}
	return FERN_OK;
}

#define COUNT_CHUNK 4096 /* bytes of the FAT counted at a time */

int fat_count_free(struct fat_volume *v)
{
	uint8_t buf[COUNT_CHUNK];
	uint32_t per = COUNT_CHUNK / (v->bits / 8), free = 0;
	for (uint32_t c = 0; c < v->clusters + 2; c += per) {
		int rc = fat_io_read(v, entry_offset(v, c), buf, COUNT_CHUNK);
		if (rc)
			return rc;
		for (uint32_t k = 0; k < per && c + k < v->clusters + 2; k++) {
			uint32_t e = v->bits == 32 ? fat_le32(buf + 4 * k) & FAT32_MASK
						   : fat_le16(buf + 2 * k);
			free += c + k >= 2 && !e;
		}
	}
	v->free_clusters = free;
	v->next_free = 2;
	return FERN_OK;
}
