// SPDX-License-Identifier: MIT
/* The virtio entropy device's driver: READ word[1] = length answers with that many random
 * bytes (at most FERN_MSG_DATA_MAX; fewer if the device gives fewer, never none). A request
 * goes to the device when one of its slots is free, else waits its turn, and is answered when
 * the device returns its buffer. */
#include "../virtio/virtio_env.h"

#include <fern/env.h>
#include <fern/service.h>
#include <fern/status.h>
#include <fern/sys.h>
#include <stdlib.h>
#include <string.h>

#define RNG_DEVICE_ID  4
#define RNG_QUEUE      8 /* requests in flight; one descriptor each */
#define RNG_PER_CLIENT 4 /* requests one client may have in flight or waiting (more: FULL) */

/* A request the device holds, by descriptor head. */
struct rng_pending {
	fern_handle client; /* 0: nobody waits (the client went away) */
	uint32_t call_id;
	uint32_t len;
	bool busy;
};

/* A request waiting for a free slot: served first come, first served, so a client that floods
 * (at most RNG_PER_CLIENT at a time) only delays the others by a few requests. */
struct rng_wait {
	fern_handle client;
	uint32_t call_id;
	uint32_t len;
};

struct rng {
	struct virtio_mmio dev;
	struct virtq vq;
	fern_handle irq;
	uint8_t *buf; /* RNG_QUEUE slots of FERN_MSG_DATA_MAX bytes, DMA */
	uint64_t buf_pa;
	struct rng_pending slot[RNG_QUEUE];
	uint8_t slot_of_head[VIRTQ_MAX];
	struct rng_wait *wait; /* wait_len of wait_cap (heap), oldest first */
	size_t wait_len, wait_cap;
};

static int submit(struct rng *r, unsigned slot)
{
	struct virtq_buf b = {.addr = r->buf_pa + slot * FERN_MSG_DATA_MAX,
			      .len = r->slot[slot].len,
			      .device_writes = true};
	int head = virtq_add(&r->vq, &b, 1);
	if (head < 0)
		return head;
	r->slot_of_head[head] = (uint8_t)slot;
	virtio_mmio_notify(&r->dev, 0);
	return FERN_OK;
}

/* Requests client has in flight or waiting. */
static int client_load(const struct rng *r, fern_handle client)
{
	int n = 0;
	for (unsigned i = 0; i < RNG_QUEUE; i++)
		n += r->slot[i].busy && r->slot[i].client == client;
	for (size_t i = 0; i < r->wait_len; i++)
		n += r->wait[i].client == client;
	return n;
}

/* Gives the request a free slot and the device; FERN_ERR_FULL when every slot is busy. */
static int start(struct rng *r, const struct rng_wait *w)
{
	unsigned slot = 0;
	while (slot < RNG_QUEUE && r->slot[slot].busy)
		slot++;
	if (slot == RNG_QUEUE)
		return FERN_ERR_FULL;
	r->slot[slot] = (struct rng_pending){
	    .client = w->client, .call_id = w->call_id, .len = w->len, .busy = true};
	int status = submit(r, slot);
	if (status)
		r->slot[slot].busy = false;
	return status;
}

/* Starts waiting requests, oldest first, while slots are free. */
static void start_waiting(struct rng *r)
{
	size_t done = 0;
	while (done < r->wait_len) {
		int status = start(r, &r->wait[done]);
		if (status == FERN_ERR_FULL)
			break;
		if (status)
			fern_server_error(r->wait[done].client, r->wait[done].call_id, status);
		done++;
	}
	memmove(r->wait, r->wait + done, (r->wait_len - done) * sizeof(*r->wait));
	r->wait_len -= done;
}

static int rng_request(struct fern_server *s, fern_handle client, const struct fern_msg *req)
{
	struct rng *r = s->ctx;
	if (req->type != FERN_MSG_READ)
		return FERN_ERR_UNSUPPORTED;
	if (req->word[1] == 0 || req->word[1] > FERN_MSG_DATA_MAX)
		return FERN_ERR_INVALID;
	if (client_load(r, client) >= RNG_PER_CLIENT)
		return FERN_ERR_FULL; /* this client has enough out: it retries */
	struct rng_wait w = {client, req->call_id, (uint32_t)req->word[1]};
	if (!r->wait_len) {
		int status = start(r, &w);
		if (status != FERN_ERR_FULL)
			return status;
	}
	if (r->wait_len == r->wait_cap) {
		size_t cap = r->wait_cap ? 2 * r->wait_cap : 16;
		struct rng_wait *more = realloc(r->wait, cap * sizeof(*more));
		if (!more)
			return FERN_ERR_FULL;
		r->wait = more;
		r->wait_cap = cap;
	}
	r->wait[r->wait_len++] = w;
	return FERN_OK;
}

/* Answers every request whose buffer the device returned. */
static void rng_complete(struct rng *r)
{
	for (;;) {
		uint32_t len;
		int head = virtq_get_used(&r->vq, &len);
		if (head == FERN_ERR_EMPTY)
			return;
		if (head < 0) {
			fern_logf("the device returned a buffer it did not hold");
			continue;
		}
		unsigned slot = r->slot_of_head[head];
		struct rng_pending *p = &r->slot[slot];
		if (len == 0 && p->client && submit(r, slot) == FERN_OK)
			continue; /* nothing yet: ask again rather than answer empty */
		if (len > p->len)
			len = p->len;
		if (p->client && len)
			fern_server_reply_to(p->client, FERN_MSG_READ, p->call_id, 0,
					     r->buf + slot * FERN_MSG_DATA_MAX, len);
		else if (p->client)
			fern_server_error(p->client, p->call_id, FERN_ERR_EMPTY);
		p->busy = false;
	}
}

static void rng_event(struct fern_server *s, int index, uint32_t pending)
{
	struct rng *r = s->ctx;
	(void)index, (void)pending; /* the interrupt is the only event */
	virtio_mmio_irq_ack(&r->dev);
	rng_complete(r);
	start_waiting(r);
	fern_irq_ack(r->irq);
}

static void rng_closed(struct fern_server *s, fern_handle client)
{
	struct rng *r = s->ctx;
	for (unsigned i = 0; i < RNG_QUEUE; i++)
		if (r->slot[i].busy && r->slot[i].client == client)
			r->slot[i].client = 0; /* the handle is about to be closed and reused */
	size_t kept = 0;
	for (size_t i = 0; i < r->wait_len; i++)
		if (r->wait[i].client != client)
			r->wait[kept++] = r->wait[i];
	r->wait_len = kept;
}

static const struct fern_server_ops rng_ops = {
    .request = rng_request, .event = rng_event, .closed = rng_closed};

int main(void)
{
	static struct rng r;
	static struct fern_server server;
	int status = virtio_env_open(&r.dev, RNG_DEVICE_ID, 0);
	if (status)
		return status == FERN_ERR_UNSUPPORTED ? FERN_ERR_UNSUPPORTED : 1;
	r.irq = fern_env_irq(0);
	if (!r.irq) {
		fern_logf("no interrupt granted");
		goto fail_device;
	}
	status = virtio_env_queue(&r.dev, 0, RNG_QUEUE, &r.vq);
	if (status) {
		fern_logf("cannot set up the request queue: %s", status_name(status));
		goto fail_device;
	}
	status =
	    virtio_env_dma((uint64_t)RNG_QUEUE * FERN_MSG_DATA_MAX, (void **)&r.buf, &r.buf_pa);
	if (status) {
		fern_logf("no DMA memory: %s", status_name(status));
		goto fail_device;
	}
	status = fern_server_init(&server, &rng_ops, &r);
	if (status) {
		fern_logf("no startup channel: %s", status_name(status));
		goto fail_device;
	}
	fern_server_add_event(&server, r.irq, FERN_SIGNAL_IRQ);
	virtio_mmio_driver_ok(&r.dev);
	fern_logf("virtio entropy device: %u requests in flight", r.vq.num);
	return fern_server_run(&server);
fail_device:
	virtio_mmio_fail(&r.dev);
	return 1;
}
