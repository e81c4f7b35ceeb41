// SPDX-License-Identifier: MIT
/* nestchan: channels queued inside channels (config mode):
 *   chain  a chain of config depth (3000) channels, each end queued in the next channel, then
 *          closed: destroying it recursed once per level and overflowed the 16 KiB kernel
 *          stack, silently (issue 11 finding 1);
 *   park   about config ends (100000) channel ends parked in queues (a chain of carriers, 64
 *          ends each), then the program exits with them: the kernel panicked at exit.
 * The checker then sees the kernel alive, the witness answering and the memory back. */
#include "hostile.h"
#include <fern/env.h>
#include <fern/status.h>
#include <fern/sys.h>
#include <stdlib.h>
#include <string.h>

static int failures;
static uint64_t parked;

static void fail(const char *what, int rc)
{
	if (failures++ < 5)
		fern_logf("FAIL: %s: %s", what, status_name(rc));
}

/* Sends handles h[0..n) on end (queued at its peer). */
static int send_handles(fern_handle end, const fern_handle *h, int n)
{
	struct fern_msg m = {.type = FERN_MSG_WRITE, .handle_count = (uint16_t)n};
	memcpy(m.handle, h, sizeof(h[0]) * (size_t)n);
	return fern_channel_send(end, &m);
}

static void chain(int depth)
{
	fern_handle inner = 0;
	for (int i = 0; i < depth; i++) {
		fern_handle pair[2];
		int rc = fern_channel_create(pair);
		if (rc)
			return fail("channel create", rc);
		if (inner) {
			/* The previous level's end goes into this channel's queue. */
			rc = send_handles(pair[0], &inner, 1);
			if (rc)
				return fail("send the inner end", rc);
		}
		fern_handle_close(pair[0]);
		inner = pair[1];
		if (i % 256 == 0)
			hostile_set(HOSTILE_KEY_PROGRESS, (uint64_t)i);
	}
	fern_logf("a chain of %d channels: closing it", depth);
	hostile_set(HOSTILE_KEY_STEP, 1);
	fern_handle_close(inner); /* the whole chain goes at once */
	fern_logf("the chain is closed");
}

/* Parks about budget channel ends: a chain of carriers, each a channel end whose queue holds
 * 16 messages of 4 ends: the previous carrier and fresh channels. Returns the last carrier;
 * the chain is about budget / 64 carriers long, so the exit's teardown nests that deep. */
static fern_handle park(uint64_t budget)
{
	fern_handle prev = 0;
	while (parked < budget && !failures) {
		fern_handle carrier[2];
		int rc = fern_channel_create(carrier);
		if (rc) {
			fail("channel create", rc);
			break;
		}
		for (int msg = 0; msg < FERN_CHANNEL_QUEUE && !failures; msg++) {
			fern_handle h[FERN_MSG_HANDLES];
			int n = 0;
			if (prev) {
				h[n++] = prev;
				prev = 0;
			}
			while (n + 2 <= FERN_MSG_HANDLES) {
				fern_handle fresh[2];
				rc = fern_channel_create(fresh);
				if (rc) {
					fail("channel create", rc);
					break;
				}
				h[n++] = fresh[0];
				h[n++] = fresh[1];
			}
			rc = send_handles(carrier[0], h, n);
			if (rc) {
				fail("park ends", rc);
				for (int i = 0; i < n; i++)
					fern_handle_close(h[i]);
				break;
			}
			parked += (uint64_t)n;
		}
		fern_handle_close(carrier[0]);
		prev = carrier[1];
		parked++;
	}
	return prev;
}

int main(void)
{
	hostile_begin();
	const char *mode = fern_env_config_string("mode", "chain");
	if (!strcmp(mode, "park")) {
		uint64_t budget = strtoull(fern_env_config_string("ends", "100000"), 0, 0);
		fern_handle last = park(budget);
		(void)last; /* held until the exit */
		fern_logf("%llu channel ends parked in queues: exiting with them",
			  (unsigned long long)parked);
		hostile_set(HOSTILE_KEY_PROGRESS, parked);
	} else {
		chain(atoi(fern_env_config_string("depth", "3000")));
	}
	hostile_done((uint64_t)failures, parked);
	return 0;
}
