// SPDX-License-Identifier: MIT
/* The kernel lock's one out-of-line part: taking it twice on one CPU is a kernel bug. */
#include <kernel/klock.h>
#include <kernel/panic.h>

void klock_nested(void)
{
	panic("kernel lock taken twice on cpu %u", this_cpu()->id);
}
