/* SPDX-License-Identifier: MIT */
/* Processes: a program instance in one isolation domain, with its handle table, address space
 * and threads. Guarded by the kernel lock. */
#ifndef KERNEL_PROCESS_H
#define KERNEL_PROCESS_H

#include <arch/trap.h>
#include <fern/abi.h>
#include <kernel/arch.h>
#include <kernel/aspace.h>
#include <kernel/cpu.h>
#include <kernel/handle_table.h>
#include <kernel/object.h>
#include <kernel/thread.h>
#include <stdbool.h>
#include <stddef.h>

#define PROCESS_NAME_LEN   32
#define PROCESS_REASON_LEN 160
#define PROCESS_STACK_SIZE (64 * 1024)
#define PROCESS_HEAP_SIZE  (1024 * 1024)
#define PROCESS_ENV_MAX    (64 * 1024)

struct thread;

struct process {
	struct kobject obj; /* raises FERN_SIGNAL_EXITED when terminated */
	char name[PROCESS_NAME_LEN];
	uint64_t id;
	enum fern_domain domain;
	struct handle_table handles;
	struct aspace as;
	struct thread *threads; /* live threads, linked by proc_next */
	bool terminated;
	int64_t exit_code; /* the program's exit code, or a negative status for faults */
	char reason[PROCESS_REASON_LEN]; /* "exited with code 0", "fault: ..." */
	uint64_t image_base, image_size;
	struct process *next; /* kstate.processes */
};

/* What to start: a program image from the boot filesystem, its domain and bootstrap handles. */
struct spawn_request {
	const char *name;
	const char *program; /* the boot filesystem entry the image came from (for profiles) */
	const void *elf;
	size_t elf_size;
	enum fern_domain domain;
	const char *args;
	const void *env; /* the environment blob, copied into the program read-only; may be NULL */
	size_t env_size; /* at most PROCESS_ENV_MAX */
	int priority;
	int handle_count;
	struct kobject *handle[FERN_START_HANDLES]; /* installed in order; each gains a ref */
	uint32_t rights[FERN_START_HANDLES];
};

/* Loads and starts a program. On error nothing is left behind and err (128 bytes) says why.
 * The caller gets one reference to the process. */
int process_spawn(const struct spawn_request *req, struct process **out, char *err);

/* Ends p with code and reason: closes its handles at once and stops its threads (see
 * thread_kill); when the last one has left the kernel, frees its memory and raises EXITED.
 * If the current thread belongs to p, it ends too (no return). */
void process_terminate(struct process *p, int64_t code, const char *reason);

/* Ends the current program thread; the last one to go ends its process (with code 0 unless
 * it was terminated) as above. Does not return. */
__attribute__((noreturn)) void process_thread_exit(void);

/* A program thread took a synchronous exception that is not a system call: report it by
 * program name and terminate the program. Does not return. */
__attribute__((noreturn)) void process_fault(struct trap_frame *frame);

/* Switches the CPU to p's address space (NULL: none). */
void process_activate(struct process *p);

/* The current thread's process, or NULL in a kernel thread. */
static inline struct process *process_current(void)
{
	return current_thread()->process;
}

/* Handle table access for the current process (kernel lock held). */
int process_handle_add(struct process *p, struct kobject *o, uint32_t rights, fern_handle *out);

/* Copies between the kernel and the current process's memory, after checking that the range
 * lies inside its address space. FERN_ERR_FAULT for bad pointers, never a kernel fault.
 * Inline: every system call with a pointer copies. */
static inline int user_copy_in(void *dst, uint64_t src, size_t len)
{
	struct process *p = process_current();
	if (!p || !aspace_range_ok(&p->as, src, len))
		return FERN_ERR_FAULT;
	return (int)arch_copy_user(dst, (const void *)src, len);
}

static inline int user_copy_out(uint64_t dst, const void *src, size_t len)
{
	struct process *p = process_current();
	if (!p || !aspace_range_ok(&p->as, dst, len))
		return FERN_ERR_FAULT;
	return (int)arch_copy_user((void *)dst, src, len);
}

#endif
