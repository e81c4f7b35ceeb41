// SPDX-License-Identifier: MIT
/* Unit test of board_discover on malformed and unsupported boards: the status and the message. */
#include "board_check.h"
#include "fdt_build.h"

#include <libfdt.h>

/* A packed good board as a blob of exactly its size. */
static void *good_blob(size_t *size)
{
	void *fdt = tb_good_v2();
	void *blob = tb_finish(fdt, size);
	free(fdt);
	return blob;
}

/* A copy of the first len bytes of blob in a buffer of exactly len bytes (ASan sees overruns). */
static void *copy_prefix(const void *blob, size_t len)
{
	void *copy = malloc(len ? len : 1);
	CHECK(copy);
	memcpy(copy, blob, len);
	return copy;
}

static void set_header(void *blob, size_t field_offset, uint32_t value)
{
	fdt32_t be = cpu_to_fdt32(value);
	memcpy((char *)blob + field_offset, &be, sizeof(be));
}

static void test_blob_header(void)
{
	size_t size;
	void *blob = good_blob(&size);
	const size_t lengths[] = {0, 1, 4, 39, 40, 41, 64, 200, size / 2, size - 1};
	for (size_t i = 0; i < sizeof(lengths) / sizeof(lengths[0]); i++) {
		void *cut = copy_prefix(blob, lengths[i]);
		const char *why = lengths[i] < 40
				      ? "shorter than an FDT header"
				      : "at byte 4: totalsize runs past the end of the data";
		BLOB_FAILS(cut, lengths[i], FERN_ERR_INVALID, why);
		free(cut);
	}
	BLOB_FAILS(NULL, 4096, FERN_ERR_INVALID, "null");

	void *bad = copy_prefix(blob, size);
	set_header(bad, offsetof(struct fdt_header, magic), 0xd00dfeee);
	BLOB_FAILS(bad, size, FERN_ERR_INVALID, "at byte 0: bad magic");

	memcpy(bad, blob, size);
	set_header(bad, offsetof(struct fdt_header, off_dt_struct), (uint32_t)size + 64);
	BLOB_FAILS(bad, size, FERN_ERR_INVALID, "at byte 8: structure block outside");

	memcpy(bad, blob, size);
	set_header(bad, offsetof(struct fdt_header, off_dt_strings), 0xfffffff0);
	BLOB_FAILS(bad, size, FERN_ERR_INVALID, "at byte 32: strings block outside");

	memcpy(bad, blob, size);
	set_header(bad, offsetof(struct fdt_header, size_dt_struct), (uint32_t)size);
	BLOB_FAILS(bad, size, FERN_ERR_INVALID, "FDT");

	memcpy(bad, blob, size);
	set_header(bad, offsetof(struct fdt_header, totalsize), (uint32_t)size + 4096);
	BLOB_FAILS(bad, size, FERN_ERR_INVALID, "at byte 4: totalsize runs past the end");

	memcpy(bad, blob, size); /* a structure block that ends early */
	set_header(bad, offsetof(struct fdt_header, size_dt_struct), 12);
	BLOB_FAILS(bad, size, FERN_ERR_INVALID, "runs past the structure block");
	free(bad);
	free(blob);
}

static void test_bad_cells_and_reg(void)
{
	void *fdt = tb_good_v2();
	TB_CELLS(fdt, "/memory@40000000", "reg", 0, 0x40000000, 0x8000000);
	DISCOVER_FAILS(fdt, FERN_ERR_INVALID,
		       "/memory@40000000: reg is 12 bytes, not a multiple of 16 (#address-cells 2, "
		       "#size-cells 2)");

	fdt = tb_good_v2();
	TB_CELLS(fdt, "/soc", "#address-cells", 1000);
	DISCOVER_FAILS(fdt, FERN_ERR_INVALID, "/soc: #address-cells 1000 is invalid");

	fdt = tb_good_v2();
	TB_CELLS(fdt, "/soc", "#size-cells", 3);
	DISCOVER_FAILS(fdt, FERN_ERR_UNSUPPORTED, "/soc: #size-cells 3 is not supported");

	fdt = tb_good_v2();
	TB_CELLS(fdt, "/soc", "#address-cells", 0);
	DISCOVER_FAILS(fdt, FERN_ERR_INVALID, "/soc: #address-cells 0");

	fdt = tb_good_v2();
	tb_prop(fdt, "/soc", "#address-cells", "\0\0", 2);
	DISCOVER_FAILS(fdt, FERN_ERR_INVALID, "/soc: #address-cells is 2 bytes, not 4");

	fdt = tb_good_v2();
	tb_delprop(fdt, "/soc", "ranges");
	DISCOVER_FAILS(fdt, FERN_ERR_INVALID,
		       "/soc/uart@1000: reg 0x1000 is not CPU-addressable: /soc has no ranges");

	fdt = tb_good_v2();
	TB_CELLS(fdt, "/soc/uart@1000", "reg", 0xf800, 0x1000);
	DISCOVER_FAILS(fdt, FERN_ERR_INVALID,
		       "/soc/uart@1000: reg 0xf800 size 0x1000 lies outside");

	fdt = tb_good_v2();
	TB_CELLS(fdt, "/soc", "ranges", 0, 0, 0x9000000);
	DISCOVER_FAILS(fdt, FERN_ERR_INVALID, "/soc: ranges is 12 bytes, not a multiple of 16");

	fdt = tb_good_v2();
	TB_CELLS(fdt, "/memory@40000000", "reg", 0xffffffff, 0xfffff000, 0, 0x2000);
	DISCOVER_FAILS(fdt, FERN_ERR_INVALID,
		       "/memory@40000000: reg 0xfffffffffffff000 size 0x2000 wraps");

	fdt = tb_good_v2();
	tb_delprop(fdt, "/soc/uart@1000", "reg");
	DISCOVER_FAILS(fdt, FERN_ERR_INVALID, "/soc/uart@1000: reg has 0 entries, entry 0");
}

static void test_bad_interrupts(void)
{
	void *fdt = tb_good_v2(); /* two non-controllers naming each other */
	TB_CELLS(fdt, "/soc/uart@1000", "interrupt-parent", 20);
	TB_CELLS(fdt, "/mux-a", "phandle", 20);
	TB_CELLS(fdt, "/mux-a", "interrupt-parent", 21);
	TB_CELLS(fdt, "/mux-b", "phandle", 21);
	TB_CELLS(fdt, "/mux-b", "interrupt-parent", 20);
	DISCOVER_FAILS(fdt, FERN_ERR_LOOP, "/soc/uart@1000: interrupt-parent chain loops");

	fdt = tb_good_v2(); /* a node that is its own interrupt parent */
	TB_CELLS(fdt, "/timer", "interrupt-parent", 22);
	TB_CELLS(fdt, "/timer", "phandle", 22);
	DISCOVER_FAILS(fdt, FERN_ERR_LOOP, "/timer: interrupt-parent chain loops");

	fdt = tb_good_v2();
	TB_CELLS(fdt, "/soc/uart@1000", "interrupt-parent", 0x99);
	DISCOVER_FAILS(fdt, FERN_ERR_INVALID,
		       "/soc/uart@1000: interrupt-parent <0x99> names no node");

	fdt = tb_good_v2();
	tb_delprop(fdt, "/", "interrupt-parent");
	DISCOVER_FAILS(fdt, FERN_ERR_INVALID, "/timer: has interrupts but no interrupt-parent");

	fdt = tb_good_v2();
	TB_CELLS(fdt, "/soc/uart@1000", "interrupts", 0, 1);
	DISCOVER_FAILS(fdt, FERN_ERR_INVALID,
		       "/soc/uart@1000: interrupts is 8 bytes, not a multiple "
		       "of 12");

	fdt = tb_good_v2();
	TB_CELLS(fdt, "/soc/uart@1000", "interrupts", 0, 988, 4);
	DISCOVER_FAILS(fdt, FERN_ERR_INVALID,
		       "/soc/uart@1000: interrupt <0 988 0x4> is not a valid");

	fdt = tb_good_v2();
	TB_CELLS(fdt, "/timer", "interrupts", 1, 13, 4, 1, 16, 4, 1, 11, 4);
	DISCOVER_FAILS(fdt, FERN_ERR_INVALID, "/timer: interrupt <1 16 0x4>");

	fdt = tb_good_v2();
	TB_CELLS(fdt, "/soc/uart@1000", "interrupts", 2, 5, 4);
	DISCOVER_FAILS(fdt, FERN_ERR_UNSUPPORTED, "/soc/uart@1000: interrupt type 2");

	fdt = tb_good_v2();
	TB_CELLS(fdt, "/soc/uart@1000", "interrupts", 0, 5, 3);
	DISCOVER_FAILS(fdt, FERN_ERR_INVALID, "/soc/uart@1000: interrupt flags 0x3: trigger 3");

	fdt = tb_good_v2(); /* interrupts through a nexus (interrupt-map) */
	TB_CELLS(fdt, "/soc", "interrupt-parent", 30);
	TB_CELLS(fdt, "/pci", "phandle", 30);
	TB_CELLS(fdt, "/pci", "#interrupt-cells", 1);
	TB_CELLS(fdt, "/pci", "interrupt-map", 0, 0, 0, 1, TB_GIC_PHANDLE, 0, 3, 4);
	DISCOVER_FAILS(fdt, FERN_ERR_UNSUPPORTED,
		       "/soc/uart@1000: interrupts go through the nexus /pci");

	fdt = tb_good_v2(); /* a console wired to a controller that is not the GIC */
	TB_CELLS(fdt, "/soc/uart@1000", "interrupt-parent", 31);
	TB_CELLS(fdt, "/soc/uart@1000", "interrupts", 5);
	tb_string(fdt, "/gpio@9030000", "compatible", "arm,pl061");
	tb_flag(fdt, "/gpio@9030000", "interrupt-controller");
	TB_CELLS(fdt, "/gpio@9030000", "#interrupt-cells", 1);
	TB_CELLS(fdt, "/gpio@9030000", "phandle", 31);
	DISCOVER_FAILS(fdt, FERN_ERR_UNSUPPORTED,
		       "controller /gpio@9030000 (\"arm,pl061\") is not a GIC");

	fdt = tb_good_v2();
	tb_delprop(fdt, "/soc/uart@1000", "interrupts");
	TB_CELLS(fdt, "/soc/uart@1000", "interrupts-extended", TB_GIC_PHANDLE, 0, 5);
	DISCOVER_FAILS(fdt, FERN_ERR_INVALID, "/soc/uart@1000: interrupts-extended entry 0 is cut");

	fdt = tb_good_v2();
	TB_CELLS(fdt, "/soc/uart@1000", "interrupts-extended", 0x77, 0, 5, 4);
	DISCOVER_FAILS(fdt, FERN_ERR_INVALID, "interrupts-extended entry 0: <0x77> names no node");
}

static void test_bad_console(void)
{
	void *fdt = tb_good_v2();
	tb_string(fdt, "/chosen", "stdout-path", "/nowhere@0:115200n8");
	DISCOVER_FAILS(fdt, FERN_ERR_INVALID,
		       "/chosen: stdout-path \"/nowhere@0:115200n8\" names no");

	fdt = tb_good_v2();
	tb_string(fdt, "/chosen", "stdout-path", "serial7");
	DISCOVER_FAILS(fdt, FERN_ERR_INVALID, "/chosen: stdout-path \"serial7\" names no node");

	fdt = tb_good_v2();
	tb_string(fdt, "/soc/uart@1000", "status", "disabled");
	DISCOVER_FAILS(fdt, FERN_ERR_INVALID,
		       "stdout-path \"/soc/uart@1000:115200n8\" names a "
		       "disabled node");

	fdt = tb_good_v2(); /* under a disabled bus */
	tb_string(fdt, "/soc", "status", "disabled");
	DISCOVER_FAILS(fdt, FERN_ERR_INVALID, "names a disabled node");

	fdt = tb_good_v2();
	tb_string(fdt, "/chosen", "stdout-path", ":115200");
	DISCOVER_FAILS(fdt, FERN_ERR_INVALID, "/chosen: stdout-path \":115200\" has no path");

	fdt = tb_good_v2();
	tb_string(fdt, "/soc/uart@1000", "compatible", "ns16550a");
	DISCOVER_FAILS(fdt, FERN_ERR_UNSUPPORTED,
		       "/soc/uart@1000: console compatible \"ns16550a\" is not supported");

	fdt = tb_good_v2();
	tb_delprop(fdt, "/chosen", "stdout-path");
	tb_delnode(fdt, "/soc");
	DISCOVER_FAILS(fdt, FERN_ERR_NOT_FOUND, "no console");
}

static void test_missing_parts(void)
{
	void *fdt = tb_good_v2();
	tb_delnode(fdt, "/memory@40000000");
	DISCOVER_FAILS(fdt, FERN_ERR_NOT_FOUND, "no memory");

	fdt = tb_good_v2();
	tb_string(fdt, "/memory@40000000", "status", "disabled");
	DISCOVER_FAILS(fdt, FERN_ERR_NOT_FOUND, "no memory");

	fdt = tb_good_v2();
	tb_delnode(fdt, "/intc@8000000");
	tb_delprop(fdt, "/", "interrupt-parent");
	DISCOVER_FAILS(fdt, FERN_ERR_NOT_FOUND, "no interrupt controller");

	fdt = tb_good_v2();
	tb_string(fdt, "/intc@8000000", "status", "disabled");
	DISCOVER_FAILS(fdt, FERN_ERR_NOT_FOUND, "no interrupt controller");

	fdt = tb_good_v2();
	TB_STRINGS(fdt, "/intc@8000000", "compatible", "apple,aic\0apple,aic2");
	DISCOVER_FAILS(fdt, FERN_ERR_UNSUPPORTED,
		       "/intc@8000000: interrupt controller \"apple,aic\" "
		       "is not supported");

	fdt = tb_good_v2();
	tb_delnode(fdt, "/timer");
	DISCOVER_FAILS(fdt, FERN_ERR_NOT_FOUND, "no timer");

	fdt = tb_good_v2();
	TB_CELLS(fdt, "/timer", "interrupts", 1, 13, 4, 1, 14, 4);
	DISCOVER_FAILS(fdt, FERN_ERR_INVALID,
		       "/timer: lists 2 interrupts, a timer needs at least 3");

	fdt = tb_good_v2();
	tb_delnode(fdt, "/cpus");
	DISCOVER_FAILS(fdt, FERN_ERR_NOT_FOUND, "no /cpus node");

	fdt = tb_good_v2();
	tb_string(fdt, "/cpus/cpu@0", "status", "disabled");
	tb_string(fdt, "/cpus/cpu@1", "device_type", "cache");
	DISCOVER_FAILS(fdt, FERN_ERR_NOT_FOUND, "/cpus: no usable node with device_type \"cpu\"");
}

static void test_bad_values(void)
{
	void *fdt = tb_good_v2();
	tb_string(fdt, "/psci", "method", "svc");
	DISCOVER_FAILS(fdt, FERN_ERR_INVALID, "/psci: method \"svc\" is not hvc or smc");

	fdt = tb_good_v2();
	tb_delprop(fdt, "/psci", "method");
	DISCOVER_FAILS(fdt, FERN_ERR_INVALID, "/psci: method \"\"");

	fdt = tb_good_v2();
	TB_CELLS(fdt, "/chosen", "linux,initrd-end", 0x47000000);
	DISCOVER_FAILS(
	    fdt, FERN_ERR_INVALID,
	    "/chosen: linux,initrd-end 0x47000000 is below linux,initrd-start 0x48000000");

	fdt = tb_good_v2();
	tb_delprop(fdt, "/chosen", "linux,initrd-end");
	DISCOVER_FAILS(fdt, FERN_ERR_INVALID,
		       "/chosen: linux,initrd-start without linux,initrd-end");

	fdt = tb_good_v2();
	TB_CELLS(fdt, "/chosen", "linux,initrd-end", 0, 0, 1);
	DISCOVER_FAILS(fdt, FERN_ERR_INVALID, "/chosen: linux,initrd-end is 12 bytes, not 4 or 8");

	fdt = tb_good_v2();
	tb_string(fdt, "/memory@44000000", "device_type", "memory");
	TB_CELLS(fdt, "/memory@44000000", "reg", 0, 0x44000000, 0, 0x1000);
	/* The new node is first in the tree, so the original one is the overlapping one. */
	DISCOVER_FAILS(fdt, FERN_ERR_INVALID,
		       "/memory@40000000: memory 0x40000000 size 0x8000000 "
		       "overlaps the bank at 0x44000000 size 0x1000");

	fdt = tb_good_v2();
	TB_CELLS(fdt, "/cpus/cpu@1", "reg", 0, 1);
	DISCOVER_FAILS(fdt, FERN_ERR_INVALID, "/cpus/cpu@1: reg is 8 bytes, not 4");

	fdt = tb_good_v2();
	TB_CELLS(fdt, "/cpus", "#address-cells", 3);
	DISCOVER_FAILS(fdt, FERN_ERR_INVALID, "/cpus: #address-cells 3, an MPIDR needs 1 or 2");

	fdt = tb_good_v2();
	tb_string(fdt, "/cpus/cpu@1", "enable-method", "spin-table");
	DISCOVER_FAILS(fdt, FERN_ERR_INVALID, "/cpus/cpu@1: enable-method spin-table without");

	fdt = tb_good_v2();
	TB_CELLS(fdt, "/intc@8000000", "reg", 0, 0x8000000, 0, 0x10000);
	DISCOVER_FAILS(fdt, FERN_ERR_INVALID, "/intc@8000000: reg has 1 entries, a GICv2 needs 2");

	fdt = tb_good_v3();
	TB_CELLS(fdt, "/intc@8000000", "#redistributor-regions", 2);
	DISCOVER_FAILS(fdt, FERN_ERR_INVALID, "/intc@8000000: reg has 2 entries, needs 3");

	fdt = tb_good_v3();
	TB_CELLS(fdt, "/intc@8000000", "#redistributor-regions", 100);
	DISCOVER_FAILS(fdt, FERN_ERR_TOO_MANY, "/intc@8000000: #redistributor-regions 100");

	fdt = tb_good_v2();
	for (int i = 0; i < BOARD_MAX_BANKS; i++) {
		char path[40];
		snprintf(path, sizeof(path), "/memory@%x", 0x80000000u + 0x100000u * (unsigned)i);
		tb_string(fdt, path, "device_type", "memory");
		TB_CELLS(fdt, path, "reg", 0, 0x80000000u + 0x100000u * (unsigned)i, 0, 0x100000);
	}
	DISCOVER_FAILS(fdt, FERN_ERR_TOO_MANY, "more than 16 memory banks");

	fdt = tb_good_v2();
	TB_CELLS(fdt, "/reserved-memory/fb@44000000", "reg", 0, 0x44000000, 0);
	DISCOVER_FAILS(fdt, FERN_ERR_INVALID, "/reserved-memory/fb@44000000: reg is 12 bytes");

	fdt = tb_good_v2();
	TB_CELLS(fdt, "/timer", "clock-frequency", 0, 1);
	DISCOVER_FAILS(fdt, FERN_ERR_INVALID, "/timer: clock-frequency is 8 bytes, not 4");
}

int main(void)
{
	test_blob_header();
	test_bad_cells_and_reg();
	test_bad_interrupts();
	test_bad_console();
	test_missing_parts();
	test_bad_values();
	printf("board bad: all passed\n");
	return 0;
}
