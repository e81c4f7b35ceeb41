// SPDX-License-Identifier: MIT
/* Thread-local storage blocks for picolibc (errno and friends): its _init_tls, redone. */
#include "runtime.h"
#include <picotls.h>
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
