// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness: a boot filesystem (an initrd) through the kernel's cpio reader
 * (kernel/bootfs.c): bootfs_check, then what the startup task does with an archive that passed
 * it: bootfs_for_each over every file (each byte of each read) and bootfs_find of each name.
 * The file count, names and data ranges must agree between the three.
 */
#include "fuzz.h"

#include <fern/status.h>
#include <kernel/bootfs.h>
#include <string.h>

struct walk {
	const uint8_t *archive;
	size_t size;
	int files;
	unsigned sum;
};

static void visit(const struct bootfs_file *file, void *arg)
{
	struct walk *w = arg;
	w->files++;
	FUZZ_CHECK(memchr(file->name, 0, sizeof(file->name)));
	FUZZ_CHECK(file->data >= w->archive && file->size <= w->size &&
		   (size_t)(file->data - w->archive) <= w->size - file->size);
	for (size_t i = 0; i < file->size; i++)
		w->sum += file->data[i];
	struct bootfs_file found;
	FUZZ_CHECK(bootfs_find(w->archive, w->size, file->name, &found) == FERN_OK);
	FUZZ_CHECK(!strcmp(found.name, file->name));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *archive = malloc(size ? size : 1);
	FUZZ_CHECK(archive);
	memcpy(archive, data, size);
	char err[BOOTFS_ERROR_LEN];
	int files = bootfs_check(archive, size, err);
	if (files < 0) {
		FUZZ_CHECK(files == FERN_ERR_INVALID && err[0] && memchr(err, 0, sizeof(err)));
	} else {
		struct walk w = {archive, size, 0, 0};
		bootfs_for_each(archive, size, visit, &w);
		FUZZ_CHECK(w.files == files);
		struct bootfs_file none;
		FUZZ_CHECK(bootfs_find(archive, size, "no such file, surely", &none) ==
			   FERN_ERR_NOT_FOUND);
	}
	free(archive);
	return 0;
}
