// SPDX-License-Identifier: MIT
/* Binding: one instance per server spec, and one per device-tree node a driver spec matches
 * (status okay, a matching compatible, and for virtio the device id read from the transport). */
#include "startup_internal.h"

#include <fern/format.h>
#include <fern/status.h>
#include <fragment.h>
#include <kernel/log.h>
#include <kernel/vm.h>
#include <libfdt.h>
#include <string.h>

#define VIRTIO_MMIO_MAGIC       0x000
#define VIRTIO_MMIO_DEVICE_ID   0x008
#define VIRTIO_MMIO_MAGIC_VALUE 0x74726976 /* "virt" */

/* The kernel mapping of the page holding pa (mapped once, kept: there are few such pages). */
static volatile uint8_t *key_page(struct startup_state *st, uint64_t pa)
{
	uint64_t page = pa & ~(uint64_t)(PAGE_SIZE - 1);
	for (int i = 0; i < st->key_pages; i++)
		if (st->key_page_pa[i] == page)
			return st->key_page_va[i] + (pa - page);
	if (st->key_pages == (int)(sizeof(st->key_page_pa) / sizeof(st->key_page_pa[0])))
		return 0;
	volatile uint8_t *va = vm_map_mmio(page, PAGE_SIZE);
	if (!va)
		return 0;
	st->key_page_pa[st->key_pages] = page;
	st->key_page_va[st->key_pages++] = va;
	return va + (pa - page);
}

/* The device id at node's transport; -1 (and the reason in err) when it cannot be read. */
static int64_t read_virtio_id(struct startup_state *st, int node, struct board_error *err)
{
	for (int i = 0; i < st->keys_known; i++)
		if (st->key_node[i] == node && st->key_value[i] >= 0)
			return st->key_value[i];
	struct phys_range reg;
	if (fragment_reg(st->fdt, node, 0, &reg, err) || reg.size < VIRTIO_MMIO_DEVICE_ID + 4)
		return -1;
	volatile uint8_t *regs = key_page(st, reg.base);
	if (!regs) {
		format_snprintf(err->message, sizeof(err->message), "no page to map its registers");
		return -1;
	}
	uint32_t magic = *(volatile uint32_t *)(regs + VIRTIO_MMIO_MAGIC);
	uint32_t id = *(volatile uint32_t *)(regs + VIRTIO_MMIO_DEVICE_ID);
	int64_t key = magic == VIRTIO_MMIO_MAGIC_VALUE ? id : 0;
	if (st->keys_known < STARTUP_KEY_CACHE) {
		st->key_node[st->keys_known] = node;
		st->key_value[st->keys_known++] = key;
	}
	return key;
}

int startup_virtio_id(struct startup_state *st, int node)
{
	struct board_error err = {.message = "no usable reg"};
	int64_t id = read_virtio_id(st, node, &err);
	return id < 0 || id > INT32_MAX ? -1 : (int)id;
}

/* Whether the virtio-mmio transport at node carries a device with the spec's id. */
static bool virtio_id_matches(struct startup_state *st, const struct spec *s, int node)
{
	struct board_error err = {.message = "no usable reg"};
	int64_t id = read_virtio_id(st, node, &err);
	if (id < 0)
		log_warn("startup: %s: cannot read the virtio device id: %s", s->name, err.message);
	return id >= 0 && id == s->virtio_id;
}

static struct instance *add_instance(struct startup_state *st, int spec, int node, int unit)
{
	const struct spec *s = &st->specs[spec];
	if (st->inst_count == STARTUP_MAX_INSTANCES) {
		log_err("startup: %s: not bound: more than %d instances", s->name,
			STARTUP_MAX_INSTANCES);
		return 0;
	}
	struct instance *in = &st->inst[st->inst_count++];
	memset(in, 0, sizeof(*in));
	in->spec = spec;
	in->node = node;
	in->unit = unit;
	if (unit)
		format_snprintf(in->name, sizeof(in->name), "%s.%d", s->name, unit);
	else
		format_snprintf(in->name, sizeof(in->name), "%s", s->name);
	if (node >= 0 && fdt_get_path(st->fdt, node, in->path, sizeof(in->path)))
		format_snprintf(in->path, sizeof(in->path), "(node at offset %d)", node);
	return in;
}

void startup_bind(struct startup_state *st)
{
	for (int i = 0; i < st->spec_count; i++) {
		const struct spec *s = &st->specs[i];
		if (!s->is_driver) {
			add_instance(st, i, -1, 0);
			continue;
		}
		int units = 0;
		for (int node = spec_match_next(s, st->fdt, -1); node >= 0;
		     node = spec_match_next(s, st->fdt, node)) {
			if (s->has_virtio_id && !virtio_id_matches(st, s, node))
				continue;
			struct instance *in = add_instance(st, i, node, units);
			if (!in)
				break;
			units++;
			log_info("startup: bound %s to %s", in->name, in->path);
		}
		if (!units)
			log_info("startup: %s matches no device", s->name);
	}
}
