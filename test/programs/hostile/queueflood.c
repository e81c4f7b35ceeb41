// SPDX-License-Identifier: MIT
/* queueflood: fills both queues of as many channels as its handle table allows with messages
 * of config size bytes (2048: the largest kalloc size class; 4096-byte data comes from whole
 * pages), then exits with them. The checker fails unless the kernel's memory comes back:
 * kalloc kept freed objects on its free lists forever, 14 MiB "in use" after the program
 * (issue 11 finding 6). */
#include "hostile.h"
#include <fern/env.h>
#include <fern/status.h>
#include <fern/sys.h>
#include <stdlib.h>

#define PAIRS 120

int main(void)
{
	hostile_begin();
	static uint8_t data[FERN_MSG_DATA_MAX];
	for (unsigned i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)i;
	uint32_t size = (uint32_t)strtoul(fern_env_config_string("size", "2048"), 0, 0);
	if (size > sizeof(data))
		size = sizeof(data);
	uint64_t queued = 0, before = hostile_free_kib();
	for (int p = 0; p < PAIRS; p++) {
		fern_handle pair[2];
		if (fern_channel_create(pair) != FERN_OK)
			break;
		for (int side = 0; side < 2; side++) {
			for (;;) {
				struct fern_msg m = {
				    .type = FERN_MSG_WRITE, .data = data, .data_len = size};
				if (fern_channel_send(pair[side], &m) != FERN_OK)
					break;
				queued++;
			}
		}
	}
	uint64_t after = hostile_free_kib();
	fern_logf("%llu messages of %u bytes queued (free memory %llu KiB before, %llu KiB after): "
		  "exiting with them",
		  (unsigned long long)queued, size, (unsigned long long)before,
		  (unsigned long long)after);
	hostile_set(HOSTILE_KEY_PROGRESS, queued);
	hostile_done(queued < PAIRS * 2 * FERN_CHANNEL_QUEUE ? 1 : 0, queued);
	return 0;
}
