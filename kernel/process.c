// SPDX-License-Identifier: MIT
/* Process lifecycle: spawning a program in its domain, termination, fault attribution. */
#include <arch/context.h>
#include <fern/format.h>
#include <fern/status.h>
#include <kernel/cpu.h>
#include <kernel/elf.h>
#include <kernel/kalloc.h>
#include <kernel/log.h>
#include <kernel/panic.h>
#include <kernel/process.h>
#include <kernel/state.h>
#include <kernel/thread.h>
#include <kernel/vm.h>
#include <kernel/vmo.h>
#include <string.h>

void el1_syscall_entry(void);

static const char *domain_name(enum fern_domain d)
{
	return d == FERN_DOMAIN_EL1 ? "EL1" : "EL0";
}

void process_activate(struct process *p)
{
	aspace_activate(p ? &p->as : 0);
}

int process_handle_add(struct process *p, struct kobject *o, uint32_t rights, fern_handle *out)
{
	int err = handle_table_add(&p->handles, o, o->type, rights, out);
	if (!err)
		kobject_ref(o);
	return err;
}

static int map_new_vmo(struct process *p, uint64_t size, unsigned prot, uint64_t *va,
		       struct vmo **out)
{
	struct vmo *v;
	int err = vmo_create(size, 0, &v);
	if (err)
		return err;
	err = aspace_map(&p->as, v, 0, v->size, prot, va);
	kobject_unref(&v->obj); /* the mapping keeps it */
	if (!err && out)
		*out = v;
	return err;
}

/* Maps each segment of the loaded image (one contiguous VMO) with its own protection. */
static int map_image(struct process *p, const struct elf_image *img, struct vmo *image,
		     uint64_t base)
{
	for (int i = 0; i < img->segment_count; i++) {
		const struct elf_segment *s = &img->segment[i];
		uint64_t start = s->vaddr & ~(PAGE_SIZE - 1);
		uint64_t end = (s->vaddr + s->memsz + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
		unsigned prot = (s->prot & ELF_PROT_READ ? FERN_PROT_READ : 0) |
				(s->prot & ELF_PROT_WRITE ? FERN_PROT_WRITE : 0) |
				(s->prot & ELF_PROT_EXEC ? FERN_PROT_EXEC : 0);
		int err = aspace_map_at(&p->as, base + start, image, start, end - start, prot);
		if (err)
			return err;
	}
	return FERN_OK;
}

static int load_image(struct process *p, const struct spawn_request *req, uint64_t *entry,
		      char *err)
{
	struct elf_image img;
	int rc = elf_parse(req->elf, req->elf_size, &img, err);
	if (rc)
		return rc;
	struct vmo *image;
	rc = vmo_create(img.span, 1, &image);
	if (rc) {
		format_snprintf(err, 128, "no memory for a %lu-byte image",
				(unsigned long)img.span);
		return rc;
	}
	uint64_t base = aspace_reserve(&p->as, img.span);
	rc = base ? elf_load(&img, req->elf, req->elf_size, phys_to_virt(image->phys), base, err)
		  : FERN_ERR_NO_MEMORY;
	if (!rc)
		rc = map_image(p, &img, image, base);
	if (rc && !err[0])
		format_snprintf(err, 128, "mapping the image: %s", status_name(rc));
	kobject_unref(&image->obj);
	p->image_base = base;
	p->image_size = img.span;
	*entry = base + img.entry;
	return rc;
}

/* Copies the environment blob into a read-only mapping of its own. */
static int map_env(struct process *p, const struct spawn_request *req, uint64_t *va)
{
	*va = 0;
	if (!req->env_size)
		return FERN_OK;
	if (req->env_size > PROCESS_ENV_MAX)
		return FERN_ERR_TOO_BIG;
	struct vmo *v;
	int err = map_new_vmo(p, req->env_size, FERN_PROT_READ, va, &v);
	for (uint64_t off = 0; !err && off < req->env_size; off += PAGE_SIZE) {
		uint64_t n = req->env_size - off < PAGE_SIZE ? req->env_size - off : PAGE_SIZE, pa;
		err = vmo_commit_page(v, off, &pa);
		if (!err)
			memcpy(phys_to_virt(pa), (const uint8_t *)req->env + off, n);
	}
	return err;
}

/* Builds the start info page: the struct, then the name and argument strings. */
static int build_start_info(struct process *p, const struct spawn_request *req, uint64_t *si_va,
			    uint64_t *stack_top)
{
	uint64_t stack, heap, info, env;
	struct vmo *info_vmo;
	int err = map_env(p, req, &env);
	if (!err)
		err =
		    map_new_vmo(p, PROCESS_STACK_SIZE, FERN_PROT_READ | FERN_PROT_WRITE, &stack, 0);
	if (!err)
		err = map_new_vmo(p, PROCESS_HEAP_SIZE, FERN_PROT_READ | FERN_PROT_WRITE, &heap, 0);
	if (!err)
		err = map_new_vmo(p, PAGE_SIZE, FERN_PROT_READ, &info, &info_vmo);
	uint64_t info_pa;
	if (!err)
		err = vmo_commit_page(info_vmo, 0, &info_pa);
	if (err)
		return err;
	uint8_t *page = phys_to_virt(info_pa);
	struct fern_start_info *si = (struct fern_start_info *)page;
	size_t name_off = sizeof(*si), args_off = name_off + PROCESS_NAME_LEN;
	size_t args_len = req->args ? strnlen(req->args, PAGE_SIZE - args_off - 1) : 0;
	memcpy(page + name_off, p->name, strlen(p->name) + 1);
	memcpy(page + args_off, req->args ? req->args : "", args_len);
	page[args_off + args_len] = 0;
	*si = (struct fern_start_info){
	    .magic = FERN_START_MAGIC,
	    .domain = p->domain,
	    .syscall_entry = p->domain == FERN_DOMAIN_EL1 ? (uint64_t)el1_syscall_entry : 0,
	    .name = (const char *)(info + name_off),
	    .args = (const char *)(info + args_off),
	    .image_base = p->image_base,
	    .stack_top = stack + PROCESS_STACK_SIZE,
	    .heap_base = heap,
	    .heap_size = PROCESS_HEAP_SIZE,
	    .env = (const void *)env,
	    .env_size = env ? req->env_size : 0,
	    .flags = kstate.options.pmu ? FERN_START_PMU : 0,
	};
	for (int i = 0; i < req->handle_count; i++) {
		err = process_handle_add(p, req->handle[i], req->rights[i], &si->handle[i]);
		if (err)
			return err;
		si->handle_count++;
	}
	*si_va = info;
	*stack_top = si->stack_top;
	return FERN_OK;
}

int process_spawn(const struct spawn_request *req, struct process **out, char *err)
{
	err[0] = 0;
	struct process *p = kalloc(sizeof(*p));
	if (!p) {
		format_snprintf(err, 128, "no memory for the process");
		return FERN_ERR_NO_MEMORY;
	}
	kobject_init(&p->obj, KOBJ_PROCESS);
	strncpy(p->name, req->name, sizeof(p->name) - 1);
	p->domain = req->domain;
	p->id = ++kstate.next_process_id;
	int rc = aspace_create(&p->as, req->domain);
	/* Profiling: every EL0 image at an address of its own (they all start at the bottom of
	 * their spaces), so that an address names one program. */
	if (!rc && kstate.options.profile && p->domain == FERN_DOMAIN_EL0)
		p->as.next_va += (p->id % 1024) << 28;
	uint64_t entry = 0, si = 0, sp = 0;
	if (!rc)
		rc = load_image(p, req, &entry, err);
	if (!rc)
		rc = build_start_info(p, req, &si, &sp);
	struct thread *t = 0;
	if (!rc)
		rc = thread_create_program(p, p->name, req->priority, entry, sp, si, &t);
	if (rc) {
		if (!err[0])
			format_snprintf(err, 128, "%s", status_name(rc));
		p->terminated = true;
		process_destroy(&p->obj);
		return rc;
	}
	t->proc_next = p->threads;
	p->threads = t;
	p->next = kstate.processes;
	kstate.processes = p;
	log_info("started %s in the %s domain (image at %#lx)", p->name, domain_name(p->domain),
		 (unsigned long)p->image_base);
	if (kstate.options.profile)
		log_info("profile: program %s at %#lx", req->program ? req->program : p->name,
			 (unsigned long)p->image_base);
	thread_start(t);
	*out = p;
	return FERN_OK;
}

static void close_handle(struct handle_entry *e, void *ctx)
{
	kobject_unref(e->object);
}

/* Marks p ended and closes its handles (so peers see PEER_CLOSED at once). */
static void mark_terminated(struct process *p, int64_t code, const char *reason)
{
	p->terminated = true;
	p->exit_code = code;
	strncpy(p->reason, reason, sizeof(p->reason) - 1);
	handle_table_clear(&p->handles, close_handle, 0);
	log_info("%s (%s) %s", p->name, domain_name(p->domain), p->reason);
}

/* The last thread of p is leaving: free the memory and tell whoever waits. */
static void finish(struct process *p)
{
	if (process_current() == p)
		process_activate(0); /* off the tables we are about to free */
	aspace_destroy(&p->as);
	kobject_signal(&p->obj, FERN_SIGNAL_EXITED, 0);
}

void process_terminate(struct process *p, int64_t code, const char *reason)
{
	struct thread *self = current_thread();
	if (!p->terminated) {
		for (struct thread *t = p->threads, *next; t; t = next) {
			next = t->proc_next;
			if (t != self)
				thread_kill(t);
		}
		mark_terminated(p, code, reason);
		if (!p->threads) /* they were all new */
			finish(p);
	}
	if (self->process == p)
		process_thread_exit();
}

void process_thread_exit(void)
{
	struct thread *self = current_thread();
	struct process *p = self->process;
	for (struct thread **q = &p->threads; *q; q = &(*q)->proc_next) {
		if (*q == self) {
			*q = self->proc_next;
			break;
		}
	}
	if (!p->threads) {
		if (!p->terminated)
			mark_terminated(p, 0, "exited with code 0 (its last thread ended)");
		finish(p);
	}
	thread_exit(); /* the process reference goes with the thread */
}

void process_destroy(struct kobject *o)
{
	struct process *p = (struct process *)o;
	ASSERT(p->terminated);
	for (struct process **q = &kstate.processes; *q; q = &(*q)->next) {
		if (*q == p) {
			*q = p->next;
			break;
		}
	}
	handle_table_clear(&p->handles, close_handle, 0);
	aspace_destroy(&p->as);
	kfree(p, sizeof(*p));
}

void process_fault(struct trap_frame *f)
{
	struct process *p = process_current();
	ASSERT(p);
	char reason[PROCESS_REASON_LEN];
	format_snprintf(reason, sizeof(reason),
			"terminated: %s at address 0x%lx (pc 0x%lx, esr 0x%lx)",
			trap_class_name(f->esr), (unsigned long)f->far, (unsigned long)f->elr,
			(unsigned long)f->esr);
	log_err("program %s (%s) faulted: %s at address 0x%lx, pc 0x%lx", p->name,
		domain_name(p->domain), trap_class_name(f->esr), (unsigned long)f->far,
		(unsigned long)f->elr);
	process_terminate(p, FERN_ERR_FAULT, reason);
	panic("terminated process returned");
}
