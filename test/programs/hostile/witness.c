// SPDX-License-Identifier: MIT
/* The witness of the hostile suite: a server (service "witness") that must answer every call
 * at once while a hostile program runs beside it. READ word[0] = n is a ping, answered with
 * n + 1; SETATTR and GETATTR keep the board of numbers the hostile program and the checker
 * share (hostile.h). */
#include "hostile.h"
#include <fern/service.h>
#include <fern/status.h>
#include <fern/sys.h>

static uint64_t board[HOSTILE_KEY_COUNT];

static int board_slot(uint64_t key)
{
	return key >= HOSTILE_KEY_GO && key < HOSTILE_KEY_GO + HOSTILE_KEY_COUNT
		   ? (int)(key - HOSTILE_KEY_GO)
		   : -1;
}

static int request(struct fern_server *s, fern_handle client, const struct fern_msg *req)
{
	(void)s;
	uint64_t words[FERN_MSG_WORDS] = {0};
	int slot = board_slot(req->word[0]);
	switch (req->type) {
	case FERN_MSG_READ: words[0] = req->word[0] + 1; break;
	case FERN_MSG_GETATTR:
		if (slot < 0)
			return FERN_ERR_NOT_FOUND;
		words[0] = board[slot];
		break;
	case FERN_MSG_SETATTR:
		if (slot < 0)
			return FERN_ERR_NOT_FOUND;
		board[slot] = req->word[1];
		break;
	default: return FERN_ERR_UNSUPPORTED;
	}
	return fern_server_reply(client, req, words, 0, 0);
}

int main(void)
{
	static const struct fern_server_ops ops = {.request = request};
	static struct fern_server server;
	int rc = fern_server_init(&server, &ops, 0);
	if (rc) {
		fern_logf("no startup channel: %s", status_name(rc));
		return 1;
	}
	return fern_server_run(&server);
}
