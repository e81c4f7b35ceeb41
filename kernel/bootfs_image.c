// SPDX-License-Identifier: MIT
/* Access to the boot filesystem archive linked into the image (bootfs_archive.S). */
#include <fern/status.h>
#include <kernel/bootfs.h>
#include <kernel/bootfs_image.h>
#include <kernel/log.h>

extern const char bootfs_archive_start[], bootfs_archive_end[];

const void *bootfs_image(size_t *size)
{
	*size = (size_t)(bootfs_archive_end - bootfs_archive_start);
	return bootfs_archive_start;
}

int bootfs_image_init(void)
{
	size_t size;
	const void *archive = bootfs_image(&size);
	char err[BOOTFS_ERROR_LEN];
	int files = bootfs_check(archive, size, err);
	if (files < 0) {
		log_err("boot filesystem is corrupt, nothing from it will start: %s", err);
		return files;
	}
	log_info("boot filesystem: %d programs, %lu bytes", files, (unsigned long)size);
	return FERN_OK;
}
