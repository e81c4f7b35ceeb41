/* SPDX-License-Identifier: MIT */
/* The in-kernel test harness: spawns test programs from the boot filesystem in either domain,
 * wires them together, and checks how they end. Started by bootargs test=NAME[,NAME...]. */
#ifndef KERNEL_KTEST_H
#define KERNEL_KTEST_H

/* Starts the harness thread for the comma-separated scenario list; "all" runs every one.
 * Prints "ktest: N passed, M failed" at the end, then powers off if poweroff was given. */
void ktest_start(const char *names);

#endif
