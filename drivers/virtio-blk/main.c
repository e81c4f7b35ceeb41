// SPDX-License-Identifier: MIT
/* The virtio block device's driver: the block service (docs/specs.md). Every request goes to
 * the device at once, as far as the queue holds, and is answered when the device finishes it;
 * SETATTR FERN_ATTR_SYNC and the system's shutdown flush the device's write cache. */
#include "../virtio/virtio_env.h"
#include "blk.h"

#include <fern/bulk.h>
#include <fern/env.h>
#include <fern/service.h>
#include <fern/status.h>
#include <fern/sys.h>

#define BLK_QUEUE         256
/* Requests one client may have in flight, half the slots: more get FULL (retry), so one that
 * floods leaves room for the others. */
#define BLK_PER_CLIENT    (BLK_SLOTS / 2)
#define BLK_SHUTDOWN_WAIT 2000000000ull /* how long shutdown waits for the device */

/* Clients that share a bulk buffer (the filesystem does), at most this many at once. */
#define BLK_BULK_CLIENTS 8
#define BLK_ORPHAN       ((fern_handle)-1) /* gone, its buffer still in the device's hands */

struct bulk_client {
	fern_handle client; /* 0: a free entry */
	struct fern_bulk buf;
};

struct driver {
	struct blk b;
	fern_handle irq;
	struct bulk_client bulk[BLK_BULK_CLIENTS];
};

static struct bulk_client *bulk_of(struct driver *d, fern_handle client)
{
	for (int i = 0; i < BLK_BULK_CLIENTS; i++)
		if (d->bulk[i].client == client)
			return &d->bulk[i];
	return NULL;
}

/* Answers one finished request: READ with the data, WRITE with the count, SETATTR empty. */
static void answer(struct blk *b, int s, int status)
{
	const struct blk_slot *p = &b->slot[s];
	uint64_t words[FERN_MSG_WORDS] = {p->len};
	if (!p->client)
		return; /* an internal flush, or the client is gone */
	if (status)
		fern_server_error(p->client, p->call_id, status);
	else if (p->bulk)
		fern_server_reply_to(p->client, p->msg_type, p->call_id, words, 0, 0);
	else if (p->msg_type == FERN_MSG_READ)
		fern_server_reply_to(p->client, p->msg_type, p->call_id, 0, blk_buffer(b, s),
				     p->len);
	else
		fern_server_reply_to(p->client, p->msg_type, p->call_id,
				     p->msg_type == FERN_MSG_WRITE ? words : 0, 0, 0);
}

/* Answers every finished request; buffers of clients that went away are unmapped once the
 * device is done with them. */
static void complete(struct driver *d)
{
	struct blk *b = &d->b;
	int status, s;
	while ((s = blk_reap(b, &status)) >= 0) {
		answer(b, s, status);
		blk_release(b, s);
	}
	for (int i = 0; i < BLK_BULK_CLIENTS; i++) {
		if (d->bulk[i].client != BLK_ORPHAN)
			continue;
		bool in_use = false;
		for (unsigned k = 0; k < BLK_SLOTS; k++)
			in_use |= b->slot[k].busy && b->slot[k].bulk && !b->slot[k].client;
		if (!in_use) {
			fern_bulk_release(&d->bulk[i].buf);
			d->bulk[i].client = 0;
		}
	}
}

static int submit(struct blk *b, uint32_t type, uint64_t offset, uint32_t len, const void *data,
		  const struct blk_seg *seg, unsigned nseg, fern_handle client,
		  const struct fern_msg *req)
{
	struct blk_slot who = {.client = client};
	unsigned mine = 0;
	for (unsigned i = 0; client && i < BLK_SLOTS; i++)
		mine += b->slot[i].busy && b->slot[i].client == client;
	if (mine >= BLK_PER_CLIENT)
		return FERN_ERR_FULL;
	if (req)
		who.call_id = req->call_id, who.msg_type = req->type;
	int s = blk_submit(b, type, offset, len, data, seg, nseg, &who);
	if (s < 0)
		return s; /* FERN_ERR_FULL: as many requests as the queue holds are out */
	virtio_mmio_notify(&b->dev, 0);
	return FERN_OK;
}

static int getattr(struct blk *b, fern_handle client, const struct fern_msg *req)
{
	uint64_t words[FERN_MSG_WORDS] = {0};
	if (req->word[0] == FERN_ATTR_SIZE)
		words[0] = b->capacity;
	else if (req->word[0] == FERN_ATTR_BLOCK_SIZE)
		words[0] = BLK_SECTOR;
	else
		return FERN_ERR_UNSUPPORTED;
	return fern_server_reply(client, req, words, 0, 0);
}

/* A READ or WRITE through the client's bulk buffer (word[2] = FERN_BULK | where in it, word[1]
 * = bytes, up to BLK_BULK_MAX): the device moves the data straight to or from it. */
static int bulk_request(struct driver *d, fern_handle client, const struct fern_msg *req)
{
	struct bulk_client *c = bulk_of(d, client);
	uint64_t at;
	if (!c || !fern_bulk_range(&c->buf, req->word[2], req->word[1], &at))
		return FERN_ERR_RANGE;
	int status = blk_check(&d->b, req->word[0], req->word[1], BLK_BULK_MAX);
	if (status)
		return status;
	if (req->type == FERN_MSG_WRITE && (d->b.dev.features & VIRTIO_BLK_F_RO))
		return FERN_ERR_DENIED;
	/* The buffer's pages, merged where they adjoin in physical memory. */
	struct blk_seg seg[BLK_SEGS_MAX];
	unsigned nseg = 0;
	for (uint64_t done = 0, len = req->word[1]; done < len;) {
		int64_t pa = fern_bulk_pa(&c->buf, at + done);
		if (fern_is_error(pa))
			return (int)pa;
		uint32_t piece = 4096 - (uint32_t)((at + done) & 4095);
		piece = piece < len - done ? piece : (uint32_t)(len - done);
		if (nseg && seg[nseg - 1].pa + seg[nseg - 1].len == (uint64_t)pa)
			seg[nseg - 1].len += piece;
		else
			seg[nseg++] = (struct blk_seg){(uint64_t)pa, piece};
		done += piece;
	}
	uint32_t type = req->type == FERN_MSG_READ ? VIRTIO_BLK_T_IN : VIRTIO_BLK_T_OUT;
	return submit(&d->b, type, req->word[0], (uint32_t)req->word[1], 0, seg, nseg, client, req);
}

/* SETATTR FERN_ATTR_BULK: maps the client's buffer (the device is given its pages' physical
 * addresses), replacing one it shared before. */
static int bulk_attach(struct fern_server *s, fern_handle client, const struct fern_msg *req)
{
	struct driver *d = s->ctx;
	struct bulk_client *c = bulk_of(d, client);
	if (!c)
		c = bulk_of(d, 0);
	if (!c)
		return FERN_ERR_TOO_MANY;
	struct fern_bulk buf;
	int status = fern_bulk_accept(fern_server_take_handle(s, req, 0), req->word[1], true, &buf);
	if (status)
		return status;
	for (unsigned i = 0; i < BLK_SLOTS; i++) {
		if (d->b.slot[i].busy && d->b.slot[i].bulk && d->b.slot[i].client == client) {
			fern_bulk_release(&buf);
			return FERN_ERR_BUSY; /* the device still uses the old one */
		}
	}
	fern_bulk_release(&c->buf);
	c->client = client;
	c->buf = buf;
	return fern_server_reply(client, req, 0, 0, 0);
}

static int blk_request(struct fern_server *s, fern_handle client, const struct fern_msg *req)
{
	struct driver *d = s->ctx;
	struct blk *b = &d->b;
	int status;
	if ((req->type == FERN_MSG_READ || req->type == FERN_MSG_WRITE) &&
	    (req->word[2] & FERN_BULK))
		return bulk_request(d, client, req);
	switch (req->type) {
	case FERN_MSG_READ:
		status = blk_check(b, req->word[0], req->word[1], BLK_MAX_IO);
		return status ? status
			      : submit(b, VIRTIO_BLK_T_IN, req->word[0], (uint32_t)req->word[1], 0,
				       0, 0, client, req);
	case FERN_MSG_WRITE:
		if (b->dev.features & VIRTIO_BLK_F_RO)
			return FERN_ERR_DENIED;
		status = blk_check(b, req->word[0], req->data_len, BLK_MAX_IO);
		return status ? status
			      : submit(b, VIRTIO_BLK_T_OUT, req->word[0], req->data_len, req->data,
				       0, 0, client, req);
	case FERN_MSG_GETATTR: return getattr(b, client, req);
	case FERN_MSG_SETATTR:
		if (req->word[0] == FERN_ATTR_BULK)
			return bulk_attach(s, client, req);
		if (req->word[0] != FERN_ATTR_SYNC)
			return FERN_ERR_UNSUPPORTED;
		/* Without VIRTIO_BLK_F_FLUSH the device has no write cache: writes are durable. */
		if (!(b->dev.features & VIRTIO_BLK_F_FLUSH))
			return fern_server_reply(client, req, 0, 0, 0);
		return submit(b, VIRTIO_BLK_T_FLUSH, 0, 0, 0, 0, 0, client, req);
	}
	return FERN_ERR_UNSUPPORTED;
}

static void blk_event(struct fern_server *s, int index, uint32_t pending)
{
	struct driver *d = s->ctx;
	(void)index, (void)pending; /* the interrupt is the only event */
	virtio_mmio_irq_ack(&d->b.dev);
	complete(d);
	fern_irq_ack(d->irq);
}

static void blk_closed(struct fern_server *s, fern_handle client)
{
	struct driver *d = s->ctx;
	struct blk *b = &d->b;
	bool device_uses_bulk = false;
	for (unsigned i = 0; i < BLK_SLOTS; i++) {
		if (b->slot[i].busy && b->slot[i].client == client) {
			b->slot[i].client = 0; /* the handle is about to be closed and reused */
			device_uses_bulk |= b->slot[i].bulk;
		}
	}
	struct bulk_client *c = bulk_of(d, client);
	if (c) {
		/* The mapping keeps the buffer alive: while the device may still write into it,
		 * it stays mapped (and the entry taken), else the memory could be reused. */
		if (!device_uses_bulk)
			fern_bulk_release(&c->buf);
		c->client = device_uses_bulk ? BLK_ORPHAN : 0;
	}
}

static bool busy(const struct blk *b)
{
	for (unsigned i = 0; i < BLK_SLOTS; i++)
		if (b->slot[i].busy)
			return true;
	return false;
}

/* Finishes what is in flight, then flushes the write cache, polling (no more events come). */
static void blk_shutdown(struct fern_server *s)
{
	struct driver *d = s->ctx;
	struct blk *b = &d->b;
	uint64_t deadline = fern_clock_ns() + BLK_SHUTDOWN_WAIT;
	bool flushed = !(b->dev.features & VIRTIO_BLK_F_FLUSH);
	bool flush_out = false;
	for (;;) {
		complete(d);
		if (!busy(b)) {
			if (flushed || flush_out)
				break;
			flush_out = submit(b, VIRTIO_BLK_T_FLUSH, 0, 0, 0, 0, 0, 0, 0) == FERN_OK;
			if (!flush_out)
				break;
		}
		if (fern_clock_ns() > deadline) {
			fern_logf("shutdown: the device did not finish in time");
			return;
		}
		fern_sleep_until(fern_clock_ns() + 1000000);
	}
	fern_logf("shutdown: %s", flush_out ? "write cache flushed" : "no write cache to flush");
}

static const struct fern_server_ops blk_ops = {
    .request = blk_request, .event = blk_event, .closed = blk_closed, .shutdown = blk_shutdown};

static int setup(struct driver *d)
{
	struct blk *b = &d->b;
	d->irq = fern_env_irq(0);
	if (!d->irq) {
		fern_logf("no interrupt granted");
		return FERN_ERR_NOT_FOUND;
	}
	int status = virtio_env_queue(&b->dev, 0, BLK_QUEUE, &b->vq);
	if (status) {
		fern_logf("cannot set up the request queue: %s", status_name(status));
		return status;
	}
	status = virtio_env_dma((uint64_t)BLK_SLOTS * BLK_MAX_IO, (void **)&b->data, &b->data_pa);
	if (!status)
		status = virtio_env_dma(BLK_SLOTS * sizeof(struct blk_header), (void **)&b->hdr,
					&b->hdr_pa);
	if (status)
		fern_logf("no DMA memory: %s", status_name(status));
	return status;
}

int main(void)
{
	static struct driver d;
	static struct fern_server server;
	int status = virtio_env_open(&d.b.dev, BLK_DEVICE_ID, VIRTIO_BLK_F_RO | VIRTIO_BLK_F_FLUSH);
	if (status)
		return status == FERN_ERR_UNSUPPORTED ? FERN_ERR_UNSUPPORTED : 1;
	if (setup(&d))
		goto fail_device;
	status = fern_server_init(&server, &blk_ops, &d);
	if (status) {
		fern_logf("no startup channel: %s", status_name(status));
		goto fail_device;
	}
	fern_server_add_event(&server, d.irq, FERN_SIGNAL_IRQ);
	blk_setup(&d.b);
	virtio_mmio_driver_ok(&d.b.dev);
	fern_logf("virtio block device: %lu bytes%s%s, %u requests in flight",
		  (unsigned long)d.b.capacity,
		  d.b.dev.features & VIRTIO_BLK_F_RO ? ", read-only" : "",
		  d.b.dev.features & VIRTIO_BLK_F_FLUSH ? ", write cache" : "", d.b.slots);
	return fern_server_run(&server);
fail_device:
	virtio_mmio_fail(&d.b.dev);
	return 1;
}
