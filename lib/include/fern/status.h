/* SPDX-License-Identifier: MIT */
/* Status codes shared by the kernel, programs and host tools: 0 is success, errors are negative. */
#ifndef FERN_STATUS_H
#define FERN_STATUS_H

/* Every action returns one of these; never a bare -1. Keep status_name() in sync. */
enum fern_status {
	FERN_OK = 0,
	FERN_ERR_INVALID = -1,      /* an argument or input field is malformed */
	FERN_ERR_NOT_FOUND = -2,    /* the named thing does not exist */
	FERN_ERR_NO_MEMORY = -3,    /* an allocation failed */
	FERN_ERR_UNSUPPORTED = -4,  /* well-formed, but this kernel cannot handle it */
	FERN_ERR_RANGE = -5,        /* a value or address lies outside what is allowed */
	FERN_ERR_TOO_MANY = -6,     /* a fixed-size table is full */
	FERN_ERR_LOOP = -7,         /* a reference chain loops (e.g. interrupt-parent) */
	FERN_ERR_BUSY = -8,         /* the resource is already in use */
	FERN_ERR_DENIED = -9,       /* the caller lacks the right to do this */
	FERN_ERR_BAD_HANDLE = -10,  /* not a live handle of the calling process */
	FERN_ERR_WRONG_TYPE = -11,  /* the handle names another kind of object */
	FERN_ERR_FAULT = -12,       /* a pointer argument is not accessible memory */
	FERN_ERR_FULL = -13,        /* a bounded queue is full: retry later */
	FERN_ERR_EMPTY = -14,       /* nothing to receive (non-blocking call) */
	FERN_ERR_PEER_CLOSED = -15, /* the other end of the channel is gone */
	FERN_ERR_TIMED_OUT = -16,   /* the deadline passed first */
	FERN_ERR_TOO_BIG = -17,     /* data or handles exceed the message limits */
	FERN_ERR_NO_SYSCALL = -18,  /* unknown system call number */
	FERN_ERR_CANCELED = -19,    /* the wait ended because the thread is being terminated */
	FERN_ERR_EXISTS = -20,      /* the name is already taken */
	FERN_ERR_NOT_DIR = -21,     /* a path component is not a directory */
	FERN_ERR_IS_DIR = -22,      /* a file was expected, the name is a directory */
	FERN_ERR_NO_SPACE = -23,    /* the medium is full */
	FERN_ERR_NOT_EMPTY = -24,   /* a directory still has entries */
	FERN_ERR_CORRUPT = -25,     /* stored data is inconsistent (e.g. not a FAT volume) */
	FERN_ERR_INTERRUPTED = -26, /* the user interrupted (Ctrl-C at the console) */
};

/* Short lowercase name of a status ("invalid", "not-found", ...); never NULL. */
const char *status_name(int status);

#endif
