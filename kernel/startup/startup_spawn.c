// SPDX-License-Identifier: MIT
/* Starting one instance: its startup channel, the MMIO and interrupt objects its fragment
 * names (and nothing else), a channel per `uses` entry, the environment blob, the program. */
#include "startup_internal.h"

#include <fern/format.h>
#include <fern/status.h>
#include <fragment.h>
#include <kernel/bootfs.h>
#include <kernel/bootfs_image.h>
#include <kernel/channel.h>
#include <kernel/irq_object.h>
#include <kernel/kalloc.h>
#include <kernel/log.h>
#include <kernel/vm.h>
#include <kernel/vmo.h>
#include <libfdt.h>
#include <string.h>

#define RIGHTS_CHANNEL                                                                \
	(FERN_RIGHT_READ | FERN_RIGHT_WRITE | FERN_RIGHT_WAIT | FERN_RIGHT_TRANSFER | \
	 FERN_RIGHT_DUPLICATE)
#define RIGHTS_MMIO (FERN_RIGHT_READ | FERN_RIGHT_WRITE | FERN_RIGHT_MAP)
#define RIGHTS_IRQ  (FERN_RIGHT_READ | FERN_RIGHT_WRITE | FERN_RIGHT_WAIT)

/* The bootstrap handles being put together for one program, with their environment names. */
struct grant {
	struct spawn_request req;
	char names[FERN_START_HANDLES][SPEC_NAME_LEN];
	const char *name_ptr[FERN_START_HANDLES];
};

/* Adds o under name; the grant takes over the caller's reference. */
static int grant_add(struct grant *g, const char *name, struct kobject *o, uint32_t rights)
{
	if (g->req.handle_count == FERN_START_HANDLES) {
		kobject_unref(o);
		return FERN_ERR_TOO_MANY;
	}
	int i = g->req.handle_count++;
	g->req.handle[i] = o;
	g->req.rights[i] = rights;
	format_snprintf(g->names[i], SPEC_NAME_LEN, "%s", name);
	g->name_ptr[i] = g->names[i];
	return FERN_OK;
}

static void grant_release(struct grant *g)
{
	for (int i = 0; i < g->req.handle_count; i++)
		kobject_unref(g->req.handle[i]);
	g->req.handle_count = 0;
}

struct instance *startup_provider(struct startup_state *st, const char *service, int *index)
{
	char base[SPEC_NAME_LEN];
	format_snprintf(base, sizeof(base), "%s", service);
	int unit = 0;
	int spec = spec_find_provider(st->specs, st->spec_count, base);
	char *dot = strrchr(base, '.');
	if (spec < 0 && dot && dot[1] >= '1' && dot[1] <= '9') { /* "block.1": unit 1 */
		unit = 0;
		for (const char *p = dot + 1; *p >= '0' && *p <= '9'; p++)
			unit = unit * 10 + (*p - '0');
		*dot = 0;
		spec = spec_find_provider(st->specs, st->spec_count, base);
	}
	if (spec < 0)
		return 0;
	for (int i = 0; i < st->specs[spec].provides_count; i++)
		if (!strcmp(st->specs[spec].provides[i], base))
			*index = i;
	for (int i = 0; i < st->inst_count; i++)
		if (st->inst[i].spec == spec && st->inst[i].unit == unit)
			return &st->inst[i];
	return 0;
}

int startup_connect(struct startup_state *st, const char *service, struct channel_end **client)
{
	int index = 0;
	*client = 0;
	struct instance *provider = startup_provider(st, service, &index);
	if (!provider)
		return FERN_ERR_NOT_FOUND;
	struct channel_end *c, *srv;
	int rc = channel_create(&c, &srv);
	if (rc)
		return rc;
	struct kmsg m = {.type = FERN_MSG_CONNECT, .handle_count = 1, .word = {(uint64_t)index}};
	m.handle[0] = &srv->obj;
	m.rights[0] = RIGHTS_CHANNEL;
	m.data_len = (uint32_t)strlen(service);
	m.data = kalloc(m.data_len);
	if (m.data)
		memcpy(m.data, service, m.data_len);
	rc = !m.data             ? FERN_ERR_NO_MEMORY
	     : provider->control ? channel_send(provider->control, &m)
				 : FERN_ERR_PEER_CLOSED;
	if (rc)
		kmsg_discard(&m); /* the client's end then reports PEER_CLOSED */
	*client = c;
	return rc;
}

/* The fragment and the objects it grants: one MMIO object per reg range (whole pages: the
 * MMU cannot grant less), one interrupt object per interrupt. */
static int grant_device(struct startup_state *st, struct instance *in, struct grant *g,
			void *fragment, char *why)
{
	struct fragment_resources res;
	struct board_error err;
	int rc = fragment_resources(st->fdt, in->node, &res, &err);
	if (!rc)
		rc = fragment_build(st->fdt, in->node, &res, fragment, STARTUP_FRAGMENT_MAX, &err);
	if (rc) {
		format_snprintf(why, 128, "fragment: %s", err.message);
		return rc;
	}
	char name[SPEC_NAME_LEN];
	for (int i = 0; !rc && i < res.mmio_count; i++) {
		uint64_t base = res.mmio[i].base & ~(uint64_t)(PAGE_SIZE - 1);
		uint64_t end = (res.mmio[i].base + res.mmio[i].size + PAGE_SIZE - 1) &
			       ~(uint64_t)(PAGE_SIZE - 1);
		struct vmo *v;
		rc = vmo_create_mmio(base, end - base, &v);
		format_snprintf(name, sizeof(name), "mmio-%d", i);
		if (!rc)
			rc = grant_add(g, name, &v->obj, RIGHTS_MMIO);
		if (rc)
			format_snprintf(why, 128, "MMIO %#lx: %s", (unsigned long)base,
					status_name(rc));
	}
	for (int i = 0; !rc && i < res.irq_count; i++) {
		struct irq_object *irq;
		bool level = res.irq[i].trigger & (IRQ_LEVEL_HIGH | IRQ_LEVEL_LOW);
		rc = irq_object_create(res.irq[i].intid, level, &irq);
		format_snprintf(name, sizeof(name), "irq-%d", i);
		if (!rc)
			rc = grant_add(g, name, &irq->obj, RIGHTS_IRQ);
		if (rc)
			format_snprintf(why, 128, "interrupt %u: %s", res.irq[i].intid,
					status_name(rc));
	}
	return rc;
}

/* One channel per `uses` entry, its other end sent to the provider. A provider that is not
 * running (or a driver that matched no device) leaves the program a channel whose peer is
 * closed: it may reconnect later. */
static int grant_uses(struct startup_state *st, const struct spec *s, struct grant *g, char *why)
{
	for (int i = 0; i < s->uses_count; i++) {
		struct channel_end *c;
		int rc = startup_connect(st, s->uses[i].service, &c);
		if (rc == FERN_ERR_NOT_FOUND) {
			/* Its driver matched no device: the program runs without it and sees a
			 * closed channel, as for a provider that is not running. */
			struct channel_end *dead;
			rc = channel_create(&c, &dead);
			if (!rc)
				kobject_unref(&dead->obj);
		}
		if (rc && rc != FERN_ERR_PEER_CLOSED && rc != FERN_ERR_FULL) {
			format_snprintf(why, 128, "uses/%s: %s", s->uses[i].env, status_name(rc));
			return rc;
		}
		rc = grant_add(g, s->uses[i].env, &c->obj, RIGHTS_CHANNEL);
		if (rc) {
			format_snprintf(why, 128, "uses/%s: %s", s->uses[i].env, status_name(rc));
			return rc;
		}
	}
	return FERN_OK;
}

int startup_instance_start(struct startup_state *st, struct instance *in, char *why)
{
	const struct spec *s = &st->specs[in->spec];
	why[0] = 0;
	struct grant *g = kalloc(sizeof(*g));
	void *fragment = kalloc(STARTUP_FRAGMENT_MAX);
	void *env = kalloc(STARTUP_ENV_MAX);
	int rc = FERN_ERR_NO_MEMORY;
	if (!g || !fragment || !env)
		goto free_buffers;
	memset(g, 0, sizeof(*g));
	if (!in->control) {
		rc = channel_create(&in->control, &in->control_in);
		if (rc)
			goto free_buffers;
	}
	kobject_ref(&in->control_in->obj);
	rc = grant_add(g, "startup", &in->control_in->obj, RIGHTS_CHANNEL);
	if (!rc && in->node >= 0)
		rc = grant_device(st, in, g, fragment, why);
	if (!rc)
		rc = grant_uses(st, s, g, why);
	if (!rc) {
		rc = startup_env_build(env, STARTUP_ENV_MAX, st, in, g->name_ptr,
				       g->req.handle_count, in->node >= 0 ? fragment : 0);
		if (rc)
			format_snprintf(why, 128, "environment: %s", status_name(rc));
	}
	size_t size;
	const void *archive = bootfs_image(&size);
	struct bootfs_file file;
	if (!rc && bootfs_find(archive, size, s->program, &file)) {
		rc = FERN_ERR_NOT_FOUND;
		format_snprintf(why, 128, "program %s is not in the boot filesystem", s->program);
	}
	if (!rc) {
		g->req.name = in->name;
		g->req.program = s->program;
		g->req.elf = file.data;
		g->req.elf_size = file.size;
		g->req.domain = s->isolation == SPEC_KERNEL ? FERN_DOMAIN_EL1 : FERN_DOMAIN_EL0;
		g->req.priority = (int)s->priority;
		g->req.env = env;
		g->req.env_size = fdt_totalsize(env);
		char err[128];
		rc = process_spawn(&g->req, &in->process, err);
		if (rc)
			format_snprintf(why, 128, "%s", err);
	}
	grant_release(g); /* the program holds its own references now */
	if (!rc) {
		in->running = true;
		kobject_unref(&in->control_in->obj);
		in->control_in = 0;
	}
free_buffers:
	if (rc && !why[0])
		format_snprintf(why, 128, "%s", status_name(rc));
	kfree(env, STARTUP_ENV_MAX);
	kfree(fragment, STARTUP_FRAGMENT_MAX);
	kfree(g, sizeof(*g));
	return rc;
}
