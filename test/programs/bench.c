// SPDX-License-Identifier: MIT
/* IPC benchmark, run by the harness scenario "bench" with the PMU counting retired
 * instructions (EL0 + EL1) for programs. Prints "BENCH <name> <value> instructions".
 *   bench null NAME               the null system call
 *   bench server                  answers short calls, 4 KiB writes and handle round trips
 *   bench short|4k|handle NAME    a client of the server on handle 0 */
#include <fern/sys.h>
#include <stdio.h>
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
