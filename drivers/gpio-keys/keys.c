// SPDX-License-Identifier: MIT
/* gpio-keys without the environment (keys.h): parsing the node's children with libfdt. */
#include "keys.h"

#include <libfdt.h>
#include <stdio.h>
#include <string.h>

static void parse_one(const void *fdt, int child, struct keys *keys,
		      void (*log)(void *ctx, const char *fmt, ...), void *ctx)
{
	const char *name = fdt_get_name(fdt, child, 0);
	int len;
	const fdt32_t *gpios = fdt_getprop(fdt, child, "gpios", &len);
	if (!gpios || len != 12) {
		log(ctx, "key %s: gpios must be one <&controller pin flags>; not watched", name);
		return;
	}
	int code_len;
	const fdt32_t *code = fdt_getprop(fdt, child, "linux,code", &code_len);
	if (!code || code_len != 4) {
		log(ctx, "key %s: no linux,code; not watched", name);
		return;
	}
	if (keys->count == KEYS_MAX) {
		log(ctx, "key %s: more than %d keys; not watched", name, KEYS_MAX);
		return;
	}
	struct key *k = &keys->key[keys->count++];
	memset(k, 0, sizeof(*k));
	const char *label = fdt_getprop(fdt, child, "label", &len);
	snprintf(k->label, sizeof(k->label), "%s",
		 label && len > 0 && label[len - 1] == 0 ? label : name);
	k->controller = fdt32_to_cpu(gpios[0]);
	k->pin = fdt32_to_cpu(gpios[1]);
	k->active_low = fdt32_to_cpu(gpios[2]) & 1;
	k->code = fdt32_to_cpu(*code);
}

int keys_parse(const void *fdt, int node, struct keys *keys,
	       void (*log)(void *ctx, const char *fmt, ...), void *ctx)
{
	int child;
	keys->count = 0;
	fdt_for_each_subnode(child, fdt, node) parse_one(fdt, child, keys, log, ctx);
	return keys->count;
}

void keys_wire(struct keys *keys, uint32_t phandle, uint32_t *rising, uint32_t *falling)
{
	*rising = *falling = 0;
	for (int i = 0; i < keys->count; i++) {
		struct key *k = &keys->key[i];
		k->watched = phandle && k->controller == phandle && k->pin < 32;
		if (!k->watched)
			continue;
		if (k->active_low)
			*falling |= 1u << k->pin;
		else
			*rising |= 1u << k->pin;
	}
}

bool keys_pressed(const struct key *k, uint32_t changed)
{
	return k->watched && (changed >> k->pin & 1);
}
