/* SPDX-License-Identifier: MIT */
/* The kernel's own symbol table, embedded at build time, for symbolized backtraces. */
#ifndef KERNEL_KSYMS_H
#define KERNEL_KSYMS_H

#include <stdint.h>

/* Finds the function containing addr: returns its name and sets *offset, or NULL. */
const char *ksyms_lookup(uint64_t addr, uint64_t *offset);

#endif
