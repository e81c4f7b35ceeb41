// SPDX-License-Identifier: MIT
/* test_fat's host side (fat_host.h): scratch files, image disks and host commands. */
#define _GNU_SOURCE
#include "fat_host.h"

#include "check.h"

#include <fcntl.h>
#include <fern/abi.h>
#include <fern/status.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char scratch[256];

void host_init(void)
{
	snprintf(scratch, sizeof(scratch), "%s/fern-fat-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	CHECK(mkdtemp(scratch));
	setenv("MTOOLS_SKIP_CHECK", "1", 1);
	setenv("LC_ALL", "C.UTF-8", 1);
	char path[1024]; /* fsck.fat and mkfs.fat live in sbin */
	snprintf(path, sizeof(path), "/usr/sbin:/sbin:%s",
		 getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin");
	setenv("PATH", path, 1);
}

const char *host_path(const char *name)
{
	static char buf[4][512];
	static int next;
	char *p = buf[next++ % 4];
	snprintf(p, 512, "%s/%s", scratch, name);
	return p;
}

void host_sh(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	int rc = system(cmd);
	if (rc != 0)
		fprintf(stderr, "command failed (%d): %s\n", rc, cmd);
	CHECK(rc == 0);
}

char *host_out(int *status, const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	FILE *f = popen(cmd, "r");
	CHECK(f);
	size_t cap = 4096, len = 0;
	char *out = malloc(cap);
	size_t n;
	while ((n = fread(out + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (cap - len < 2)
			out = realloc(out, cap *= 2);
	}
	out[len] = 0;
	int rc = pclose(f);
	*status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
	return out;
}

void host_put(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	CHECK(f);
	CHECK(fwrite(data, 1, len, f) == len);
	fclose(f);
}

static int check_io(struct host_disk *d, uint64_t off, uint32_t len)
{
	if (off % FAT_SECTOR || len % FAT_SECTOR || !len || len > FAT_IO_MAX) {
		fprintf(stderr, "bad disk access: offset %lu length %u\n", (unsigned long)off, len);
		exit(1);
	}
	return off + len > d->size ? FERN_ERR_RANGE : FERN_OK;
}

static int disk_read(void *ctx, uint64_t off, void *buf, uint32_t len)
{
	struct host_disk *d = ctx;
	int rc = check_io(d, off, len);
	d->reads++;
	if (!rc && pread(d->fd, buf, len, (off_t)off) != (ssize_t)len)
		rc = FERN_ERR_FAULT;
	return rc;
}

static int disk_write(void *ctx, uint64_t off, const void *buf, uint32_t len)
{
	struct host_disk *d = ctx;
	int rc = check_io(d, off, len);
	d->writes++;
	if (d->fail_writes)
		return FERN_ERR_DENIED;
	if (!rc && pwrite(d->fd, buf, len, (off_t)off) != (ssize_t)len)
		rc = FERN_ERR_FAULT;
	return rc;
}

static int disk_sync(void *ctx)
{
	(void)ctx;
	return FERN_OK;
}

static int disk_size(void *ctx, uint64_t *bytes)
{
	*bytes = ((struct host_disk *)ctx)->size;
	return FERN_OK;
}

static uint64_t disk_now(void *ctx)
{
	(void)ctx;
	return HOST_NOW;
}

struct fat_disk host_disk_open(struct host_disk *d, const char *image)
{
	memset(d, 0, sizeof(*d));
	d->fd = open(image, O_RDWR);
	CHECK(d->fd >= 0);
	struct stat st;
	CHECK(fstat(d->fd, &st) == 0);
	d->size = (uint64_t)st.st_size;
	return (struct fat_disk){.read = disk_read,
				 .write = disk_write,
				 .sync = disk_sync,
				 .size = disk_size,
				 .now = disk_now,
				 .ctx = d};
}

void host_disk_close(struct host_disk *d)
{
	close(d->fd);
	d->fd = -1;
}

void host_fsck_clean(const char *image)
{
	int status;
	char *out = host_out(&status, "fsck.fat -n '%s' 2>&1", image);
	int lines = 0;
	for (char *p = out; *p; p++)
		lines += *p == '\n';
	if (status || lines != 2)
		fprintf(stderr, "fsck.fat -n %s is not clean (exit %d):\n%s", image, status, out);
	CHECK(status == 0 && lines == 2);
	free(out);
}

void host_mtype_is(const char *image, const char *path, const void *want, size_t len)
{
	const char *out = host_path("mtype.out");
	host_sh("mtype -i '%s' '::%s' > '%s'", image, path, out);
	FILE *f = fopen(out, "rb");
	CHECK(f);
	uint8_t *got = malloc(len + 1);
	size_t n = fread(got, 1, len + 1, f);
	fclose(f);
	if (n != len || memcmp(got, want, len))
		fprintf(stderr, "mtype %s: %zu bytes, not the %zu written\n", path, n, len);
	CHECK(n == len && !memcmp(got, want, len));
	free(got);
}

void host_mkfs(const char *image, int bits, unsigned kib)
{
	host_sh("rm -f '%s' && mkfs.fat -F %d -s 1 -C '%s' %u >/dev/null", image, bits, image, kib);
}

void fill_pattern(uint8_t *buf, size_t len, unsigned seed)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = (uint8_t)(i * 7 + (i >> 9) * 13 + seed * 31);
}

void core_mount(struct fat_volume *v, struct host_disk *d, const char *image)
{
	struct fat_disk disk = host_disk_open(d, image);
	int rc = fat_mount(v, &disk);
	if (rc)
		fprintf(stderr, "mount %s: %s\n", image, v->why);
	CHECK_EQ(rc, FERN_OK);
}

void core_unmount(struct fat_volume *v, struct host_disk *d)
{
	for (int i = 0; i < FAT_MAX_OPEN; i++)
		CHECK_EQ(v->open[i].refs, 0); /* every test closes what it opens */
	CHECK_EQ(fat_unmount(v), FERN_OK);
	host_disk_close(d);
}

struct fat_node *core_open(struct fat_volume *v, const char *path, uint32_t flags, int want)
{
	struct fat_node *n = NULL;
	int rc = fat_open(v, NULL, path, strlen(path), flags, &n);
	if (rc != want)
		fprintf(stderr, "open \"%s\" (flags %#x): %s, want %s\n", path, flags,
			status_name(rc), status_name(want));
	CHECK_EQ(rc, want);
	return rc ? NULL : n;
}

uint8_t *core_read_file(struct fat_volume *v, const char *path, size_t *len, uint32_t step)
{
	struct fat_node *n = core_open(v, path, 0, FERN_OK);
	uint8_t *buf = malloc(n->size + 1);
	size_t at = 0;
	int64_t got;
	while ((got = fat_read(v, n, at, buf + at, step)) > 0)
		at += (size_t)got;
	CHECK_EQ(got, 0);
	CHECK_EQ(at, n->size);
	*len = at;
	fat_close(v, n);
	return buf;
}

void core_write_file(struct fat_volume *v, const char *path, const void *data, size_t len,
		     uint32_t step)
{
	struct fat_node *n =
	    core_open(v, path, FERN_OPEN_WRITE | FERN_OPEN_CREATE | FERN_OPEN_TRUNCATE, FERN_OK);
	for (size_t at = 0; at < len;) {
		uint32_t k = len - at < step ? (uint32_t)(len - at) : step;
		CHECK_EQ(fat_write(v, n, at, (const uint8_t *)data + at, k), k);
		at += k;
	}
	CHECK_EQ(n->size, len);
	fat_close(v, n);
}
