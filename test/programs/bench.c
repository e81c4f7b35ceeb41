// SPDX-License-Identifier: MIT
/* IPC benchmark, run by the harness scenario "bench" with the PMU counting retired
 * instructions (EL0 + EL1) for programs. Prints "BENCH <name> <value> instructions".
 *   bench null NAME               the null system call
 *   bench server                  answers short calls, 4 KiB writes and handle round trips
 *   bench short|4k|handle NAME    a client of the server on handle 0, measuring
 *   bench port N NAME             a port server for N clients (handles 0..N-1), measuring
 *                                 every client's calls together: instructions per call
 *   bench client full|4k|handle|queued
 *                                 a client of the port server on handle 0: full calls
 *                                 without data, with 4 KiB, moving a handle, or with an
 *                                 unrelated message left queued at its own end */
#include <fern/sys.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WARMUP 200
#define ROUNDS 2000

static inline uint64_t instructions(void)
{
	uint64_t v;
	__asm__ volatile("isb; mrs %0, pmevcntr0_el0" : "=r"(v));
	return v;
}

static void report(const char *name, uint64_t start, uint64_t end)
{
	printf("BENCH %s %llu instructions\n", name, (unsigned long long)((end - start) / ROUNDS));
}

static int bench_null(const char *name)
{
	for (int i = 0; i < WARMUP; i++)
		fern_nop();
	uint64_t start = instructions();
	for (int i = 0; i < ROUNDS; i++)
		fern_nop();
	report(name, start, instructions());
	return 0;
}

static int serve(fern_handle ch)
{
	static uint8_t data[FERN_MSG_DATA_MAX];
	struct fern_short_msg req, reply;
	int rc = fern_reply_recv_short(ch, 0, &req);
	for (;;) {
		if (rc == FERN_ERR_TOO_BIG) { /* data or handles: take it the full way */
			struct fern_msg m = {.data = data, .data_cap = sizeof(data)};
			if (fern_channel_recv(ch, &m, FERN_DEADLINE_NEVER))
				return 1;
			struct fern_msg r = {.type = m.type | FERN_MSG_REPLY,
					     .call_id = m.call_id,
					     .handle_count = m.handle_count};
			memcpy(r.handle, m.handle, sizeof(r.handle)); /* handles go back */
			r.word[0] = m.data_len;
			if (fern_channel_send(ch, &r))
				return 1;
			rc = fern_reply_recv_short(ch, 0, &req);
			continue;
		}
		if (rc) {
			if (rc == FERN_ERR_PEER_CLOSED)
				return 0;
			printf("server: %s\n", status_name(rc));
			return 1;
		}
		reply = (struct fern_short_msg){.type = req.type | FERN_MSG_REPLY,
						.call_id = req.call_id,
						.word = {req.word[0] + 1}};
		rc = fern_reply_recv_short(ch, &reply, &req);
	}
}

static int client_short(fern_handle ch, const char *name)
{
	struct fern_short_msg m;
	uint64_t start = 0;
	for (int i = 0; i < WARMUP + ROUNDS; i++) {
		if (i == WARMUP)
			start = instructions();
		m = (struct fern_short_msg){
		    .type = FERN_MSG_GETATTR, .call_id = (uint32_t)i, .word = {(uint64_t)i}};
		int rc = fern_call_short(ch, &m);
		if (rc || m.word[0] != (uint64_t)i + 1) {
			printf("round %d: %s, word %llu\n", i, status_name(rc),
			       (unsigned long long)m.word[0]);
			return 1;
		}
	}
	report(name, start, instructions());
	return 0;
}

static int client_full(fern_handle ch, const char *name, int with_data)
{
	static uint8_t page[FERN_MSG_DATA_MAX];
	fern_handle pair[2] = {0, 0};
	if (!with_data && fern_channel_create(pair))
		return 1;
	uint64_t start = 0;
	for (int i = 0; i < WARMUP + ROUNDS; i++) {
		if (i == WARMUP)
			start = instructions();
		struct fern_msg req = {.type = FERN_MSG_WRITE, .call_id = (uint32_t)i};
		if (with_data) {
			req.data = page;
			req.data_len = sizeof(page);
		} else {
			req.handle_count = 1;
			req.handle[0] = pair[1];
		}
		struct fern_msg reply = {0};
		if (fern_channel_call(ch, &req, &reply, FERN_DEADLINE_NEVER))
			return 1;
		if (!with_data) {
			if (reply.handle_count != 1)
				return 1;
			pair[1] = reply.handle[0]; /* it came back: send it again */
		}
	}
	report(name, start, instructions());
	return 0;
}

/* SETATTR attribute, bench only: the port server leaves one WRITE queued at the client. */
#define BENCH_ATTR_QUEUE_ONE 0x7e00

/* Answers full calls from n clients through one port, one system call per request, and
 * reports the instructions per call once every client has made WARMUP + ROUNDS. */
static int port_serve(int n, const char *name)
{
	static uint8_t data[FERN_MSG_DATA_MAX];
	const struct fern_start_info *si = fern_start_info();
	int64_t port = fern_port_create();
	if (fern_is_error(port) || n < 1 || n > (int)si->handle_count)
		return 1;
	for (int i = 0; i < n; i++)
		if (fern_port_bind((fern_handle)port, si->handle[i], (uint64_t)i,
				   FERN_SIGNAL_READABLE))
			return 1;
	uint64_t served = 0, start = 0;
	uint64_t warm = (uint64_t)n * WARMUP, total = (uint64_t)n * (WARMUP + ROUNDS);
	struct fern_msg next, reply;
	const struct fern_msg *answer = 0;
	fern_handle to = 0;
	for (int open = n; open > 0;) {
		next = (struct fern_msg){.data = data, .data_cap = sizeof(data)};
		int rc =
		    fern_port_reply_recv((fern_handle)port, to, answer, &next, FERN_DEADLINE_NEVER);
		answer = 0;
		if (rc) {
			printf("port server: %s\n", status_name(rc));
			return 1;
		}
		if (next.type == FERN_MSG_SIGNAL) { /* a client is done */
			open -= (next.word[0] & FERN_SIGNAL_PEER_CLOSED) != 0;
			continue;
		}
		if (served == warm)
			start = instructions();
		if (++served == total)
			printf("BENCH %s %llu instructions\n", name,
			       (unsigned long long)((instructions() - start) / (total - warm)));
		to = si->handle[next.key];
		if (next.type == FERN_MSG_SETATTR && next.word[0] == BENCH_ATTR_QUEUE_ONE) {
			struct fern_msg extra = {.type = FERN_MSG_WRITE};
			if (fern_channel_send(to, &extra))
				return 1;
		}
		reply =
		    (struct fern_msg){.type = (uint16_t)(next.type | FERN_MSG_REPLY),
				      .call_id = next.call_id,
				      .handle_count = next.handle_count,
				      .word = {next.data_len ? next.data_len : next.word[0] + 1}};
		memcpy(reply.handle, next.handle, sizeof(reply.handle)); /* handles go back */
		answer = &reply;
	}
	return 0;
}

/* A client of port_serve: WARMUP + ROUNDS calls of one kind. */
static int port_client(fern_handle ch, const char *kind)
{
	static uint8_t page[FERN_MSG_DATA_MAX];
	fern_handle pair[2] = {0, 0};
	bool with_data = !strcmp(kind, "4k"), with_handle = !strcmp(kind, "handle");
	if (with_handle && fern_channel_create(pair))
		return 1;
	if (!strcmp(kind, "queued")) {
		/* One WRITE stays queued at our end throughout: every reply passes it by. */
		struct fern_msg req = {.type = FERN_MSG_SETATTR, .word = {BENCH_ATTR_QUEUE_ONE}};
		struct fern_msg reply = {0};
		if (fern_channel_call(ch, &req, &reply, FERN_DEADLINE_NEVER))
			return 1;
	}
	for (int i = 0; i < WARMUP + ROUNDS; i++) {
		struct fern_msg req = {
		    .type = FERN_MSG_GETATTR, .call_id = (uint32_t)i + 1, .word = {(uint64_t)i}};
		if (with_data) {
			req.type = FERN_MSG_WRITE;
			req.data = page;
			req.data_len = sizeof(page);
		} else if (with_handle) {
			req.handle_count = 1;
			req.handle[0] = pair[1];
		}
		struct fern_msg reply = {0};
		int rc = fern_channel_call(ch, &req, &reply, FERN_DEADLINE_NEVER);
		uint64_t want = with_data ? sizeof(page) : (uint64_t)i + 1;
		if (rc || reply.word[0] != want || reply.handle_count != req.handle_count) {
			printf("call %d: %s, word %llu\n", i, status_name(rc),
			       (unsigned long long)reply.word[0]);
			return 1;
		}
		if (with_handle)
			pair[1] = reply.handle[0]; /* it came back: send it again */
	}
	return 0;
}

int main(int argc, char **argv)
{
	const struct fern_start_info *si = fern_start_info();
	if (argc < 2)
		return 2;
	if (!strcmp(argv[1], "null") && argc > 2)
		return bench_null(argv[2]);
	if (si->handle_count < 1)
		return 2;
	if (!strcmp(argv[1], "server"))
		return serve(si->handle[0]);
	if (!strcmp(argv[1], "port") && argc > 3)
		return port_serve((int)strtoul(argv[2], 0, 10), argv[3]);
	if (!strcmp(argv[1], "client") && argc > 2)
		return port_client(si->handle[0], argv[2]);
	if (argc < 3)
		return 2;
	if (!strcmp(argv[1], "short"))
		return client_short(si->handle[0], argv[2]);
	if (!strcmp(argv[1], "4k"))
		return client_full(si->handle[0], argv[2], 1);
	if (!strcmp(argv[1], "handle"))
		return client_full(si->handle[0], argv[2], 0);
	return 2;
}
