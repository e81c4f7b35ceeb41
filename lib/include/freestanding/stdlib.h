/* SPDX-License-Identifier: MIT */
/* The one stdlib function libfdt needs; implemented in lib/string/strtoul.c. */
#ifndef FERN_STDLIB_H
#define FERN_STDLIB_H
#include <stddef.h>

unsigned long strtoul(const char *restrict s, char **restrict end, int base);
#endif
