/* SPDX-License-Identifier: MIT */
/* The boot filesystem in use (a cpio newc archive of programs and specs): the initrd if the
 * boot loader passed one, else the archive embedded in the kernel image. */
#ifndef KERNEL_BOOTFS_IMAGE_H
#define KERNEL_BOOTFS_IMAGE_H

#include <stddef.h>

struct board;

/* The archive bytes and size; size 0 when it was corrupt (nothing from it starts). */
const void *bootfs_image(size_t *size);
/* Picks the archive (initrd or embedded) and checks all of it; reports a corrupt one by name
 * and leaves the boot filesystem empty. 0 or FERN_ERR_INVALID. Boot only. */
int bootfs_image_init(const struct board *board);

#endif
