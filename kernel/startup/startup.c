// SPDX-License-Identifier: MIT
/* The startup task: the kernel thread that starts the system the specs describe (the kernel's
 * only policy code). It loads the specs, binds drivers to device-tree nodes, starts every
 * instance in its spec's domain and then supervises them (startup_supervise.c). */
#include "startup_internal.h"

#include <fern/status.h>
#include <kernel/arch.h>
#include <kernel/bootfs_image.h>
#include <kernel/kalloc.h>
#include <kernel/klock.h>
#include <kernel/log.h>
#include <kernel/startup.h>
#include <kernel/state.h>
#include <string.h>

static void startup_main(void *arg)
{
	struct startup_state *st = arg;
	klock_acquire();
	size_t size;
	const void *archive = bootfs_image(&size);
	int specs = archive ? startup_load_specs(st, archive, size) : 0;
	log_info("startup: %d specs", specs);
	startup_bind(st);
	int started = startup_start_all(st);
	log_info("startup: %d of %d instances started", started, st->inst_count);
	if (kstate.options.pmu)
		log_info("BENCH boot-all-started %lu instructions",
			 (unsigned long)arch_pmu_instructions());
	startup_supervise(st);
}

void startup_start(void)
{
	klock_acquire();
	kobject_init(&kstate.log.event, KOBJ_NONE);
	struct startup_state *st = kalloc(sizeof(*st));
	struct thread *t;
	if (!st) {
		log_err("startup: no memory for the startup task");
	} else if (thread_create_kernel("startup", THREAD_PRIORITY_DEFAULT + 2, startup_main, st,
					&t)) {
		log_err("startup: cannot create the startup thread");
		kfree(st, sizeof(*st));
	} else {
		memset(st, 0, sizeof(*st));
		st->fdt = kstate.board.fdt;
		kstate.startup = st;
		thread_start(t);
	}
	klock_release();
}
