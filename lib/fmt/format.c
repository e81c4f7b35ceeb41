// SPDX-License-Identifier: MIT
/* printf-style formatting into a character sink; integers only (the kernel has no FP). */
#include <fern/format.h>

#include <stdbool.h>
#include <stdint.h>

struct spec {
	bool left, zero, plus, space, alt;
	int width;     /* -1: none */
	int precision; /* -1: none */
	char length;   /* 0, 'H' (hh), 'h', 'l', 'L' (ll), 'z', 't', 'j' */
};

struct out {
	format_sink sink;
	void *ctx;
	int count;
};

static void emit(struct out *o, char c)
{
	o->sink(c, o->ctx);
	o->count++;
}

static void emit_pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		emit(o, c);
}

static void emit_string(struct out *o, const struct spec *s, const char *str)
{
	if (!str)
		str = "(null)";
	int len = 0;
	/* Test the bound first: with a precision the argument need not be NUL-terminated. */
	while ((s->precision < 0 || len < s->precision) && str[len])
		len++;
	int pad = s->width > len ? s->width - len : 0;
	if (!s->left)
		emit_pad(o, ' ', pad);
	for (int i = 0; i < len; i++)
		emit(o, str[i]);
	if (s->left)
		emit_pad(o, ' ', pad);
}

/* %c: exactly one character, even NUL, padded to the width. */
static void emit_char(struct out *o, const struct spec *s, char c)
{
	int pad = s->width > 1 ? s->width - 1 : 0;
	if (!s->left)
		emit_pad(o, ' ', pad);
	emit(o, c);
	if (s->left)
		emit_pad(o, ' ', pad);
}

/* The sign a signed conversion prints; '+' and ' ' mean nothing for unsigned ones. */
static char sign_of(const struct spec *s, bool negative)
{
	return negative ? '-' : s->plus ? '+' : s->space ? ' ' : 0;
}

/* Formats one integer: sign/prefix, precision zeros, width padding. */
static void emit_number(struct out *o, const struct spec *s, uint64_t value, char sign,
			unsigned base, bool upper, const char *prefix)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[24];
	int len = 0;
	if (value == 0 && s->precision == 0)
		len = 0;
	else
		do {
			buf[len++] = digits[value % base];
			value /= base;
		} while (value);

	int prefix_len = 0;
	while (prefix && prefix[prefix_len])
		prefix_len++;
	int zeros = s->precision > len ? s->precision - len : 0;
	/* %#o raises the precision just enough that the first digit is a 0. */
	if (base == 8 && s->alt && zeros == 0 && (len == 0 || buf[len - 1] != '0'))
		zeros = 1;
	int body = (sign ? 1 : 0) + prefix_len + zeros + len;
	int pad = s->width > body ? s->width - body : 0;
	if (s->zero && !s->left && s->precision < 0) {
		zeros += pad;
		pad = 0;
	}
	if (!s->left)
		emit_pad(o, ' ', pad);
	if (sign)
		emit(o, sign);
	for (int i = 0; i < prefix_len; i++)
		emit(o, prefix[i]);
	emit_pad(o, '0', zeros);
	while (len)
		emit(o, buf[--len]);
	if (s->left)
		emit_pad(o, ' ', pad);
}

static uint64_t fetch_unsigned(const struct spec *s, va_list *ap)
{
	switch (s->length) {
	case 'H': return (unsigned char)va_arg(*ap, unsigned int);
	case 'h': return (unsigned short)va_arg(*ap, unsigned int);
	case 'l': return va_arg(*ap, unsigned long);
	case 'L': return va_arg(*ap, unsigned long long);
	case 'z': return va_arg(*ap, size_t);
	case 't': return (uint64_t)va_arg(*ap, ptrdiff_t);
	case 'j': return va_arg(*ap, uintmax_t);
	default: return va_arg(*ap, unsigned int);
	}
}

static int64_t fetch_signed(const struct spec *s, va_list *ap)
{
	switch (s->length) {
	case 'H': return (signed char)va_arg(*ap, int);
	case 'h': return (short)va_arg(*ap, int);
	case 'l': return va_arg(*ap, long);
	case 'L': return va_arg(*ap, long long);
	case 'z': return (int64_t)va_arg(*ap, size_t);
	case 't': return va_arg(*ap, ptrdiff_t);
	case 'j': return va_arg(*ap, intmax_t);
	default: return va_arg(*ap, int);
	}
}

/* Parses flags, width, precision and length after '%'; returns the conversion character. */
static const char *parse_spec(const char *p, struct spec *s, va_list *ap)
{
	*s = (struct spec){.width = -1, .precision = -1};
	for (;; p++) {
		if (*p == '-')
			s->left = true;
		else if (*p == '0')
			s->zero = true;
		else if (*p == '+')
			s->plus = true;
		else if (*p == ' ')
			s->space = true;
		else if (*p == '#')
			s->alt = true;
		else
			break;
	}
	if (*p == '*') {
		s->width = va_arg(*ap, int);
		if (s->width < 0) {
			s->left = true;
			s->width = -s->width;
		}
		p++;
	} else {
		for (s->width = 0; *p >= '0' && *p <= '9'; p++)
			s->width = s->width * 10 + (*p - '0');
	}
	if (*p == '.') {
		p++;
		if (*p == '*') {
			s->precision = va_arg(*ap, int);
			p++;
		} else {
			for (s->precision = 0; *p >= '0' && *p <= '9'; p++)
				s->precision = s->precision * 10 + (*p - '0');
		}
	}
	if (*p == 'h') {
		s->length = 'h';
		if (*++p == 'h') {
			s->length = 'H';
			p++;
		}
	} else if (*p == 'l') {
		s->length = 'l';
		if (*++p == 'l') {
			s->length = 'L';
			p++;
		}
	} else if (*p == 'z' || *p == 't' || *p == 'j') {
		s->length = *p++;
	}
	return p;
}

int format_v(format_sink sink, void *ctx, const char *fmt, va_list ap_in)
{
	struct out o = {sink, ctx, 0};
	va_list ap;
	va_copy(ap, ap_in);
	for (const char *p = fmt; *p; p++) {
		if (*p != '%') {
			emit(&o, *p);
			continue;
		}
		const char *start = p;
		struct spec s;
		p = parse_spec(p + 1, &s, &ap);
		switch (*p) {
		case 'd':
		case 'i': {
			int64_t v = fetch_signed(&s, &ap);
			uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
			emit_number(&o, &s, mag, sign_of(&s, v < 0), 10, false, NULL);
			break;
		}
		case 'u': emit_number(&o, &s, fetch_unsigned(&s, &ap), 0, 10, false, NULL); break;
		case 'o': emit_number(&o, &s, fetch_unsigned(&s, &ap), 0, 8, false, NULL); break;
		case 'x':
		case 'X': {
			uint64_t v = fetch_unsigned(&s, &ap);
			const char *prefix = s.alt && v ? (*p == 'x' ? "0x" : "0X") : NULL;
			emit_number(&o, &s, v, 0, 16, *p == 'X', prefix);
			break;
		}
		case 'p': {
			uintptr_t v = (uintptr_t)va_arg(ap, void *);
			emit_number(&o, &s, v, 0, 16, false, "0x");
			break;
		}
		case 'c': emit_char(&o, &s, (char)va_arg(ap, int)); break;
		case 's': emit_string(&o, &s, va_arg(ap, const char *)); break;
		case '%': emit(&o, '%'); break;
		default: /* unknown or truncated conversion: print it as written */
			for (const char *q = start; q <= p && *q; q++)
				emit(&o, *q);
			if (!*p)
				p--;
			break;
		}
	}
	va_end(ap);
	return o.count;
}

struct buffer {
	char *buf;
	size_t size;
	size_t len;
};

static void buffer_sink(char c, void *ctx)
{
	struct buffer *b = ctx;
	if (b->len + 1 < b->size)
		b->buf[b->len] = c;
	b->len++;
}

int format_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct buffer b = {buf, size, 0};
	int n = format_v(buffer_sink, &b, fmt, ap);
	if (size)
		buf[b.len < size ? b.len : size - 1] = 0;
	return n;
}

int format_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = format_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
