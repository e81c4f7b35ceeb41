/* SPDX-License-Identifier: MIT */
/* Internal interfaces between the parts of the program runtime (not for programs). */
#ifndef FERN_RUNTIME_H
#define FERN_RUNTIME_H

#include <fern/abi.h>
#include <stddef.h>
#include <stdint.h>

#define FERN_RT_HIDDEN __attribute__((visibility("hidden")))

/* fern_rt_syscall_entry (fern/syscall.h): the kernel's entry for EL1-domain programs, 0 in
 * the EL0 domain (svc). Read on every system call; written once, by fern_runtime_start. */
#include <fern/syscall.h>

/* The start info, for fern_start_info(); set once by fern_runtime_start. */
extern FERN_RT_HIDDEN const struct fern_start_info *fern_rt_start;

/* Called by crt0 once TLS is set up: selects the system-call path, sets up the heap and the
 * standard streams, builds argv, runs main and exits with its result. */
__attribute__((noreturn)) void fern_runtime_start(const struct fern_start_info *si);

/* Hands the region [base, base + size) to sbrk, and so to malloc. */
FERN_RT_HIDDEN void fern_rt_heap_init(uint64_t base, uint64_t size);

/*
 * Splits args (space-separated, may be NULL or empty) into argv[1..] after argv[0] = name,
 * copying everything into memory from malloc. On success returns argc and sets *argv_out to
 * a NULL-terminated vector; returns FERN_ERR_NO_MEMORY if malloc fails (FERN_ERR_TOO_MANY
 * if argc would not fit an int).
 */
/* A new thread's TLS block, initialised from the template (malloc'd; NULL when out of memory),
 * to be installed with _set_tls by that thread. */
FERN_RT_HIDDEN void *fern_rt_tls_new(void);
FERN_RT_HIDDEN void fern_rt_tls_free(void *tls);
void _set_tls(void *tls);

FERN_RT_HIDDEN int fern_rt_args_parse(const char *name, const char *args, char ***argv_out);

#endif
