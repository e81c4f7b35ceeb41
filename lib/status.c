// SPDX-License-Identifier: MIT
/* Names for the shared status codes, for log lines and tool output. */
#include <fern/status.h>

const char *status_name(int status)
{
	switch (status) {
	case FERN_OK: return "ok";
	case FERN_ERR_INVALID: return "invalid";
	case FERN_ERR_NOT_FOUND: return "not-found";
	case FERN_ERR_NO_MEMORY: return "no-memory";
	case FERN_ERR_UNSUPPORTED: return "unsupported";
	case FERN_ERR_RANGE: return "out-of-range";
	case FERN_ERR_TOO_MANY: return "too-many";
	case FERN_ERR_LOOP: return "loop";
	case FERN_ERR_BUSY: return "busy";
	case FERN_ERR_DENIED: return "denied";
	case FERN_ERR_BAD_HANDLE: return "bad-handle";
	case FERN_ERR_WRONG_TYPE: return "wrong-type";
	case FERN_ERR_FAULT: return "fault";
	case FERN_ERR_FULL: return "full";
	case FERN_ERR_EMPTY: return "empty";
	case FERN_ERR_PEER_CLOSED: return "peer-closed";
	case FERN_ERR_TIMED_OUT: return "timed-out";
	case FERN_ERR_TOO_BIG: return "too-big";
	case FERN_ERR_NO_SYSCALL: return "no-syscall";
	case FERN_ERR_CANCELED: return "canceled";
	case FERN_ERR_EXISTS: return "exists";
	case FERN_ERR_NOT_DIR: return "not-a-directory";
	case FERN_ERR_IS_DIR: return "is-a-directory";
	case FERN_ERR_NO_SPACE: return "no-space";
	case FERN_ERR_NOT_EMPTY: return "not-empty";
	case FERN_ERR_CORRUPT: return "corrupt";
	case FERN_ERR_INTERRUPTED: return "interrupted";
	}
	return "unknown-status";
}
