/* SPDX-License-Identifier: MIT */
/* Deliberate kernel crashes, requested with bootargs crash=..., to test the fault reporter. */
#ifndef KERNEL_SELFTEST_H
#define KERNEL_SELFTEST_H

#include <kernel/options.h>

/* Does nothing for CRASH_NONE; otherwise crashes the kernel the requested way. */
void selftest_crash(enum crash_kind kind);

#endif
