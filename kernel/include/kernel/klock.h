/* SPDX-License-Identifier: MIT */
/* The kernel lock: guards the scheduler, every kernel object, handle tables and address
 * spaces. Kernel code runs with it held and interrupts masked from entry (system call,
 * exception, interrupt) to exit, so system calls are atomic with respect to each other on
 * every CPU. Leaf locks (log, pmm) nest inside it. Code that runs with interrupts enabled
 * (the idle loop, kernel threads between operations) never holds it. */
#ifndef KERNEL_KLOCK_H
#define KERNEL_KLOCK_H

#include <stdbool.h>

void klock_acquire(void);
void klock_release(void);
/* True when this CPU holds the kernel lock (for assertions). */
bool klock_held(void);

#endif
