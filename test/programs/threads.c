// SPDX-License-Identifier: MIT
/* Program threads, run by the harness in either domain: a thread serving calls on a channel,
 * workers doing FP math concurrently, per-thread errno, and refused bad thread arguments.
 * Exits 0 when every check passes. With an argument, ends with threads blocked (below). */
#include <errno.h>
#include <fern/sys.h>
#include <stdio.h>
#include <string.h>

#define WORKERS 3

static int failures;

#define CHECK(cond)                                                    \
	do {                                                           \
		if (!(cond)) {                                         \
			printf("FAIL line %d: %s\n", __LINE__, #cond); \
			failures++;                                    \
		}                                                      \
	} while (0)

/* Answers GETATTR with word[0] + 1 until the channel closes. */
static void echo(void *arg)
{
	fern_handle ch = *(fern_handle *)arg;
	errno = 42; /* this thread's errno only */
	struct fern_short_msg m;
	int rc = fern_reply_recv_short(ch, 0, &m);
	while (rc == FERN_OK) {
		m.type |= FERN_MSG_REPLY;
		m.word[0]++;
		rc = fern_reply_recv_short(ch, &m, &m);
	}
}

struct work {
	fern_handle report; /* where to send the result */
	int index;
};

/* Sums a series with FP registers live across yields, then reports the sum's bits. */
static void worker(void *arg)
{
	struct work *w = arg;
	volatile double sum = 0;
	for (int k = 1; k <= 20000; k++) {
		sum += 1.0 / ((double)k * (double)(k + w->index));
		if (k % 2000 == 0)
			fern_yield();
	}
	union {
		double d;
		uint64_t u;
	} bits = {.d = sum};
	struct fern_msg m = {.type = FERN_MSG_WRITE, .word = {(uint64_t)w->index, bits.u}};
	fern_channel_send(w->report, &m);
}

static uint64_t expected_bits(int index)
{
	double sum = 0;
	for (int k = 1; k <= 20000; k++)
		sum += 1.0 / ((double)k * (double)(k + index));
	union {
		double d;
		uint64_t u;
	} bits = {.d = sum};
	return bits.u;
}

/* Blocked on the harness's channel until the process ends under them. */
static fern_handle harness;

static void block_in_recv(void *arg)
{
	(void)arg;
	struct fern_msg m = {0};
	fern_channel_recv(harness, &m, FERN_DEADLINE_NEVER);
	printf("FAIL: the receive returned\n");
}

static void block_in_call(void *arg)
{
	(void)arg;
	struct fern_short_msg m = {.type = FERN_MSG_READ};
	fern_call_short(harness, &m);
	printf("FAIL: the call returned\n");
}

static void block_in_wait(void *arg)
{
	(void)arg;
	struct fern_wait_item item = {.handle = harness, .signals = FERN_SIGNAL_PEER_CLOSED};
	fern_wait(&item, 1, FERN_DEADLINE_NEVER);
	printf("FAIL: the wait returned\n");
}

/* "blocked-fault" / "blocked-exit": threads block in system calls holding the channel the
 * harness passed, then the process faults or exits 7. The harness checks that every one of
 * them let go. */
static int end_with_blocked_threads(int fault)
{
	if (fern_start_info()->handle_count < 1)
		return 2;
	harness = fern_start_info()->handle[0];
	fern_thread_create(block_in_recv, 0, 0);
	fern_thread_create(block_in_call, 0, 0);
	fern_thread_create(block_in_wait, 0, 0);
	fern_sleep_until(fern_clock_ns() + 2000000); /* they block meanwhile */
	if (fault) {
		volatile int *bad = (volatile int *)16;
		__asm__("" : "+r"(bad)); /* hide the constant from the bounds warning */
		*bad = 1;
	}
	fern_exit(7);
}

int main(int argc, char **argv)
{
	if (argc > 1)
		return end_with_blocked_threads(!strcmp(argv[1], "blocked-fault"));
	fern_handle calls[2], results[2];
	CHECK(fern_channel_create(calls) == FERN_OK);
	CHECK(fern_channel_create(results) == FERN_OK);
	CHECK(fern_thread_create(echo, &calls[1], 0) > 0);
	static struct work work[WORKERS];
	for (int i = 0; i < WORKERS; i++) {
		work[i] = (struct work){.report = results[1], .index = i};
		CHECK(fern_thread_create(worker, &work[i], 16384) > 0);
	}
	errno = 0;
	for (uint64_t i = 0; i < 100; i++) {
		struct fern_short_msg m = {
		    .type = FERN_MSG_GETATTR, .call_id = (uint32_t)i, .word = {i}};
		CHECK(fern_call_short(calls[0], &m) == FERN_OK && m.word[0] == i + 1);
	}
	CHECK(errno == 0); /* the echo thread's errno = 42 went to its own TLS */
	int seen = 0;
	for (int i = 0; i < WORKERS; i++) {
		struct fern_msg m = {0};
		if (fern_channel_recv(results[0], &m, fern_clock_ns() + 5000000000ull) != FERN_OK)
			break;
		CHECK(m.word[0] < WORKERS && m.word[1] == expected_bits((int)m.word[0]));
		seen |= 1 << m.word[0];
	}
	CHECK(seen == (1 << WORKERS) - 1);
	CHECK(fern_syscall(SYS_THREAD_CREATE, 0x10, 0x10000, 0, 0, 0, 0) == FERN_ERR_INVALID);
	CHECK(fern_syscall(SYS_THREAD_CREATE, (uint64_t)echo, 0x10008, 0, 0, 0, 0) ==
	      FERN_ERR_INVALID);
	fern_handle_close(calls[0]); /* the echo thread sees peer-closed and ends */
	printf("threads: %d failures\n", failures);
	return failures ? 1 : 0;
}
