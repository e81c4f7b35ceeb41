// SPDX-License-Identifier: MIT
/* kernel_main: the boot order, one step per line. head.S calls it on the boot CPU with the
 * MMU on, the image mapped W^X and the DTB mapped at FDT_VBASE. */
#include <arch/boot.h>
#include <board.h>
#include <fern/format.h>
#include <fern/status.h>
#include <kernel/arch.h>
#include <kernel/bootfs_image.h>
#include <kernel/console.h>
#include <kernel/irq.h>
#include <kernel/ktest.h>
#include <kernel/log.h>
#include <kernel/memory.h>
#include <kernel/options.h>
#include <kernel/panic.h>
#include <kernel/reaper.h>
#include <kernel/report.h>
#include <kernel/sched.h>
#include <kernel/selftest.h>
#include <kernel/startup.h>
#include <kernel/state.h>
#include <kernel/timer.h>
#include <kernel/vm.h>
#include <libfdt.h>

#define BOOT_TICKS 5 /* timer interrupts to see before declaring the boot finished */

/* Stops a boot that cannot continue, after saying why on the early console. */
static __attribute__((noreturn)) void boot_fail(const char *step, int err, const char *detail)
{
	log_err("boot failed: %s: %s%s%s", step, status_name(err), detail ? ": " : "",
		detail ? detail : "");
	log_raw("fern: halted\n");
	arch_halt();
}

static void warn_option(const char *word, int len, const char *why)
{
	log_warn("bootargs: ignoring '%.*s': %s", len, word, why);
}

static void discover(uint64_t dtb_pa, uint64_t load_pa)
{
	struct board *board = &kstate.board;
	struct board_error err;
	uint64_t window = boot_fdt_window();
	if (!window) {
		format_snprintf(err.message, sizeof(err.message),
				"x0 = %#lx is not a device tree address", (unsigned long)dtb_pa);
		boot_fail("device tree", FERN_ERR_INVALID, err.message);
	}
	const void *fdt = (const void *)(FDT_VBASE + (dtb_pa & (PAGE_SIZE - 1)));
	int status = board_discover(fdt, window, board, &err);
	if (status == FERN_OK)
		status =
		    board_add_reservation(board, kimage_pa(_head, load_pa),
					  (uint64_t)(_image_end - _head), RESERVE_KERNEL, &err);
	if (status == FERN_OK)
		status =
		    board_add_reservation(board, dtb_pa, fdt_totalsize(fdt), RESERVE_DTB, &err);
	if (status != FERN_OK)
		boot_fail("unusable device tree", status, err.message);
}

/* The boot flow is now CPU 0's idle thread: finish booting, then idle forever. */
static void finish_boot(void)
{
	arch_irq_enable();
	while (timer_interrupts() < BOOT_TICKS)
		arch_wait_for_interrupt();
	report_timer();
	selftest_crash(kstate.options.crash);
	if (reaper_start())
		log_warn("no reaper thread: objects are destroyed at once, however many");
	log_info("boot complete");
	if (kstate.options.test[0]) {
		ktest_start(kstate.options.test); /* it powers off when done */
		arch_irq_enable();
		for (;;)
			arch_wait_for_interrupt();
	}
	startup_start(); /* the system the specs describe; it also does poweroff and reboot */
	arch_irq_enable();
	for (;;)
		arch_wait_for_interrupt();
}

void kernel_main(uint64_t dtb_pa, uint64_t load_pa)
{
	kstate.arch.counter_at_boot = arch_counter_read();
	arch_pmu_init(); /* programs get no PMU access unless a benchmark asks */
	log_set_threshold(LOG_INFO);
	console_init_early(); /* build-time PL011 address, mapped by head.S */
	log_info("Fern booting: image at %#lx, device tree at %#lx", (unsigned long)load_pa,
		 (unsigned long)dtb_pa);
	discover(dtb_pa, load_pa); /* the platform, or a clear stop */
	options_parse(kstate.board.bootargs, &kstate.options, warn_option);
	if (kstate.options.pmu)
		arch_pmu_open_to_programs();
	log_set_threshold((enum log_level)kstate.options.loglevel);
	int err = vm_init_kernel(&kstate.board); /* final tables: W^X image, linear map */
	if (err)
		boot_fail("kernel address space", err, 0);
	err = memory_init(&kstate.board); /* page allocator over banks minus reservations */
	if (err)
		boot_fail("page allocator", err, 0);
	sched_init();                      /* the boot flow becomes CPU 0's idle thread */
	err = console_init(&kstate.board); /* the stdout-path UART */
	if (err)
		log_warn("console %s: %s; staying on the early console", kstate.board.console.path,
			 status_name(err));
	err = arch_irqchip_init(&kstate.board);
	if (err)
		boot_fail("interrupt controller", err, kstate.board.gic.path);
	err = timer_init(&kstate.board);
	if (err)
		boot_fail("timer", err, kstate.board.timer.path);
	sched_start_tick(); /* time slices for round-robin */
	report_boot(&kstate.board);
	bootfs_image_init(&kstate.board); /* initrd or embedded: reported, not fatal, if corrupt */
	finish_boot();
}
