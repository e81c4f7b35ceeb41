// SPDX-License-Identifier: MIT
/* Thread-local storage blocks for picolibc (errno and friends): its _init_tls, redone. */
#include "runtime.h"
#include <picotls.h>
#include <stdlib.h>
#include <string.h>

/* Bounds of the TLS template, from program.ld. Hidden, so the compiler reaches them
 * PC-relative: picolibc's version reads link-time sizes through the GOT, where this PIE's
 * loader would add the load base to them. */
extern FERN_RT_HIDDEN const char __tdata_start[], __tdata_end[], __tbss_start[], __tbss_end[];

void _init_tls(void *tls)
{
	uintptr_t tdata = (uintptr_t)__tdata_start, tbss = (uintptr_t)__tbss_start;
	char *block = tls;
	memcpy(block, __tdata_start, (uintptr_t)__tdata_end - tdata);
	memset(block + (tbss - tdata), 0, (uintptr_t)__tbss_end - tbss);
}

/* Where the linker put the main thread's TCB and block (program.ld): their distance is the
 * gap a new thread's block needs before it too. */
extern FERN_RT_HIDDEN char __fern_tls_tcb[], __fern_tls_block[];

void *fern_rt_tls_new(void)
{
	size_t gap = (size_t)(__fern_tls_block - __fern_tls_tcb); /* also the block's alignment */
	size_t size = (size_t)((uintptr_t)__tbss_end - (uintptr_t)__tdata_start);
	char *mem = aligned_alloc(gap, (gap + size + gap - 1) / gap * gap);
	if (!mem)
		return NULL;
	_init_tls(mem + gap);
	return mem + gap;
}

void fern_rt_tls_free(void *tls)
{
	if (tls)
		free((char *)tls - (__fern_tls_block - __fern_tls_tcb));
}
