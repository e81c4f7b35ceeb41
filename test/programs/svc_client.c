// SPDX-License-Identifier: MIT
/* A client of the spec-declared drivers for the QEMU tests: runs the checks its spec's config
 * names (config checks = "rtc rng ..."), logs one "svc_client: CHECK: ..." line each, and exits
 * with the number of failures. */
#include <fern/bulk.h>
#include <fern/env.h>
#include <fern/service.h>
#include <fern/status.h>
#include <fern/sys.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define SECTOR 512

static int failures;

static void fail(const char *check, const char *fmt, int status)
{
	fern_logf("%s: FAIL: %s: %s", check, fmt, status_name(status));
	failures++;
}

static fern_handle rtc_now; /* the RTC connection, replaced after each restart */

static fern_handle service(const char *env)
{
	if (!strcmp(env, "rtc") && rtc_now)
		return rtc_now;
	fern_handle h = fern_env_handle(env);
	if (!h)
		fern_logf("no handle named %s in the environment", env);
	return h;
}

/* Waits (up to 3 s) for service name to come back after its provider restarted. */
static fern_handle reconnect(const char *name, fern_handle old)
{
	struct fern_wait_item w = {.handle = old, .signals = FERN_SIGNAL_PEER_CLOSED};
	fern_wait(&w, 1, fern_clock_ns() + 3000000000ull);
	fern_handle_close(old);
	for (int tries = 0; tries < 60; tries++) {
		fern_handle h;
		if (fern_service_open(name, &h) == FERN_OK)
			return h;
		fern_sleep_until(fern_clock_ns() + 50000000ull);
	}
	return FERN_HANDLE_INVALID;
}

static void check_rtc(void)
{
	uint64_t t[FERN_MSG_WORDS];
	int rc = fern_getattr(service("rtc"), FERN_ATTR_TIME, t);
	if (rc)
		return fail("rtc", "GETATTR time", rc);
	fern_logf("rtc: time %lu", (unsigned long)t[0]);
}

static void check_rng(void)
{
	uint8_t buf[32];
	int64_t n = fern_read(service("entropy"), 0, buf, sizeof(buf));
	if (n < 0)
		return fail("rng", "READ", (int)n);
	char hex[2 * sizeof(buf) + 1] = "";
	int distinct = 0;
	for (int i = 0; i < n; i++) {
		snprintf(hex + 2 * i, 3, "%02x", buf[i]);
		distinct += i > 0 && buf[i] != buf[0];
	}
	fern_logf("rng: %ld bytes %s (%s)", (long)n, hex, distinct ? "not constant" : "CONSTANT");
	if (n < 2 || !distinct)
		fail("rng", "too few or constant bytes", FERN_ERR_INVALID);
}

/* The pattern of byte i of sector s: what the host and Fern write to test disks. */
static uint8_t pattern(uint64_t sector, unsigned i, uint8_t seed)
{
	return (uint8_t)(sector * 7 + i * 13 + seed);
}

/* The block service and its capacity; a failure is reported under what. */
static int block_open(const char *what, fern_handle *blk, uint64_t *capacity)
{
	*blk = service("block");
	uint64_t attr[FERN_MSG_WORDS];
	int rc = fern_getattr(*blk, FERN_ATTR_SIZE, attr);
	if (rc)
		fail(what, "GETATTR size", rc);
	*capacity = attr[0];
	return rc;
}

static void check_block(const char *what)
{
	fern_handle blk;
	uint64_t capacity;
	int rc = block_open(what, &blk, &capacity);
	if (rc)
		return;
	static uint8_t buf[8 * SECTOR];
	if (!strcmp(what, "block-read")) {
		/* The host wrote pattern(seed 0x5a) into sectors 0..7. */
		int64_t n = fern_read(blk, 0, buf, sizeof(buf));
		if (n != (int64_t)sizeof(buf))
			return fail(what, "READ sectors 0..7", n < 0 ? (int)n : FERN_ERR_INVALID);
		for (unsigned i = 0; i < sizeof(buf); i++)
			if (buf[i] != pattern(i / SECTOR, i % SECTOR, 0x5a))
				return fail(what, "host pattern differs", FERN_ERR_INVALID);
		fern_logf("block-read: capacity %lu bytes, host pattern read back",
			  (unsigned long)capacity);
	} else {
		/* Sectors 8..15 get pattern(seed 0xa5), from eight requests in flight at once. */
		struct fern_msg req[8];
		for (unsigned s = 0; s < 8; s++) {
			for (unsigned i = 0; i < SECTOR; i++)
				buf[s * SECTOR + i] = pattern(8 + s, i, 0xa5);
			req[s] = (struct fern_msg){.type = FERN_MSG_WRITE,
						   .call_id = fern_call_id(),
						   .word = {(8 + s) * SECTOR},
						   .data = buf + s * SECTOR,
						   .data_len = SECTOR};
			rc = fern_channel_send(blk, &req[s]);
			if (rc)
				return fail(what, "sending WRITE", rc);
		}
		for (unsigned s = 0; s < 8; s++) {
			struct fern_msg r = {0};
			rc = fern_channel_recv(blk, &r, fern_clock_ns() + FERN_SERVICE_TIMEOUT_NS);
			if (rc || r.type != (FERN_MSG_WRITE | FERN_MSG_REPLY))
				return fail(what, "WRITE reply", rc ? rc : FERN_ERR_INVALID);
		}
		rc = fern_setattr(blk, FERN_ATTR_SYNC, 0);
		if (rc)
			return fail(what, "SETATTR sync", rc);
		fern_logf("block-write: 8 writes in flight, flushed: pattern written");
	}
}

enum { BULK_BUF = 256 * 1024, BULK_RUN = 64 * 1024, BULK_FIRST = 256 };

/* One round of check_block_bulk through a new buffer: the pattern written in one request
 * from its first 64 KiB, read back by four requests in flight into the next 64 KiB. */
static int block_bulk_round(const char *what, fern_handle blk, bool contiguous)
{
	struct fern_bulk b;
	int rc = fern_bulk_attach(blk, BULK_BUF, contiguous, &b);
	if (rc)
		return fail(what, "sharing a buffer", rc), 1;
	for (unsigned i = 0; i < BULK_RUN; i++)
		b.base[i] = pattern(BULK_FIRST + i / SECTOR, i % SECTOR, 0xb7);
	struct fern_msg w = {.type = FERN_MSG_WRITE,
			     .word = {BULK_FIRST * SECTOR, BULK_RUN, FERN_BULK | 0}};
	struct fern_msg reply = {0};
	rc = fern_call(blk, &w, &reply);
	if (rc || reply.word[0] != BULK_RUN)
		return fail(what, "bulk WRITE of 64 KiB", rc ? rc : FERN_ERR_INVALID), 1;
	for (unsigned k = 0; k < 4; k++) {
		struct fern_msg r = {.type = FERN_MSG_READ,
				     .call_id = 0x6000 + k,
				     .word = {BULK_FIRST * SECTOR + k * BULK_RUN / 4, BULK_RUN / 4,
					      FERN_BULK | (BULK_RUN + k * BULK_RUN / 4)}};
		rc = fern_channel_send(blk, &r);
		if (rc)
			return fail(what, "sending bulk READ", rc), 1;
	}
	for (unsigned k = 0; k < 4; k++) {
		struct fern_msg r = {0};
		rc = fern_channel_recv(blk, &r, fern_clock_ns() + FERN_SERVICE_TIMEOUT_NS);
		if (rc || r.type != (FERN_MSG_READ | FERN_MSG_REPLY) || r.word[0] != BULK_RUN / 4)
			return fail(what, "bulk READ reply", rc ? rc : FERN_ERR_INVALID), 1;
	}
	if (memcmp(b.base, b.base + BULK_RUN, BULK_RUN))
		return fail(what, "bulk READ returned other bytes", FERN_ERR_INVALID), 1;
	struct fern_msg bad = {.type = FERN_MSG_READ,
			       .word = {0, 2 * SECTOR, FERN_BULK | (BULK_BUF - SECTOR)}};
	rc = fern_call(blk, &bad, &reply);
	if (rc != FERN_ERR_RANGE)
		return fail(what, "bulk READ past the buffer's end", rc), 1;
	rc = fern_setattr(blk, FERN_ATTR_SYNC, 0);
	if (rc)
		return fail(what, "SETATTR sync", rc), 1;
	return 0;
}

/* Bulk transfers through a buffer shared with the driver, first a physically contiguous one,
 * then one of scattered pages (sectors 256..383 get pattern seed 0xb7, which
 * test/qemu/block-test.sh checks in the image); and the refusals. */
static void check_block_bulk(const char *what)
{
	fern_handle blk;
	uint64_t capacity;
	if (block_open(what, &blk, &capacity))
		return;
	for (int contiguous = 1; contiguous >= 0; contiguous--)
		if (block_bulk_round(what, blk, contiguous))
			return;
	fern_logf("block-bulk: 64 KiB written in one request, read back by 4 in flight");
}

/* The block service's refusals: misaligned, too long, past the end; with "block-ro", a write
 * to a read-only disk. */
static void check_block_errors(const char *what)
{
	fern_handle blk;
	uint64_t capacity;
	int rc = block_open(what, &blk, &capacity);
	if (rc)
		return;
	static uint8_t buf[SECTOR];
	if (!strcmp(what, "block-ro")) {
		rc = (int)fern_write(blk, 8 * SECTOR, buf, SECTOR);
		if (rc != FERN_ERR_DENIED)
			return fail(what, "WRITE to a read-only disk", rc);
		fern_logf("block-ro: a write to the read-only disk is denied");
		return;
	}
	struct {
		uint64_t offset, len;
		int want;
	} cases[] = {{1, SECTOR, FERN_ERR_INVALID},
		     {0, 100, FERN_ERR_INVALID},
		     {0, 2 * FERN_MSG_DATA_MAX, FERN_ERR_TOO_BIG},
		     {capacity, SECTOR, FERN_ERR_RANGE},
		     {capacity - SECTOR, 2 * SECTOR, FERN_ERR_RANGE}};
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		static uint8_t big[2 * FERN_MSG_DATA_MAX];
		rc = (int)fern_read(blk, cases[i].offset, big, (uint32_t)cases[i].len);
		if (rc != cases[i].want)
			return fail(what, "READ not refused as it should be", rc);
	}
	uint64_t bs[FERN_MSG_WORDS];
	rc = fern_getattr(blk, FERN_ATTR_BLOCK_SIZE, bs);
	if (rc || bs[0] != SECTOR)
		return fail(what, "GETATTR block size", rc ? rc : FERN_ERR_INVALID);
	fern_logf("block-errors: misaligned, too long and out-of-range reads refused");
}

/* Echoes console input lines back through the console until a line "quit". */
static void check_console(void)
{
	fern_handle con = service("console");
	fern_write(con, 0, "console: type a line\n", 21);
	char line[128];
	size_t len = 0;
	for (;;) {
		char c;
		int64_t n = fern_read(con, 0, &c, 1);
		if (n == FERN_ERR_TIMED_OUT)
			continue;
		if (n < 0)
			return fail("console", "READ", (int)n);
		if (n == 0)
			continue;
		if (c == '\r' || c == '\n') {
			line[len] = 0;
			char out[160];
			int k = snprintf(out, sizeof(out), "echo: %s\n", line);
			fern_write(con, 0, out, (uint32_t)k);
			if (!strcmp(line, "quit"))
				return;
			len = 0;
		} else if (len < sizeof(line) - 1) {
			line[len++] = c;
		}
	}
}

/* printf to the console service. */
static int64_t say(fern_handle con, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int64_t say(fern_handle con, const char *fmt, ...)
{
	char out[192];
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(out, sizeof(out), fmt, ap);
	va_end(ap);
	return fern_write(con, 0, out, (uint32_t)(k < (int)sizeof(out) ? k : (int)sizeof(out) - 1));
}

/* Busy after the line "busy": waits for a Ctrl-C first by polling GETATTR interrupt, then by
 * writing until a WRITE is refused. */
static void console_busy(fern_handle con)
{
	say(con, "busy 1: press Ctrl-C\n");
	uint64_t attr[FERN_MSG_WORDS] = {0};
	for (int i = 0; i < 100 && !attr[0]; i++) {
		fern_sleep_until(fern_clock_ns() + 50000000ull);
		int rc = fern_getattr(con, FERN_ATTR_INTERRUPT, attr);
		if (rc)
			return fail("console-edit", "GETATTR interrupt", rc);
	}
	say(con, attr[0] ? "busy 1: interrupt seen\n" : "busy 1: no interrupt\n");
	say(con, "busy 2: press Ctrl-C\n");
	int64_t rc = 0;
	for (int i = 0; i < 100 && rc != FERN_ERR_INTERRUPTED; i++) {
		fern_sleep_until(fern_clock_ns() + 50000000ull);
		rc = fern_write(con, 0, ".", 1);
	}
	say(con, rc == FERN_ERR_INTERRUPTED ? "\nbusy 2: WRITE interrupted\n"
					    : "\nbusy 2: no interrupt\n");
	fern_sleep_until(fern_clock_ns() + 300000000ull); /* time to type ahead */
}

/* Reads edited lines at numbered prompts and reports each, until the input ends (Ctrl-D). */
static void check_console_edit(void)
{
	fern_handle con = service("console");
	for (int i = 1; i < 50; i++) {
		char line[128];
		say(con, "edit %d> ", i);
		int64_t n = fern_read(con, 0, line, sizeof(line) - 1);
		if (n == FERN_ERR_TIMED_OUT) {
			i--;
			continue;
		}
		if (n == FERN_ERR_INTERRUPTED) {
			say(con, "line %d: interrupted\n", i);
			continue;
		}
		if (n < 0)
			return fail("console-edit", "READ", (int)n);
		if (n == 0) {
			say(con, "\nline %d: end of input\n", i); /* Ctrl-D echoes nothing */
			return;
		}
		line[n - (line[n - 1] == '\n')] = 0;
		say(con, "line %d: %s\n", i, line);
		if (!strcmp(line, "busy"))
			console_busy(con);
	}
}

/* Makes the serial driver fault; the console server reconnects to its restarted successor
 * (a "console" check after this one shows that input and output still work). */
static void check_crash_serial(void)
{
	fern_handle serial = service("serial");
	int rc = fern_setattr(serial, FERN_ATTR_TEST_FAULT, FERN_TEST_FAULT_NULL);
	if (rc != FERN_ERR_PEER_CLOSED)
		return fail("crash-serial", "the test fault did not end the driver", rc);
	fern_handle_close(serial);
	fern_logf("crash-serial: the serial driver is gone");
}

/* Makes the RTC driver fault (null or MMIO outside its fragment) and checks it comes back. */
static void check_restart(const char *what, uint64_t kind)
{
	fern_handle rtc = service("rtc");
	int rc = fern_setattr(rtc, FERN_ATTR_TEST_FAULT, kind);
	if (rc != FERN_ERR_PEER_CLOSED)
		return fail(what, "the test fault did not end the driver", rc);
	fern_logf("%s: the driver is gone; reconnecting", what);
	fern_handle again = reconnect("rtc", rtc);
	rtc_now = again;
	if (!again)
		return fail(what, "reconnecting to rtc", FERN_ERR_NOT_FOUND);
	uint64_t t[FERN_MSG_WORDS];
	rc = fern_getattr(again, FERN_ATTR_TIME, t);
	if (rc)
		return fail(what, "GETATTR after restart", rc);
	fern_logf("%s: rtc works again after its restart (time %lu)", what, (unsigned long)t[0]);
}

/* Takes every page it can get, in chunks from 64 MiB down to one page, into hog[]; returns
 * how many objects it made (at most max). */
static int hog_memory(fern_handle *hog, int n, int max)
{
	for (uint64_t size = 64ull << 20; size >= 4096 && n < max; size /= 4) {
		int64_t v;
		while (n < max && !fern_is_error(v = fern_vmo_create(size, FERN_VMO_COMMIT)))
			hog[n++] = (fern_handle)v;
	}
	return n;
}

/* Memory runs out while rtc is down: its restart fails, and is retried (with back-off) until
 * memory is back. The spec gives this client a priority above the startup task, so that it
 * takes what rtc's end freed before the delayed restart can. */
static void check_starve_restart(void)
{
	static fern_handle hog[200];
	fern_handle startup = fern_env_handle("startup"), rtc = service("rtc");
	int rc = fern_setattr_data(startup, FERN_ATTR_KILL, "rtc", 3);
	if (rc)
		return fail("starve-rtc", "kill rtc", rc);
	int n = hog_memory(hog, 0, 200); /* long: zeroing; rtc ends in our first sleep */
	uint64_t until = fern_clock_ns() + 600000000ull;
	while (fern_clock_ns() < until) { /* then keep memory empty for 600 ms */
		n = hog_memory(hog, n, 200);
		fern_sleep_until(fern_clock_ns() + 2000000ull);
	}
	fern_logf("starve-rtc: held %d objects; giving memory back", n);
	while (n > 0)
		fern_handle_close(hog[--n]);
	fern_handle again = reconnect("rtc", rtc);
	rtc_now = again;
	uint64_t t[FERN_MSG_WORDS];
	rc = again ? fern_getattr(again, FERN_ATTR_TIME, t) : FERN_ERR_NOT_FOUND;
	if (rc)
		return fail("starve-rtc", "rtc after memory came back", rc);
	fern_logf("starve-rtc: rtc works again once memory is back");
}

/* System control over the startup channel: reports, the device tree, kill, stop, start. */
static void check_control(void)
{
	static char report[8192];
	fern_handle startup = fern_env_handle("startup");
	int64_t n = fern_report_read("ps", report, sizeof(report));
	if (n < 0)
		return fail("control", "READ ps", (int)n);
	if (!strstr(report, " rtc ") || !strstr(report, "svc-control"))
		return fail("control", "ps lacks rtc or svc-control", FERN_ERR_NOT_FOUND);
	for (char *save, *line = strtok_r(report, "\n", &save); line;
	     line = strtok_r(0, "\n", &save))
		fern_logf("control: ps: %s", line);
	n = fern_report_read("dt", report, sizeof(report));
	if (n < 4 || (uint8_t)report[0] != 0xd0 || (uint8_t)report[1] != 0x0d)
		return fail("control", "READ dt is not a device tree", (int)(n < 0 ? n : 0));
	fern_logf("control: dt: %ld bytes, magic d00dfeed, %s", (long)n,
		  n < (int64_t)sizeof(report) - 1 ? "packed" : "cut short");
	int rc = (int)fern_report_read("nosuch", report, sizeof(report));
	fern_logf("control: report nosuch: %s", status_name(rc));
	rc = fern_setattr_data(startup, FERN_ATTR_KILL, "nosuch", 6);
	fern_logf("control: kill nosuch: %s", status_name(rc));
	rc = fern_setattr_data(startup, FERN_ATTR_START, "rtc", 3);
	fern_logf("control: start rtc while it runs: %s", status_name(rc));
	rc = fern_setattr_data(startup, FERN_ATTR_KILL, "rtc", 3);
	if (rc)
		return fail("control", "kill rtc", rc);
	fern_handle rtc = reconnect("rtc", service("rtc"));
	uint64_t t[FERN_MSG_WORDS];
	rc = rtc ? fern_getattr(rtc, FERN_ATTR_TIME, t) : FERN_ERR_NOT_FOUND;
	if (rc)
		return fail("control", "rtc after kill", rc);
	fern_logf("control: rtc restarted after kill");
	rc = fern_setattr_data(startup, FERN_ATTR_STOP, "rtc", 3);
	if (rc)
		return fail("control", "stop rtc", rc);
	struct fern_wait_item w = {.handle = rtc, .signals = FERN_SIGNAL_PEER_CLOSED};
	fern_wait(&w, 1, fern_clock_ns() + 3000000000ull);
	fern_handle_close(rtc);
	fern_handle h;
	rc = fern_service_open("rtc", &h);
	fern_logf("control: open rtc after stop: %s", status_name(rc));
	if (rc == FERN_OK)
		return fail("control", "rtc still answers after stop", FERN_ERR_EXISTS);
	rc = fern_setattr_data(startup, FERN_ATTR_START, "rtc", 3);
	if (rc)
		return fail("control", "start rtc", rc);
	rtc = reconnect("rtc", FERN_HANDLE_INVALID);
	rc = rtc ? fern_getattr(rtc, FERN_ATTR_TIME, t) : FERN_ERR_NOT_FOUND;
	if (rc)
		return fail("control", "rtc after start", rc);
	rtc_now = rtc;
	fern_logf("control: rtc works again after stop and start");
}

/* ---- the filesystem (fs-test.sh made the disk with mkfs.fat and mcopy, and checks it
 * after) */

#define FS_TEXT_MAX 9000

/* The text Fern writes: "line 0\n" .. "line 999\n", as `seq -f 'line %g' 0 999` prints it.
 */
static uint32_t fs_text(char *buf)
{
	uint32_t len = 0;
	for (int i = 0; i < 1000; i++)
		len += (uint32_t)snprintf(buf + len, FS_TEXT_MAX - len, "line %d\n", i);
	return len;
}

/* Opens path on h and checks the status is want; the channel in *out when it is opened. */
static int fs_open(fern_handle h, const char *path, uint32_t flags, int want, fern_handle *out)
{
	fern_handle c = FERN_HANDLE_INVALID;
	int rc = fern_open(h, path, flags, &c);
	if (rc != want) {
		fern_logf("fs: open %s (flags %#x) gave %s, not %s", path, (unsigned)flags,
			  status_name(rc), status_name(want));
		failures++;
		return rc ? rc : FERN_ERR_INVALID;
	}
	if (out)
		*out = c;
	else if (c)
		fern_handle_close(c);
	return FERN_OK;
}

/* Whether the listing of directory path on h names name. */
static bool fs_lists(fern_handle h, const char *path, const char *name)
{
	fern_handle d;
	static uint8_t buf[FERN_MSG_DATA_MAX];
	bool seen = false;
	if (fs_open(h, path, FERN_OPEN_DIRECTORY, FERN_OK, &d))
		return false;
	for (uint64_t index = 0;;) {
		struct fern_msg req = {.type = FERN_MSG_READ, .word = {index, sizeof(buf)}};
		struct fern_msg reply = {.data = buf, .data_cap = sizeof(buf)};
		if (fern_call(d, &req, &reply) || !reply.data_len)
			break;
		for (uint32_t at = 0; at + sizeof(struct fern_dirent) <= reply.data_len;) {
			struct fern_dirent *e = (struct fern_dirent *)(buf + at);
			seen |= !strcmp(e->name, name);
			at += e->reclen ? e->reclen : reply.data_len;
		}
		index = reply.word[0];
	}
	fern_handle_close(d);
	return seen;
}

/* Reads the file at path on h whole into buf (cap bytes); returns its length or an error.
 */
static int64_t fs_slurp(fern_handle h, const char *path, char *buf, uint32_t cap)
{
	fern_handle f;
	int64_t len = 0, n;
	if (fs_open(h, path, FERN_OPEN_READ, FERN_OK, &f))
		return FERN_ERR_NOT_FOUND;
	while (len < cap &&
	       (n = fern_read(f, (uint64_t)len, buf + len,
			      cap - (uint32_t)len > 4096 ? 4096 : cap - (uint32_t)len)) > 0)
		len += n;
	fern_handle_close(f);
	return len;
}

/* Reads the host's files, writes, appends, renames and removes; the host checks the image.
 */
/* Durability: two files written and a SYNC answered; then the client keeps the filesystem
 * busy with unsynced writes (so that its idle sync never comes) until the test kills the
 * machine. fs-durable-test.sh then finds both files whole with mtype and fsck.fat content. */
static void check_fs_durable(void)
{
	fern_handle fs = service("fs"), f;
	static uint8_t data[4096];
	static const struct {
		const char *path;
		uint32_t bytes;
		uint8_t seed;
	} files[] = {{"/KEEP1.TXT", 100 * 1024, 0x11}, {"/keep/second file.bin", 300 * 1024, 0x77}};
	if (fs_open(fs, "keep", FERN_OPEN_CREATE | FERN_OPEN_DIRECTORY, FERN_OK, NULL))
		return;
	for (unsigned k = 0; k < 2; k++) {
		if (fs_open(fs, files[k].path, FERN_OPEN_WRITE | FERN_OPEN_CREATE, FERN_OK, &f))
			return;
		for (uint32_t at = 0; at < files[k].bytes; at += sizeof(data)) {
			for (unsigned i = 0; i < sizeof(data); i++)
				data[i] =
				    pattern((at + i) / SECTOR, (at + i) % SECTOR, files[k].seed);
			if (fern_write(f, at, data, sizeof(data)) != sizeof(data))
				return fail("fs-durable", "WRITE", FERN_ERR_INVALID);
		}
		fern_handle_close(f);
	}
	int rc = fern_setattr(fs, FERN_ATTR_SYNC, 0);
	if (rc)
		return fail("fs-durable", "SYNC", rc);
	fern_logf("fs-durable: 2 files written and synced");
	if (fs_open(fs, "/LATER.TXT", FERN_OPEN_WRITE | FERN_OPEN_CREATE, FERN_OK, &f))
		return;
	for (uint64_t at = 0;; at = (at + sizeof(data)) % (1024 * 1024))
		fern_write(f, at, data, sizeof(data)); /* until the machine is killed */
}

static void check_fs(void)
{
	fern_handle fs = service("fs"), f;
	static char text[FS_TEXT_MAX], back[FS_TEXT_MAX];
	int64_t n = fs_slurp(fs, "/Docs/A long name from the host.txt", back, sizeof(back));
	if (n != 20 || memcmp(back, "Hello from the host\n", 20))
		return fail("fs", "the host's file reads back wrong", n < 0 ? (int)n : 0);
	if (!fs_lists(fs, "docs", "A long name from the host.txt"))
		return fail("fs", "the listing of docs lacks the host's file", FERN_ERR_NOT_FOUND);
	fern_logf("fs-read: the host's long-named file and directory read back");
	uint32_t len = fs_text(text);
	if (fs_open(fs, "Fern", FERN_OPEN_CREATE | FERN_OPEN_DIRECTORY, FERN_OK, NULL) ||
	    fs_open(fs, "Fern/Written by Fern.txt", FERN_OPEN_WRITE | FERN_OPEN_CREATE, FERN_OK,
		    &f))
		return;
	for (uint32_t at = 0; at < len; at += 4096)
		if (fern_write(f, at, text + at, len - at < 4096 ? len - at : 4096) < 0)
			return fail("fs", "WRITE", FERN_ERR_INVALID);
	uint64_t st[FERN_MSG_WORDS];
	int rc = fern_getattr(f, FERN_ATTR_STAT, st);
	fern_handle_close(f);
	if (rc || st[0] != len || st[1] != FERN_KIND_FILE || st[2] < 1600000000)
		return fail("fs", "STAT after writing", rc ? rc : FERN_ERR_INVALID);
	if (fs_open(fs, "fern/written by fern.txt", FERN_OPEN_WRITE | FERN_OPEN_APPEND, FERN_OK,
		    &f))
		return;
	n = fern_write(f, 0, "appended by Fern\n", 17);
	fern_handle_close(f);
	const char *move = "Fern/Written by Fern.txt\0Fern/Renamed by Fern.txt";
	rc = n == 17 ? fern_setattr_data(fs, FERN_ATTR_RENAME, move, 49) : (int)n;
	if (!rc)
		rc = fern_setattr_data(fs, FERN_ATTR_REMOVE, "delete-me.txt", 13);
	if (rc)
		return fail("fs", "append, rename or remove", rc);
	fs_open(fs, "delete-me.txt", 0, FERN_ERR_NOT_FOUND, NULL);
	fs_open(fs, "Fern", FERN_OPEN_WRITE, FERN_ERR_IS_DIR, NULL);
	fs_open(fs, "Fern", FERN_OPEN_CREATE | FERN_OPEN_DIRECTORY | FERN_OPEN_EXCLUSIVE,
		FERN_ERR_EXISTS, NULL);
	if (fern_setattr_data(fs, FERN_ATTR_REMOVE, "Fern", 4) != FERN_ERR_NOT_EMPTY)
		return fail("fs", "removing a full directory", FERN_ERR_INVALID);
	uint64_t space[FERN_MSG_WORDS];
	rc = fern_getattr(fs, FERN_ATTR_FREE, space);
	if (!rc)
		rc = fern_setattr(fs, FERN_ATTR_SYNC, 0);
	if (rc)
		return fail("fs", "GETATTR free or SETATTR sync", rc);
	fern_logf("fs-write: wrote, appended, renamed and removed; %lu of %lu bytes free",
		  (unsigned long)space[0], (unsigned long)space[1]);
}

/* The block driver faults and is restarted; the filesystem reconnects and works on. */
static void check_fs_restart(void)
{
	fern_handle fs = service("fs"), f;
	int rc = fern_setattr(service("block"), FERN_ATTR_TEST_FAULT, FERN_TEST_FAULT_NULL);
	if (rc != FERN_ERR_PEER_CLOSED)
		return fail("fs-restart", "the test fault did not end the block driver", rc);
	if (fs_open(fs, "after restart.txt", FERN_OPEN_WRITE | FERN_OPEN_CREATE, FERN_OK, &f))
		return;
	int64_t n = fern_write(f, 0, "written after the restart\n", 26);
	fern_handle_close(f);
	rc = n == 26 ? fern_setattr(fs, FERN_ATTR_SYNC, 0) : (n < 0 ? (int)n : FERN_ERR_INVALID);
	if (rc)
		return fail("fs-restart", "writing after the block driver restarted", rc);
	fern_logf("fs-restart: files work again after the block driver's restart");
}

/* A disk that is not FAT: the filesystem answers CORRUPT and stays up. */
static void check_fs_corrupt(void)
{
	uint64_t space[FERN_MSG_WORDS];
	if (fs_open(service("fs"), "README", 0, FERN_ERR_CORRUPT, NULL))
		return;
	int rc = fern_getattr(service("fs"), FERN_ATTR_FREE, space);
	if (rc != FERN_ERR_CORRUPT)
		return fail("fs-corrupt", "GETATTR free on a non-FAT disk", rc);
	fern_logf("fs-corrupt: a non-FAT disk is refused with corrupt, twice");
}

int main(void)
{
	char checks[128];
	snprintf(checks, sizeof(checks), "%s", fern_env_config_string("checks", ""));
	for (char *save, *c = strtok_r(checks, " ", &save); c; c = strtok_r(0, " ", &save)) {
		if (!strcmp(c, "rtc"))
			check_rtc();
		else if (!strcmp(c, "rng"))
			check_rng();
		else if (!strcmp(c, "block-read") || !strcmp(c, "block-write"))
			check_block(c);
		else if (!strcmp(c, "fs-durable"))
			check_fs_durable();
		else if (!strcmp(c, "block-bulk"))
			check_block_bulk(c);
		else if (!strcmp(c, "block-errors") || !strcmp(c, "block-ro"))
			check_block_errors(c);
		else if (!strcmp(c, "console"))
			check_console();
		else if (!strcmp(c, "control"))
			check_control();
		else if (!strcmp(c, "starve-rtc"))
			check_starve_restart();
		else if (!strcmp(c, "console-edit"))
			check_console_edit();
		else if (!strcmp(c, "crash-serial"))
			check_crash_serial();
		else if (!strcmp(c, "crash-rtc"))
			check_restart(c, FERN_TEST_FAULT_NULL);
		else if (!strcmp(c, "mmio-rtc"))
			check_restart(c, FERN_TEST_FAULT_MMIO);
		else if (!strcmp(c, "fs"))
			check_fs();
		else if (!strcmp(c, "fs-restart"))
			check_fs_restart();
		else if (!strcmp(c, "fs-corrupt"))
			check_fs_corrupt();
		else
			fail(c, "unknown check", FERN_ERR_INVALID);
	}
	fern_logf("done: %d failures", failures);
	return failures;
}
