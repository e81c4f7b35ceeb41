// SPDX-License-Identifier: MIT
/* Decodes device-tree property values: string lists, cells, reg entries and raw bytes. */
#include "dtprop.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static void put(dtprop_sink sink, void *ctx, const char *s)
{
	sink(ctx, s, strlen(s));
}

/* Whether value is one or more non-empty printable strings, each NUL-terminated. */
static bool is_string_list(const char *v, size_t len)
{
	if (!len || v[len - 1])
		return false;
	size_t start = 0;
	for (size_t i = 0; i < len; i++) {
		if (v[i] == 0) {
			if (i == start)
				return false; /* an empty string: more likely cells */
			start = i + 1;
		} else if ((unsigned char)v[i] < 32 || (unsigned char)v[i] >= 127) {
			return false;
		}
	}
	return true;
}

static void strings_format(const char *v, size_t len, dtprop_sink sink, void *ctx)
{
	for (size_t i = 0; i < len;) {
		size_t n = strlen(v + i);
		put(sink, ctx, i ? ", \"" : "\"");
		sink(ctx, v + i, n);
		put(sink, ctx, "\"");
		i += n + 1;
	}
}

static uint32_t cell_at(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* A number made of n cells (n <= 2 gives an exact value; more print as cells). */
static void number_format(const uint8_t *p, int n, dtprop_sink sink, void *ctx)
{
	char buf[24];
	if (n <= 2) {
		uint64_t v = 0;
		for (int i = 0; i < n; i++)
			v = v << 32 | cell_at(p + 4 * i);
		snprintf(buf, sizeof(buf), "0x%llx", (unsigned long long)v);
		put(sink, ctx, buf);
		return;
	}
	for (int i = 0; i < n; i++) {
		snprintf(buf, sizeof(buf), "%s0x%08x", i ? "_" : "", (unsigned)cell_at(p + 4 * i));
		put(sink, ctx, buf);
	}
}

static void reg_format(const uint8_t *p, size_t len, int ac, int sc, dtprop_sink sink, void *ctx)
{
	size_t entry = 4 * (size_t)(ac + sc);
	for (size_t off = 0; off < len; off += entry) {
		put(sink, ctx, off ? ", <" : "<");
		number_format(p + off, ac, sink, ctx);
		if (sc) {
			put(sink, ctx, " ");
			number_format(p + off + 4 * (size_t)ac, sc, sink, ctx);
		}
		put(sink, ctx, ">");
	}
}

static void cells_format(const uint8_t *p, size_t len, dtprop_sink sink, void *ctx)
{
	char buf[16];
	put(sink, ctx, "<");
	for (size_t i = 0; i < len; i += 4) {
		snprintf(buf, sizeof(buf), "%s0x%x", i ? " " : "", (unsigned)cell_at(p + i));
		put(sink, ctx, buf);
	}
	put(sink, ctx, ">");
}

static void bytes_format(const uint8_t *p, size_t len, dtprop_sink sink, void *ctx)
{
	char buf[8];
	put(sink, ctx, "[");
	for (size_t i = 0; i < len; i++) {
		snprintf(buf, sizeof(buf), "%s%02x", i ? " " : "", p[i]);
		put(sink, ctx, buf);
	}
	put(sink, ctx, "]");
}

void dtprop_format(const char *name, const void *value, size_t len, int addr_cells, int size_cells,
		   dtprop_sink sink, void *ctx)
{
	const uint8_t *p = value;
	bool reg_ok = addr_cells >= 0 && size_cells >= 0 && addr_cells + size_cells > 0 &&
		      addr_cells <= 4 && size_cells <= 4;
	if (!len)
		return;
	if (!strcmp(name, "reg") && reg_ok && len % (4 * (size_t)(addr_cells + size_cells)) == 0)
		reg_format(p, len, addr_cells, size_cells, sink, ctx);
	else if (is_string_list(value, len))
		strings_format(value, len, sink, ctx);
	else if (len % 4 == 0)
		cells_format(p, len, sink, ctx);
	else
		bytes_format(p, len, sink, ctx);
}
