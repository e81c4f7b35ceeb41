/* SPDX-License-Identifier: MIT */
/* The kernel log: printf-style lines with a level and an uptime stamp, to the console. */
#ifndef KERNEL_LOG_H
#define KERNEL_LOG_H

#include <arch/spinlock.h>
#include <kernel/object.h>
#include <stdbool.h>
#include <stddef.h>

#define LOG_RING_SIZE (32 * 1024)

enum log_level { LOG_ERR = 0, LOG_WARN = 1, LOG_INFO = 2, LOG_DEBUG = 3 };

struct log_state {
	enum log_level threshold; /* lines above it are dropped; set by bootargs loglevel=N */
	struct spinlock lock;     /* keeps lines whole; guards the ring */
	/* While a console service runs, lines go to this ring and the startup task forwards
	 * them (the kernel then leaves the UART to the driver); otherwise straight to the UART. */
	bool forward;
	char ring[LOG_RING_SIZE];
	uint32_t head, len;   /* oldest byte, bytes held */
	uint64_t dropped;     /* whole lines lost to a full ring since the last one that fit */
	struct kobject event; /* READABLE while the ring holds bytes (raised by the tick; klock) */
};

/* Writes one line (a trailing newline is added if missing). Safe in any context. */
void log_printf(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Writes text as is, no stamp or level: for multi-line reports. */
void log_raw(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_set_threshold(enum log_level level);

/* Starts or stops sending lines to the ring instead of the UART. Stopping writes what the ring
 * still holds to the UART first. */
void log_set_forward(bool on);
/* Takes up to max bytes from the ring into buf; returns how many. */
size_t log_take(char *buf, size_t max);
/* Whether the ring holds bytes (a hint, read without the lock). */
static inline bool log_pending(const struct log_state *log)
{
	return log->len != 0;
}
/* Writes what the ring holds straight to the UART (panics, and when forwarding stops). */
void log_flush_direct(void);

#define log_err(...)   log_printf(LOG_ERR, __VA_ARGS__)
#define log_warn(...)  log_printf(LOG_WARN, __VA_ARGS__)
#define log_info(...)  log_printf(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_printf(LOG_DEBUG, __VA_ARGS__)

#endif
