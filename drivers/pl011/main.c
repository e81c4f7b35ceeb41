// SPDX-License-Identifier: MIT
/* The PL011 driver's glue: the serial service. WRITE puts bytes on the line (the console
 * server's output, the kernel log among it); READ returns typed bytes, waiting for the receive
 * interrupt when none are buffered (one waiting READ per client; typed bytes go to the oldest
 * reader). */
#include "pl011.h"

#include <fern/env.h>
#include <fern/service.h>
#include <fern/status.h>
#include <fern/sys.h>
#include <stdlib.h>

#define INPUT_SIZE 1024 /* typed bytes waiting for a reader */

struct reader {
	fern_handle client;
	uint32_t call_id;
	uint32_t max;
};

struct serial {
	struct mmio regs;
	fern_handle irq;
	char input[INPUT_SIZE];
	size_t head, len;
	struct reader *reader; /* readers of reader_cap (heap), oldest first; one per client */
	int readers, reader_cap;
};

static size_t input_take(struct serial *c, char *out, size_t max)
{
	size_t n = 0;
	while (n < max && c->len) {
		out[n++] = c->input[c->head];
		c->head = (c->head + 1) % INPUT_SIZE;
		c->len--;
	}
	return n;
}

/* Moves what the receive FIFO holds into the input buffer, as far as there is room. Bytes
 * that do not fit stay in the FIFO, with no interrupt to say so: this runs again whenever
 * input is taken. */
static void input_pull(struct serial *c)
{
	char buf[64];
	while (c->len < INPUT_SIZE) {
		size_t room = INPUT_SIZE - c->len;
		size_t n = pl011_read(&c->regs, buf, room < sizeof(buf) ? room : sizeof(buf));
		if (!n)
			return;
		for (size_t i = 0; i < n; i++)
			c->input[(c->head + c->len + i) % INPUT_SIZE] = buf[i];
		c->len += n;
	}
}

/* Answers waiting readers, oldest first, while input lasts. */
static void serve_readers(struct serial *c)
{
	input_pull(c);
	while (c->readers && c->len) {
		struct reader r = c->reader[0];
		for (int i = 1; i < c->readers; i++)
			c->reader[i - 1] = c->reader[i];
		c->readers--;
		char buf[INPUT_SIZE];
		size_t n = input_take(c, buf, r.max < sizeof(buf) ? r.max : sizeof(buf));
		fern_server_reply_to(r.client, FERN_MSG_READ, r.call_id, 0, buf, (uint32_t)n);
		input_pull(c);
	}
}

/* Queues client's READ: FERN_ERR_BUSY if it has one waiting already. */
static int reader_add(struct serial *c, const struct reader *r)
{
	for (int i = 0; i < c->readers; i++)
		if (c->reader[i].client == r->client)
			return FERN_ERR_BUSY;
	if (c->readers == c->reader_cap) {
		int cap = c->reader_cap ? 2 * c->reader_cap : 4;
		struct reader *more = realloc(c->reader, (size_t)cap * sizeof(*more));
		if (!more)
			return FERN_ERR_NO_MEMORY;
		c->reader = more;
		c->reader_cap = cap;
	}
	c->reader[c->readers++] = *r;
	return FERN_OK;
}

static int serial_request(struct fern_server *s, fern_handle client, const struct fern_msg *req)
{
	struct serial *c = s->ctx;
	switch (req->type) {
	case FERN_MSG_WRITE: {
		pl011_write(&c->regs, req->data, req->data_len);
		uint64_t words[FERN_MSG_WORDS] = {req->data_len};
		return fern_server_reply(client, req, words, 0, 0);
	}
	case FERN_MSG_READ:
		if (!req->word[1])
			return FERN_ERR_INVALID;
		struct reader r = {client, req->call_id,
				   req->word[1] > FERN_MSG_DATA_MAX ? FERN_MSG_DATA_MAX
								    : (uint32_t)req->word[1]};
		int rc = reader_add(c, &r);
		if (!rc)
			serve_readers(c);
		return rc;
	default: return FERN_ERR_UNSUPPORTED;
	}
}

static void serial_event(struct fern_server *s, int index, uint32_t pending)
{
	(void)index;
	(void)pending;
	struct serial *c = s->ctx;
	input_pull(c); /* clears the interrupt, then drains: a byte after it raises it again */
	fern_irq_ack(c->irq);
	serve_readers(c);
}

/* A reader whose client left is dropped: its reply has nowhere to go. */
static void serial_closed(struct fern_server *s, fern_handle client)
{
	struct serial *c = s->ctx;
	int kept = 0;
	for (int i = 0; i < c->readers; i++)
		if (c->reader[i].client != client)
			c->reader[kept++] = c->reader[i];
	c->readers = kept;
}

static const struct fern_server_ops serial_ops = {
    .request = serial_request,
    .event = serial_event,
    .closed = serial_closed,
};

int main(void)
{
	static struct serial c;
	static struct fern_server server;
	int status;
	c.regs.base = fern_env_map_mmio(0, &status);
	if (!c.regs.base) {
		fern_logf("no registers: %s", status_name(status));
		return 1;
	}
	c.irq = fern_env_irq(0);
	status = fern_server_init(&server, &serial_ops, &c);
	if (!status && c.irq)
		status = fern_server_add_event(&server, c.irq, FERN_SIGNAL_IRQ);
	if (status) {
		fern_logf("cannot serve: %s", status_name(status));
		return 1;
	}
	pl011_init(&c.regs);
	if (c.irq)
		fern_irq_ack(c.irq); /* interrupt objects start masked */
	else
		fern_logf("no interrupt in the fragment: output only");
	fern_logf("PL011 serial line ready");
	return fern_server_run(&server);
}
