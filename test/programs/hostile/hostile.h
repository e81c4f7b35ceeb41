/* SPDX-License-Identifier: MIT */
/* The hostile suite's shared protocol: the witness service (a ping and a small board of
 * numbers), and the calls a hostile program makes on it so that the checker can take its
 * measurements before the program starts and after it is gone. See docs/architecture.md,
 * "Tests". */
#ifndef FERN_TEST_HOSTILE_H
#define FERN_TEST_HOSTILE_H

#include <fern/abi.h>
#include <stdint.h>

/* The witness answers READ word[0] = n with word[0] = n + 1 (the ping), and keeps a board of
 * numbers: SETATTR word[0] = key, word[1] = value; GETATTR word[0] = key -> word[0] = value. */
enum hostile_key {
	HOSTILE_KEY_GO = 0x100, /* set to 1 by the checker once it took its baseline */
	HOSTILE_KEY_STATE,      /* enum hostile_state, set by the hostile program */
	HOSTILE_KEY_VERDICT,    /* failures the hostile program saw itself (0: none) */
	HOSTILE_KEY_RUNS,       /* how many times the hostile program started (restarts + 1) */
	HOSTILE_KEY_PROGRESS,   /* work done so far (calls, lines, ...), over all runs */
	HOSTILE_KEY_RESULT,     /* a number the program reports at the end */
	HOSTILE_KEY_STEP,       /* the step in progress, for the checker's failure messages */
	HOSTILE_KEY_COUNT = 7,
};
enum hostile_state { HOSTILE_IDLE = 0, HOSTILE_RUNNING = 1, HOSTILE_DONE = 2 };

/* Connects to the witness (env "witness"), counts this start in HOSTILE_KEY_RUNS, says
 * RUNNING and waits (up to 10 s) for the checker's GO. Returns the run number (1 on the first
 * start), or 1 without a witness (started by hand): then every other call does nothing. */
uint64_t hostile_begin(void);
/* Reads a board value (0 without a witness). */
uint64_t hostile_get(enum hostile_key key);
/* Writes a board value. */
void hostile_set(enum hostile_key key, uint64_t value);
/* Says DONE with the number of failures seen and a result, then returns (exit with 0). */
void hostile_done(uint64_t failures, uint64_t result);

/* Free physical memory in KiB, from the "mem" report (0 if it cannot be read). */
uint64_t hostile_free_kib(void);

#endif
