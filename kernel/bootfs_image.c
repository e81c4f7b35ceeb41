// SPDX-License-Identifier: MIT
/* The boot filesystem in use: the initrd the boot loader passed (/chosen linux,initrd-*), which
 * replaces the archive linked into the image (bootfs_archive.S), or else that archive. */
#include <fern/format.h>
#include <fern/status.h>
#include <kernel/bootfs.h>
#include <kernel/bootfs_image.h>
#include <kernel/log.h>
#include <kernel/state.h>
#include <kernel/vm.h>

extern const char bootfs_archive_start[], bootfs_archive_end[];

const void *bootfs_image(size_t *size)
{
	*size = kstate.bootfs.size;
	return kstate.bootfs.archive;
}

int bootfs_image_init(const struct board *board)
{
	const void *archive = bootfs_archive_start;
	size_t size = (size_t)(bootfs_archive_end - bootfs_archive_start);
	char source[64] = "the embedded archive";
	if (board->initrd.size) {
		archive = phys_to_virt(board->initrd.base);
		size = board->initrd.size;
		format_snprintf(source, sizeof(source), "the initrd at %#lx",
				(unsigned long)board->initrd.base);
	}
	char err[BOOTFS_ERROR_LEN];
	int files = bootfs_check(archive, size, err);
	if (files < 0) {
		log_err("boot filesystem (%s) is corrupt, nothing from it will start: %s", source,
			err);
		return files;
	}
	kstate.bootfs.archive = archive;
	kstate.bootfs.size = size;
	log_info("boot filesystem: %s, %d files, %lu bytes", source, files, (unsigned long)size);
	return FERN_OK;
}
