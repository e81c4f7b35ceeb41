/* SPDX-License-Identifier: MIT */
/* Text formats of the shell's output: hexdump lines, dates, durations (pure logic). */
#ifndef SHELL_FMT_H
#define SHELL_FMT_H

#include <stddef.h>
#include <stdint.h>

#define FMT_HEX_PER_LINE 16
#define FMT_HEX_LINE_CAP 80 /* enough for one hexdump line and its newline */

/*
 * One hexdump line for n (1..16) bytes at offset, like `hexdump -C`:
 * "00000010  48 65 6c 6c 6f 0a 00 01  02 03 04 05 06 07 08 09  |Hello...........|\n"
 * (short lines are padded so that the text column lines up). Returns the length.
 */
size_t fmt_hexdump_line(char *out, size_t cap, uint64_t offset, const uint8_t *p, size_t n);

struct fmt_civil {
	int64_t year;
	int month, day; /* 1..12, 1..31 */
	int hour, minute, second;
};

/* The UTC calendar date and time of seconds since 1970-01-01 (proleptic Gregorian; negative
 * seconds are before 1970). */
void fmt_civil_from_seconds(int64_t seconds, struct fmt_civil *c);

/* "YYYY-MM-DD HH:MM:SS UTC". Returns the length. */
size_t fmt_date(char *out, size_t cap, int64_t seconds);

/* A duration in nanoseconds as "[D days, ]HH:MM:SS.mmm". Returns the length. */
size_t fmt_uptime(char *out, size_t cap, uint64_t ns);

#endif
