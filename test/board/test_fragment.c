// SPDX-License-Identifier: MIT
/*
 * Unit test of device fragments on real board blobs: resources translated through ranges and
 * interrupt-parent, the fragment's layout, and a buffer that is too small. Arguments: the
 * qemu-virt and qemu-virt-custom board blobs.
 */
#include "board_check.h"

#include <fragment.h>
#include <libfdt.h>

static void *read_blob(const char *path)
{
	FILE *f = fopen(path, "rb");
	CHECK(f);
	static char buf[2][1 << 20];
	static int next;
	char *blob = buf[next++ % 2];
	size_t n = fread(blob, 1, sizeof(buf[0]), f);
	fclose(f);
	CHECK(n > 0 && fdt_check_full(blob, n) == 0);
	return blob;
}

static const fdt32_t *prop(const void *fdt, int node, const char *name, int want_len)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, name, &len);
	CHECK(p);
	CHECK_EQ(len, want_len);
	return p;
}

/* The console UART at CPU address 0x9000000, SPI 1 (INTID 33) level-high, wherever it sits. */
static void check_uart(const void *board, const char *path, const char *node_name)
{
	int node = fdt_path_offset(board, path);
	CHECK(node >= 0);
	struct fragment_resources res;
	struct board_error err;
	CHECK_EQ(fragment_resources(board, node, &res, &err), FERN_OK);
	CHECK_EQ(res.mmio_count, 1);
	CHECK_EQ(res.mmio[0].base, 0x9000000);
	CHECK_EQ(res.mmio[0].size, 0x1000);
	CHECK_EQ(res.irq_count, 1);
	CHECK_EQ(res.irq[0].intid, 33);
	CHECK_EQ(res.irq[0].trigger, IRQ_LEVEL_HIGH);

	static char out[4096];
	CHECK_EQ(fragment_build(board, node, &res, out, sizeof(out), &err), FERN_OK);
	CHECK(fdt_check_full(out, sizeof(out)) == 0);
	CHECK(!strcmp(fdt_getprop(out, 0, "fern,path", NULL), path));
	CHECK_EQ(fdt32_to_cpu(*prop(out, 0, "#address-cells", 4)), 2);
	CHECK_EQ(fdt32_to_cpu(*prop(out, 0, "#size-cells", 4)), 2);
	int dev = fdt_subnode_offset(out, 0, node_name);
	CHECK(dev >= 0);
	CHECK(fdt_node_check_compatible(out, dev, "arm,pl011") == 0);
	const fdt32_t *reg = prop(out, dev, "reg", 16);
	CHECK_EQ(fdt32_to_cpu(reg[0]), 0);
	CHECK_EQ(fdt32_to_cpu(reg[1]), 0x9000000);
	CHECK_EQ(fdt32_to_cpu(reg[3]), 0x1000);
	const fdt32_t *irq = prop(out, dev, "interrupts", 8);
	CHECK_EQ(fdt32_to_cpu(irq[0]), 33);
	CHECK_EQ(fdt32_to_cpu(irq[1]), IRQ_LEVEL_HIGH);
	CHECK(!fdt_getprop(out, dev, "interrupt-parent", NULL));
	/* Nothing else from the board: one child, no other root properties. */
	CHECK(fdt_next_subnode(out, dev) < 0);

	/* Too small a buffer is an error that says so, not an overrun (ASan watches). */
	char *tiny = malloc(64);
	CHECK(tiny);
	CHECK_EQ(fragment_build(board, node, &res, tiny, 64, &err), FERN_ERR_NO_MEMORY);
	CHECK(strstr(err.message, "does not fit"));
	free(tiny);
}

/* A node whose interrupts name no GIC is refused by name. */
static void check_bad_irq(const void *board)
{
	static char copy[1 << 20];
	memcpy(copy, board, fdt_totalsize(board));
	CHECK(fdt_open_into(copy, copy, sizeof(copy)) == 0);
	int node = fdt_path_offset(copy, "/pl011@9000000");
	CHECK(node >= 0);
	CHECK(fdt_setprop_u32(copy, node, "interrupt-parent", 0x7777) == 0);
	struct fragment_resources res;
	struct board_error err;
	CHECK(fragment_resources(copy, node, &res, &err) < 0);
	CHECK(strstr(err.message, "/pl011@9000000"));
}

int main(int argc, char **argv)
{
	CHECK(argc == 3);
	const void *virt = read_blob(argv[1]);
	check_uart(virt, "/pl011@9000000", "pl011@9000000");
	check_bad_irq(virt);
	/* Behind a simple-bus whose ranges map bus address 0 to CPU address 0x9000000. */
	check_uart(read_blob(argv[2]), "/bus@9000000/pl011@0", "pl011@0");
	printf("test_fragment: ok\n");
	return 0;
}
