// SPDX-License-Identifier: MIT
/* lostwake: a thread waits in a short receive on channel end a; another thread makes a short
 * call on the same end a, answered by a server thread waiting in a short receive on b (the
 * IPC fastpath). Then a message is queued at a, and later b closes: the first thread must
 * wake. Regression test for issue 11 finding 7: fastpath() overwrote end->receiver with the
 * caller, so the first thread was forgotten and never woke, not even for the peer's close. */
#include "hostile.h"
#include <fern/status.h>
#include <fern/sys.h>

#define MS 1000000ull

static fern_handle a, b;
static volatile int receiver_done, receiver_rc, server_done;

/* The first thread: a short receive on a, nothing to answer. */
static void receiver(void *arg)
{
	(void)arg;
	struct fern_short_msg m;
	receiver_rc = fern_reply_recv_short(a, 0, &m);
	receiver_done = 1;
}

/* The server: one short receive on b, answered with a full send, then it ends. */
static void server(void *arg)
{
	(void)arg;
	struct fern_short_msg req;
	if (fern_reply_recv_short(b, 0, &req) == FERN_OK) {
		struct fern_msg reply = {.type = (uint16_t)(req.type | FERN_MSG_REPLY),
					 .call_id = req.call_id,
					 .word = {req.word[0] + 1}};
		fern_channel_send(b, &reply);
	}
	server_done = 1;
}

static int wait_for(volatile int *flag, uint64_t ms)
{
	for (uint64_t until = fern_clock_ns() + ms * MS; !*flag && fern_clock_ns() < until;)
		fern_sleep_until(fern_clock_ns() + MS);
	return *flag;
}

int main(void)
{
	hostile_begin();
	fern_handle pair[2];
	int rc = fern_channel_create(pair);
	if (rc) {
		fern_logf("FAIL: channel create: %s", status_name(rc));
		hostile_done(1, 0);
		return 1;
	}
	a = pair[0];
	b = pair[1];
	int failures = 0;
	fern_thread_create(receiver, 0, 16384);
	fern_sleep_until(fern_clock_ns() + 5 * MS); /* it waits on a */
	fern_thread_create(server, 0, 16384);
	fern_sleep_until(fern_clock_ns() + 5 * MS); /* it waits on b */
	struct fern_short_msg m = {.type = FERN_MSG_READ, .call_id = 7, .word = {41}};
	rc = fern_call_short(a, &m); /* the fastpath: straight to the server */
	fern_logf("short call on a: %s, reply word %llu; server done: %d", status_name(rc),
		  (unsigned long long)m.word[0], server_done);
	if (rc || m.word[0] != 42)
		failures++;
	struct fern_msg msg = {.type = FERN_MSG_WRITE, .call_id = 8};
	rc = fern_channel_send(b, &msg);
	if (wait_for(&receiver_done, 100)) {
		fern_logf("the receiver woke for the message: %s", status_name(receiver_rc));
	} else {
		fern_logf(
		    "FAIL: the receiver waiting on a did not wake for a message queued there");
		failures++;
		fern_handle_close(b);
		if (!wait_for(&receiver_done, 1000)) {
			fern_logf("FAIL: nor when the peer closed");
			failures++;
		}
	}
	hostile_done((uint64_t)failures, 0);
	/* A receiver that never woke keeps the process alive: end it all. */
	fern_exit(0);
}
