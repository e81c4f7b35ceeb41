/* SPDX-License-Identifier: MIT */
/* test_fat's host side: a scratch folder, image files as the FAT core's disk, and the
 * dosfstools and mtools commands that make and check the images. */
#ifndef FERN_TEST_FAT_HOST_H
#define FERN_TEST_FAT_HOST_H

#include "fat.h"

#include <stddef.h>
#include <stdint.h>

#define HOST_NOW 1700000000ull /* the disk's clock: 2023-11-14 22:13:20 UTC */

/* Makes the scratch folder and sets up mtools (MTOOLS_SKIP_CHECK). */
void host_init(void);
/* A path in the scratch folder (a static buffer, one of a few in turn). */
const char *host_path(const char *name);
/* Runs a shell command (printf-style); the test fails unless it exits 0. */
void host_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Runs a shell command and returns its output (malloc'd); *status is its exit status. */
char *host_out(int *status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Writes len bytes to a host file. */
void host_put(const char *path, const void *data, size_t len);

/* An image file as the core's disk; checks every access is sector-aligned and <= 4 KiB. */
struct host_disk {
	int fd;
	uint64_t size;
	int reads, writes;
	int fail_writes; /* answer writes with FERN_ERR_DENIED */
};
struct fat_disk host_disk_open(struct host_disk *d, const char *image);
void host_disk_close(struct host_disk *d);

/* fsck.fat -n reports nothing wrong with image. */
void host_fsck_clean(const char *image);
/* mtype of path in image gives exactly len bytes of want. */
void host_mtype_is(const char *image, const char *path, const void *want, size_t len);
/* A fresh FAT16 or FAT32 image of kib KiB with one sector per cluster. */
void host_mkfs(const char *image, int bits, unsigned kib);

/* ---- driving the core ---- */
/* len bytes of a pattern that differs by seed and position. */
void fill_pattern(uint8_t *buf, size_t len, unsigned seed);
/* Mounts image as v (must succeed). */
void core_mount(struct fat_volume *v, struct host_disk *d, const char *image);
void core_unmount(struct fat_volume *v, struct host_disk *d);
/* Opens path with flags; CHECKs the status is want and returns the node (NULL on error). */
struct fat_node *core_open(struct fat_volume *v, const char *path, uint32_t flags, int want);
/* The whole file at path read through the core in chunks of step bytes (malloc'd). */
uint8_t *core_read_file(struct fat_volume *v, const char *path, size_t *len, uint32_t step);
/* Creates or truncates path and writes len bytes in chunks of step bytes. */
void core_write_file(struct fat_volume *v, const char *path, const void *data, size_t len,
		     uint32_t step);

#endif
