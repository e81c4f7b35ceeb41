// SPDX-License-Identifier: MIT
/* A server and up to 16 clients exercising every kind of message together through one port:
 * register-only calls, full calls with data of every size and alignment, handles moved both
 * ways, messages sent without waiting (queued at the server, to be taken in order) and a
 * message left queued at the client while its call's reply passes it by. Run by the harness
 * scenario "ipc-mix" in EL0, EL1 and mixed pairs.
 *   ipc_mix server N    serves handles 0..N-1 (client i on handle i)
 *   ipc_mix client ID   a client of the server on handle 0 */
#include <fern/sys.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROUNDS        60
#define CLIENTS_MAX   16
#define ATTR_EXPECT   0x7e01 /* SETATTR: word[1] = the sequence number the server should be at */
#define ATTR_DONE     0x7e02 /* SETATTR: this client is finished */
#define EVENT_WORD    0xee
#define QUEUED_WRITES 3

static uint8_t pattern(uint64_t id, uint64_t round, uint64_t k)
{
	return (uint8_t)(id * 31 + round * 7 + k * 13 + (k >> 8));
}

/* ---- server ---- */

struct client_state {
	uint64_t next_seq; /* the sequence number of the next queued WRITE */
	bool done;
};

static int fail(const char *what, uint64_t key)
{
	printf("ipc-mix server: client %llu: %s\n", (unsigned long long)key, what);
	return 1;
}

/* Handles one request; fills reply (and returns 0) or returns 1 on a broken expectation.
 * *answer is false for messages that want no reply (queued WRITEs). */
static int handle(struct client_state *c, fern_handle to, struct fern_msg *m,
		  struct fern_msg *reply, bool *answer)
{
	*reply =
	    (struct fern_msg){.type = (uint16_t)(m->type | FERN_MSG_REPLY), .call_id = m->call_id};
	*answer = true;
	switch (m->type) {
	case FERN_MSG_GETATTR: /* a register-only call */
		if (m->data_len || m->handle_count)
			return fail("GETATTR with data or handles", m->key);
		reply->word[0] = m->word[0] + 1 + m->key;
		return 0;
	case FERN_MSG_WRITE:
		if (m->word[0] == ~0ull) { /* queued, in order, no reply */
			if (m->word[1] != c->next_seq)
				return fail("queued WRITE out of order", m->key);
			c->next_seq++;
			*answer = false;
			return 0;
		}
		for (uint32_t k = 0; k < m->data_len; k++)
			if (((uint8_t *)m->data)[k] != pattern(m->key, m->word[0], k))
				return fail("WRITE data corrupt", m->key);
		reply->word[0] = m->data_len;
		return 0;
	case FERN_MSG_CONNECT: {
		if (m->handle_count != 1)
			return fail("CONNECT without its handle", m->key);
		char text[32];
		int len = snprintf(text, sizeof(text), "hello %llu", (unsigned long long)m->key);
		struct fern_msg hello = {
		    .type = FERN_MSG_WRITE, .data = text, .data_len = (uint32_t)len};
		if (fern_channel_send(m->handle[0], &hello))
			return fail("send on the moved channel", m->key);
		reply->handle_count = 1; /* it goes back */
		reply->handle[0] = m->handle[0];
		return 0;
	}
	case FERN_MSG_SETATTR:
		if (m->word[0] == ATTR_DONE) {
			c->done = true;
			return 0;
		}
		if (m->word[0] != ATTR_EXPECT || m->word[1] != c->next_seq)
			return fail("queued WRITEs were lost", m->key);
		/* Leave a message at the client that its reply must pass by. */
		struct fern_msg event = {.type = FERN_MSG_WRITE, .word = {EVENT_WORD}};
		if (fern_channel_send(to, &event))
			return fail("send the event", m->key);
		return 0;
	default: return fail("unexpected message type", m->key);
	}
}

static int serve(int n)
{
	static uint8_t data[FERN_MSG_DATA_MAX];
	static struct client_state state[CLIENTS_MAX];
	const struct fern_start_info *si = fern_start_info();
	int64_t port = fern_port_create();
	if (fern_is_error(port) || n < 1 || n > CLIENTS_MAX || n > (int)si->handle_count)
		return 1;
	for (int i = 0; i < n; i++)
		if (fern_port_bind((fern_handle)port, si->handle[i], (uint64_t)i,
				   FERN_SIGNAL_READABLE))
			return 1;
	struct fern_msg m, reply;
	const struct fern_msg *answer = 0;
	fern_handle to = 0;
	uint64_t requests = 0;
	for (int open = n; open > 0;) {
		m = (struct fern_msg){.data = data, .data_cap = sizeof(data)};
		int rc =
		    fern_port_reply_recv((fern_handle)port, to, answer, &m, FERN_DEADLINE_NEVER);
		answer = 0;
		if (rc) {
			printf("ipc-mix server: receive: %s\n", status_name(rc));
			return 1;
		}
		if (m.key >= (uint64_t)n)
			return fail("a key that was never bound", m.key);
		if (m.type == FERN_MSG_SIGNAL) {
			if (!(m.word[0] & FERN_SIGNAL_PEER_CLOSED) || !state[m.key].done)
				return fail("closed before it was done", m.key);
			open--;
			continue;
		}
		requests++;
		bool want;
		to = si->handle[m.key];
		if (handle(&state[m.key], to, &m, &reply, &want))
			return 1;
		answer = want ? &reply : 0;
	}
	printf("ipc-mix server: %d clients, %llu requests: ok\n", n, (unsigned long long)requests);
	return 0;
}

/* ---- client ---- */

static int client_fail(uint64_t id, int round, const char *what, int rc)
{
	printf("ipc-mix client %llu: round %d: %s (%s)\n", (unsigned long long)id, round, what,
	       status_name(rc));
	return 1;
}

static int round_short(fern_handle ch, uint64_t id, int i)
{
	struct fern_short_msg m = {
	    .type = FERN_MSG_GETATTR, .call_id = (uint32_t)(i * 4 + 1), .word = {(uint64_t)i * 7}};
	int rc = fern_call_short(ch, &m);
	if (rc || m.type != (FERN_MSG_GETATTR | FERN_MSG_REPLY) ||
	    m.word[0] != (uint64_t)i * 7 + 1 + id)
		return client_fail(id, i, "register-only call", rc);
	return 0;
}

static int round_data(fern_handle ch, uint64_t id, int i)
{
	static uint8_t buf[FERN_MSG_DATA_MAX + 16];
	uint32_t len = (uint32_t)((i * 131 + id * 17) % (FERN_MSG_DATA_MAX + 1));
	uint8_t *data = buf + (i % 16); /* every alignment */
	for (uint32_t k = 0; k < len; k++)
		data[k] = pattern(id, (uint64_t)i, k);
	struct fern_msg req = {.type = FERN_MSG_WRITE,
			       .call_id = (uint32_t)(i * 4 + 2),
			       .word = {(uint64_t)i},
			       .data = data,
			       .data_len = len};
	struct fern_msg reply = {0};
	int rc = fern_channel_call(ch, &req, &reply, FERN_DEADLINE_NEVER);
	if (rc || reply.word[0] != len)
		return client_fail(id, i, "call with data", rc);
	return 0;
}

static int round_handle(fern_handle ch, uint64_t id, int i)
{
	fern_handle pair[2];
	int rc = fern_channel_create(pair);
	if (rc)
		return client_fail(id, i, "channel create", rc);
	struct fern_msg req = {.type = FERN_MSG_CONNECT,
			       .call_id = (uint32_t)(i * 4 + 3),
			       .handle_count = 1,
			       .handle = {pair[1]}};
	struct fern_msg reply = {0};
	rc = fern_channel_call(ch, &req, &reply, FERN_DEADLINE_NEVER);
	if (rc || reply.handle_count != 1)
		return client_fail(id, i, "call moving a handle", rc);
	char text[32] = {0}, want[32];
	snprintf(want, sizeof(want), "hello %llu", (unsigned long long)id);
	struct fern_msg hello = {.data = text, .data_cap = sizeof(text) - 1};
	rc = fern_channel_recv(pair[0], &hello, FERN_DEADLINE_POLL);
	if (rc || strcmp(text, want))
		return client_fail(id, i, "message through the moved channel", rc);
	fern_handle_close(pair[0]);
	fern_handle_close(reply.handle[0]);
	return 0;
}

/* Queued WRITEs the server must take in order, then a call whose reply passes by a message
 * the server leaves at our end. */
static int round_queued(fern_handle ch, uint64_t id, int i, uint64_t *seq)
{
	for (int k = 0; k < QUEUED_WRITES; k++) {
		struct fern_msg w = {.type = FERN_MSG_WRITE, .word = {~0ull, (*seq)++}};
		int rc = fern_channel_send(ch, &w);
		if (rc)
			return client_fail(id, i, "queued send", rc);
	}
	struct fern_msg req = {.type = FERN_MSG_SETATTR,
			       .call_id = (uint32_t)(i * 4 + 4),
			       .word = {ATTR_EXPECT, *seq}};
	struct fern_msg reply = {0};
	int rc = fern_channel_call(ch, &req, &reply, FERN_DEADLINE_NEVER);
	if (rc || reply.type != (FERN_MSG_SETATTR | FERN_MSG_REPLY))
		return client_fail(id, i, "call after queued sends", rc);
	/* A register-only call now passes by the event, too. */
	if (round_short(ch, id, i))
		return 1;
	struct fern_msg event = {0};
	rc = fern_channel_recv(ch, &event, FERN_DEADLINE_POLL);
	if (rc || event.type != FERN_MSG_WRITE || event.word[0] != EVENT_WORD)
		return client_fail(id, i, "the message left at our end", rc);
	return 0;
}

static int client(fern_handle ch, uint64_t id)
{
	uint64_t seq = 0;
	for (int i = 0; i < ROUNDS; i++) {
		int bad = round_short(ch, id, i) || round_data(ch, id, i);
		if (!bad && (uint64_t)i % 5 == id % 5)
			bad = round_handle(ch, id, i);
		if (!bad && (uint64_t)i % 7 == id % 7)
			bad = round_queued(ch, id, i, &seq);
		if (bad)
			return 1;
	}
	struct fern_msg done = {.type = FERN_MSG_SETATTR, .call_id = 1u << 30, .word = {ATTR_DONE}};
	struct fern_msg reply = {0};
	int rc = fern_channel_call(ch, &done, &reply, FERN_DEADLINE_NEVER);
	if (rc)
		return client_fail(id, ROUNDS, "done", rc);
	printf("ipc-mix client %llu: ok\n", (unsigned long long)id);
	return 0;
}

int main(int argc, char **argv)
{
	const struct fern_start_info *si = fern_start_info();
	if (argc < 3 || si->handle_count < 1)
		return 2;
	uint64_t n = strtoul(argv[2], 0, 10);
	if (!strcmp(argv[1], "server"))
		return serve((int)n);
	if (!strcmp(argv[1], "client"))
		return client(si->handle[0], n);
	return 2;
}
