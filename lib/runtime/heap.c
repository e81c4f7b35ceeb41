// SPDX-License-Identifier: MIT
/* sbrk over the heap region from the start info: picolibc's malloc grows through it. */
#include "runtime.h"
#include <errno.h>
#include <unistd.h>

/* [heap_start, heap_end) is the region; heap_brk the current break. */
static char *heap_start, *heap_brk, *heap_end;

void fern_rt_heap_init(uint64_t base, uint64_t size)
{
	/* A region that wraps is unusable: leave the heap empty and let malloc fail. */
	if (!base || size > UINTPTR_MAX - base)
		size = 0;
	heap_start = (char *)(uintptr_t)base;
	heap_brk = heap_start;
	heap_end = heap_start + size;
}

void *sbrk(ptrdiff_t incr)
{
	size_t room = incr >= 0 ? (size_t)(heap_end - heap_brk) : (size_t)(heap_brk - heap_start);
	size_t want = incr >= 0 ? (size_t)incr : -(size_t)incr;
	if (want > room) {
		errno = ENOMEM;
		return (void *)-1;
	}
	char *old = heap_brk;
	heap_brk += incr;
	return old;
}
