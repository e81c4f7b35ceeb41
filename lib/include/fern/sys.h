/* SPDX-License-Identifier: MIT */
/* The program runtime's system-call layer: typed wrappers over the ABI in fern/abi.h. The same
 * program binary runs in the EL0 domain (svc) and in the EL1 domain (a direct call into the
 * kernel); crt0 picks the path from the start info. Every call returns a negative enum
 * fern_status on failure. */
#ifndef FERN_SYS_H
#define FERN_SYS_H

#include <fern/abi.h>
#include <fern/status.h>
#include <fern/syscall.h>
#include <stddef.h>
#include <stdint.h>

/* The raw entry: x8 = number, x0..x5 = arguments. */
int64_t fern_syscall(uint64_t number, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
		     uint64_t a4, uint64_t a5);

/* The start info the kernel handed to this program (valid for the program's lifetime). */
const struct fern_start_info *fern_start_info(void);

/* Writes one line to the kernel log, prefixed by the kernel with the program's name. */
int fern_log(const char *text, size_t len);
/* printf-style log line. */
int fern_logf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
__attribute__((noreturn)) void fern_exit(int64_t code);
int fern_yield(void);
uint64_t fern_clock_ns(void);
int fern_sleep_until(uint64_t deadline_ns);

/* Register-only synchronous IPC: no data, no handles; the message (struct fern_short_msg) is
 * a type, a call id and FERN_MSG_WORDS words. fern_call_short sends a request and waits for
 * its reply; fern_reply_recv_short sends a reply (unless reply is NULL) and waits for the next
 * request. Both overwrite the message with what arrived. Inline: the message stays in
 * registers. */
static inline int fern_call_short(fern_handle h, struct fern_short_msg *msg)
{
	return (int)rt_syscall_short(SYS_CALL_SHORT, h, msg, msg);
}

static inline int fern_reply_recv_short(fern_handle h, const struct fern_short_msg *reply,
					struct fern_short_msg *next)
{
	return (int)rt_syscall_short(SYS_REPLY_RECV_SHORT, h, reply, next);
}
int fern_nop(void);
/* Retired instructions of the whole system since boot, when bootargs pmu lets programs read
 * the PMU (FERN_START_PMU); 0 otherwise. For benchmarks. */
uint64_t fern_instructions(void);

/* Starts fn(arg) in a new thread of this process with a stack of stack_size bytes (0: 64 KiB)
 * and its own thread-local storage (errno). Returns the thread id (> 0) or an error. The thread
 * ends when fn returns or it calls fern_thread_exit; the process ends with its last thread or
 * with fern_exit from any thread. A thread's stack and TLS are not reclaimed when it ends. */
int64_t fern_thread_create(void (*fn)(void *), void *arg, size_t stack_size);
__attribute__((noreturn)) void fern_thread_exit(void);

int fern_handle_close(fern_handle h);
/* Returns a new handle (>= 1) or a negative status. */
int64_t fern_handle_dup(fern_handle h, uint32_t rights);

int fern_channel_create(fern_handle pair[2]);
int fern_channel_send(fern_handle h, const struct fern_msg *msg);
int fern_channel_recv(fern_handle h, struct fern_msg *msg, uint64_t deadline_ns);
int fern_channel_call(fern_handle h, const struct fern_msg *req, struct fern_msg *reply,
		      uint64_t deadline_ns);
int fern_channel_reply_recv(fern_handle h, const struct fern_msg *reply, struct fern_msg *next,
			    uint64_t deadline_ns);

/* Ports (docs/ipc.md): one place a server receives from. Returns the port's handle or a
 * negative status. */
int64_t fern_port_create(void);
/* Binds h to port with key: a channel end's messages (and its peer's close, as a
 * FERN_MSG_SIGNAL) come through the port; another object (an interrupt, a timer) reports
 * each raising of signals as a FERN_MSG_SIGNAL. signals 0 unbinds. */
int fern_port_bind(fern_handle port, fern_handle h, uint64_t key, uint32_t signals);
/* Sends reply on reply_end (unless reply is NULL), then receives the next message or signal
 * report through port into next (next->key: the binding's key). A failed send returns its
 * error and receives nothing. */
int fern_port_reply_recv(fern_handle port, fern_handle reply_end, const struct fern_msg *reply,
			 struct fern_msg *next, uint64_t deadline_ns);

/* Returns how many items have pending signals (their .pending set), or a negative status
 * (FERN_ERR_TIMED_OUT when the deadline passed first). */
int fern_wait(struct fern_wait_item *items, uint32_t count, uint64_t deadline_ns);

int64_t fern_vmo_create(uint64_t size, uint32_t flags);
/* The physical address of the memory object's first byte (a contiguous object's base). */
int64_t fern_vmo_paddr(fern_handle vmo);
/* The physical address of the byte at offset (its page committed now, for a device's DMA). */
int64_t fern_vmo_paddr_at(fern_handle vmo, uint64_t offset);
/* Returns the mapped address, or an error status: check with fern_is_error (EL1-domain
 * addresses are in the upper half, so they are negative as int64_t). */
int64_t fern_vm_map(fern_handle vmo, uint64_t offset, uint64_t size, uint32_t prot);
int fern_vm_unmap(uint64_t addr, uint64_t size);

int fern_irq_ack(fern_handle irq);
int64_t fern_timer_create(void);
int fern_timer_set(fern_handle timer, uint64_t deadline_ns, uint64_t period_ns);

/* True when a result is an error code (see the ABI note in fern/abi.h). */
static inline int fern_is_error(int64_t v)
{
	return (uint64_t)v >= (uint64_t)-4095;
}

#endif
