/* SPDX-License-Identifier: MIT */
/* The boot filesystem embedded in the kernel image (a cpio newc archive of programs). */
#ifndef KERNEL_BOOTFS_IMAGE_H
#define KERNEL_BOOTFS_IMAGE_H

#include <stddef.h>

/* The archive bytes and size (validated once at boot by bootfs_image_init). */
const void *bootfs_image(size_t *size);
/* Checks the embedded archive; reports a corrupt one by name. 0 or FERN_ERR_INVALID. */
int bootfs_image_init(void);

#endif
