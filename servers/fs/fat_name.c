// SPDX-License-Identifier: MIT
/* Names: long names between UTF-8 and UTF-16, their checks and checksum, short (8.3) names
 * shown and generated (the basis name and its ~N tail, as Windows makes them). */
#include "fat_impl.h"

#include <string.h>

uint8_t fat_lfn_checksum(const uint8_t *sfn)
{
	uint8_t sum = 0;
	for (int i = 0; i < 11; i++)
		sum = (uint8_t)(((sum & 1) << 7) + (sum >> 1) + sfn[i]);
	return sum;
}

/* One code point from UTF-8 at s (at most left bytes); its length in *used, or 0 if invalid. */
static uint32_t utf8_decode(const uint8_t *s, size_t left, size_t *used)
{
	static const uint32_t min[4] = {0, 0x80, 0x800, 0x10000};
	uint32_t c = s[0];
	size_t n = c < 0x80             ? 1
		   : (c & 0xe0) == 0xc0 ? 2
		   : (c & 0xf0) == 0xe0 ? 3
		   : (c & 0xf8) == 0xf0 ? 4
					: 0;
	*used = 0;
	if (!n || n > left)
		return 0;
	if (n > 1)
		c &= 0x3fu >> (n - 1);
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < min[n - 1] || c > 0x10ffff || (c >= 0xd800 && c < 0xe000))
		return 0;
	*used = n;
	return c;
}

int fat_name_encode(const char *name, size_t len, uint16_t *u, size_t *n)
{
	const uint8_t *s = (const uint8_t *)name;
	size_t k = 0;
	if (!len || (len == 1 && s[0] == '.') || (len == 2 && s[0] == '.' && s[1] == '.'))
		return FERN_ERR_INVALID;
	if (s[len - 1] == '.' || s[len - 1] == ' ')
		return FERN_ERR_INVALID;
	for (size_t i = 0; i < len;) {
		size_t used;
		uint32_t c = utf8_decode(s + i, len - i, &used);
		if (!used || c < 0x20 || c == 0x7f || (c < 0x80 && strchr("\"*:<>?\\|/", (int)c)))
			return FERN_ERR_INVALID;
		if (k + (c > 0xffff) >= FAT_NAME_MAX)
			return FERN_ERR_INVALID;
		if (c > 0xffff) {
			c -= 0x10000;
			u[k++] = (uint16_t)(0xd800 | c >> 10);
			c = 0xdc00 | (c & 0x3ff);
		}
		u[k++] = (uint16_t)c;
		i += used;
	}
	*n = k;
	return FERN_OK;
}

static size_t put_utf8(uint32_t c, char *out, size_t at, size_t cap)
{
	uint8_t b[4];
	size_t n = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
	if (n == 1)
		b[0] = (uint8_t)c;
	else {
		for (size_t i = n - 1; i > 0; i--, c >>= 6)
			b[i] = (uint8_t)(0x80 | (c & 0x3f));
		b[0] = (uint8_t)((0xf00u >> n) | c);
	}
	if (at + n >= cap)
		return at;
	memcpy(out + at, b, n);
	return at + n;
}

size_t fat_utf8_from_ucs2(const uint16_t *u, size_t n, char *out, size_t cap)
{
	size_t at = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t c = u[i];
		if (c >= 0xd800 && c < 0xdc00 && i + 1 < n && u[i + 1] >= 0xdc00 &&
		    u[i + 1] < 0xe000)
			c = 0x10000 + ((c - 0xd800) << 10) + (u[++i] - 0xdc00);
		else if (c >= 0xd800 && c < 0xe000)
			c = 0xfffd;
		at = put_utf8(c, out, at, cap);
	}
	out[at] = 0;
	return at;
}

/* Appends short-name bytes [from, to) trimmed of trailing spaces, lower-cased if lower. */
static size_t sfn_part(const uint8_t *raw, int from, int to, bool lower, char *out, size_t at)
{
	while (to > from && raw[to - 1] == ' ')
		to--;
	for (int i = from; i < to; i++) {
		uint8_t c = i == 0 && raw[0] == 0x05 ? 0xe5 : raw[i];
		if (c >= 0x80 || c < 0x20)
			c = '_'; /* an OEM code page character: not decoded */
		else if (lower && c >= 'A' && c <= 'Z')
			c = (uint8_t)(c + 32);
		out[at++] = (char)c;
	}
	return at;
}

void fat_sfn_display(const uint8_t *raw, char *out)
{
	size_t at = sfn_part(raw, 0, 8, raw[12] & FAT_CASE_BASE, out, 0);
	size_t base = at;
	at = sfn_part(raw, 8, 11, raw[12] & FAT_CASE_EXT, out, at + 1);
	if (at == base + 1)
		at = base; /* no extension: no dot */
	else
		out[base] = '.';
	out[at] = 0;
}

bool fat_name_eq(const char *a, const char *b, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		char x = a[i], y = b[i];
		if (!x)
			return false;
		x = (char)(x >= 'a' && x <= 'z' ? x - 32 : x);
		y = (char)(y >= 'a' && y <= 'z' ? y - 32 : y);
		if (x != y)
			return false;
	}
	return !a[len];
}

static bool sfn_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("$%'-_@~`!(){}^#&", c));
}

/* Upper-cases c into *out; returns whether c was kept as it is in a short name. */
static bool sfn_convert(char c, uint8_t *out, bool *case_changed)
{
	if (c >= 'a' && c <= 'z') {
		*out = (uint8_t)(c - 32);
		*case_changed = true;
		return true;
	}
	*out = sfn_char(c) ? (uint8_t)c : '_';
	return sfn_char(c);
}

int fat_sfn_basis(const char *name, size_t len, uint8_t *sfn)
{
	bool lossy = false, case_changed = false;
	size_t start = 0, dot = len;
	memset(sfn, ' ', 11);
	while (start < len && (name[start] == '.' || name[start] == ' '))
		start++, lossy = true;
	for (size_t i = start; i < len; i++)
		if (name[i] == '.')
			dot = i;
	int k = 0;
	for (size_t i = start; i < dot; i++) {
		if (name[i] == ' ' || name[i] == '.') {
			lossy = true;
			continue;
		}
		if (k == 8) {
			lossy = true;
			break;
		}
		lossy |= !sfn_convert(name[i], &sfn[k++], &case_changed);
		if ((uint8_t)name[i] >= 0x80) /* one '_' for a whole UTF-8 sequence */
			while (i + 1 < dot && ((uint8_t)name[i + 1] & 0xc0) == 0x80)
				i++;
	}
	if (!k)
		sfn[k++] = '_', lossy = true;
	k = 8;
	for (size_t i = dot + 1; i < len; i++) {
		if (name[i] == ' ') {
			lossy = true;
			continue;
		}
		if (k == 11) {
			lossy = true;
			break;
		}
		lossy |= !sfn_convert(name[i], &sfn[k++], &case_changed);
		if ((uint8_t)name[i] >= 0x80)
			while (i + 1 < len && ((uint8_t)name[i + 1] & 0xc0) == 0x80)
				i++;
	}
	return lossy ? 2 : case_changed ? 1 : 0;
}

void fat_sfn_tail(uint8_t *sfn, uint32_t n)
{
	char tail[12];
	int t = 0;
	char digits[10];
	int d = 0;
	do
		digits[d++] = (char)('0' + n % 10), n /= 10;
	while (n && d < 7);
	tail[t++] = '~';
	while (d)
		tail[t++] = digits[--d];
	int base = 8;
	while (base > 0 && sfn[base - 1] == ' ')
		base--;
	int at = base + t > 8 ? 8 - t : base;
	memcpy(sfn + at, tail, (size_t)t);
}
