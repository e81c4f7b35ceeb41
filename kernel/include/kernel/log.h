/* SPDX-License-Identifier: MIT */
/* The kernel log: printf-style lines with a level and an uptime stamp, to the console. */
#ifndef KERNEL_LOG_H
#define KERNEL_LOG_H

#include <arch/spinlock.h>

enum log_level { LOG_ERR = 0, LOG_WARN = 1, LOG_INFO = 2, LOG_DEBUG = 3 };

struct log_state {
	enum log_level threshold; /* lines above it are dropped; set by bootargs loglevel=N */
	struct spinlock lock;     /* keeps lines whole */
};

/* Writes one line (a trailing newline is added if missing). Safe in any context. */
void log_printf(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Writes text as is, no stamp or level: for multi-line reports. */
void log_raw(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_set_threshold(enum log_level level);

#define log_err(...)   log_printf(LOG_ERR, __VA_ARGS__)
#define log_warn(...)  log_printf(LOG_WARN, __VA_ARGS__)
#define log_info(...)  log_printf(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_printf(LOG_DEBUG, __VA_ARGS__)

#endif
