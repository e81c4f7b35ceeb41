// SPDX-License-Identifier: MIT
/* Kernel log lines: "[seconds.micros] text", filtered by level, written whole under a lock. */
#include <fern/format.h>
#include <kernel/arch.h>
#include <kernel/console.h>
#include <kernel/log.h>
#include <kernel/state.h>
#include <kernel/timer.h>

static const char *const level_tag[] = {"error: ", "warning: ", "", ""};

/* Log lock held. Panics always write to the UART: the console driver may be what broke. */
static void console_sink(char c, void *ctx)
{
	struct log_state *log = &kstate.log;
	if (!log->forward || kstate.panic.depth) {
		console_putc(c);
		return;
	}
	if (log->len == LOG_RING_SIZE) {
		log->dropped++;
		return;
	}
	log->ring[(log->head + log->len) % LOG_RING_SIZE] = c;
	log->len++;
}

static void emit(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	format_v(console_sink, 0, fmt, ap);
	va_end(ap);
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
	unsigned long flags;
	log_lock(&flags);
	emit("[%5lu.%06lu] %s", (unsigned long)(ns / 1000000000),
	     (unsigned long)(ns / 1000 % 1000000), level_tag[level]);
	va_list ap;
	va_start(ap, fmt);
	format_v(console_sink, 0, fmt, ap);
	va_end(ap);
	console_sink('\n', 0);
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
