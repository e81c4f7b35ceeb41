// SPDX-License-Identifier: MIT
/* Unit test of board_discover on well-formed boards: every decoded value and the report lines. */
#include "board_check.h"
#include "fdt_build.h"

static struct board board_storage;
#define B (&board_storage)

static void test_good_v2(void)
{
	DISCOVER_OK(tb_good_v2(), B);
	CHECK_STR_EQ(B->model, "fern,test-board");
	CHECK_EQ(B->bank_count, 1);
	CHECK_EQ(B->banks[0].base, 0x40000000);
	CHECK_EQ(B->banks[0].size, 0x8000000);

	CHECK_EQ(B->reserved_count, 3); /* memreserve, fb (no-map), initrd; pool is dynamic */
	CHECK_EQ(B->reserved[0].kind, RESERVE_MEMRESERVE);
	CHECK_EQ(B->reserved[0].range.base, 0x40000000);
	CHECK_EQ(B->reserved[0].range.size, 0x10000);
	CHECK_EQ(B->reserved[1].kind, RESERVE_NODE_NOMAP);
	CHECK_EQ(B->reserved[1].range.base, 0x44000000);
	CHECK_EQ(B->reserved[1].range.size, 0x100000);
	CHECK_STR_EQ(B->reserved[1].name, "fb@44000000");
	CHECK_EQ(B->reserved[2].kind, RESERVE_INITRD);
	CHECK_EQ(B->reserved[2].range.base, 0x48000000);
	CHECK_EQ(B->reserved[2].range.size, 0x100000);

	CHECK_STR_EQ(B->console.path, "/soc/uart@1000");
	CHECK_STR_EQ(B->console.compatible, "arm,pl011");
	CHECK_STR_EQ(B->console.options, "115200n8");
	CHECK_EQ(B->console.regs.base, 0x9001000); /* 0x1000 through /soc ranges */
	CHECK_EQ(B->console.regs.size, 0x1000);
	CHECK_EQ(B->console.irq.intid, 33);
	CHECK_EQ(B->console.irq.trigger, IRQ_LEVEL_HIGH);
	CHECK_STR_EQ(B->bootargs, "loglevel=3");

	CHECK_EQ(B->gic.version, GIC_V2);
	CHECK_STR_EQ(B->gic.compatible, "arm,cortex-a15-gic");
	CHECK_STR_EQ(B->gic.path, "/intc@8000000");
	CHECK_EQ(B->gic.phandle, TB_GIC_PHANDLE);
	CHECK_EQ(B->gic.dist.base, 0x8000000);
	CHECK_EQ(B->gic.dist.size, 0x10000);
	CHECK_EQ(B->gic.cpu_if.base, 0x8010000);
	CHECK_EQ(B->gic.redist_count, 0);

	CHECK(B->timer.present);
	CHECK_STR_EQ(B->timer.path, "/timer");
	CHECK_EQ(B->timer.irq_count, 4);
	CHECK_EQ(B->timer.irq[TIMER_SEC_PHYS].intid, 29);
	CHECK_EQ(B->timer.irq[TIMER_PHYS].intid, 30);
	CHECK_EQ(B->timer.irq[TIMER_VIRT].intid, 27);
	CHECK_EQ(B->timer.irq[TIMER_HYP_PHYS].intid, 26);
	CHECK_EQ(B->timer.irq[TIMER_VIRT].trigger, IRQ_LEVEL_HIGH);
	CHECK_EQ(B->timer.irq[TIMER_VIRT].cpu_mask, 0xf); /* GICv2 flags 0xf04 */
	CHECK_EQ(B->timer.clock_frequency, 0);

	CHECK_EQ(B->cpu_count, 2);
	CHECK_EQ(B->cpus[0].mpidr, 0);
	CHECK_EQ(B->cpus[1].mpidr, 1);
	CHECK_EQ(B->cpus[1].enable_method, CPU_ENABLE_PSCI);
	CHECK_EQ(B->psci, PSCI_HVC);

	CHECK_STR_EQ(check_report(B),
		     "  board     fern,test-board\n"
		     "  memory    0x40000000 size 0x8000000 (128 MiB)\n"
		     "  reserved  0x40000000 size 0x10000 memreserve\n"
		     "  reserved  0x44000000 size 0x100000 reserved-memory-nomap fb@44000000\n"
		     "  reserved  0x48000000 size 0x100000 initrd\n"
		     "  console   arm,pl011 at 0x9001000 (/soc/uart@1000) irq 33 options 115200n8\n"
		     "  gic       v2 arm,cortex-a15-gic dist 0x8000000 cpu 0x8010000\n"
		     "  timer     virt 27 phys 30 sec-phys 29 hyp 26 level-high\n"
		     "  cpus      2 psci mpidr 0x0 0x1\n"
		     "  psci      hvc\n"
		     "  bootargs  \"loglevel=3\"\n");
}

static void test_good_v3(void)
{
	void *fdt = tb_good_v3();
	TB_CELLS(fdt, "/timer", "clock-frequency", 62500000);
	tb_delprop(fdt, "/reserved-memory/fb@44000000", "no-map");
	tb_delnode(fdt, "/chosen");
	DISCOVER_OK(fdt, B);
	CHECK_EQ(B->gic.version, GIC_V3);
	CHECK_STR_EQ(B->gic.compatible, "arm,gic-v3");
	CHECK_EQ(B->gic.dist.base, 0x8000000);
	CHECK_EQ(B->gic.redist_count, 1);
	CHECK_EQ(B->gic.redist[0].base, 0x80a0000);
	CHECK_EQ(B->gic.redist[0].size, 0xf60000);
	CHECK_EQ(B->gic.cpu_if.size, 0);
	CHECK_EQ(B->timer.irq[TIMER_VIRT].intid, 27);
	CHECK_EQ(B->timer.irq[TIMER_VIRT].trigger, IRQ_LEVEL_HIGH);
	CHECK_EQ(B->timer.irq[TIMER_VIRT].cpu_mask, 0);
	CHECK_EQ(B->timer.clock_frequency, 62500000);
	CHECK_EQ(B->reserved[1].kind, RESERVE_NODE);
	CHECK_EQ(B->reserved_count, 2); /* no /chosen: no initrd */
	/* No stdout-path: the first usable arm,pl011 is the console, without options. */
	CHECK_STR_EQ(B->console.path, "/soc/uart@1000");
	CHECK_STR_EQ(B->console.options, "");
	CHECK_EQ(B->console.regs.base, 0x9001000);

	const char *report = check_report(B);
	CHECK(strstr(report, "\n  gic       v3 arm,gic-v3 dist 0x8000000 redist 0x80a0000 size "
			     "0xf60000\n"));
	CHECK(strstr(report, "\n  timer     virt 27 phys 30 sec-phys 29 hyp 26 level-high freq "
			     "62500000\n"));
	CHECK(
	    strstr(report, "\n  reserved  0x44000000 size 0x100000 reserved-memory fb@44000000\n"));
	CHECK(strstr(report, "\n  console   arm,pl011 at 0x9001000 (/soc/uart@1000) irq 33\n"));
	CHECK(!strstr(report, "bootargs"));
}

/* GICv2 PPI flags with a two-CPU mask, a GICv3 with a GICC, several redistributor regions. */
static void test_gic_variants(void)
{
	void *fdt = tb_good_v2();
	TB_CELLS(fdt, "/timer", "interrupts", 1, 13, 0x304, 1, 14, 0x304, 1, 11, 0x302);
	DISCOVER_OK(fdt, B);
	CHECK_EQ(B->timer.irq_count, 3);
	CHECK_EQ(B->timer.irq[TIMER_VIRT].cpu_mask, 3);
	CHECK_EQ(B->timer.irq[TIMER_VIRT].trigger, IRQ_EDGE_FALLING);
	CHECK_EQ(B->timer.irq[TIMER_PHYS].trigger, IRQ_LEVEL_HIGH);
	CHECK(strstr(check_report(B), "\n  timer     virt 27 phys 30 sec-phys 29 edge-falling\n"));

	fdt = tb_good_v3();
	TB_CELLS(fdt, "/intc@8000000", "#redistributor-regions", 2);
	TB_CELLS(fdt, "/intc@8000000", "#interrupt-cells", 4);
	TB_CELLS(fdt, "/intc@8000000", "reg", 0, 0x8000000, 0, 0x10000, 0, 0x80a0000, 0, 0x20000, 0,
		 0x9a0000, 0, 0x40000, 0, 0x8010000, 0, 0x2000);
	TB_CELLS(fdt, "/timer", "interrupts", 1, 13, 8, 0, 1, 14, 8, 0, 1, 11, 8, 0, 1, 10, 8, 0);
	TB_CELLS(fdt, "/soc/uart@1000", "interrupts", 0, 987, 1, 0);
	DISCOVER_OK(fdt, B);
	CHECK_EQ(B->gic.redist_count, 2);
	CHECK_EQ(B->gic.redist[1].base, 0x9a0000);
	CHECK_EQ(B->gic.redist[1].size, 0x40000);
	CHECK_EQ(B->gic.cpu_if.base, 0x8010000);
	CHECK_EQ(B->timer.irq[TIMER_VIRT].trigger, IRQ_LEVEL_LOW);
	CHECK_EQ(B->console.irq.intid, 1019);
	CHECK_EQ(B->console.irq.trigger, IRQ_EDGE_RISING);
	CHECK(strstr(check_report(B),
		     "dist 0x8000000 redist 0x80a0000 size 0x20000 redist 0x9a0000 "
		     "size 0x40000 cpu 0x8010000\n"));

	/* A gic-400 named by the root's interrupt-parent is preferred over a disabled a15 GIC. */
	fdt = tb_good_v2();
	tb_string(fdt, "/intc@8000000", "status", "disabled");
	tb_string(fdt, "/gic@2c001000", "compatible", "arm,gic-400");
	tb_flag(fdt, "/gic@2c001000", "interrupt-controller");
	TB_CELLS(fdt, "/gic@2c001000", "#interrupt-cells", 3);
	TB_CELLS(fdt, "/gic@2c001000", "reg", 0, 0x2c001000, 0, 0x1000, 0, 0x2c002000, 0, 0x2000);
	TB_CELLS(fdt, "/gic@2c001000", "phandle", 7);
	TB_CELLS(fdt, "/", "interrupt-parent", 7);
	DISCOVER_OK(fdt, B);
	CHECK_STR_EQ(B->gic.compatible, "arm,gic-400");
	CHECK_EQ(B->gic.dist.base, 0x2c001000);
	CHECK_EQ(B->gic.cpu_if.base, 0x2c002000);
	CHECK_EQ(B->gic.phandle, 7);
}

/* Several memory nodes, several reg entries, an empty bank, a disabled node: sorted banks. */
static void test_memory_banks(void)
{
	void *fdt = tb_good_v2();
	tb_string(fdt, "/memory@100000000", "device_type", "memory");
	TB_CELLS(fdt, "/memory@100000000", "reg", 1, 0, 0, 0x40000000, 0, 0x80000000, 0, 0x10000000,
		 0, 0x90000000, 0, 0);
	tb_string(fdt, "/secram@e000000", "device_type", "memory");
	TB_CELLS(fdt, "/secram@e000000", "reg", 0, 0xe000000, 0, 0x1000000);
	tb_string(fdt, "/secram@e000000", "status", "disabled");
	tb_string(fdt, "/sram@10000", "device_type", "memory");
	TB_CELLS(fdt, "/sram@10000", "reg", 0, 0x10000, 0, 0x8000);
	tb_string(fdt, "/sram@10000", "status", "ok");
	DISCOVER_OK(fdt, B);
	CHECK_EQ(B->bank_count, 4);
	CHECK_EQ(B->banks[0].base, 0x10000);
	CHECK_EQ(B->banks[1].base, 0x40000000);
	CHECK_EQ(B->banks[2].base, 0x80000000);
	CHECK_EQ(B->banks[2].size, 0x10000000);
	CHECK_EQ(B->banks[3].base, 0x100000000);
	CHECK_EQ(B->banks[3].size, 0x40000000);
	const char *report = check_report(B);
	CHECK(strstr(report, "\n  memory    0x10000 size 0x8000 (32 KiB)\n"));
	CHECK(strstr(report, "\n  memory    0x100000000 size 0x40000000 (1024 MiB)\n"));
}

/* A board whose root uses one address cell and one size cell throughout. */
static void test_one_cell_board(void)
{
	void *fdt = tb_good_v2();
	TB_CELLS(fdt, "/", "#address-cells", 1);
	TB_CELLS(fdt, "/", "#size-cells", 1);
	TB_CELLS(fdt, "/memory@40000000", "reg", 0x40000000, 0x4000000, 0x50000000, 0x4000000);
	TB_CELLS(fdt, "/intc@8000000", "reg", 0x8000000, 0x1000, 0x8010000, 0x2000);
	TB_CELLS(fdt, "/reserved-memory", "#address-cells", 1);
	TB_CELLS(fdt, "/reserved-memory", "#size-cells", 1);
	TB_CELLS(fdt, "/reserved-memory/fb@44000000", "reg", 0x44000000, 0x200000);
	TB_CELLS(fdt, "/soc", "ranges", 0x0, 0x9000000, 0x10000);
	DISCOVER_OK(fdt, B);
	CHECK_EQ(B->bank_count, 2);
	CHECK_EQ(B->banks[1].base, 0x50000000);
	CHECK_EQ(B->banks[1].size, 0x4000000);
	CHECK_EQ(B->gic.cpu_if.size, 0x2000);
	CHECK_EQ(B->reserved[1].range.size, 0x200000);
	CHECK_EQ(B->console.regs.base, 0x9001000);
}

/* Disabled nodes and disabled ancestors are invisible; the next usable node is chosen. */
static void test_disabled_nodes(void)
{
	void *fdt = tb_good_v2();
	tb_delprop(fdt, "/chosen", "stdout-path");
	tb_string(fdt, "/soc", "status", "disabled"); /* hides /soc/uart@1000 */
	/* Added last, so first in the tree: the disabled UART comes before the usable one. */
	TB_STRINGS(fdt, "/pl011@9000000", "compatible", "arm,pl011\0arm,primecell");
	TB_CELLS(fdt, "/pl011@9000000", "reg", 0, 0x9000000, 0, 0x1000);
	TB_STRINGS(fdt, "/pl011@9040000", "compatible", "arm,pl011\0arm,primecell");
	TB_CELLS(fdt, "/pl011@9040000", "reg", 0, 0x9040000, 0, 0x1000);
	tb_string(fdt, "/pl011@9040000", "status", "disabled");
	tb_string(fdt, "/cpus/cpu@2", "device_type", "cpu");
	TB_CELLS(fdt, "/cpus/cpu@2", "reg", 2);
	tb_string(fdt, "/cpus/cpu@2", "status", "fail");
	tb_string(fdt, "/cpus/l2-cache", "compatible", "cache"); /* not a cpu */
	tb_string(fdt, "/psci-old", "compatible", "arm,psci");
	tb_string(fdt, "/psci-old", "status", "disabled");
	tb_string(fdt, "/psci-old", "method", "bogus");
	tb_string(fdt, "/reserved-memory/off@45000000", "status", "disabled");
	TB_CELLS(fdt, "/reserved-memory/off@45000000", "reg", 0, 0x45000000, 0, 0x1000);
	DISCOVER_OK(fdt, B);
	CHECK_STR_EQ(B->console.path, "/pl011@9000000");
	CHECK_EQ(B->console.regs.base, 0x9000000);
	CHECK_EQ(B->console.irq.intid, 0);
	CHECK(strstr(check_report(B), "\n  console   arm,pl011 at 0x9000000 (/pl011@9000000)\n"));
	CHECK_EQ(B->cpu_count, 2);
	CHECK_EQ(B->reserved_count, 3);
	CHECK_EQ(B->psci, PSCI_HVC);
}

/* stdout-path forms: alias with options, alias with a sub-path, linux,stdout-path, no NUL. */
static void test_stdout_path_forms(void)
{
	void *fdt = tb_good_v2();
	tb_string(fdt, "/aliases", "serial0", "/soc/uart@1000");
	tb_string(fdt, "/chosen", "stdout-path", "serial0:9600n8");
	DISCOVER_OK(fdt, B);
	CHECK_STR_EQ(B->console.path, "/soc/uart@1000");
	CHECK_STR_EQ(B->console.options, "9600n8");

	fdt = tb_good_v2();
	tb_string(fdt, "/aliases", "bus", "/soc");
	tb_string(fdt, "/chosen", "stdout-path", "bus/uart@1000");
	DISCOVER_OK(fdt, B);
	CHECK_EQ(B->console.regs.base, 0x9001000);
	CHECK_STR_EQ(B->console.options, "");

	fdt = tb_good_v2();
	tb_delprop(fdt, "/chosen", "stdout-path");
	tb_string(fdt, "/chosen", "linux,stdout-path", "/soc/uart:38400");
	DISCOVER_OK(fdt, B);
	CHECK_STR_EQ(B->console.path, "/soc/uart@1000");
	CHECK_STR_EQ(B->console.options, "38400");

	fdt = tb_good_v2(); /* unterminated strings and overlong options are cut safely */
	tb_prop(fdt, "/chosen", "stdout-path", "/soc/uart@1000:115200n8-and-far-too-long-options",
		48);
	tb_prop(fdt, "/chosen", "bootargs", "abc", 3);
	DISCOVER_OK(fdt, B);
	CHECK_STR_EQ(B->console.options, "115200n8-and-far-too-long-optio");
	CHECK_STR_EQ(B->bootargs, "abc");
}

/* interrupts-extended, spin-table CPUs, 64-bit initrd cells, no PSCI, a u64 MPIDR. */
static void test_other_forms(void)
{
	void *fdt = tb_good_v2();
	tb_delprop(fdt, "/soc/uart@1000", "interrupts");
	TB_CELLS(fdt, "/soc/uart@1000", "interrupts-extended", TB_GIC_PHANDLE, 0, 5, 1);
	TB_CELLS(fdt, "/cpus", "#address-cells", 2);
	TB_CELLS(fdt, "/cpus/cpu@0", "reg", 0, 0);
	TB_CELLS(fdt, "/cpus/cpu@1", "reg", 0x1, 0x00000100);
	tb_string(fdt, "/cpus/cpu@1", "enable-method", "spin-table");
	TB_CELLS(fdt, "/cpus/cpu@1", "cpu-release-addr", 0, 0x8000fff8);
	tb_delnode(fdt, "/psci");
	TB_CELLS(fdt, "/chosen", "linux,initrd-start", 0x1, 0x0);
	TB_CELLS(fdt, "/chosen", "linux,initrd-end", 0x1, 0x200000);
	DISCOVER_OK(fdt, B);
	CHECK_EQ(B->console.irq.intid, 37);
	CHECK_EQ(B->console.irq.trigger, IRQ_EDGE_RISING);
	CHECK_EQ(B->cpus[1].mpidr, 0x100000100);
	CHECK_EQ(B->cpus[1].enable_method, CPU_ENABLE_SPIN_TABLE);
	CHECK_EQ(B->cpus[1].release_addr, 0x8000fff8);
	CHECK_EQ(B->psci, PSCI_NONE);
	CHECK_EQ(B->reserved[2].range.base, 0x100000000);
	CHECK_EQ(B->reserved[2].range.size, 0x200000);
	const char *report = check_report(B);
	CHECK(strstr(report, "\n  cpus      2 mixed mpidr 0x0 0x100000100\n"));
	CHECK(strstr(report, "\n  psci      none\n"));
}

/* More CPUs than BOARD_MAX_CPUS: the first ones are kept, discovery succeeds. */
static void test_many_cpus(void)
{
	void *fdt = tb_good_v2();
	tb_delnode(fdt, "/cpus");
	TB_CELLS(fdt, "/cpus", "#address-cells", 1);
	TB_CELLS(fdt, "/cpus", "#size-cells", 0);
	for (int i = BOARD_MAX_CPUS + 5; i >= 0; i--) { /* new nodes go first: add in reverse */
		char path[32];
		snprintf(path, sizeof(path), "/cpus/cpu@%x", i);
		tb_string(fdt, path, "device_type", "cpu");
		TB_CELLS(fdt, path, "reg", (uint32_t)i);
		tb_string(fdt, path, "enable-method", "psci");
	}
	DISCOVER_OK(fdt, B);
	CHECK_EQ(B->cpu_count, BOARD_MAX_CPUS);
	CHECK_EQ(B->cpus[BOARD_MAX_CPUS - 1].mpidr, BOARD_MAX_CPUS - 1);
	CHECK(strstr(check_report(B), "\n  cpus      64 psci mpidr 0x0 0x1 0x2 0x3 0x4 0x5 0x6 0x7 "
				      "...\n"));
}

/* The kernel adds the DTB and its own image; the table has limits. */
static void test_add_reservation(void)
{
	struct board_error err;
	DISCOVER_OK(tb_good_v2(), B);
	CHECK_EQ(board_add_reservation(B, 0x48200000, 0x2000, RESERVE_DTB, &err), FERN_OK);
	CHECK_EQ(board_add_reservation(B, 0x40200000, 0x80000, RESERVE_KERNEL, &err), FERN_OK);
	CHECK_EQ(board_add_reservation(B, 0x40000000, 0, RESERVE_KERNEL, &err), FERN_OK);
	CHECK_EQ(B->reserved_count, 5);
	const char *report = check_report(B);
	CHECK(strstr(report, "\n  reserved  0x48200000 size 0x2000 dtb\n"));
	CHECK(strstr(report, "\n  reserved  0x40200000 size 0x80000 kernel\n"));
	CHECK_EQ(board_add_reservation(B, UINT64_MAX - 10, 0x100, RESERVE_DTB, &err),
		 FERN_ERR_RANGE);
	CHECK(strstr(err.message, "wraps"));
	CHECK_EQ(board_add_reservation(B, 0, 1, (enum reserve_kind)42, &err), FERN_ERR_INVALID);
	while (B->reserved_count < BOARD_MAX_RESERVED)
		CHECK_EQ(board_add_reservation(B, 0x1000, 0x1000, RESERVE_DTB, &err), FERN_OK);
	CHECK_EQ(board_add_reservation(B, 0x1000, 0x1000, RESERVE_DTB, &err), FERN_ERR_TOO_MANY);
	CHECK_STR_EQ(reserve_kind_name(RESERVE_MEMRESERVE), "memreserve");
	CHECK_STR_EQ(reserve_kind_name(RESERVE_NODE), "reserved-memory");
	CHECK_STR_EQ(reserve_kind_name(RESERVE_INITRD), "initrd");
}

int main(void)
{
	test_good_v2();
	test_good_v3();
	test_gic_variants();
	test_memory_banks();
	test_one_cell_board();
	test_disabled_nodes();
	test_stdout_path_forms();
	test_other_forms();
	test_many_cpus();
	test_add_reservation();
	printf("board good: all passed\n");
	return 0;
}
