// SPDX-License-Identifier: MIT
/* Commands that read or write one thing in the namespace: cat, hexdump, write and append. */
#include "fmt.h"
#include "shell.h"

#include <fern/service.h>
#include <fern/status.h>
#include <fern/sys.h>
#include <string.h>

#define CHUNK 4096 /* bytes per READ */

/* Calls each(sh, ctx, offset, bytes, n) for the contents of arg in order, until the end, an
 * error (reported as cmd's) or an interrupt. */
typedef void (*chunk_fn)(struct shell *sh, void *ctx, uint64_t offset, const uint8_t *p, size_t n);

static int read_all(struct shell *sh, const char *cmd, const char *arg, chunk_fn each, void *ctx)
{
	struct name n;
	int rc = name_open_read(sh, arg, &n);
	if (rc) {
		out_error(sh, cmd, arg, rc);
		return rc;
	}
	uint8_t *buf = sh->io;
	uint64_t offset = 0;
	while (!out_interrupted(sh)) {
		int64_t got = name_read(sh, &n, offset, buf, CHUNK);
		if (got < 0) {
			out_error(sh, cmd, arg, (int)got);
			rc = (int)got;
			break;
		}
		if (got == 0)
			break;
		each(sh, ctx, offset, buf, (size_t)got);
		offset += (uint64_t)got;
	}
	name_close(&n);
	return rc;
}

static void cat_chunk(struct shell *sh, void *ctx, uint64_t offset, const uint8_t *p, size_t n)
{
	(void)ctx;
	(void)offset;
	out_write(sh, (const char *)p, n);
}

int cmd_cat(struct shell *sh, int argc, char **argv)
{
	if (argc < 2)
		return command_usage(sh, "cat");
	int status = FERN_OK;
	for (int i = 1; i < argc && !out_interrupted(sh); i++) {
		int rc = read_all(sh, "cat", argv[i], cat_chunk, 0);
		status = rc ? rc : status;
	}
	return status;
}

/* hexdump keeps a partial line across chunks (a service may answer with any count). */
struct hex_state {
	uint8_t line[FMT_HEX_PER_LINE];
	size_t have;
	uint64_t line_offset;
};

static void hex_emit(struct shell *sh, struct hex_state *h)
{
	char text[FMT_HEX_LINE_CAP];
	size_t len = fmt_hexdump_line(text, sizeof(text), h->line_offset, h->line, h->have);
	out_write(sh, text, len);
	h->line_offset += h->have;
	h->have = 0;
}

static void hex_chunk(struct shell *sh, void *ctx, uint64_t offset, const uint8_t *p, size_t n)
{
	struct hex_state *h = ctx;
	(void)offset;
	for (size_t i = 0; i < n; i++) {
		h->line[h->have++] = p[i];
		if (h->have == FMT_HEX_PER_LINE)
			hex_emit(sh, h);
	}
}

int cmd_hexdump(struct shell *sh, int argc, char **argv)
{
	if (argc != 2)
		return command_usage(sh, "hexdump");
	struct hex_state h = {0};
	int rc = read_all(sh, "hexdump", argv[1], hex_chunk, &h);
	if (h.have)
		hex_emit(sh, &h);
	return rc;
}

/* The words joined by spaces, with a newline: the text write puts in a file. */
static int text_join(int argc, char **argv, char *out, size_t cap, size_t *len)
{
	size_t n = 0;
	for (int i = 0; i < argc; i++) {
		size_t w = strlen(argv[i]);
		if (n + w + 2 > cap)
			return FERN_ERR_TOO_BIG;
		memcpy(out + n, argv[i], w);
		n += w;
		out[n++] = i + 1 < argc ? ' ' : '\n';
	}
	if (!argc)
		out[n++] = '\n';
	*len = n;
	return FERN_OK;
}

int cmd_write(struct shell *sh, int argc, char **argv)
{
	const char *cmd = argv[0];
	int append = !strcmp(cmd, "append");
	if (!append && argc > 1 && !strcmp(argv[1], "-a")) {
		append = 1;
		argc--;
		argv++;
	}
	if (argc < 2)
		return command_usage(sh, cmd);
	char text[FERN_MSG_DATA_MAX];
	size_t len;
	struct name n;
	int rc = text_join(argc - 2, argv + 2, text, sizeof(text), &len);
	if (!rc)
		rc = name_resolve(sh, argv[1], &n);
	if (!rc && n.kind != NAME_FILE)
		rc = FERN_ERR_UNSUPPORTED;
	uint32_t flags =
	    FERN_OPEN_WRITE | FERN_OPEN_CREATE | (append ? FERN_OPEN_APPEND : FERN_OPEN_TRUNCATE);
	if (!rc)
		rc = svc_open(sh, "fs", n.path, flags, &n.file);
	if (rc) {
		out_error(sh, cmd, argv[1], rc);
		return rc;
	}
	struct fern_msg req = {
	    .type = FERN_MSG_WRITE, .word = {0}, .data = text, .data_len = (uint32_t)len};
	struct fern_msg reply = {0};
	rc = fern_call(n.file, &req, &reply);
	if (!rc && reply.word[0] != len)
		rc = FERN_ERR_NO_SPACE; /* a short write: the medium is full */
	if (rc)
		out_error(sh, cmd, argv[1], rc);
	name_close(&n);
	return rc;
}
