// SPDX-License-Identifier: MIT
/* Deliberate kernel crashes for the tests of the fault reporter (bootargs crash=...). */
#include <kernel/arch.h>
#include <kernel/klock.h>
#include <kernel/log.h>
#include <kernel/panic.h>
#include <kernel/selftest.h>
#include <kernel/thread.h>
#include <stdint.h>

/* noinline keeps a recognisable frame in the backtrace the tests look for. */
static __attribute__((noinline)) void crash_data_abort(void)
{
	/* The lower half has no mappings in the kernel: a translation fault at level 0. The
	 * empty asm hides the constant address from the compiler's bounds warnings. */
	volatile unsigned long *p = (volatile unsigned long *)0x10;
	__asm__("" : "+r"(p));
	*p = 0xdead;
}

static __attribute__((noinline)) void crash_undefined(void)
{
	__asm__ volatile("udf #0");
}

static __attribute__((noinline)) void crash_write_text(void)
{
	volatile uint32_t *text = (volatile uint32_t *)(uintptr_t)selftest_crash;
	__asm__("" : "+r"(text));
	*text = 0;
}

static __attribute__((noinline)) void crash_exec_data(void)
{
	uint32_t code[2] = {0xd65f03c0, 0}; /* ret */
	void (*fn)(void) = (void (*)(void))(uintptr_t)code;
	__asm__("" : "+r"(fn));
	fn();
}

/* Recursion that only an absurd depth stops (limit comes from outside so that the compiler
 * cannot prove it endless): each level keeps 512 bytes live across the call. */
static __attribute__((noinline)) int recurse(volatile char *up, long depth, long limit)
{
	volatile char frame[512];
	frame[0] = (char)depth;
	frame[1] = up ? up[0] : 0;
	if (depth >= limit)
		return frame[0];
	return recurse(frame, depth + 1, limit) + frame[1];
}

static void overflow_thread(void *arg)
{
	recurse(0, 0, (long)(uintptr_t)arg);
}

/* Starts a kernel thread that overflows its stack, and waits for the guard page to stop it. */
static void crash_stack_overflow(void)
{
	struct thread *t;
	klock_acquire();
	int err = thread_create_kernel("overflow", THREAD_PRIORITIES - 1, overflow_thread,
				       (void *)(uintptr_t)(1L << 40), &t);
	if (!err)
		thread_start(t);
	klock_release();
	arch_irq_enable();
	for (int i = 0; !err && i < 100; i++)
		arch_wait_for_interrupt();
}

void selftest_crash(enum crash_kind kind)
{
	switch (kind) {
	case CRASH_NONE: return;
	case CRASH_DATA_ABORT:
		log_info("crashing on purpose (bootargs crash=data-abort)");
		crash_data_abort();
		break;
	case CRASH_UNDEFINED:
		log_info("crashing on purpose (bootargs crash=undefined)");
		crash_undefined();
		break;
	case CRASH_WRITE_TEXT:
		log_info("crashing on purpose (bootargs crash=write-text)");
		crash_write_text();
		break;
	case CRASH_EXEC_DATA:
		log_info("crashing on purpose (bootargs crash=exec-data)");
		crash_exec_data();
		break;
	case CRASH_PANIC: panic("crash=panic requested on the command line");
	case CRASH_STACK_OVERFLOW:
		log_info("crashing on purpose (bootargs crash=stack-overflow)");
		crash_stack_overflow();
		break;
	}
	panic("deliberate crash did not fault");
}
