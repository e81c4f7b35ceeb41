// SPDX-License-Identifier: MIT
/* The PL031 driver's glue: maps its registers from the environment and serves wall-clock time
 * (GETATTR FERN_ATTR_TIME) to every client. */
#include "pl031.h"

#include <fern/env.h>
#include <fern/service.h>
#include <fern/status.h>
#include <fern/sys.h>

static int rtc_request(struct fern_server *s, fern_handle client, const struct fern_msg *req)
{
	const struct mmio *m = s->ctx;
	if (req->type != FERN_MSG_GETATTR || req->word[0] != FERN_ATTR_TIME)
		return FERN_ERR_UNSUPPORTED;
	uint64_t words[FERN_MSG_WORDS] = {pl031_seconds(m), 0};
	return fern_server_reply(client, req, words, 0, 0);
}

static const struct fern_server_ops rtc_ops = {.request = rtc_request};

int main(void)
{
	int status;
	struct mmio m = {.base = fern_env_map_mmio(0, &status)};
	if (!m.base) {
		fern_logf("no registers: %s", status_name(status));
		return 1;
	}
	status = pl031_init(&m);
	if (status) {
		fern_logf("not a PL031 (peripheral id): %s", status_name(status));
		return 1;
	}
	static struct fern_server server;
	status = fern_server_init(&server, &rtc_ops, &m);
	if (status) {
		fern_logf("no startup channel: %s", status_name(status));
		return 1;
	}
	fern_logf("PL031 real-time clock: %lu seconds since 1970",
		  (unsigned long)pl031_seconds(&m));
	return fern_server_run(&server);
}
