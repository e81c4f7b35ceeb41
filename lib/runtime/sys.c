// SPDX-License-Identifier: MIT
/* Typed wrappers for everything in fern/sys.h but logging, exit and threads. Each inlines
 * the system-call sequence (rt_syscall), so a call costs the wrapper's call and return only. */
#include <fern/sys.h>
#include <fern/syscall.h>

/* Shorthands for the common arities: an odd one pays for one more register set to 0. */
static inline int64_t sys0(uint64_t n)
{
	return rt_syscall0(n);
}

static inline int64_t sys1(uint64_t n, uint64_t a0)
{
	return rt_syscall2(n, a0, 0);
}

static inline int64_t sys2(uint64_t n, uint64_t a0, uint64_t a1)
{
	return rt_syscall2(n, a0, a1);
}

static inline int64_t sys3(uint64_t n, uint64_t a0, uint64_t a1, uint64_t a2)
{
	return rt_syscall4(n, a0, a1, a2, 0);
}

static inline int64_t sys4(uint64_t n, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
	return rt_syscall4(n, a0, a1, a2, a3);
}

static inline uint64_t ptr(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

int fern_yield(void)
{
	return (int)sys0(SYS_YIELD);
}

uint64_t fern_clock_ns(void)
{
	return (uint64_t)sys0(SYS_CLOCK);
}

int fern_sleep_until(uint64_t deadline_ns)
{
	return (int)sys1(SYS_SLEEP, deadline_ns);
}

int fern_handle_close(fern_handle h)
{
	return (int)sys1(SYS_HANDLE_CLOSE, h);
}

int64_t fern_handle_dup(fern_handle h, uint32_t rights)
{
	return sys2(SYS_HANDLE_DUP, h, rights);
}

int fern_channel_create(fern_handle pair[2])
{
	return (int)sys1(SYS_CHANNEL_CREATE, ptr(pair));
}

int fern_channel_send(fern_handle h, const struct fern_msg *msg)
{
	return (int)sys2(SYS_CHANNEL_SEND, h, ptr(msg));
}

int fern_channel_recv(fern_handle h, struct fern_msg *msg, uint64_t deadline_ns)
{
	return (int)sys3(SYS_CHANNEL_RECV, h, ptr(msg), deadline_ns);
}

int fern_channel_call(fern_handle h, const struct fern_msg *req, struct fern_msg *reply,
		      uint64_t deadline_ns)
{
	return (int)sys4(SYS_CHANNEL_CALL, h, ptr(req), ptr(reply), deadline_ns);
}

int fern_channel_reply_recv(fern_handle h, const struct fern_msg *reply, struct fern_msg *next,
			    uint64_t deadline_ns)
{
	return (int)sys4(SYS_CHANNEL_REPLY_RECV, h, ptr(reply), ptr(next), deadline_ns);
}

uint64_t fern_instructions(void)
{
	if (!(fern_start_info()->flags & FERN_START_PMU))
		return 0;
	uint64_t v;
	__asm__ volatile("isb; mrs %0, pmevcntr0_el0" : "=r"(v));
	return v;
}

int64_t fern_port_create(void)
{
	return sys0(SYS_PORT_CREATE);
}

int fern_port_bind(fern_handle port, fern_handle h, uint64_t key, uint32_t signals)
{
	return (int)sys4(SYS_PORT_BIND, port, h, key, signals);
}

int fern_port_reply_recv(fern_handle port, fern_handle reply_end, const struct fern_msg *reply,
			 struct fern_msg *next, uint64_t deadline_ns)
{
	return (int)rt_syscall6(SYS_PORT_REPLY_RECV, port, reply_end, ptr(reply), ptr(next),
				deadline_ns, 0);
}

int fern_wait(struct fern_wait_item *items, uint32_t count, uint64_t deadline_ns)
{
	return (int)sys3(SYS_WAIT, ptr(items), count, deadline_ns);
}

int64_t fern_vmo_create(uint64_t size, uint32_t flags)
{
	return sys2(SYS_VMO_CREATE, size, flags);
}

int64_t fern_vmo_paddr(fern_handle vmo)
{
	return sys1(SYS_VMO_PADDR, vmo);
}

int64_t fern_vmo_paddr_at(fern_handle vmo, uint64_t offset)
{
	return sys2(SYS_VMO_PADDR, vmo, offset);
}

int64_t fern_vm_map(fern_handle vmo, uint64_t offset, uint64_t size, uint32_t prot)
{
	return sys4(SYS_VM_MAP, vmo, offset, size, prot);
}

int fern_vm_unmap(uint64_t addr, uint64_t size)
{
	return (int)sys2(SYS_VM_UNMAP, addr, size);
}

int fern_irq_ack(fern_handle irq)
{
	return (int)sys1(SYS_IRQ_ACK, irq);
}

int64_t fern_timer_create(void)
{
	return sys0(SYS_TIMER_CREATE);
}

int fern_timer_set(fern_handle timer, uint64_t deadline_ns, uint64_t period_ns)
{
	return (int)sys3(SYS_TIMER_SET, timer, deadline_ns, period_ns);
}

int fern_nop(void)
{
	return (int)sys0(SYS_NOP);
}

int64_t fern_syscall(uint64_t number, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
		     uint64_t a4, uint64_t a5)
{
	return rt_syscall6(number, a0, a1, a2, a3, a4, a5);
}
