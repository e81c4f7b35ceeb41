// SPDX-License-Identifier: MIT
/* Routes system calls by number (x8) to their implementation. */
#include <fern/abi.h>
#include <fern/status.h>
#include <kernel/klock.h>
#include <kernel/sched.h>
#include <kernel/syscall.h>

typedef int64_t (*syscall_fn)(struct trap_frame *f);

static const syscall_fn syscall_table[SYS_COUNT] = {
    [SYS_LOG] = sys_log,
    [SYS_EXIT] = sys_exit,
    [SYS_YIELD] = sys_yield,
    [SYS_CLOCK] = sys_clock,
    [SYS_SLEEP] = sys_sleep,
    [SYS_HANDLE_CLOSE] = sys_handle_close,
    [SYS_HANDLE_DUP] = sys_handle_dup,
    [SYS_CHANNEL_CREATE] = sys_channel_create,
    [SYS_CHANNEL_SEND] = sys_channel_send,
    [SYS_CHANNEL_RECV] = sys_channel_recv,
    [SYS_CHANNEL_CALL] = sys_channel_call,
    [SYS_CHANNEL_REPLY_RECV] = sys_channel_reply_recv,
    [SYS_WAIT] = sys_wait,
    [SYS_VMO_CREATE] = sys_vmo_create,
    [SYS_VMO_PADDR] = sys_vmo_paddr,
    [SYS_VM_MAP] = sys_vm_map,
    [SYS_VM_UNMAP] = sys_vm_unmap,
    [SYS_IRQ_ACK] = sys_irq_ack,
    [SYS_TIMER_CREATE] = sys_timer_create,
    [SYS_TIMER_SET] = sys_timer_set,
    [SYS_CALL_SHORT] = sys_call_short,
    [SYS_REPLY_RECV_SHORT] = sys_reply_recv_short,
    [SYS_NOP] = sys_nop,
    [SYS_THREAD_CREATE] = sys_thread_create,
    [SYS_THREAD_EXIT] = sys_thread_exit,
    [SYS_PORT_CREATE] = sys_port_create,
    [SYS_PORT_BIND] = sys_port_bind,
    [SYS_PORT_REPLY_RECV] = sys_port_reply_recv,
};

static inline void dispatch(struct trap_frame *f, uint64_t number)
{
	syscall_fn fn = number < SYS_COUNT ? syscall_table[number] : 0;
	f->x[0] = fn ? (uint64_t)fn(f) : (uint64_t)(int64_t)FERN_ERR_NO_SYSCALL;
}

void syscall_dispatch(struct trap_frame *f)
{
	dispatch(f, f->x[8]);
}

void syscall_entry(struct trap_frame *f)
{
	uint64_t number = f->x[8];
	if (number == SYS_CALL_SHORT || number == SYS_REPLY_RECV_SHORT) {
		sys_channel_short_entry(f); /* a tail call: the IPC fastpath's own entry */
		return;
	}
	klock_acquire_masked();
	dispatch(f, number);
	sched_preempt_point();
	klock_release();
}
