// SPDX-License-Identifier: MIT
/* Kernel log lines: "[seconds.micros] text", filtered by level, written whole under a lock. */
#include <fern/format.h>
#include <kernel/arch.h>
#include <kernel/console.h>
#include <kernel/log.h>
#include <kernel/state.h>
#include <kernel/timer.h>

static const char *const level_tag[] = {"error: ", "warning: ", "", ""};

#define LOG_LINE_MAX 400 /* stamp, level, "[program] " and a program's 256-byte line */

/* Log lock held. Panics always write to the UART: the console driver may be what broke. */
static void console_sink(char c, void *ctx)
{
	struct log_state *log = &kstate.log;
	if (!log->forward || kstate.panic.depth) {
		console_putc(c);
		return;
	}
	if (log->len == LOG_RING_SIZE)
		return; /* only log_raw gets here full: put_line checks for room first */
	log->ring[(log->head + log->len) % LOG_RING_SIZE] = c;
	log->len++;
}

/* Log lock held. Puts a whole line into the ring, or (when it does not fit) drops it whole
 * and counts it: a flood loses lines, never parts of them, and says how many went. */
static void put_line(const char *line, size_t len)
{
	struct log_state *log = &kstate.log;
	if (log->forward && !kstate.panic.depth) {
		char note[64];
		int n = log->dropped
			    ? format_snprintf(note, sizeof(note),
					      "[log: %lu lines dropped: the log was full]\n",
					      (unsigned long)log->dropped)
			    : 0;
		if (log->len + (size_t)n + len > LOG_RING_SIZE) {
			log->dropped++;
			return;
		}
		log->dropped = 0;
		for (int i = 0; i < n; i++)
			console_sink(note[i], 0);
	}
	for (size_t i = 0; i < len; i++)
		console_sink(line[i], 0);
}

void log_set_threshold(enum log_level level)
{
	kstate.log.threshold = level;
}

static void log_lock(unsigned long *flags)
{
	*flags = arch_irq_save();
	/* A panic must get through even if the lock holder is the code that crashed. */
	if (!kstate.panic.depth)
		spin_lock(&kstate.log.lock);
}

static void log_unlock(unsigned long flags)
{
	if (!kstate.panic.depth)
		spin_unlock(&kstate.log.lock);
	arch_irq_restore(flags);
}

static size_t ring_take(struct log_state *log, char *buf, size_t max)
{
	size_t n = 0;
	while (n < max && log->len) {
		buf[n++] = log->ring[log->head];
		log->head = (log->head + 1) % LOG_RING_SIZE;
		log->len--;
	}
	return n;
}

static void flush_direct_locked(void)
{
	char chunk[64];
	for (size_t n; (n = ring_take(&kstate.log, chunk, sizeof(chunk)));)
		console_write(chunk, n);
}

void log_set_forward(bool on)
{
	unsigned long flags;
	log_lock(&flags);
	if (!on)
		flush_direct_locked();
	kstate.log.forward = on;
	log_unlock(flags);
}

size_t log_take(char *buf, size_t max)
{
	unsigned long flags;
	log_lock(&flags);
	size_t n = ring_take(&kstate.log, buf, max);
	log_unlock(flags);
	return n;
}

void log_flush_direct(void)
{
	unsigned long flags;
	log_lock(&flags);
	flush_direct_locked();
	log_unlock(flags);
}

void log_printf(enum log_level level, const char *fmt, ...)
{
	if (level > kstate.log.threshold)
		return;
	uint64_t ns = timer_uptime_ns();
	char line[LOG_LINE_MAX];
	int n =
	    format_snprintf(line, sizeof(line), "[%5lu.%06lu] %s", (unsigned long)(ns / 1000000000),
			    (unsigned long)(ns / 1000 % 1000000), level_tag[level]);
	va_list ap;
	va_start(ap, fmt);
	n += format_vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	va_end(ap);
	size_t len = (size_t)n < sizeof(line) - 1 ? (size_t)n : sizeof(line) - 2; /* cut long */
	line[len++] = '\n';
	unsigned long flags;
	log_lock(&flags);
	put_line(line, len);
	log_unlock(flags);
}

void log_raw(const char *fmt, ...)
{
	unsigned long flags;
	log_lock(&flags);
	va_list ap;
	va_start(ap, fmt);
	format_v(console_sink, 0, fmt, ap);
	va_end(ap);
	log_unlock(flags);
}
