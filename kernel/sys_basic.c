// SPDX-License-Identifier: MIT
/* Basic system calls: logging, exit, time, yielding, handles. */
#include <fern/abi.h>
#include <fern/format.h>
#include <fern/status.h>
#include <kernel/cpu.h>
#include <kernel/log.h>
#include <kernel/process.h>
#include <kernel/sched.h>
#include <kernel/syscall.h>
#include <kernel/thread.h>
#include <kernel/timer.h>

#define LOG_LINE_MAX 256 /* the runtime sends stdout in pieces of at most this */

int64_t sys_log(struct trap_frame *f)
{
	uint64_t text = f->x[0], len = f->x[1];
	char line[LOG_LINE_MAX + 1];
	if (len > LOG_LINE_MAX)
		len = LOG_LINE_MAX; /* long lines are cut, not refused: logging must not fail */
	int err = user_copy_in(line, text, len);
	if (err)
		return err;
	while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	line[len] = 0;
	log_info("[%s] %s", process_current()->name, line);
	return FERN_OK;
}

int64_t sys_nop(struct trap_frame *f)
{
	return FERN_OK;
}

int64_t sys_exit(struct trap_frame *f)
{
	int64_t code = (int64_t)f->x[0];
	char reason[48];
	format_snprintf(reason, sizeof(reason), "exited with code %ld", (long)code);
	process_terminate(process_current(), code, reason);
	return FERN_OK; /* not reached */
}

int64_t sys_yield(struct trap_frame *f)
{
	sched_yield();
	return FERN_OK;
}

int64_t sys_clock(struct trap_frame *f)
{
	return (int64_t)timer_uptime_ns();
}

int64_t sys_sleep(struct trap_frame *f)
{
	uint64_t deadline = f->x[0];
	if (deadline <= timer_uptime_ns())
		return FERN_OK;
	int err = thread_block(deadline);
	return err == FERN_ERR_TIMED_OUT ? FERN_OK : err;
}

int64_t sys_handle_close(struct trap_frame *f)
{
	struct handle_entry e;
	int err = handle_table_remove(&process_current()->handles, (fern_handle)f->x[0], &e);
	if (err)
		return err;
	kobject_unref(e.object);
	return FERN_OK;
}

int64_t sys_handle_dup(struct trap_frame *f)
{
	struct process *p = process_current();
	uint32_t rights = (uint32_t)f->x[1];
	struct handle_entry e;
	int err = handle_table_get(&p->handles, (fern_handle)f->x[0], 0, FERN_RIGHT_DUPLICATE, &e);
	if (err)
		return err;
	if (rights & ~e.rights)
		return FERN_ERR_DENIED; /* a duplicate never gains rights */
	fern_handle h;
	err = process_handle_add(p, e.object, rights, &h);
	return err ? err : (int64_t)h;
}
