// SPDX-License-Identifier: MIT
/* Frame-pointer unwinding (the kernel is built with -fno-omit-frame-pointer). */
#include <arch/memlayout.h>
#include <kernel/arch.h>

#define MAX_FRAMES 32

/* Kernel stacks live in the image (boot stack) or the linear map; anything else is not a
 * frame we may dereference while reporting a fault. */
static bool frame_plausible(uint64_t fp)
{
	if (fp & 15)
		return false;
	if (fp >= KIMAGE_VBASE)
		return true;
	return fp >= LINEAR_BASE && fp < LINEAR_BASE + LINEAR_SIZE;
}

void arch_backtrace(uint64_t fp, void (*fn)(uint64_t pc, void *ctx), void *ctx)
{
	for (int i = 0; i < MAX_FRAMES && fp && frame_plausible(fp); i++) {
		const uint64_t *frame = (const uint64_t *)fp;
		uint64_t next = frame[0], lr = frame[1];
		if (!lr)
			break;
		fn(lr - 4, ctx); /* the call instruction, not the return address */
		if (next <= fp)
			break; /* stacks grow down: a frame above us must be at a higher address */
		fp = next;
	}
}
