// SPDX-License-Identifier: MIT
/* Buffered output to the console service, stopped when the user interrupts the command. */
#include "shell.h"

#include <fern/service.h>
#include <fern/status.h>
#include <fern/sys.h>
#include <stdio.h>
#include <string.h>

#define POLL_INTERVAL_NS 20000000ull /* ask the console about Ctrl-C at most this often */

/* Sends len bytes to the console; reconnects once if its provider was restarted. */
static int console_send(struct shell *sh, const char *data, size_t len)
{
	int64_t rc = fern_write(sh->console, 0, data, (uint32_t)len);
	if (rc == FERN_ERR_PEER_CLOSED && input_reconnect(sh) == FERN_OK)
		rc = fern_write(sh->console, 0, data, (uint32_t)len);
	return rc < 0 ? (int)rc : FERN_OK;
}

void out_flush(struct shell *sh)
{
	if (!sh->out_len || sh->interrupted) {
		sh->out_len = 0;
		return;
	}
	int rc = console_send(sh, sh->out, sh->out_len);
	sh->out_len = 0;
	if (rc == FERN_ERR_INTERRUPTED)
		sh->interrupted = true;
}

void out_write(struct shell *sh, const char *text, size_t len)
{
	while (len && !sh->interrupted) {
		if (sh->out_len == sizeof(sh->out))
			out_flush(sh);
		size_t n = sizeof(sh->out) - sh->out_len;
		n = n < len ? n : len;
		memcpy(sh->out + sh->out_len, text, n);
		sh->out_len += n;
		text += n;
		len -= n;
	}
}

void out_puts(struct shell *sh, const char *text)
{
	out_write(sh, text, strlen(text));
}

void out_printf(struct shell *sh, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > 0)
		out_write(sh, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

/* The user-facing phrase for a status. */
static const char *status_text(int status, char *buf, size_t cap)
{
	switch (status) {
	case FERN_ERR_NOT_FOUND: return "not found";
	case FERN_ERR_PEER_CLOSED: return "service not running";
	case FERN_ERR_UNSUPPORTED: return "not supported";
	case FERN_ERR_EXISTS: return "already exists";
	case FERN_ERR_NO_SPACE: return "no space left";
	case FERN_ERR_NOT_EMPTY: return "directory not empty";
	case FERN_ERR_TOO_BIG: return "too long";
	default: break;
	}
	snprintf(buf, cap, "%s", status_name(status));
	for (char *p = buf; *p; p++)
		if (*p == '-')
			*p = ' ';
	return buf;
}

void out_error(struct shell *sh, const char *cmd, const char *what, int status)
{
	char buf[32];
	const char *text = status_text(status, buf, sizeof(buf));
	if (what && *what)
		out_printf(sh, "%s: %s: %s\n", cmd, what, text);
	else
		out_printf(sh, "%s: %s\n", cmd, text);
}

bool out_interrupted(struct shell *sh)
{
	if (sh->interrupted)
		return true;
	uint64_t now = fern_clock_ns();
	if (now < sh->next_poll)
		return false;
	sh->next_poll = now + POLL_INTERVAL_NS;
	if (sh->raw_console) {
		sh->interrupted = input_poll_interrupt(sh);
	} else {
		uint64_t w[FERN_MSG_WORDS];
		sh->interrupted =
		    fern_getattr(sh->console, FERN_ATTR_INTERRUPT, w) == FERN_OK && w[0] == 1;
	}
	return sh->interrupted;
}
