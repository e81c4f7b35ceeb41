/* SPDX-License-Identifier: MIT */
/* panic(): for broken kernel invariants and boots that cannot continue, nothing else. */
#ifndef KERNEL_PANIC_H
#define KERNEL_PANIC_H

struct panic_state {
	int depth;    /* > 0 while panicking; a nested panic halts at once */
	int poweroff; /* bootargs panic=poweroff: power off instead of halting */
};

/* Prints "PANIC: <message>", a backtrace, and stops the machine. */
__attribute__((noreturn, format(printf, 1, 2))) void panic(const char *fmt, ...);
/* Enters panic mode (interrupts off, log lock bypassed); a nested panic halts at once. */
void panic_begin(void);
/* Stops after a report was printed: halts, or powers off if panic=poweroff was given. */
__attribute__((noreturn)) void panic_stop(void);
/* Prints "backtrace:" and one symbolized line per frame from fp (after pc, if not 0). */
void panic_backtrace(unsigned long fp, unsigned long pc);
/* The same for an exception at pc with link register lr: leaf functions keep no frame record,
 * so when pc is in one, its caller (lr) is printed between pc and the frames from fp. */
void panic_backtrace_trap(unsigned long fp, unsigned long pc, unsigned long lr);

#define ASSERT(cond)                                                                      \
	do {                                                                              \
		if (!(cond))                                                              \
			panic("assertion failed: %s (%s:%d)", #cond, __FILE__, __LINE__); \
	} while (0)

#endif
