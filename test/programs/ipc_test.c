// SPDX-License-Identifier: MIT
/* IPC test program, run by the kernel harness in either domain (and across domains):
 *   ipc_test server   answers requests on bootstrap handle 0 until told to quit
 *   ipc_test client   runs every check against the server on handle 0; exits 0 if all pass */
#include <fern/sys.h>
#include <stdio.h>
#include <string.h>

static int failures;

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond)) {                                                 \
			printf("FAIL %s:%d: %s\n", __func__, __LINE__, #cond); \
			failures++;                                            \
		}                                                              \
	} while (0)

#define CHECK_EQ(a, b)                                                                            \
	do {                                                                                      \
		long long _a = (long long)(a), _b = (long long)(b);                               \
		if (_a != _b) {                                                                   \
			printf("FAIL %s:%d: %s == %lld, expected %lld\n", __func__, __LINE__, #a, \
			       _a, _b);                                                           \
			failures++;                                                               \
		}                                                                                 \
	} while (0)

static uint32_t next_call_id = 1;

static uint64_t ms_from_now(uint64_t ms)
{
	return fern_clock_ns() + ms * 1000000ull;
}

/* ---- server ---- */

static uint64_t checksum(const uint8_t *p, uint32_t n)
{
	uint64_t sum = 0;
	for (uint32_t i = 0; i < n; i++)
		sum = sum * 31 + p[i];
	return sum;
}

/* A page only this process can read, for the isolation test (its address via GETATTR). */
static uint64_t map_secret(void)
{
	int64_t vmo = fern_vmo_create(4096, 0);
	int64_t addr = fern_is_error(vmo) ? vmo
					  : fern_vm_map((fern_handle)vmo, 0, 4096,
							FERN_PROT_READ | FERN_PROT_WRITE);
	if (fern_is_error(addr))
		return 0;
	*(volatile uint64_t *)addr = 0x5ec7e75ec7e7ull;
	return (uint64_t)addr;
}

static int serve(fern_handle ch)
{
	uint64_t secret = map_secret();
	static uint8_t in[FERN_MSG_DATA_MAX], out[FERN_MSG_DATA_MAX];
	struct fern_msg req = {.data = in, .data_cap = sizeof(in)};
	struct fern_msg reply;
	int rc = fern_channel_recv(ch, &req, FERN_DEADLINE_NEVER);
	while (rc == FERN_OK) {
		reply =
		    (struct fern_msg){.type = req.type | FERN_MSG_REPLY, .call_id = req.call_id};
		int quit = 0;
		switch (req.type) {
		case FERN_MSG_READ: /* echo: data reversed, word[0] + 1 */
			for (uint32_t i = 0; i < req.data_len; i++)
				out[i] = in[req.data_len - 1 - i];
			reply.data = out;
			reply.data_len = req.data_len;
			reply.word[0] = req.word[0] + 1;
			break;
		case FERN_MSG_WRITE:
			reply.word[0] = checksum(in, req.data_len);
			reply.word[1] = req.data_len;
			break;
		case FERN_MSG_CONNECT: { /* greet the client through the channel it handed us */
			const char *hi = "via moved handle";
			struct fern_msg m = {.type = FERN_MSG_WRITE,
					     .data = (void *)hi,
					     .data_len = (uint32_t)strlen(hi)};
			reply.word[0] = (uint64_t)fern_channel_send(req.handle[0], &m);
			fern_handle_close(req.handle[0]);
			break;
		}
		case FERN_MSG_GETATTR:
			reply.word[0] = 42;
			reply.word[1] = secret;
			break;
		case FERN_MSG_SETATTR: quit = req.word[0] == 'q'; break;
		default:
			reply.type = FERN_MSG_ERROR;
			reply.word[0] = (uint64_t)(int64_t)FERN_ERR_UNSUPPORTED;
		}
		req = (struct fern_msg){.data = in, .data_cap = sizeof(in)};
		if (quit)
			return fern_channel_send(ch, &reply) == FERN_OK ? 0 : 1;
		rc = fern_channel_reply_recv(ch, &reply, &req, FERN_DEADLINE_NEVER);
	}
	printf("server: receive failed: %s\n", status_name(rc));
	return 1;
}

/* ---- client checks ---- */

static void check_round_trip_data(fern_handle ch)
{
	char buf[16] = "ping";
	char back[16];
	struct fern_msg req = {.type = FERN_MSG_READ,
			       .call_id = next_call_id++,
			       .data = buf,
			       .data_len = 4,
			       .word = {41}};
	struct fern_msg reply = {.data = back, .data_cap = sizeof(back)};
	CHECK_EQ(fern_channel_call(ch, &req, &reply, ms_from_now(2000)), FERN_OK);
	CHECK_EQ(reply.type, FERN_MSG_READ | FERN_MSG_REPLY);
	CHECK_EQ(reply.call_id, req.call_id);
	CHECK_EQ(reply.word[0], 42);
	CHECK_EQ(reply.data_len, 4);
	CHECK(memcmp(back, "gnip", 4) == 0);
}

static void check_round_trip_4k(fern_handle ch)
{
	static uint8_t page[FERN_MSG_DATA_MAX];
	for (unsigned i = 0; i < sizeof(page); i++)
		page[i] = (uint8_t)(i * 7 + 3);
	struct fern_msg req = {.type = FERN_MSG_WRITE,
			       .call_id = next_call_id++,
			       .data = page,
			       .data_len = sizeof(page)};
	struct fern_msg reply = {0};
	CHECK_EQ(fern_channel_call(ch, &req, &reply, ms_from_now(2000)), FERN_OK);
	CHECK_EQ(reply.word[0], checksum(page, sizeof(page)));
	CHECK_EQ(reply.word[1], sizeof(page));
	/* One byte over the limit is refused before anything is sent. */
	req.data_len = FERN_MSG_DATA_MAX + 1;
	CHECK_EQ(fern_channel_send(ch, &req), FERN_ERR_TOO_BIG);
	/* A reply larger than the receive buffer stays queued; the size needed is reported. */
	char small[2];
	struct fern_msg read = {
	    .type = FERN_MSG_READ, .call_id = next_call_id++, .data = "abcd", .data_len = 4};
	struct fern_msg tiny = {.data = small, .data_cap = sizeof(small)};
	CHECK_EQ(fern_channel_call(ch, &read, &tiny, ms_from_now(2000)), FERN_ERR_TOO_BIG);
	CHECK_EQ(tiny.data_len, 4);
	char big[8];
	struct fern_msg again = {.data = big, .data_cap = sizeof(big)};
	CHECK_EQ(fern_channel_recv(ch, &again, ms_from_now(2000)), FERN_OK);
	CHECK(memcmp(big, "dcba", 4) == 0);
}

static void check_handle_transfer(fern_handle ch)
{
	fern_handle pair[2];
	CHECK_EQ(fern_channel_create(pair), FERN_OK);
	struct fern_msg req = {.type = FERN_MSG_CONNECT,
			       .call_id = next_call_id++,
			       .handle_count = 1,
			       .handle = {pair[1]}};
	struct fern_msg reply = {0};
	CHECK_EQ(fern_channel_call(ch, &req, &reply, ms_from_now(2000)), FERN_OK);
	CHECK_EQ(reply.word[0], FERN_OK);
	/* The handle moved: it is no longer ours. */
	CHECK_EQ(fern_handle_close(pair[1]), FERN_ERR_BAD_HANDLE);
	char text[32] = {0};
	struct fern_msg got = {.data = text, .data_cap = sizeof(text)};
	CHECK_EQ(fern_channel_recv(pair[0], &got, ms_from_now(2000)), FERN_OK);
	CHECK(strcmp(text, "via moved handle") == 0);
	/* The server closed it after use: the peer is gone now. */
	CHECK_EQ(fern_channel_recv(pair[0], &got, ms_from_now(2000)), FERN_ERR_PEER_CLOSED);
	/* A channel end cannot travel through its own channel. */
	struct fern_msg self = {.type = FERN_MSG_CONNECT, .handle_count = 1, .handle = {ch}};
	CHECK_EQ(fern_channel_send(ch, &self), FERN_ERR_INVALID);
	fern_handle_close(pair[0]);
}

/* Data copied in and out of the kernel at every alignment of source and destination and at
 * lengths around the copy routine's steps: the bytes arrive intact and nothing around the
 * destination changes. */
static void check_unaligned_copies(void)
{
	static const uint32_t lengths[] = {0,  1,  2,  3,  4,  7,  8,   9,   15,  16,
					   17, 31, 33, 63, 64, 65, 127, 200, 1000};
	static uint8_t src[1100], dst[1100];
	fern_handle pair[2];
	CHECK_EQ(fern_channel_create(pair), FERN_OK);
	for (unsigned i = 0; i < sizeof(src); i++)
		src[i] = (uint8_t)(i * 13 + 1);
	for (unsigned s = 0; s < 16; s++) {
		for (unsigned d = 0; d < 16; d++) {
			for (unsigned k = 0; k < sizeof(lengths) / sizeof(lengths[0]); k++) {
				uint32_t len = lengths[k];
				memset(dst, 0xee, sizeof(dst));
				struct fern_msg m = {
				    .type = FERN_MSG_WRITE, .data = src + s, .data_len = len};
				CHECK_EQ(fern_channel_send(pair[0], &m), FERN_OK);
				struct fern_msg got = {.data = dst + d, .data_cap = len};
				CHECK_EQ(fern_channel_recv(pair[1], &got, FERN_DEADLINE_POLL),
					 FERN_OK);
				CHECK_EQ(got.data_len, len);
				CHECK(memcmp(dst + d, src + s, len) == 0);
				for (unsigned i = 0; i < d; i++)
					CHECK_EQ(dst[i], 0xee);
				for (unsigned i = d + len; i < d + len + 16; i++)
					CHECK_EQ(dst[i], 0xee);
			}
		}
	}
	CHECK_EQ(fern_handle_close(pair[0]), FERN_OK);
	CHECK_EQ(fern_handle_close(pair[1]), FERN_OK);
}

static void check_queue_full_and_peer_closed(void)
{
	fern_handle pair[2];
	CHECK_EQ(fern_channel_create(pair), FERN_OK);
	struct fern_msg m = {.type = FERN_MSG_WRITE};
	for (int i = 0; i < FERN_CHANNEL_QUEUE; i++)
		CHECK_EQ(fern_channel_send(pair[0], &m), FERN_OK);
	CHECK_EQ(fern_channel_send(pair[0], &m), FERN_ERR_FULL);
	struct fern_msg got = {0};
	CHECK_EQ(fern_channel_recv(pair[1], &got, FERN_DEADLINE_POLL), FERN_OK);
	CHECK_EQ(fern_channel_send(pair[0], &m), FERN_OK); /* room again */
	CHECK_EQ(fern_channel_recv(pair[0], &got, FERN_DEADLINE_POLL), FERN_ERR_EMPTY);
	CHECK_EQ(fern_handle_close(pair[1]), FERN_OK);
	CHECK_EQ(fern_channel_send(pair[0], &m), FERN_ERR_PEER_CLOSED);
	CHECK_EQ(fern_channel_recv(pair[0], &got, ms_from_now(10)), FERN_ERR_PEER_CLOSED);
	CHECK_EQ(fern_handle_close(pair[0]), FERN_OK);
}

static void check_wait_many(void)
{
	fern_handle a[2], b[2];
	CHECK_EQ(fern_channel_create(a), FERN_OK);
	CHECK_EQ(fern_channel_create(b), FERN_OK);
	int64_t timer = fern_timer_create();
	CHECK(timer > 0);
	struct fern_wait_item items[3] = {
	    {.handle = a[0], .signals = FERN_SIGNAL_READABLE | FERN_SIGNAL_PEER_CLOSED},
	    {.handle = b[0], .signals = FERN_SIGNAL_READABLE},
	    {.handle = (fern_handle)timer, .signals = FERN_SIGNAL_TIMER},
	};
	uint64_t start = fern_clock_ns();
	CHECK_EQ(fern_wait(items, 3, ms_from_now(20)), FERN_ERR_TIMED_OUT);
	CHECK(fern_clock_ns() - start >= 20000000ull);
	struct fern_msg m = {.type = FERN_MSG_WRITE};
	CHECK_EQ(fern_channel_send(b[1], &m), FERN_OK);
	CHECK_EQ(fern_wait(items, 3, ms_from_now(1000)), 1);
	CHECK_EQ(items[1].pending, FERN_SIGNAL_READABLE);
	CHECK_EQ(items[0].pending, 0);
	struct fern_msg got = {0};
	CHECK_EQ(fern_channel_recv(b[0], &got, FERN_DEADLINE_POLL), FERN_OK);
	CHECK_EQ(fern_timer_set((fern_handle)timer, ms_from_now(5), 0), FERN_OK);
	CHECK_EQ(fern_wait(items, 3, ms_from_now(1000)), 1);
	CHECK_EQ(items[2].pending, FERN_SIGNAL_TIMER);
	CHECK_EQ(fern_timer_set((fern_handle)timer, 0, 0), FERN_OK); /* clears the signal */
	CHECK_EQ(fern_handle_close(a[1]), FERN_OK);
	CHECK_EQ(fern_wait(items, 3, ms_from_now(1000)), 1);
	CHECK_EQ(items[0].pending, FERN_SIGNAL_PEER_CLOSED);
	CHECK_EQ(fern_wait(items, 0, 0), FERN_ERR_INVALID);
	fern_handle_close(a[0]);
	fern_handle_close(b[0]);
	fern_handle_close(b[1]);
	fern_handle_close((fern_handle)timer);
}

static void check_rights(fern_handle ch)
{
	int64_t read_only = fern_handle_dup(ch, FERN_RIGHT_READ);
	CHECK(read_only > 0);
	struct fern_msg m = {.type = FERN_MSG_GETATTR};
	CHECK_EQ(fern_channel_send((fern_handle)read_only, &m), FERN_ERR_DENIED);
	/* A duplicate never gains rights, and one without DUPLICATE cannot be copied. */
	CHECK_EQ(fern_handle_dup((fern_handle)read_only, FERN_RIGHTS_ALL), FERN_ERR_DENIED);
	CHECK_EQ(fern_handle_dup((fern_handle)read_only, FERN_RIGHT_READ), FERN_ERR_DENIED);
	/* Without TRANSFER a handle cannot be sent. */
	fern_handle pair[2];
	CHECK_EQ(fern_channel_create(pair), FERN_OK);
	int64_t stuck = fern_handle_dup(pair[1], FERN_RIGHT_READ | FERN_RIGHT_WRITE);
	struct fern_msg carry = {
	    .type = FERN_MSG_CONNECT, .handle_count = 1, .handle = {(fern_handle)stuck}};
	CHECK_EQ(fern_channel_send(pair[0], &carry), FERN_ERR_DENIED);
	/* A memory object mapped without the MAP right, or writable without WRITE. */
	int64_t vmo = fern_vmo_create(4096, 0);
	CHECK(vmo > 0);
	int64_t no_map = fern_handle_dup((fern_handle)vmo, FERN_RIGHT_READ);
	CHECK_EQ(fern_vm_map((fern_handle)no_map, 0, 4096, FERN_PROT_READ), FERN_ERR_DENIED);
	int64_t map_ro = fern_handle_dup((fern_handle)vmo, FERN_RIGHT_READ | FERN_RIGHT_MAP);
	CHECK_EQ(fern_vm_map((fern_handle)map_ro, 0, 4096, FERN_PROT_READ | FERN_PROT_WRITE),
		 FERN_ERR_DENIED);
	fern_handle_close((fern_handle)read_only);
	fern_handle_close((fern_handle)stuck);
	fern_handle_close(pair[0]);
	fern_handle_close(pair[1]);
	fern_handle_close((fern_handle)vmo);
	fern_handle_close((fern_handle)no_map);
	fern_handle_close((fern_handle)map_ro);
}

static void check_bad_pointers(fern_handle ch)
{
	const struct fern_start_info *si = fern_start_info();
	/* Outside the program's address space, and inside it but unmapped. */
	uint64_t bad[] = {0x10, 0xffff000040000000ull, si->image_base + (32ull << 30)};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		void *p = (void *)bad[i];
		CHECK_EQ(fern_channel_send(ch, p), FERN_ERR_FAULT);
		struct fern_msg m = {.type = FERN_MSG_WRITE, .data = p, .data_len = 16};
		CHECK_EQ(fern_channel_send(ch, &m), FERN_ERR_FAULT);
		CHECK_EQ(fern_log(p, 8), FERN_ERR_FAULT);
		CHECK_EQ(fern_wait(p, 1, FERN_DEADLINE_POLL), FERN_ERR_FAULT);
		CHECK_EQ(fern_channel_create(p), FERN_ERR_FAULT);
	}
	/* Receiving into read-only memory (our own code) fails cleanly; the message stays. */
	char text[8];
	struct fern_msg req = {
	    .type = FERN_MSG_READ, .call_id = next_call_id++, .data = "xy", .data_len = 2};
	CHECK_EQ(fern_channel_send(ch, &req), FERN_OK);
	struct fern_msg into_code = {.data = (void *)check_bad_pointers, .data_cap = 8};
	CHECK_EQ(fern_channel_recv(ch, &into_code, ms_from_now(2000)), FERN_ERR_FAULT);
	struct fern_msg ok = {.data = text, .data_cap = sizeof(text)};
	CHECK_EQ(fern_channel_recv(ch, &ok, ms_from_now(2000)), FERN_OK);
	CHECK(memcmp(text, "yx", 2) == 0);
}

static void check_bad_handles(fern_handle ch)
{
	struct fern_msg m = {.type = FERN_MSG_WRITE};
	CHECK_EQ(fern_handle_close(12345), FERN_ERR_BAD_HANDLE);
	CHECK_EQ(fern_channel_send(0, &m), FERN_ERR_BAD_HANDLE);
	CHECK_EQ(fern_channel_send(0xffffffff, &m), FERN_ERR_BAD_HANDLE);
	fern_handle pair[2];
	CHECK_EQ(fern_channel_create(pair), FERN_OK);
	CHECK_EQ(fern_handle_close(pair[1]), FERN_OK);
	CHECK_EQ(fern_handle_close(pair[1]), FERN_ERR_BAD_HANDLE);
	CHECK_EQ(fern_channel_send(pair[1], &m), FERN_ERR_BAD_HANDLE);
	int64_t vmo = fern_vmo_create(4096, 0);
	CHECK_EQ(fern_channel_send((fern_handle)vmo, &m), FERN_ERR_WRONG_TYPE);
	CHECK_EQ(fern_vmo_paddr(ch), FERN_ERR_WRONG_TYPE);
	CHECK_EQ(fern_syscall(999, 0, 0, 0, 0, 0, 0), FERN_ERR_NO_SYSCALL);
	fern_handle_close(pair[0]);
	fern_handle_close((fern_handle)vmo);
}

static void check_memory(void)
{
	int64_t vmo = fern_vmo_create(8192, 0);
	CHECK(vmo > 0);
	int64_t addr = fern_vm_map((fern_handle)vmo, 0, 8192, FERN_PROT_READ | FERN_PROT_WRITE);
	CHECK(!fern_is_error(addr));
	if (!fern_is_error(addr)) {
		volatile uint64_t *p = (volatile uint64_t *)addr;
		CHECK_EQ(p[0], 0); /* anonymous memory starts zeroed */
		p[0] = 0x1234;
		p[1023] = 0x5678;
		CHECK_EQ(p[0] + p[1023], 0x1234 + 0x5678);
		CHECK_EQ(fern_vm_unmap((uint64_t)addr, 8192), FERN_OK);
		CHECK_EQ(fern_vm_unmap((uint64_t)addr, 8192), FERN_ERR_NOT_FOUND);
	}
	CHECK_EQ(fern_vm_map((fern_handle)vmo, 0, 8192, FERN_PROT_WRITE | FERN_PROT_EXEC),
		 FERN_ERR_INVALID);
	CHECK_EQ(fern_vm_map((fern_handle)vmo, 4096, 8192, FERN_PROT_READ), FERN_ERR_INVALID);
	CHECK_EQ(fern_vm_map((fern_handle)vmo, 0, 0, FERN_PROT_READ), FERN_ERR_INVALID);
	CHECK_EQ(fern_vm_map((fern_handle)vmo, 0, 4096, FERN_PROT_EXEC), FERN_ERR_INVALID);
	CHECK_EQ(fern_vm_map((fern_handle)vmo, 0, 4096, 0), FERN_ERR_INVALID);
	/* Scattered pages: each has its own address, committed when asked for. */
	int64_t page0 = fern_vmo_paddr((fern_handle)vmo),
		page1 = fern_vmo_paddr_at((fern_handle)vmo, 4097);
	CHECK(page0 > 0 && (page0 & 4095) == 0);
	CHECK(page1 > 0 && (page1 & 4095) == 1 && page1 - 1 != page0);
	CHECK_EQ(fern_vmo_paddr_at((fern_handle)vmo, 8192), FERN_ERR_RANGE);
	int64_t dma = fern_vmo_create(16384, FERN_VMO_CONTIGUOUS);
	CHECK(dma > 0);
	int64_t phys = fern_vmo_paddr((fern_handle)dma);
	CHECK(phys > 0 && (phys & 4095) == 0);
	CHECK_EQ(fern_vmo_paddr_at((fern_handle)dma, 4096 + 8), phys + 4096 + 8);
	CHECK_EQ(fern_vmo_create(0, 0), FERN_ERR_INVALID);
	CHECK_EQ(fern_vmo_create(4096, 0x80), FERN_ERR_INVALID);
	fern_handle_close((fern_handle)vmo);
	fern_handle_close((fern_handle)dma);
}

static void check_time_and_fp(void)
{
	uint64_t t0 = fern_clock_ns();
	CHECK_EQ(fern_sleep_until(t0 + 5000000ull), FERN_OK);
	uint64_t t1 = fern_clock_ns();
	CHECK(t1 - t0 >= 5000000ull);
	/* FP/SIMD registers survive context switches (the server computes meanwhile too). */
	volatile double x = 1.0;
	for (int i = 0; i < 50; i++) {
		x = x * 1.5 + 0.25;
		fern_yield();
	}
	double y = 1.0;
	for (int i = 0; i < 50; i++)
		y = y * 1.5 + 0.25;
	CHECK(x == y);
}

static int client(fern_handle ch)
{
	check_round_trip_data(ch);
	check_round_trip_4k(ch);
	check_handle_transfer(ch);
	check_queue_full_and_peer_closed();
	check_unaligned_copies();
	check_wait_many();
	check_rights(ch);
	check_bad_pointers(ch);
	check_bad_handles(ch);
	check_memory();
	check_time_and_fp();
	struct fern_msg quit = {.type = FERN_MSG_SETATTR, .call_id = next_call_id++, .word = {'q'}};
	struct fern_msg reply = {0};
	CHECK_EQ(fern_channel_call(ch, &quit, &reply, ms_from_now(2000)), FERN_OK);
	printf("client in %s: %d failures\n", fern_start_info()->domain ? "EL1" : "EL0", failures);
	return failures ? 1 : 0;
}

int main(int argc, char **argv)
{
	const struct fern_start_info *si = fern_start_info();
	if (argc < 2 || si->handle_count < 1) {
		printf("usage: ipc_test server|client (with a channel as handle 0)\n");
		return 2;
	}
	if (!strcmp(argv[1], "server"))
		return serve(si->handle[0]);
	return client(si->handle[0]);
}
