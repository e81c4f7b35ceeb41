// SPDX-License-Identifier: MIT
/* The startup task's reports: text snapshots of the running system (processes, services,
 * devices, memory, specs) that programs read over their startup channel (docs/specs.md). */
#include "startup_internal.h"

#include <arch/spinlock.h>
#include <fern/format.h>
#include <fern/status.h>
#include <kernel/kalloc.h>
#include <kernel/state.h>
#include <kernel/thread.h>
#include <kernel/vmo.h>
#include <libfdt.h>
#include <stdarg.h>
#include <string.h>

struct report {
	char *buf;
	size_t len, cap;
};

static void put(struct report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct report *r, const char *fmt, ...)
{
	if (r->len + 1 >= r->cap)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = format_vsnprintf(r->buf + r->len, r->cap - r->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		r->len += (size_t)n < r->cap - r->len ? (size_t)n : r->cap - r->len - 1;
}

/* The instance running p, or NULL (a process the startup task did not start). */
static const struct instance *instance_of(const struct startup_state *st, const struct process *p)
{
	for (int i = 0; i < st->inst_count; i++)
		if (st->inst[i].running && st->inst[i].process == p)
			return &st->inst[i];
	return 0;
}

/* RAM mapped into p (device registers excluded). */
static uint64_t process_memory(const struct process *p)
{
	uint64_t bytes = 0;
	for (const struct mapping *m = p->as.mappings; m; m = m->next)
		if (m->vmo->kind != VMO_MMIO)
			bytes += m->size;
	return bytes;
}

/* One word for what p's threads are doing: the busiest one wins. */
static const char *process_state(const struct process *p)
{
	if (p->terminated)
		return "exiting";
	int best = THREAD_DEAD;
	for (const struct thread *t = p->threads; t; t = t->proc_next)
		if (t->state == THREAD_RUNNING || best == THREAD_DEAD ||
		    (t->state == THREAD_RUNNABLE && best != THREAD_RUNNING))
			best = t->state;
	switch (best) {
	case THREAD_RUNNING: return "running";
	case THREAD_RUNNABLE:
	case THREAD_NEW: return "ready";
	case THREAD_BLOCKED: return "waiting";
	default: return "exiting";
	}
}

static void report_ps(const struct startup_state *st, struct report *r)
{
	put(r, "%4s  %-14s %-6s %-8s %4s %7s %7s %8s\n", "ID", "NAME", "DOMAIN", "STATE", "PRIO",
	    "THREADS", "HANDLES", "MEMORY");
	for (const struct process *p = kstate.processes; p; p = p->next) {
		int threads = 0, prio = 0;
		for (const struct thread *t = p->threads; t; t = t->proc_next, threads++)
			prio = t->priority;
		const struct instance *in = instance_of(st, p);
		put(r, "%4llu  %-14s %-6s %-8s %4d %7d %7d %5llu KiB%s\n",
		    (unsigned long long)p->id, p->name,
		    p->domain == FERN_DOMAIN_EL1 ? "EL1" : "EL0", process_state(p), prio, threads,
		    p->handles.count, (unsigned long long)(process_memory(p) / 1024),
		    in || p->terminated ? "" : "  (not from a spec)");
	}
}

static void report_services(struct startup_state *st, struct report *r)
{
	put(r, "%-12s %-12s %s\n", "SERVICE", "PROVIDER", "USED BY");
	for (int i = 0; i < st->inst_count; i++) {
		const struct instance *in = &st->inst[i];
		const struct spec *s = &st->specs[in->spec];
		for (int k = 0; k < s->provides_count; k++) {
			char service[SPEC_NAME_LEN];
			format_snprintf(service, sizeof(service), "%s", s->provides[k]);
			if (in->unit)
				format_snprintf(service, sizeof(service), "%s.%d", s->provides[k],
						in->unit);
			put(r, "%-12s %-12s", service, in->running ? in->name : "(stopped)");
			int users = 0;
			for (int j = 0; j < st->inst_count; j++) {
				const struct spec *u = &st->specs[st->inst[j].spec];
				for (int n = 0; n < u->uses_count; n++)
					if (!strcmp(u->uses[n].service, service))
						put(r, "%s%s", users++ ? ", " : " ",
						    st->inst[j].name);
			}
			if (st->klog && startup_klog_target(st) == in)
				put(r, "%s(kernel log)", users++ ? ", " : " ");
			put(r, "%s\n", users ? "" : " -");
		}
	}
}

/* What drives node: a spec instance, the kernel itself, or nothing. */
static void node_driver(const struct startup_state *st, int node, const char *path, char *out,
			size_t size)
{
	for (int i = 0; i < st->inst_count; i++)
		if (st->inst[i].node == node) {
			format_snprintf(out, size, "%s%s", st->inst[i].name,
					st->inst[i].running ? "" : " (stopped)");
			return;
		}
	const char *type = fdt_getprop(st->fdt, node, "device_type", 0);
	if (!strcmp(path, kstate.board.gic.path) || !strcmp(path, kstate.board.timer.path) ||
	    (type && !strcmp(type, "cpu")) ||
	    fdt_node_check_compatible(st->fdt, node, "arm,psci") == 0 ||
	    fdt_node_check_compatible(st->fdt, node, "arm,psci-1.0") == 0 ||
	    fdt_node_check_compatible(st->fdt, node, "arm,psci-0.2") == 0)
		format_snprintf(out, size, "(kernel)");
	else
		format_snprintf(out, size, "-");
}

/* Every node with a compatible string, its status, and what drives it. */
static void report_devices(struct startup_state *st, struct report *r)
{
	put(r, "%-32s %-20s %-9s %s\n", "NODE", "COMPATIBLE", "STATUS", "DRIVER");
	for (int node = fdt_next_node(st->fdt, -1, 0); node >= 0;
	     node = fdt_next_node(st->fdt, node, 0)) {
		const char *compat = fdt_getprop(st->fdt, node, "compatible", 0);
		if (!compat)
			continue;
		char path[BOARD_PATH_LEN], driver[48], what[40];
		if (fdt_get_path(st->fdt, node, path, sizeof(path)))
			continue;
		const char *status = fdt_getprop(st->fdt, node, "status", 0);
		node_driver(st, node, path, driver, sizeof(driver));
		format_snprintf(what, sizeof(what), "%s", compat);
		if (!strcmp(compat, "virtio,mmio") && (!status || !strcmp(status, "okay"))) {
			int id = startup_virtio_id(st, node);
			if (id == 0)
				format_snprintf(what, sizeof(what), "virtio,mmio (empty)");
			else if (id > 0)
				format_snprintf(what, sizeof(what), "virtio,mmio id %d", id);
		}
		put(r, "%-32s %-20s %-9s %s\n", path, what, status ? status : "okay", driver);
	}
}

static void report_mem(const struct startup_state *st, struct report *r)
{
	spin_lock(&kstate.pmm_lock);
	uint64_t total = kstate.pmm.total_pages * PMM_PAGE_SIZE;
	uint64_t free = kstate.pmm.free_pages * PMM_PAGE_SIZE;
	spin_unlock(&kstate.pmm_lock);
	uint64_t ram = 0;
	for (int i = 0; i < kstate.board.bank_count; i++)
		ram += kstate.board.banks[i].size;
	put(r, "RAM          %8llu KiB\n", (unsigned long long)(ram / 1024));
	put(r, "allocatable  %8llu KiB (the rest: kernel image, device tree, reservations)\n",
	    (unsigned long long)(total / 1024));
	put(r, "in use       %8llu KiB\n", (unsigned long long)((total - free) / 1024));
	put(r, "free         %8llu KiB\n", (unsigned long long)(free / 1024));
	put(r, "\n%4s  %-14s %8s\n", "ID", "PROCESS", "MEMORY");
	uint64_t programs = 0;
	for (const struct process *p = kstate.processes; p; p = p->next) {
		uint64_t bytes = process_memory(p);
		programs += bytes;
		put(r, "%4llu  %-14s %4llu KiB\n", (unsigned long long)p->id, p->name,
		    (unsigned long long)(bytes / 1024));
	}
	(void)st;
	put(r, "      %-14s %4llu KiB\n", "(all programs)", (unsigned long long)(programs / 1024));
}

static void report_specs(const struct startup_state *st, struct report *r)
{
	put(r, "%-14s %-12s %-7s %-10s %s\n", "SPEC", "PROGRAM", "DOMAIN", "RESTART", "INSTANCES");
	for (int i = 0; i < st->spec_count; i++) {
		const struct spec *s = &st->specs[i];
		put(r, "%-14s %-12s %-7s %-10s", s->name, s->program,
		    s->isolation == SPEC_KERNEL ? "EL1" : "EL0",
		    s->restart == SPEC_RESTART_ON_FAILURE ? "on-failure" : "never");
		int n = 0;
		for (int j = 0; j < st->inst_count; j++) {
			const struct instance *in = &st->inst[j];
			if (in->spec != i)
				continue;
			put(r, "%s%s (%s)", n++ ? ", " : " ", in->name,
			    in->running   ? "running"
			    : in->stopped ? "stopped"
					  : "ended");
		}
		put(r, "%s\n", n ? "" : s->is_driver ? " (no device)" : " -");
	}
}

int startup_report(struct startup_state *st, const char *name, char *buf, size_t size, size_t *len)
{
	struct report r = {.buf = buf, .cap = size};
	if (!strcmp(name, "ps"))
		report_ps(st, &r);
	else if (!strcmp(name, "services"))
		report_services(st, &r);
	else if (!strcmp(name, "devices"))
		report_devices(st, &r);
	else if (!strcmp(name, "mem"))
		report_mem(st, &r);
	else if (!strcmp(name, "specs"))
		report_specs(st, &r);
	else
		return FERN_ERR_NOT_FOUND;
	*len = r.len;
	return FERN_OK;
}
