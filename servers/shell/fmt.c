// SPDX-License-Identifier: MIT
/* hexdump lines, calendar dates from seconds since 1970, and uptimes as text. */
#include "fmt.h"

#include <stdio.h>

static size_t clamp(int n, size_t cap)
{
	if (n < 0)
		return 0;
	return (size_t)n < cap ? (size_t)n : (cap ? cap - 1 : 0);
}

size_t fmt_hexdump_line(char *out, size_t cap, uint64_t offset, const uint8_t *p, size_t n)
{
	char hex[3 * FMT_HEX_PER_LINE + 2] = "";
	char text[FMT_HEX_PER_LINE + 1] = "";
	size_t h = 0;
	if (n > FMT_HEX_PER_LINE)
		n = FMT_HEX_PER_LINE;
	for (size_t i = 0; i < FMT_HEX_PER_LINE; i++) {
		if (i == 8)
			hex[h++] = ' ';
		if (i < n)
			snprintf(hex + h, 4, "%02x ", p[i]);
		else
			snprintf(hex + h, 4, "   ");
		h += 3;
		text[i] = i < n ? (p[i] >= 32 && p[i] < 127 ? (char)p[i] : '.') : 0;
	}
	hex[h - 1] = 0; /* no space before the text column's gap */
	return clamp(
	    snprintf(out, cap, "%08llx  %s  |%s|\n", (unsigned long long)offset, hex, text), cap);
}

/* Howard Hinnant's civil_from_days: days since 1970-01-01 to a proleptic Gregorian date. */
static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;                                      /* [0, 146096] */
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);               /* [0, 365] */
	int64_t mp = (5 * doy + 2) / 153;                                    /* [0, 11] */
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

void fmt_civil_from_seconds(int64_t seconds, struct fmt_civil *c)
{
	int64_t days = seconds / 86400, rest = seconds % 86400;
	if (rest < 0) {
		rest += 86400;
		days--;
	}
	civil_from_days(days, &c->year, &c->month, &c->day);
	c->hour = (int)(rest / 3600);
	c->minute = (int)(rest / 60 % 60);
	c->second = (int)(rest % 60);
}

size_t fmt_date(char *out, size_t cap, int64_t seconds)
{
	struct fmt_civil c;
	fmt_civil_from_seconds(seconds, &c);
	return clamp(snprintf(out, cap, "%04lld-%02d-%02d %02d:%02d:%02d UTC", (long long)c.year,
			      c.month, c.day, c.hour, c.minute, c.second),
		     cap);
}

size_t fmt_uptime(char *out, size_t cap, uint64_t ns)
{
	uint64_t ms = ns / 1000000, s = ms / 1000;
	uint64_t days = s / 86400;
	unsigned h = (unsigned)(s / 3600 % 24), m = (unsigned)(s / 60 % 60),
		 sec = (unsigned)(s % 60);
	unsigned milli = (unsigned)(ms % 1000);
	if (days)
		return clamp(snprintf(out, cap, "%llu day%s, %02u:%02u:%02u.%03u",
				      (unsigned long long)days, days == 1 ? "" : "s", h, m, sec,
				      milli),
			     cap);
	return clamp(snprintf(out, cap, "%02u:%02u:%02u.%03u", h, m, sec, milli), cap);
}
