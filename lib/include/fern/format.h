/* SPDX-License-Identifier: MIT */
/* A small printf-style formatter with no libc dependency, shared by the kernel and host tools. */
#ifndef FERN_FORMAT_H
#define FERN_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

/* Receives each output character in order. */
typedef void (*format_sink)(char c, void *ctx);

/*
 * Formats like printf for: %d %i %u %x %X %o %c %s %p %%, flags '-' '0' '+' ' ' '#', width and
 * precision (also '*'), length modifiers hh h l ll z t j. Unknown conversions are printed
 * verbatim. %s of NULL prints "(null)". Returns the number of characters produced.
 */
int format_v(format_sink sink, void *ctx, const char *fmt, va_list ap);

/* snprintf semantics: always NUL-terminates when size > 0; returns the untruncated length. */
int format_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int format_snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
