// SPDX-License-Identifier: MIT
/* Device-tree building helpers for the discovery tests: any libfdt failure ends the test. */
#include "fdt_build.h"

#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void must(int rc, const char *what, const char *path)
{
	if (rc < 0) {
		fprintf(stderr, "fdt_build: %s %s: %s\n", what, path, fdt_strerror(rc));
		exit(2);
	}
}

void *tb_new(void)
{
	void *fdt = malloc(TB_SIZE);
	if (!fdt) {
		fprintf(stderr, "fdt_build: out of memory\n");
		exit(2);
	}
	must(fdt_create_empty_tree(fdt, TB_SIZE), "create", "/");
	return fdt;
}

int tb_node(void *fdt, const char *path)
{
	int node = fdt_path_offset(fdt, path);
	if (node >= 0)
		return node;
	const char *slash = strrchr(path, '/');
	char parent_path[256];
	size_t parent_len = slash == path ? 1 : (size_t)(slash - path);
	if (!slash || parent_len >= sizeof(parent_path)) {
		fprintf(stderr, "fdt_build: bad path %s\n", path);
		exit(2);
	}
	memcpy(parent_path, path, parent_len);
	parent_path[parent_len] = '\0';
	int parent = tb_node(fdt, parent_path);
	node = fdt_add_subnode(fdt, parent, slash + 1);
	must(node, "add node", path);
	return node;
}

void tb_prop(void *fdt, const char *path, const char *prop, const void *value, int len)
{
	must(fdt_setprop(fdt, tb_node(fdt, path), prop, value, len), prop, path);
}

void tb_cells(void *fdt, const char *path, const char *prop, const uint32_t *cells, int count)
{
	fdt32_t be[64];
	if (count > 64) {
		fprintf(stderr, "fdt_build: too many cells for %s\n", prop);
		exit(2);
	}
	for (int i = 0; i < count; i++)
		be[i] = cpu_to_fdt32(cells[i]);
	tb_prop(fdt, path, prop, be, count * 4);
}

void tb_string(void *fdt, const char *path, const char *prop, const char *value)
{
	tb_prop(fdt, path, prop, value, (int)strlen(value) + 1);
}

void tb_strings(void *fdt, const char *path, const char *prop, const char *list, int len)
{
	tb_prop(fdt, path, prop, list, len);
}

void tb_flag(void *fdt, const char *path, const char *prop)
{
	tb_prop(fdt, path, prop, NULL, 0);
}

void tb_delprop(void *fdt, const char *path, const char *prop)
{
	int rc = fdt_delprop(fdt, tb_node(fdt, path), prop);
	if (rc != -FDT_ERR_NOTFOUND)
		must(rc, "delete", prop);
}

void tb_delnode(void *fdt, const char *path)
{
	int node = fdt_path_offset(fdt, path);
	if (node >= 0)
		must(fdt_del_node(fdt, node), "delete node", path);
}

void tb_memreserve(void *fdt, uint64_t base, uint64_t size)
{
	must(fdt_add_mem_rsv(fdt, base, size), "memreserve", "/");
}

void *tb_finish(void *fdt, size_t *size)
{
	must(fdt_pack(fdt), "pack", "/");
	*size = fdt_totalsize(fdt);
	void *copy = malloc(*size);
	if (!copy) {
		fprintf(stderr, "fdt_build: out of memory\n");
		exit(2);
	}
	memcpy(copy, fdt, *size);
	return copy;
}

/* Everything but the interrupt controller and the timer's flags. */
static void *good_common(void)
{
	void *fdt = tb_new();
	tb_string(fdt, "/", "model", "fern,test-board");
	tb_string(fdt, "/", "compatible", "fern,test");
	TB_CELLS(fdt, "/", "#address-cells", 2);
	TB_CELLS(fdt, "/", "#size-cells", 2);
	TB_CELLS(fdt, "/", "interrupt-parent", TB_GIC_PHANDLE);

	tb_string(fdt, "/memory@40000000", "device_type", "memory");
	TB_CELLS(fdt, "/memory@40000000", "reg", 0, 0x40000000, 0, 0x8000000);
	tb_memreserve(fdt, 0x40000000, 0x10000);

	TB_CELLS(fdt, "/reserved-memory", "#address-cells", 2);
	TB_CELLS(fdt, "/reserved-memory", "#size-cells", 2);
	tb_flag(fdt, "/reserved-memory", "ranges");
	TB_CELLS(fdt, "/reserved-memory/fb@44000000", "reg", 0, 0x44000000, 0, 0x100000);
	tb_flag(fdt, "/reserved-memory/fb@44000000", "no-map");
	TB_CELLS(fdt, "/reserved-memory/pool", "size", 0, 0x1000000); /* dynamic: skipped */

	TB_CELLS(fdt, "/cpus", "#address-cells", 1);
	TB_CELLS(fdt, "/cpus", "#size-cells", 0);
	for (int i = 1; i >= 0; i--) { /* fdt_add_subnode puts new nodes first */
		char path[32];
		snprintf(path, sizeof(path), "/cpus/cpu@%d", i);
		tb_string(fdt, path, "device_type", "cpu");
		tb_string(fdt, path, "compatible", "arm,cortex-a57");
		TB_CELLS(fdt, path, "reg", (uint32_t)i);
		tb_string(fdt, path, "enable-method", "psci");
	}
	TB_STRINGS(fdt, "/psci", "compatible", "arm,psci-1.0\0arm,psci-0.2");
	tb_string(fdt, "/psci", "method", "hvc");

	tb_string(fdt, "/soc", "compatible", "simple-bus");
	TB_CELLS(fdt, "/soc", "#address-cells", 1);
	TB_CELLS(fdt, "/soc", "#size-cells", 1);
	TB_CELLS(fdt, "/soc", "ranges", 0x0, 0, 0x9000000, 0x10000);
	TB_STRINGS(fdt, "/soc/uart@1000", "compatible", "arm,pl011\0arm,primecell");
	TB_CELLS(fdt, "/soc/uart@1000", "reg", 0x1000, 0x1000);
	TB_CELLS(fdt, "/soc/uart@1000", "interrupts", 0, 1, 4);

	tb_string(fdt, "/chosen", "stdout-path", "/soc/uart@1000:115200n8");
	tb_string(fdt, "/chosen", "bootargs", "loglevel=3");
	TB_CELLS(fdt, "/chosen", "linux,initrd-start", 0x48000000);
	TB_CELLS(fdt, "/chosen", "linux,initrd-end", 0x48100000);
	return fdt;
}

static void timer(void *fdt, uint32_t flags)
{
	TB_STRINGS(fdt, "/timer", "compatible", "arm,armv8-timer\0arm,armv7-timer");
	TB_CELLS(fdt, "/timer", "interrupts", 1, 13, flags, 1, 14, flags, 1, 11, flags, 1, 10,
		 flags);
}

void *tb_good_v2(void)
{
	void *fdt = good_common();
	const char *gic = "/intc@8000000";
	tb_string(fdt, gic, "compatible", "arm,cortex-a15-gic");
	tb_flag(fdt, gic, "interrupt-controller");
	TB_CELLS(fdt, gic, "#interrupt-cells", 3);
	TB_CELLS(fdt, gic, "reg", 0, 0x8000000, 0, 0x10000, 0, 0x8010000, 0, 0x10000);
	TB_CELLS(fdt, gic, "phandle", TB_GIC_PHANDLE);
	timer(fdt, 0xf04);
	return fdt;
}

void *tb_good_v3(void)
{
	void *fdt = good_common();
	const char *gic = "/intc@8000000";
	tb_string(fdt, gic, "compatible", "arm,gic-v3");
	tb_flag(fdt, gic, "interrupt-controller");
	TB_CELLS(fdt, gic, "#interrupt-cells", 3);
	TB_CELLS(fdt, gic, "#redistributor-regions", 1);
	TB_CELLS(fdt, gic, "reg", 0, 0x8000000, 0, 0x10000, 0, 0x80a0000, 0, 0xf60000);
	TB_CELLS(fdt, gic, "phandle", TB_GIC_PHANDLE);
	timer(fdt, 0x04);
	return fdt;
}
