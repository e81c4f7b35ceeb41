/* SPDX-License-Identifier: MIT */
/* The system-call dispatcher shared by both domains, and the calls it routes to. Every call
 * runs with the kernel lock held, reads its arguments from the trap frame (x0..x5) and returns
 * its result (x0); some also write extra results into the frame. Each call first validates
 * everything that came from the program (decode), then acts. */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

#include <arch/trap.h>
#include <stdbool.h>
#include <stdint.h>

/* System calls from both domains: called by the slim entries (svc in vectors.S, the EL1
 * domain's el1_syscall.S) with interrupts masked and a frame holding x0..x5, x8, x30, SP_EL0,
 * ELR and SPSR only. Takes the kernel lock, runs the call and returns to the program. */
void syscall_entry(struct trap_frame *f);
/* Runs the call in f (x8) with the kernel lock held: for the full trap path. */
void syscall_dispatch(struct trap_frame *f);

/* syscall_entry for SYS_CALL_SHORT and SYS_REPLY_RECV_SHORT (sys_channel.c): the IPC
 * fastpath when the peer already waits, else the general path through syscall_dispatch. */
void sys_channel_short_entry(struct trap_frame *f);

int64_t sys_log(struct trap_frame *f);
int64_t sys_exit(struct trap_frame *f);
int64_t sys_yield(struct trap_frame *f);
int64_t sys_clock(struct trap_frame *f);
int64_t sys_sleep(struct trap_frame *f);
int64_t sys_handle_close(struct trap_frame *f);
int64_t sys_handle_dup(struct trap_frame *f);
int64_t sys_channel_create(struct trap_frame *f);
int64_t sys_channel_send(struct trap_frame *f);
int64_t sys_channel_recv(struct trap_frame *f);
int64_t sys_channel_call(struct trap_frame *f);
int64_t sys_channel_reply_recv(struct trap_frame *f);
int64_t sys_call_short(struct trap_frame *f);
int64_t sys_reply_recv_short(struct trap_frame *f);
int64_t sys_nop(struct trap_frame *f);
int64_t sys_thread_create(struct trap_frame *f);
int64_t sys_thread_exit(struct trap_frame *f);
int64_t sys_wait(struct trap_frame *f);
int64_t sys_port_create(struct trap_frame *f);
int64_t sys_port_bind(struct trap_frame *f);
int64_t sys_port_reply_recv(struct trap_frame *f);
int64_t sys_vmo_create(struct trap_frame *f);
int64_t sys_vmo_paddr(struct trap_frame *f);
int64_t sys_vm_map(struct trap_frame *f);
int64_t sys_vm_unmap(struct trap_frame *f);
int64_t sys_irq_ack(struct trap_frame *f);
int64_t sys_timer_create(struct trap_frame *f);
int64_t sys_timer_set(struct trap_frame *f);

#endif
