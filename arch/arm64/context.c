// SPDX-License-Identifier: MIT
/* Setting up the saved state of new threads. */
#include <arch/context.h>
#include <string.h>

void arch_thread_trampoline(void);

void arch_context_init(struct arch_context *ctx, uint64_t stack_top, void (*entry)(void *),
		       void *arg)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->x19_x29[0] = (uint64_t)entry;
	ctx->x19_x29[1] = (uint64_t)arg;
	ctx->lr = (uint64_t)arch_thread_trampoline;
	ctx->sp = stack_top & ~15ull;
}

void arch_frame_init_program(struct trap_frame *frame, uint64_t pc, uint64_t sp, uint64_t arg,
			     int el1)
{
	memset(frame, 0, sizeof(*frame));
	frame->x[0] = arg;
	frame->elr = pc;
	frame->sp = sp;
	frame->spsr = el1 ? SPSR_EL1T : SPSR_EL0T; /* DAIF clear: interrupts on */
}
