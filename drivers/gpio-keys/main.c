// SPDX-License-Identifier: MIT
/* The gpio-keys driver's glue: reads its keys from the device fragment, checks they are wired to
 * the controller behind its gpio service, watches their press edges and, when the power key is
 * pressed, asks the startup task to power the system off. */
#include "keys.h"

#include <fern/env.h>
#include <fern/gpio.h>
#include <fern/service.h>
#include <fern/status.h>
#include <fern/sys.h>
#include <stdarg.h>
#include <stdio.h>

struct keys_driver {
	struct keys keys;
	fern_handle gpio;
	uint32_t read_call_id; /* the READ waiting at the gpio service */
};

static void log_line(void *ctx, const char *fmt, ...)
{
	char line[160];
	va_list ap;
	(void)ctx;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	fern_logf("%s", line);
}

/* Asks the gpio service for the next press (its reply comes as an event on the channel). */
static int read_next(struct keys_driver *d)
{
	struct fern_msg req = {.type = FERN_MSG_READ,
			       .call_id = fern_call_id(),
			       .word = {0, sizeof(struct fern_gpio_event)}};
	d->read_call_id = req.call_id;
	return fern_channel_send(d->gpio, &req);
}

/* "Power off please" to the startup task; its answer and then its shutdown request arrive on
 * the startup channel, which fern_server_run handles. */
static void ask_power_off(struct fern_server *s)
{
	struct fern_msg req = {
	    .type = FERN_MSG_SETATTR, .call_id = fern_call_id(), .word = {FERN_ATTR_SHUTDOWN, 0}};
	int rc = fern_channel_send(s->startup, &req);
	if (rc)
		fern_logf("cannot ask for power-off: %s", status_name(rc));
}

static void on_press(struct fern_server *s, struct keys_driver *d, uint32_t changed)
{
	for (int i = 0; i < d->keys.count; i++) {
		const struct key *k = &d->keys.key[i];
		if (!keys_pressed(k, changed))
			continue;
		fern_logf("key \"%s\" (code %u) pressed", k->label, (unsigned)k->code);
		if (k->code == KEY_POWER)
			ask_power_off(s);
	}
}

static void keys_event(struct fern_server *s, int index, uint32_t pending)
{
	struct keys_driver *d = s->ctx;
	(void)index, (void)pending;
	for (;;) {
		struct fern_gpio_event ev = {0};
		struct fern_msg m = {.data = &ev, .data_cap = sizeof(ev)};
		int rc = fern_channel_recv(d->gpio, &m, FERN_DEADLINE_POLL);
		if (rc == FERN_ERR_EMPTY)
			return;
		if (rc) {
			/* The gpio service is gone: exit and be restarted with a new channel. */
			fern_logf("gpio service lost: %s", status_name(rc));
			fern_exit(FERN_ERR_PEER_CLOSED);
		}
		if (m.call_id != d->read_call_id)
			continue;
		if (m.type == (FERN_MSG_READ | FERN_MSG_REPLY)) {
			on_press(s, d, (uint32_t)m.word[0]);
		} else {
			fern_logf("gpio READ failed: %s", status_name((int)(int64_t)m.word[0]));
			fern_exit(FERN_ERR_INVALID);
		}
		if (read_next(d))
			fern_exit(FERN_ERR_PEER_CLOSED);
	}
}

static int keys_request(struct fern_server *s, fern_handle client, const struct fern_msg *req)
{
	(void)s, (void)client, (void)req;
	return FERN_ERR_UNSUPPORTED; /* provides no service */
}

static const struct fern_server_ops keys_ops = {.request = keys_request, .event = keys_event};

/* SETATTR FERN_ATTR_GPIO_WATCH pins = edge, waiting for the answer. */
static int gpio_watch(fern_handle gpio, uint32_t pins, enum fern_gpio_edge edge)
{
	struct fern_msg req = {.type = FERN_MSG_SETATTR,
			       .call_id = fern_call_id(),
			       .word = {FERN_ATTR_GPIO_WATCH, pins, edge}};
	struct fern_msg reply = {0};
	int rc = fern_channel_call(gpio, &req, &reply, fern_clock_ns() + FERN_SERVICE_TIMEOUT_NS);
	if (!rc && reply.type == FERN_MSG_ERROR)
		rc = (int)(int64_t)reply.word[0];
	return rc;
}

/* Checks the wiring against the gpio service and asks it to watch the press edges. */
static int keys_start(struct keys_driver *d)
{
	uint64_t words[FERN_MSG_WORDS];
	int rc = fern_getattr(d->gpio, FERN_ATTR_PHANDLE, words);
	if (rc) {
		fern_logf("gpio service: no phandle: %s", status_name(rc));
		return rc;
	}
	uint32_t rising, falling, phandle = (uint32_t)words[0];
	keys_wire(&d->keys, phandle, &rising, &falling);
	int watched = 0;
	for (int i = 0; i < d->keys.count; i++) {
		const struct key *k = &d->keys.key[i];
		fern_logf("key \"%s\" (code %u): controller phandle %u pin %u active-%s%s",
			  k->label, (unsigned)k->code, (unsigned)k->controller, (unsigned)k->pin,
			  k->active_low ? "low" : "high",
			  k->watched ? ""
				     : ": NOT watched, the gpio service is another controller");
		watched += k->watched;
	}
	if (rising)
		rc = gpio_watch(d->gpio, rising, FERN_GPIO_RISING);
	if (!rc && falling)
		rc = gpio_watch(d->gpio, falling, FERN_GPIO_FALLING);
	if (rc) {
		fern_logf("the gpio service refused to watch the keys: %s", status_name(rc));
		return rc;
	}
	rc = read_next(d);
	if (!rc)
		fern_logf("watching %d of %d keys on gpio controller phandle %u", watched,
			  d->keys.count, (unsigned)phandle);
	return rc;
}

int main(void)
{
	static struct keys_driver d;
	static struct fern_server server;
	int node = fern_env_device();
	if (node < 0) {
		fern_logf("no device node in the environment");
		return FERN_ERR_NOT_FOUND;
	}
	if (!keys_parse(fern_env(), node, &d.keys, log_line, 0)) {
		fern_logf("no usable keys: nothing to do");
		return FERN_ERR_UNSUPPORTED;
	}
	d.gpio = fern_env_handle("gpio");
	int rc = fern_server_init(&server, &keys_ops, &d);
	if (rc || !d.gpio) {
		fern_logf("no startup or gpio channel");
		return FERN_ERR_NOT_FOUND;
	}
	rc = keys_start(&d);
	if (!rc)
		rc = fern_server_add_event(&server, d.gpio,
					   FERN_SIGNAL_READABLE | FERN_SIGNAL_PEER_CLOSED);
	return rc ? rc : fern_server_run(&server);
}
