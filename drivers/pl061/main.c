// SPDX-License-Identifier: MIT
/* The PL061 driver's glue: maps its registers and interrupt from the environment and serves the
 * gpio protocol (fern/gpio.h): edge events by deferred READ replies, SETATTR to watch pins,
 * GETATTR of the controller's phandle. */
#include "pl061.h"

#include <fern/env.h>
#include <fern/gpio.h>
#include <fern/service.h>
#include <fern/status.h>
#include <fern/sys.h>
#include <libfdt.h>
#include <stdbool.h>
#include <stdlib.h>

/* One client: the pins it watches, the events it has not read yet, its waiting READ. */
struct gpio_client {
	fern_handle handle;
	uint32_t watched;
	uint32_t changed;
	bool reading;
	uint32_t read_call_id;
};

struct gpio {
	struct mmio m;
	fern_handle irq;
	uint32_t phandle;
	struct gpio_client *client; /* client_count of client_cap (heap), as the server's grows */
	int client_count, client_cap;
};

static struct gpio_client *client_get(struct gpio *g, fern_handle h)
{
	for (int i = 0; i < g->client_count; i++)
		if (g->client[i].handle == h)
			return &g->client[i];
	if (g->client_count == g->client_cap) {
		int cap = g->client_cap ? 2 * g->client_cap : 8;
		struct gpio_client *more = realloc(g->client, (size_t)cap * sizeof(*more));
		if (!more)
			return 0;
		g->client = more;
		g->client_cap = cap;
	}
	g->client[g->client_count] = (struct gpio_client){.handle = h};
	return &g->client[g->client_count++];
}

/* Answers c's waiting READ if it has something to read. */
static void client_flush(struct gpio *g, struct gpio_client *c)
{
	if (!c->reading || !c->changed)
		return;
	struct fern_gpio_event ev = {.changed = c->changed,
				     .levels = pl061_read(&g->m, PL061_PIN_MASK)};
	uint64_t words[FERN_MSG_WORDS] = {ev.changed, ev.levels};
	c->reading = false;
	c->changed = 0;
	fern_server_reply_to(c->handle, FERN_MSG_READ, c->read_call_id, words, &ev, sizeof(ev));
}

static int gpio_watch(struct gpio *g, struct gpio_client *c, uint64_t pins, uint64_t edge)
{
	static const enum pl061_sense sense[] = {
	    [FERN_GPIO_RISING] = PL061_EDGE_RISING,
	    [FERN_GPIO_FALLING] = PL061_EDGE_FALLING,
	    [FERN_GPIO_BOTH] = PL061_EDGE_BOTH,
	};
	if (!pins || pins & ~(uint64_t)PL061_PIN_MASK || edge > FERN_GPIO_BOTH)
		return FERN_ERR_INVALID;
	if (edge == FERN_GPIO_OFF) {
		pl061_irq_disable(&g->m, (uint32_t)pins);
		c->watched &= ~(uint32_t)pins;
		return FERN_OK;
	}
	pl061_set_direction(&g->m, (uint32_t)pins, 0);
	c->watched |= (uint32_t)pins;
	return pl061_irq_configure(&g->m, (uint32_t)pins, sense[edge]);
}

static int gpio_request(struct fern_server *s, fern_handle client, const struct fern_msg *req)
{
	struct gpio *g = s->ctx;
	struct gpio_client *c = client_get(g, client);
	if (!c)
		return FERN_ERR_TOO_MANY;
	if (req->type == FERN_MSG_GETATTR && req->word[0] == FERN_ATTR_PHANDLE) {
		uint64_t words[FERN_MSG_WORDS] = {g->phandle};
		return fern_server_reply(client, req, words, 0, 0);
	}
	if (req->type == FERN_MSG_SETATTR && req->word[0] == FERN_ATTR_GPIO_WATCH) {
		int rc = gpio_watch(g, c, req->word[1], req->word[2]);
		return rc ? rc : fern_server_reply(client, req, 0, 0, 0);
	}
	if (req->type == FERN_MSG_READ) {
		if (req->word[1] < sizeof(struct fern_gpio_event))
			return FERN_ERR_RANGE;
		if (c->reading)
			return FERN_ERR_BUSY; /* one READ at a time per client */
		c->reading = true;
		c->read_call_id = req->call_id;
		client_flush(g, c);
		return FERN_OK;
	}
	return FERN_ERR_UNSUPPORTED;
}

static void gpio_event(struct fern_server *s, int index, uint32_t pending)
{
	struct gpio *g = s->ctx;
	(void)index;
	(void)pending;
	uint32_t raised = pl061_irq_take(&g->m);
	for (int i = 0; i < g->client_count; i++) {
		g->client[i].changed |= raised & g->client[i].watched;
		client_flush(g, &g->client[i]);
	}
	fern_irq_ack(g->irq);
}

static void gpio_closed(struct fern_server *s, fern_handle client)
{
	struct gpio *g = s->ctx;
	for (int i = 0; i < g->client_count; i++)
		if (g->client[i].handle == client) {
			g->client[i] = g->client[--g->client_count];
			return;
		}
}

static void gpio_shutdown(struct fern_server *s)
{
	struct gpio *g = s->ctx;
	pl061_irq_disable(&g->m, PL061_PIN_MASK);
}

static const struct fern_server_ops gpio_ops = {
    .request = gpio_request,
    .event = gpio_event,
    .shutdown = gpio_shutdown,
    .closed = gpio_closed,
};

int main(void)
{
	static struct gpio g;
	static struct fern_server server;
	int status;
	g.m.base = fern_env_map_mmio(0, &status);
	if (!g.m.base) {
		fern_logf("no registers: %s", status_name(status));
		return 1;
	}
	status = pl061_init(&g.m);
	if (status) {
		fern_logf("not a PL061 (peripheral id): %s", status_name(status));
		return FERN_ERR_UNSUPPORTED;
	}
	g.irq = fern_env_irq(0);
	if (!g.irq) {
		fern_logf("no interrupt: pin events cannot be reported");
		return 1;
	}
	g.phandle = fdt_get_phandle(fern_env(), fern_env_device());
	status = fern_server_init(&server, &gpio_ops, &g);
	if (!status)
		status = fern_server_add_event(&server, g.irq, FERN_SIGNAL_IRQ);
	if (status) {
		fern_logf("cannot serve: %s", status_name(status));
		return 1;
	}
	fern_logf("PL061 GPIO: %d pins, levels 0x%02x, phandle %u", PL061_PINS,
		  (unsigned)pl061_read(&g.m, PL061_PIN_MASK), (unsigned)g.phandle);
	return fern_server_run(&server);
}
