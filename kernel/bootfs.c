// SPDX-License-Identifier: MIT
/* Reads the boot filesystem, a cpio "newc" archive, checking every header against its bounds. */
#include <kernel/bootfs.h>

#include <fern/format.h>
#include <fern/status.h>
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>

#define CPIO_HEADER_SIZE  110 /* "070701" + 13 fields of 8 hex digits */
#define CPIO_FIELDS       13
#define CPIO_TYPE_MASK    0170000u
#define CPIO_TYPE_REGULAR 0100000u

enum { CPIO_MODE = 1, CPIO_FILESIZE = 6, CPIO_NAMESIZE = 11 };

static const char *const cpio_field_name[CPIO_FIELDS] = {
    "ino",      "mode",     "uid",       "gid",       "nlink",    "mtime", "filesize",
    "devmajor", "devminor", "rdevmajor", "rdevminor", "namesize", "check",
};

/* One parsed header: where its name and data are, and where the next header starts. */
struct bootfs_entry {
	uint32_t mode;
	const char *name; /* NUL-terminated, leading "./" removed */
	const uint8_t *data;
	size_t size;
	uint64_t next;
	bool trailer;
};

/* Formats a reason into err (if any); every bootfs error is FERN_ERR_INVALID. */
__attribute__((format(printf, 2, 3))) static int bootfs_fail(char *err, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		format_vsnprintf(err, BOOTFS_ERROR_LEN, fmt, ap);
		va_end(ap);
	}
	return FERN_ERR_INVALID;
}

static uint64_t bootfs_align4(uint64_t v)
{
	return (v + 3) & ~(uint64_t)3;
}

/* Parses 8 hex digits (either case); false on anything else. */
static bool bootfs_hex8(const uint8_t *p, uint32_t *out)
{
	uint32_t v = 0;
	for (int i = 0; i < 8; i++) {
		unsigned c = p[i], d;
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return false;
		v = v << 4 | d;
	}
	*out = v;
	return true;
}

/* Removes one leading "./" (what `find . | cpio` produces). */
static const char *bootfs_strip(const char *name)
{
	return name[0] == '.' && name[1] == '/' ? name + 2 : name;
}

/* Parses and bounds-checks the header at off (entry number index, for messages). */
static int bootfs_read(const uint8_t *a, size_t size, uint64_t off, int index,
		       struct bootfs_entry *e, char *err)
{
	uint32_t field[CPIO_FIELDS];
	size_t at = (size_t)off;

	if (off >= size)
		return bootfs_fail(err, "no TRAILER!!! entry: archive ends at offset %zu", size);
	if (size - off < CPIO_HEADER_SIZE)
		return bootfs_fail(err, "entry %d at offset %zu: truncated header (%zu bytes left)",
				   index, at, size - at);
	if (memcmp(a + off, "070701", 6) != 0)
		return bootfs_fail(err, "entry %d at offset %zu: bad magic (not cpio newc 070701)",
				   index, at);
	for (int i = 0; i < CPIO_FIELDS; i++)
		if (!bootfs_hex8(a + off + 6 + 8 * i, &field[i]))
			return bootfs_fail(err, "entry %d at offset %zu: field %s is not hex",
					   index, at, cpio_field_name[i]);

	uint64_t name_off = off + CPIO_HEADER_SIZE, namesize = field[CPIO_NAMESIZE];
	if (namesize == 0 || namesize > size - name_off)
		return bootfs_fail(err, "entry %d at offset %zu: name size %llu out of bounds",
				   index, at, (unsigned long long)namesize);
	const char *raw = (const char *)a + name_off;
	if (memchr(raw, '\0', namesize) != raw + namesize - 1)
		return bootfs_fail(err, "entry %d at offset %zu: name not NUL-terminated", index,
				   at);
	e->name = bootfs_strip(raw);
	if (strlen(e->name) >= BOOTFS_NAME_MAX)
		return bootfs_fail(err, "entry %d at offset %zu: name too long (%zu bytes, max %d)",
				   index, at, strlen(e->name), BOOTFS_NAME_MAX - 1);

	/* An empty last entry may end without its padding: there is nothing to read there. */
	uint64_t data_off = bootfs_align4(name_off + namesize), filesize = field[CPIO_FILESIZE];
	if (filesize == 0 && data_off > size)
		data_off = size;
	if (data_off > size || filesize > size - data_off)
		return bootfs_fail(err,
				   "entry %d at offset %zu: file size %llu runs past the end (%zu)",
				   index, at, (unsigned long long)filesize, size);
	e->mode = field[CPIO_MODE];
	e->data = a + data_off;
	e->size = (size_t)filesize;
	e->next = bootfs_align4(data_off + filesize);
	e->trailer = strcmp(raw, "TRAILER!!!") == 0;
	return FERN_OK;
}

/* Whether an entry is a file we serve: regular, and not "." (directories and links are not). */
static bool bootfs_is_file(const struct bootfs_entry *e)
{
	return (e->mode & CPIO_TYPE_MASK) == CPIO_TYPE_REGULAR && e->name[0] != '\0' &&
	       strcmp(e->name, ".") != 0;
}

int bootfs_check(const void *archive, size_t size, char *err)
{
	struct bootfs_entry e;
	uint64_t off = 0;
	int files = 0;

	if (err)
		err[0] = '\0';
	for (int index = 0;; index++) {
		int rc = bootfs_read(archive, size, off, index, &e, err);
		if (rc < 0)
			return rc;
		if (e.trailer)
			return files;
		if (bootfs_is_file(&e) && files++ == __INT_MAX__ - 1)
			return bootfs_fail(err, "too many files");
		off = e.next;
	}
}

/* Fills a bootfs_file from an entry whose name bootfs_read has checked for length. */
static void bootfs_fill(const struct bootfs_entry *e, struct bootfs_file *out)
{
	memcpy(out->name, e->name, strlen(e->name) + 1);
	out->data = e->data;
	out->size = e->size;
}

/* Steps to the next entry of a checked archive; false at the trailer (or a bad header). */
static bool bootfs_next(const void *archive, size_t size, uint64_t *off, struct bootfs_entry *e)
{
	if (bootfs_read(archive, size, *off, 0, e, NULL) < 0 || e->trailer)
		return false;
	*off = e->next;
	return true;
}

int bootfs_find(const void *archive, size_t size, const char *name, struct bootfs_file *out)
{
	struct bootfs_entry e;
	uint64_t off = 0;

	name = bootfs_strip(name);
	while (bootfs_next(archive, size, &off, &e)) {
		if (bootfs_is_file(&e) && strcmp(e.name, name) == 0) {
			bootfs_fill(&e, out);
			return FERN_OK;
		}
	}
	return FERN_ERR_NOT_FOUND;
}

void bootfs_for_each(const void *archive, size_t size,
		     void (*fn)(const struct bootfs_file *file, void *ctx), void *ctx)
{
	struct bootfs_entry e;
	uint64_t off = 0;

	while (bootfs_next(archive, size, &off, &e)) {
		if (bootfs_is_file(&e)) {
			struct bootfs_file file;
			bootfs_fill(&e, &file);
			fn(&file, ctx);
		}
	}
}
