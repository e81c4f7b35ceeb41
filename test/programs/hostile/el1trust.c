// SPDX-License-Identifier: MIT
/* el1trust: what the EL1 domain does not contain (config mode), for docs/architecture.md:
 *   irq-mask      masks interrupts and spins for 250 ms (counter time) before unmasking;
 *   linear-write  reads and then writes a word of RAM through the kernel's linear map
 *                 (physical 0x5ffff000, the last page of 512 MiB: free at that time).
 * In the EL0 domain both are faults that end the program. In the EL1 domain neither is
 * caught: the log says what happened, and the checker sees the witness go silent for the
 * interrupt-masked spin. Not part of the default test run (label trust). */
#include "hostile.h"
#include <fern/env.h>
#include <fern/sys.h>
#include <string.h>

#define LINEAR_RAM_TOP 0xffff00005ffff000ull /* kernel VA of physical 0x5ffff000 */

static uint64_t counter(void)
{
	uint64_t v;
	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v));
	return v;
}

static uint64_t frequency(void)
{
	uint64_t v;
	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(v));
	return v;
}

int main(void)
{
	hostile_begin();
	const char *mode = fern_env_config_string("mode", "irq-mask");
	if (!strcmp(mode, "linear-write")) {
		volatile uint64_t *p = (volatile uint64_t *)LINEAR_RAM_TOP;
		fern_logf("reading physical 0x5ffff000 through the linear map at %p", (void *)p);
		uint64_t old = *p;
		*p = 0x6665726e68657265ull; /* "fernhere" */
		fern_logf("linear map: read %#llx, wrote %#llx, read back %#llx: not contained",
			  (unsigned long long)old, 0x6665726e68657265ull, (unsigned long long)*p);
		*p = old;
	} else {
		uint64_t t0 = fern_clock_ns();
		fern_logf("masking interrupts for 250 ms");
		__asm__ volatile("msr daifset, #0xf" ::: "memory");
		uint64_t end = counter() + frequency() / 4;
		while (counter() < end)
			;
		__asm__ volatile("msr daifclr, #0xf" ::: "memory");
		fern_logf("interrupts were masked for %llu ms of guest time: not contained",
			  (unsigned long long)((fern_clock_ns() - t0) / 1000000));
	}
	hostile_done(0, 0);
	return 0;
}
