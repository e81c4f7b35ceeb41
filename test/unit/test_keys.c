// SPDX-License-Identifier: MIT
/* gpio-keys without the environment (drivers/gpio-keys/keys.c): reading a gpio-keys node's
 * children, wiring them to a controller by phandle, and which events are presses. */
#include "check.h"
#include "keys.h"

#include <libfdt.h>
#include <stdarg.h>

static int logged;

static void count_log(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
	logged++;
}

static void key_node(void *fdt, const char *name, const char *label, uint32_t phandle, uint32_t pin,
		     uint32_t flags, int code)
{
	CHECK(fdt_begin_node(fdt, name) == 0);
	if (label)
		CHECK(fdt_property_string(fdt, "label", label) == 0);
	if (code >= 0)
		CHECK(fdt_property_u32(fdt, "linux,code", (uint32_t)code) == 0);
	fdt32_t gpios[3] = {cpu_to_fdt32(phandle), cpu_to_fdt32(pin), cpu_to_fdt32(flags)};
	CHECK(fdt_property(fdt, "gpios", gpios, sizeof(gpios)) == 0);
	CHECK(fdt_end_node(fdt) == 0);
}

/* A gpio-keys node as a fragment carries it: the power key on controller 5 pin 3, a key wired
 * to controller 9, an active-low key on pin 6, and one without linux,code. */
static void build(void *fdt, size_t size)
{
	CHECK(fdt_create(fdt, (int)size) == 0);
	CHECK(fdt_finish_reservemap(fdt) == 0);
	CHECK(fdt_begin_node(fdt, "") == 0);
	CHECK(fdt_begin_node(fdt, "gpio-keys") == 0);
	CHECK(fdt_property_string(fdt, "compatible", "gpio-keys") == 0);
	key_node(fdt, "poweroff", "GPIO Key Poweroff", 5, 3, 0, KEY_POWER);
	key_node(fdt, "elsewhere", "Elsewhere", 9, 1, 0, 28);
	key_node(fdt, "lid", 0, 5, 6, 1, 0x15);
	key_node(fdt, "broken", "Broken", 5, 2, 0, -1);
	CHECK(fdt_end_node(fdt) == 0);
	CHECK(fdt_end_node(fdt) == 0);
	CHECK(fdt_finish(fdt) == 0);
}

int main(void)
{
	static char fdt[4096];
	build(fdt, sizeof(fdt));
	int node = fdt_path_offset(fdt, "/gpio-keys");
	CHECK(node >= 0);

	static struct keys keys;
	CHECK_EQ(keys_parse(fdt, node, &keys, count_log, 0), 3);
	CHECK_EQ(logged, 1); /* the key without linux,code is reported, not kept */
	CHECK_STR_EQ(keys.key[0].label, "GPIO Key Poweroff");
	CHECK_EQ(keys.key[0].code, KEY_POWER);
	CHECK_EQ(keys.key[0].controller, 5);
	CHECK_EQ(keys.key[0].pin, 3);
	CHECK(!keys.key[0].active_low);
	CHECK_STR_EQ(keys.key[2].label, "lid"); /* no label: the node's name */
	CHECK(keys.key[2].active_low);

	uint32_t rising, falling;
	keys_wire(&keys, 5, &rising, &falling);
	CHECK_EQ(rising, 1u << 3);
	CHECK_EQ(falling, 1u << 6);
	CHECK(keys.key[0].watched);
	CHECK(!keys.key[1].watched); /* wired to controller 9, not ours */
	CHECK(keys.key[2].watched);

	CHECK(keys_pressed(&keys.key[0], 1u << 3));
	CHECK(!keys_pressed(&keys.key[0], 1u << 2));
	CHECK(!keys_pressed(&keys.key[1], 1u << 1)); /* not watched: never pressed */

	keys_wire(&keys, 0, &rising, &falling); /* a service without a phandle watches nothing */
	CHECK_EQ(rising | falling, 0);
	printf("test_keys: ok\n");
	return 0;
}
