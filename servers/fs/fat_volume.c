// SPDX-License-Identifier: MIT
/* A FAT volume: the boot sector's checks (each failure named in one line), FSInfo, the
 * clean-shutdown bit in FAT[1], free space and FAT timestamps. */
#include "fat_impl.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define FSINFO_LEAD   0x41615252u
#define FSINFO_STRUCT 0x61417272u
#define FSINFO_TRAIL  0xaa550000u
#define FAT32_CLEAN   0x08000000u
#define FAT16_CLEAN   0x8000u

static int refuse(struct fat_volume *v, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(v->why, sizeof(v->why), fmt, ap);
	va_end(ap);
	return FERN_ERR_CORRUPT;
}

int fat_bad(struct fat_volume *v, const char *fmt, ...)
{
	if (v->bad[0])
		return FERN_ERR_CORRUPT; /* the first reason is the cause; later ones follow from it
					  */
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(v->bad, sizeof(v->bad), fmt, ap);
	va_end(ap);
	return FERN_ERR_CORRUPT;
}

static bool power_of_two(uint32_t x)
{
	return x && !(x & (x - 1));
}

/* FAT32's extra fields: root cluster, version, FSInfo. */
static int check_fat32(struct fat_volume *v, const uint8_t *b, uint32_t reserved)
{
	if (fat_le16(b + 42))
		return refuse(v, "FAT32 version %u.%u is not 0.0", b[43], b[42]);
	v->root_cluster = fat_le32(b + 44);
	if (!fat_cluster_valid(v, v->root_cluster))
		return refuse(v, "FAT32 root directory cluster %u is outside the volume",
			      v->root_cluster);
	uint16_t fsinfo = fat_le16(b + 48);
	v->fsinfo_offset = 0;
	if (fsinfo && fsinfo != 0xffff && fsinfo >= reserved)
		return refuse(v, "FSInfo sector %u is outside the %u reserved sectors", fsinfo,
			      reserved);
	if (fsinfo && fsinfo != 0xffff) {
		uint8_t s[FAT_SECTOR];
		int rc = fat_io_read(v, (uint64_t)fsinfo * v->sector_bytes, s, sizeof(s));
		if (rc)
			return rc;
		if (fat_le32(s) == FSINFO_LEAD && fat_le32(s + 484) == FSINFO_STRUCT &&
		    fat_le32(s + 508) == FSINFO_TRAIL)
			v->fsinfo_offset = (uint64_t)fsinfo * v->sector_bytes;
	}
	return FERN_OK;
}

/* The geometry from the BIOS parameter block in b; refuses what is not FAT16 or FAT32. */
static int check_bpb(struct fat_volume *v, const uint8_t *b, uint64_t disk_bytes)
{
	if (b[510] != 0x55 || b[511] != 0xaa)
		return refuse(v, "no boot signature (bytes 510-511 are %02x %02x, not 55 aa)",
			      b[510], b[511]);
	if (b[0] != 0xeb && b[0] != 0xe9)
		return refuse(v, "no jump instruction at byte 0 (%02x)", b[0]);
	uint32_t bps = fat_le16(b + 11), spc = b[13], reserved = fat_le16(b + 14);
	uint32_t fats = b[16], root_slots = fat_le16(b + 17);
	uint64_t total = fat_le16(b + 19) ? fat_le16(b + 19) : fat_le32(b + 32);
	uint64_t fat_sectors = fat_le16(b + 22) ? fat_le16(b + 22) : fat_le32(b + 36);
	if (bps < 512 || bps > 4096 || !power_of_two(bps))
		return refuse(v, "%u bytes per sector (want 512, 1024, 2048 or 4096)", bps);
	if (!power_of_two(spc) || bps * spc > 65536)
		return refuse(v, "%u sectors per cluster", spc);
	if (!reserved || !fats || fats > 4 || !fat_sectors)
		return refuse(v, "bad layout: %u reserved sectors, %u FATs of %lu sectors",
			      reserved, fats, (unsigned long)fat_sectors);
	uint64_t root_sectors = ((uint64_t)root_slots * FAT_SLOT + bps - 1) / bps;
	uint64_t meta = reserved + fats * fat_sectors + root_sectors;
	if (total <= meta)
		return refuse(v, "%lu sectors leave no data area", (unsigned long)total);
	if (total * bps > disk_bytes)
		return refuse(v, "the volume (%lu bytes) is larger than the disk (%lu bytes)",
			      (unsigned long)(total * bps), (unsigned long)disk_bytes);
	uint64_t clusters = (total - meta) / spc;
	if (clusters < 4085)
		return refuse(v, "FAT12 (%lu clusters): only FAT16 and FAT32 are supported",
			      (unsigned long)clusters);
	v->bits = clusters < 65525 ? 16 : 32;
	if (clusters > 0x0ffffff5)
		return refuse(v, "%lu clusters are too many for FAT32", (unsigned long)clusters);
	if (fat_sectors * bps < (clusters + 2) * (v->bits / 8))
		return refuse(v, "the FAT (%lu sectors) is too small for %lu clusters",
			      (unsigned long)fat_sectors, (unsigned long)clusters);
	if ((v->bits == 16) != (root_slots != 0))
		return refuse(v, "FAT%d with %u root directory entries", v->bits, root_slots);
	v->sector_bytes = bps;
	v->cluster_bytes = bps * spc;
	v->fat_count = fats;
	v->fat_offset = (uint64_t)reserved * bps;
	v->fat_bytes = fat_sectors * bps;
	v->root_offset = v->fat_offset + fats * v->fat_bytes;
	v->root_slots = root_slots;
	v->data_offset = (reserved + fats * fat_sectors + root_sectors) * bps;
	v->clusters = (uint32_t)clusters;
	return v->bits == 32 ? check_fat32(v, b, reserved) : FERN_OK;
}

int fat_mount(struct fat_volume *v, const struct fat_disk *disk)
{
	memset(v, 0, sizeof(*v));
	v->disk = *disk;
	uint64_t disk_bytes;
	uint8_t b[FAT_SECTOR];
	int rc = v->disk.size(v->disk.ctx, &disk_bytes);
	if (!rc && disk_bytes < FAT_SECTOR)
		return refuse(v, "the disk is empty");
	if (!rc)
		rc = fat_io_read(v, 0, b, sizeof(b));
	if (rc) {
		snprintf(v->why, sizeof(v->why), "cannot read the boot sector: %s",
			 status_name(rc));
		return rc;
	}
	rc = check_bpb(v, b, disk_bytes);
	if (!rc)
		rc = fat_count_free(v);
	if (rc) {
		if (rc != FERN_ERR_CORRUPT)
			snprintf(v->why, sizeof(v->why), "cannot read the volume: %s",
				 status_name(rc));
		return rc;
	}
	v->mounted = true;
	return FERN_OK;
}

static int write_fsinfo(struct fat_volume *v)
{
	if (!v->fsinfo_offset || !v->dirty)
		return FERN_OK;
	uint8_t f[8];
	fat_put32(f, v->free_clusters);
	fat_put32(f + 4, v->next_free);
	return fat_io_write(v, v->fsinfo_offset + 488, f, sizeof(f));
}

static int set_clean(struct fat_volume *v, bool clean)
{
	uint32_t bit = v->bits == 32 ? FAT32_CLEAN : FAT16_CLEAN, value;
	int rc = fat_get(v, 1, &value);
	if (rc || !!(value & bit) == clean)
		return rc;
	return fat_set(v, 1, clean ? value | bit : value & ~bit);
}

int fat_begin_write(struct fat_volume *v)
{
	if (v->read_only)
		return FERN_ERR_DENIED;
	if (v->dirty)
		return FERN_OK;
	int rc = set_clean(v, false);
	if (rc == FERN_ERR_DENIED)
		v->read_only = true;
	if (!rc)
		v->dirty = true;
	return rc;
}

int fat_sync(struct fat_volume *v)
{
	if (v->dirty) {
		int rc = write_fsinfo(v);
		if (!rc)
			rc = set_clean(v, true);
		if (rc)
			return rc;
		v->dirty = false;
	}
	return v->disk.sync(v->disk.ctx);
}

int fat_unmount(struct fat_volume *v)
{
	int rc = v->dirty ? fat_sync(v) : FERN_OK; /* clean: synced since the last change */
	v->mounted = false;
	return rc;
}

void fat_space(const struct fat_volume *v, uint64_t *free, uint64_t *total, uint64_t *cluster)
{
	*free = (uint64_t)v->free_clusters * v->cluster_bytes;
	*total = (uint64_t)v->clusters * v->cluster_bytes;
	*cluster = v->cluster_bytes;
}

/* Days since 1970-01-01 of a proleptic Gregorian date, and back. */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = y / 400, yoe = y - era * 400;
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

static void civil_from_days(int64_t z, unsigned *y, unsigned *m, unsigned *d)
{
	z += 719468;
	int64_t era = z / 146097, doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = (unsigned)(yoe + era * 400 + (*m <= 2));
}

uint64_t fat_time_to_unix(uint16_t date, uint16_t time)
{
	unsigned m = (date >> 5) & 15, d = date & 31;
	int64_t days = days_from_civil(1980 + (date >> 9), m ? m : 1, d ? d : 1);
	return (uint64_t)(days * 86400 + (time >> 11) * 3600 + ((time >> 5) & 63) * 60 +
			  (time & 31) * 2);
}

void fat_now(struct fat_volume *v, uint16_t *date, uint16_t *time)
{
	uint64_t t = v->disk.now ? v->disk.now(v->disk.ctx) : 0;
	const uint64_t lo = 315532800, hi = 4354819199; /* 1980-01-01 .. 2107-12-31 */
	t = t < lo ? lo : t > hi ? hi : t;
	unsigned y, m, d;
	civil_from_days((int64_t)(t / 86400), &y, &m, &d);
	unsigned s = (unsigned)(t % 86400);
	*date = (uint16_t)((y - 1980) << 9 | m << 5 | d);
	*time = (uint16_t)((s / 3600) << 11 | (s / 60 % 60) << 5 | (s % 60) / 2);
}
