// SPDX-License-Identifier: MIT
/* Kernel log lines: fern_log and the formatting fern_logf. */
#include <fern/sys.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Longest line fern_logf formats (on the stack); longer ones end in "...". */
#define LOG_LINE_MAX 256

int fern_log(const char *text, size_t len)
{
	return (int)fern_syscall(SYS_LOG, (uint64_t)(uintptr_t)text, len, 0, 0, 0, 0);
}

int fern_logf(const char *fmt, ...)
{
	char line[LOG_LINE_MAX];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0)
		return FERN_ERR_INVALID;
	size_t len = (size_t)n;
	if (len >= sizeof(line)) {
		len = sizeof(line) - 1;
		memcpy(line + len - 3, "...", 3);
	}
	return fern_log(line, len);
}
