// SPDX-License-Identifier: MIT
/* spin MS: burns the CPU for MS milliseconds without ever yielding or blocking, counting the
 * gaps (> 2 ms between two clock reads) in which another thread ran instead. Exits with that
 * count (at most 100): with a second spinner at the same priority, round-robin time slicing
 * must make it at least 1. */
#include <fern/sys.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	uint64_t ms = argc > 1 ? strtoull(argv[1], 0, 0) : 100;
	uint64_t start = fern_clock_ns(), end = start + ms * 1000000ull, last = start;
	int gaps = 0;
	for (uint64_t now = start; now < end; now = fern_clock_ns()) {
		if (now - last > 2000000ull)
			gaps++;
		last = now;
	}
	printf("spun %llu ms, preempted %d times\n", (unsigned long long)ms, gaps);
	return gaps > 100 ? 100 : gaps;
}
