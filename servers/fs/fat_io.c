// SPDX-License-Identifier: MIT
/* Byte ranges on the disk through a small write-through sector cache: partial sectors are read,
 * changed and written back at once; whole sectors go straight to the disk in runs. */
#include "fat_impl.h"

#include <string.h>

static struct fat_cache_line *cache_find(struct fat_volume *v, uint64_t sector)
{
	/* The usual case: one of the last two lines found (a sector of each FAT copy). */
	for (int k = 0; k < 2; k++) {
		struct fat_cache_line *l = &v->cache[v->last_line[k]];
		if (l->used && l->sector == sector) {
			l->used = ++v->stamp;
			return l;
		}
	}
	for (int i = 0; i < FAT_CACHE_SECTORS; i++)
		if (v->cache[i].used && v->cache[i].sector == sector) {
			v->cache[i].used = ++v->stamp;
			v->last_line[1] = v->last_line[0];
			v->last_line[0] = i;
			return &v->cache[i];
		}
	return NULL;
}

/* The cached copy of sector, read from the disk if need be. */
static int cache_get(struct fat_volume *v, uint64_t sector, struct fat_cache_line **out)
{
	struct fat_cache_line *l = cache_find(v, sector);
	if (!l) {
		l = &v->cache[0];
		for (int i = 1; i < FAT_CACHE_SECTORS; i++)
			if (v->cache[i].used < l->used)
				l = &v->cache[i];
		l->used = 0;
		int rc = v->disk.read(v->disk.ctx, sector * FAT_SECTOR, l->data, FAT_SECTOR);
		if (rc)
			return rc;
		l->sector = sector;
		l->used = ++v->stamp;
	}
	*out = l;
	return FERN_OK;
}

void fat_cache_drop(struct fat_volume *v)
{
	for (int i = 0; i < FAT_CACHE_SECTORS; i++)
		v->cache[i].used = 0;
	v->stamp = 0;
}

/* How many whole sectors from sector on are uncached, up to max: one look at each line. */
static uint32_t uncached_run(struct fat_volume *v, uint64_t sector, uint32_t max)
{
	uint32_t n = max;
	for (int i = 0; i < FAT_CACHE_SECTORS; i++) {
		const struct fat_cache_line *l = &v->cache[i];
		if (l->used && l->sector >= sector && l->sector - sector < n)
			n = (uint32_t)(l->sector - sector);
	}
	return n;
}

int fat_io_read(struct fat_volume *v, uint64_t offset, void *buf, uint32_t len)
{
	uint8_t *p = buf;
	while (len) {
		uint64_t sector = offset / FAT_SECTOR;
		uint32_t in = (uint32_t)(offset % FAT_SECTOR);
		uint32_t whole = in ? 0 : len / FAT_SECTOR;
		if (whole > FAT_IO_MAX / FAT_SECTOR)
			whole = FAT_IO_MAX / FAT_SECTOR;
		uint32_t run = whole ? uncached_run(v, sector, whole) : 0;
		uint32_t n;
		if (run) {
			n = run * FAT_SECTOR;
			int rc = v->disk.read(v->disk.ctx, offset, p, n);
			if (rc)
				return rc;
		} else {
			struct fat_cache_line *l;
			int rc = cache_get(v, sector, &l);
			if (rc)
				return rc;
			n = FAT_SECTOR - in < len ? FAT_SECTOR - in : len;
			memcpy(p, l->data + in, n);
		}
		p += n, offset += n, len -= n;
	}
	return FERN_OK;
}

/* Writes whole sectors (n bytes at a sector boundary) and refreshes cached copies. */
static int write_whole(struct fat_volume *v, uint64_t offset, const uint8_t *p, uint32_t n)
{
	int rc = v->disk.write(v->disk.ctx, offset, p, n);
	if (rc)
		return rc;
	uint64_t first = offset / FAT_SECTOR;
	for (int i = 0; i < FAT_CACHE_SECTORS; i++) { /* one look at each line */
		struct fat_cache_line *l = &v->cache[i];
		if (l->used && l->sector >= first && l->sector - first < n / FAT_SECTOR)
			memcpy(l->data, p + (l->sector - first) * FAT_SECTOR, FAT_SECTOR);
	}
	return FERN_OK;
}

int fat_io_write(struct fat_volume *v, uint64_t offset, const void *buf, uint32_t len)
{
	const uint8_t *p = buf;
	while (len) {
		uint32_t in = (uint32_t)(offset % FAT_SECTOR);
		uint32_t whole = in ? 0 : len / FAT_SECTOR;
		if (whole > FAT_IO_MAX / FAT_SECTOR)
			whole = FAT_IO_MAX / FAT_SECTOR;
		uint32_t n;
		int rc;
		if (whole) {
			n = whole * FAT_SECTOR;
			rc = write_whole(v, offset, p, n);
		} else {
			struct fat_cache_line *l;
			rc = cache_get(v, offset / FAT_SECTOR, &l);
			if (rc)
				return rc;
			n = FAT_SECTOR - in < len ? FAT_SECTOR - in : len;
			/* Changed in the cached copy and written from there; put back if the
			 * write fails, so that the cache never says what the disk does not. */
			uint8_t old[FAT_SECTOR];
			memcpy(old, l->data + in, n);
			memcpy(l->data + in, p, n);
			rc = v->disk.write(v->disk.ctx, offset - in, l->data, FAT_SECTOR);
			if (rc)
				memcpy(l->data + in, old, n);
		}
		if (rc)
			return rc;
		p += n, offset += n, len -= n;
	}
	return FERN_OK;
}

int fat_io_zero(struct fat_volume *v, uint64_t offset, uint64_t len)
{
	static const uint8_t zeros[FAT_IO_MAX];
	while (len) {
		uint32_t n = len < FAT_IO_MAX ? (uint32_t)len : FAT_IO_MAX;
		if (offset % FAT_SECTOR && n > FAT_SECTOR - offset % FAT_SECTOR)
			n = FAT_SECTOR - (uint32_t)(offset % FAT_SECTOR);
		int rc = fat_io_write(v, offset, zeros, n);
		if (rc)
			return rc;
		offset += n, len -= n;
	}
	return FERN_OK;
}
