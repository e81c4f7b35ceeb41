/* SPDX-License-Identifier: MIT */
/* The system-call instruction sequence, inlined into each wrapper (fern/sys.h, lib/runtime): svc
 * in the EL0 domain, a call to the kernel's entry in the EL1 domain (fern_rt_syscall_entry, set
 * by the runtime at start: 0 in EL0).
 * The ABI (fern/abi.h) gives back x19..x29 and sp and zeroes x6..x18, and the EL1 call also
 * uses x30: those are the clobbers. x0..x5 may come back changed, so each arity passes its
 * arguments in place and lists the rest of x1..x5 as clobbered; nothing is set up in vain. */
#ifndef FERN_SYSCALL_H
#define FERN_SYSCALL_H

#include <fern/abi.h>
#include <stdint.h>
#include <string.h>

extern __attribute__((visibility("hidden"))) uint64_t fern_rt_syscall_entry;

/* A register-only message (the short IPC path): a type, a call id and FERN_MSG_WORDS words. */
struct fern_short_msg {
	uint32_t type;
	uint32_t call_id;
	uint64_t word[FERN_MSG_WORDS];
};

#define RT_SYSCALL_INSNS                               \
	"	adrp	x9, fern_rt_syscall_entry\n"            \
	"	ldr	x9, [x9, :lo12:fern_rt_syscall_entry]\n" \
	"	cbnz	x9, 1f\n"                               \
	"	svc	#0\n"                                    \
	"	b	2f\n"                                      \
	"1:	blr	x9\n"                                  \
	"2:\n"
#define RT_SYSCALL_CLOBBERS                                                                     \
	"x6", "x7", "x9", "x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17", "x18", "x30", \
	    "memory", "cc"

static inline int64_t rt_syscall0(uint64_t number)
{
	register uint64_t x8 __asm__("x8") = number;
	register uint64_t x0 __asm__("x0");
	__asm__ volatile(RT_SYSCALL_INSNS
			 : "=r"(x0), "+r"(x8)
			 :
			 : "x1", "x2", "x3", "x4", "x5", RT_SYSCALL_CLOBBERS);
	return (int64_t)x0;
}

static inline int64_t rt_syscall2(uint64_t number, uint64_t a0, uint64_t a1)
{
	register uint64_t x8 __asm__("x8") = number;
	register uint64_t x0 __asm__("x0") = a0;
	register uint64_t x1 __asm__("x1") = a1;
	__asm__ volatile(RT_SYSCALL_INSNS
			 : "+r"(x0), "+r"(x1), "+r"(x8)
			 :
			 : "x2", "x3", "x4", "x5", RT_SYSCALL_CLOBBERS);
	return (int64_t)x0;
}

static inline int64_t rt_syscall4(uint64_t number, uint64_t a0, uint64_t a1, uint64_t a2,
				  uint64_t a3)
{
	register uint64_t x8 __asm__("x8") = number;
	register uint64_t x0 __asm__("x0") = a0;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;
	__asm__ volatile(RT_SYSCALL_INSNS
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x8)
			 :
			 : "x4", "x5", RT_SYSCALL_CLOBBERS);
	return (int64_t)x0;
}

static inline int64_t rt_syscall6(uint64_t number, uint64_t a0, uint64_t a1, uint64_t a2,
				  uint64_t a3, uint64_t a4, uint64_t a5)
{
	register uint64_t x8 __asm__("x8") = number;
	register uint64_t x0 __asm__("x0") = a0;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;
	register uint64_t x4 __asm__("x4") = a4;
	register uint64_t x5 __asm__("x5") = a5;
	__asm__ volatile(RT_SYSCALL_INSNS
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4), "+r"(x5), "+r"(x8)
			 :
			 : RT_SYSCALL_CLOBBERS);
	return (int64_t)x0;
}

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ &&
		   __builtin_offsetof(struct fern_short_msg, call_id) == 4,
	       "x1 = type | call_id << 32 is the first 8 bytes of a short message");

/* A register-only IPC call: x1 = type | call_id << 32 and x2..x5 = words carry the message in
 * (in, or an empty one when NULL) and back out (into *out). */
static inline int64_t rt_syscall_short(uint64_t number, fern_handle h,
				       const struct fern_short_msg *in, struct fern_short_msg *out)
{
	register uint64_t x8 __asm__("x8") = number;
	register uint64_t x0 __asm__("x0") = h;
	uint64_t head = 0; /* x1 */
	register uint64_t x2 __asm__("x2") = 0;
	register uint64_t x3 __asm__("x3") = 0;
	register uint64_t x4 __asm__("x4") = 0;
	register uint64_t x5 __asm__("x5") = 0;
	if (in) {
		memcpy(&head, in, sizeof(head)); /* type, call_id: little-endian */
		x2 = in->word[0];
		x3 = in->word[1];
		x4 = in->word[2];
		x5 = in->word[3];
	}
	register uint64_t x1 __asm__("x1") = head;
	__asm__ volatile(RT_SYSCALL_INSNS
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4), "+r"(x5), "+r"(x8)
			 :
			 : RT_SYSCALL_CLOBBERS);
	head = x1;
	memcpy(out, &head, sizeof(head));
	out->word[0] = x2;
	out->word[1] = x3;
	out->word[2] = x4;
	out->word[3] = x5;
	return (int64_t)x0;
}

#endif
