// SPDX-License-Identifier: MIT
/* The filesystem's segment cache of the disk (bcache.h). */
#include "bcache.h"

#include <fern/status.h>
#include <string.h>

#define WORDS (BC_SEG_SECTORS / 64)

static bool bit(const uint64_t *bits, unsigned i)
{
	return bits[i / 64] >> (i % 64) & 1;
}

static void set_bits(uint64_t *bits, unsigned first, unsigned count, bool on)
{
	for (unsigned i = first; i < first + count; i++) {
		if (on)
			bits[i / 64] |= 1ull << (i % 64);
		else
			bits[i / 64] &= ~(1ull << (i % 64));
	}
}

static bool any(const uint64_t *bits)
{
	for (int w = 0; w < WORDS; w++)
		if (bits[w])
			return true;
	return false;
}

/* The sectors of segment index that lie on the disk (the last one may be cut short). */
static unsigned seg_sectors(const struct bcache *c, uint64_t index)
{
	uint64_t start = index * BC_SEG;
	if (start >= c->disk_size)
		return 0;
	uint64_t left = (c->disk_size - start) / BC_SECTOR;
	return left < BC_SEG_SECTORS ? (unsigned)left : BC_SEG_SECTORS;
}

void bcache_init(struct bcache *c, const struct bc_dev *dev, uint8_t *mem, uint32_t nseg,
		 struct bc_seg *seg, uint64_t disk_size)
{
	*c = (struct bcache){
	    .dev = *dev, .mem = mem, .nseg = nseg, .seg = seg, .disk_size = disk_size};
	bcache_drop(c);
}

void bcache_drop(struct bcache *c)
{
	for (int b = 0; b < BC_HASH; b++)
		c->hash[b] = -1;
	for (uint32_t i = 0; i < c->nseg; i++)
		c->seg[i] = (struct bc_seg){.next = -1};
	c->stamp = 0;
}

static uint8_t *slot_mem(const struct bcache *c, int32_t slot)
{
	return c->mem + (uint64_t)slot * BC_SEG;
}

static uint32_t next_stamp(struct bcache *c)
{
	if (++c->stamp == 0)
		c->stamp = 1; /* 0 marks a free slot */
	return c->stamp;
}

static int32_t lookup(const struct bcache *c, uint64_t index)
{
	for (int32_t s = c->hash[index % BC_HASH]; s >= 0; s = c->seg[s].next)
		if (c->seg[s].index == index)
			return s;
	return -1;
}

static void unhash(struct bcache *c, int32_t slot)
{
	for (int32_t *p = &c->hash[c->seg[slot].index % BC_HASH]; *p >= 0; p = &c->seg[*p].next) {
		if (*p == slot) {
			*p = c->seg[slot].next;
			return;
		}
	}
}

/* Runs of sectors in bits (first..limit) call fn for each [start, start + count). */
static int for_runs(struct bcache *c, int32_t slot, const uint64_t *bits, bool want, unsigned limit,
		    int (*fn)(struct bcache *c, int32_t slot, unsigned start, unsigned count))
{
	for (unsigned i = 0; i < limit;) {
		if (bit(bits, i) != want) {
			i++;
			continue;
		}
		unsigned start = i;
		while (i < limit && bit(bits, i) == want)
			i++;
		int rc = fn(c, slot, start, i - start);
		if (rc)
			return rc;
	}
	return FERN_OK;
}

/* Moves sectors [start, start + count) of slot to the disk (write) or from it, and records
 * it: written sectors are clean, read ones valid. */
static int move_run(struct bcache *c, int32_t slot, unsigned start, unsigned count, bool write)
{
	struct bc_seg *s = &c->seg[slot];
	uint64_t disk_off = s->index * BC_SEG + start * BC_SECTOR;
	uint64_t mem_off = (uint64_t)slot * BC_SEG + start * BC_SECTOR;
	int rc =
	    (write ? c->dev.write : c->dev.read)(c->dev.ctx, disk_off, count * BC_SECTOR, mem_off);
	if (rc)
		return rc;
	set_bits(write ? s->dirty : s->valid, start, count, !write);
	*(write ? &c->dev_writes : &c->dev_reads) += 1;
	return FERN_OK;
}

static int write_run(struct bcache *c, int32_t slot, unsigned start, unsigned count)
{
	return move_run(c, slot, start, count, true);
}

static int read_run(struct bcache *c, int32_t slot, unsigned start, unsigned count)
{
	return move_run(c, slot, start, count, false);
}

static int write_back(struct bcache *c, int32_t slot)
{
	struct bc_seg *s = &c->seg[slot];
	return any(s->dirty) ? for_runs(c, slot, s->dirty, true, BC_SEG_SECTORS, write_run)
			     : FERN_OK;
}

/* The slot caching segment index: found, or a free or least recently used one taken over
 * (written back first if it holds dirty sectors). */
static int slot_get(struct bcache *c, uint64_t index, int32_t *out)
{
	int32_t slot = lookup(c, index);
	if (slot < 0) {
		slot = 0;
		for (uint32_t i = 0; i < c->nseg; i++) {
			if (!c->seg[i].stamp) {
				slot = (int32_t)i;
				break;
			}
			if (c->seg[i].stamp < c->seg[slot].stamp)
				slot = (int32_t)i;
		}
		if (c->seg[slot].stamp) {
			int rc = write_back(c, slot);
			if (rc)
				return rc;
			unhash(c, slot);
		}
		c->seg[slot] = (struct bc_seg){.index = index, .next = c->hash[index % BC_HASH]};
		c->hash[index % BC_HASH] = slot;
	}
	c->seg[slot].stamp = next_stamp(c);
	*out = slot;
	return FERN_OK;
}

/* Makes sectors [first, first + count) of slot valid: if any is not, every sector of the
 * segment not yet valid is read (read-ahead), a run per request. */
static int fill(struct bcache *c, int32_t slot, unsigned first, unsigned count)
{
	struct bc_seg *s = &c->seg[slot];
	bool missing = false;
	for (unsigned i = first; i < first + count && !missing; i++)
		missing = !bit(s->valid, i);
	if (!missing) {
		c->hits++;
		return FERN_OK;
	}
	c->misses++;
	return for_runs(c, slot, s->valid, false, seg_sectors(c, s->index), read_run);
}

static int check(const struct bcache *c, uint64_t off, uint32_t len)
{
	if (off % BC_SECTOR || len % BC_SECTOR)
		return FERN_ERR_INVALID;
	if (off > c->disk_size || len > c->disk_size - off)
		return FERN_ERR_RANGE;
	return FERN_OK;
}

int bcache_read(struct bcache *c, uint64_t off, void *buf, uint32_t len)
{
	int rc = check(c, off, len);
	for (uint8_t *p = buf; !rc && len;) {
		uint64_t index = off / BC_SEG;
		unsigned in = (unsigned)(off % BC_SEG) / BC_SECTOR;
		uint32_t n = BC_SEG - (uint32_t)(off % BC_SEG);
		n = n < len ? n : len;
		int32_t slot;
		rc = slot_get(c, index, &slot);
		if (!rc)
			rc = fill(c, slot, in, n / BC_SECTOR);
		if (!rc)
			memcpy(p, slot_mem(c, slot) + in * BC_SECTOR, n);
		p += n, off += n, len -= n;
	}
	return rc;
}

int bcache_write(struct bcache *c, uint64_t off, const void *buf, uint32_t len)
{
	int rc = check(c, off, len);
	for (const uint8_t *p = buf; !rc && len;) {
		uint64_t index = off / BC_SEG;
		unsigned in = (unsigned)(off % BC_SEG) / BC_SECTOR;
		uint32_t n = BC_SEG - (uint32_t)(off % BC_SEG);
		n = n < len ? n : len;
		int32_t slot;
		rc = slot_get(c, index, &slot);
		if (!rc) {
			struct bc_seg *s = &c->seg[slot];
			memcpy(slot_mem(c, slot) + in * BC_SECTOR, p, n);
			set_bits(s->valid, in, n / BC_SECTOR, true);
			set_bits(s->dirty, in, n / BC_SECTOR, true);
		}
		p += n, off += n, len -= n;
	}
	return rc;
}

int bcache_flush(struct bcache *c)
{
	int first = FERN_OK;
	for (uint32_t i = 0; i < c->nseg; i++) {
		int rc = c->seg[i].stamp ? write_back(c, (int32_t)i) : FERN_OK;
		first = first ? first : rc;
	}
	return first;
}

int bcache_sync(struct bcache *c)
{
	int rc = bcache_flush(c);
	return rc ? rc : c->dev.flush(c->dev.ctx);
}

bool bcache_dirty(const struct bcache *c)
{
	for (uint32_t i = 0; i < c->nseg; i++)
		if (c->seg[i].stamp && any(c->seg[i].dirty))
			return true;
	return false;
}
