/* SPDX-License-Identifier: MIT */
/* All mutable kernel state lives in one object, kstate (defined in state.c). Each field says
 * which lock guards it; "boot" means written only during single-threaded boot, then read-only. */
#ifndef KERNEL_STATE_H
#define KERNEL_STATE_H

#include <arch/state.h>
#include <board.h>
#include <dt_index.h>
#include <kernel/console.h>
#include <kernel/cpu.h>
#include <kernel/irq.h>
#include <kernel/kalloc.h>
#include <kernel/log.h>
#include <kernel/options.h>
#include <kernel/panic.h>
#include <kernel/pmm.h>
#include <kernel/reaper.h>
#include <kernel/sched.h>
#include <kernel/thread.h>
#include <kernel/timer.h>
#include <kernel/vm.h>

struct process;
struct startup_state;

/* Storage for the index of the board's device tree (kernel/board_index.c): room for the
 * nodes of every board we know (QEMU virt has 60; large SoC trees a few thousand). */
#define BOARD_INDEX_NODES 4096
struct board_index {
	_Alignas(8) uint8_t
	    storage[sizeof(struct dt_index) + BOARD_INDEX_NODES * sizeof(struct dt_index_node)];
	bool tried, built;
};

struct kernel_state {
	struct arch_state arch;        /* boot */
	struct board board;            /* boot: the platform from the device tree */
	struct kernel_options options; /* boot: parsed from /chosen bootargs */
	struct console_state console;  /* boot; output serialised by log.lock */
	struct log_state log;          /* log.lock */
	struct panic_state panic;      /* written only while panicking */
	struct pmm_state pmm;          /* pmm_lock */
	struct spinlock pmm_lock;
	uint64_t pmm_meta_bytes;    /* boot: RAM holding the pmm's page bookkeeping */
	struct vm_state vm;         /* vm.lock; address-space fields: klock */
	struct irq_state irq;       /* klock (handlers are also installed at boot) */
	struct timer_state timer;   /* boot; interrupts: kernel lock */
	struct kalloc_state kalloc; /* kalloc.lock */
	struct cpu cpus[MAX_CPUS];  /* each CPU's own */
	struct thread boot_thread;  /* the boot flow, which becomes CPU 0's idle thread */
	struct sched_state sched;   /* klock */
	struct ktimer *timers;      /* klock: kernel timers by deadline */
	struct process *processes;  /* klock: every process not yet destroyed */
	uint64_t next_process_id;   /* klock */
	struct {
		const void *archive; /* boot: the boot filesystem in use, NULL if corrupt */
		size_t size;
	} bootfs;
	struct startup_state *startup;  /* klock: the startup task's bookkeeping */
	struct reaper_state reaper;     /* klock: objects the reaper thread destroys */
	struct board_index board_index; /* boot: the board tree's node index (board_index.c) */
};

extern struct kernel_state kstate;

#endif
