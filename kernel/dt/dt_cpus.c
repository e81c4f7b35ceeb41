// SPDX-License-Identifier: MIT
/* Discovers the usable CPUs (MPIDR, enable-method) under /cpus and the PSCI conduit. */
#include "dt_internal.h"

#include <fern/status.h>

static const char *const psci_compatibles[] = {"arm,psci-1.0", "arm,psci-0.2", "arm,psci"};

#define PSCI_COMPATIBLE_COUNT (sizeof(psci_compatibles) / sizeof(psci_compatibles[0]))

/* Reads one cpu node: reg (the MPIDR affinity bits) and how to start it. */
static int cpu_read(const void *fdt, int node, int address_cells, struct board_cpu *cpu,
		    struct board_error *err)
{
	int len;
	const fdt32_t *reg = dt_getprop(fdt, node, "reg", &len);
	if (!reg || len != address_cells * 4)
		return dt_fail(err, FERN_ERR_INVALID, fdt, node,
			       "reg is %d bytes, not %d (#address-cells %d of /cpus)",
			       reg ? len : 0, address_cells * 4, address_cells);
	cpu->mpidr = dt_cells_value(reg, address_cells);
	cpu->enable_method = CPU_ENABLE_NONE;
	if (dt_prop_is(fdt, node, "enable-method", "psci")) {
		cpu->enable_method = CPU_ENABLE_PSCI;
	} else if (dt_prop_is(fdt, node, "enable-method", "spin-table")) {
		bool found;
		int rc =
		    dt_read_number(fdt, node, "cpu-release-addr", &cpu->release_addr, &found, err);
		if (rc)
			return rc;
		if (!found)
			return dt_fail(err, FERN_ERR_INVALID, fdt, node,
				       "enable-method spin-table without cpu-release-addr");
		cpu->enable_method = CPU_ENABLE_SPIN_TABLE;
	}
	/* Any other enable-method: Fern cannot start this CPU, but it still exists. */
	return FERN_OK;
}

int dt_cpus_discover(const void *fdt, struct board *board, struct board_error *err)
{
	int cpus = fdt_path_offset(fdt, "/cpus");
	if (cpus < 0)
		return board_fail(err, FERN_ERR_NOT_FOUND, "no /cpus node");
	uint32_t address_cells;
	int rc = dt_read_u32(fdt, cpus, "#address-cells", 2, &address_cells, err);
	if (rc)
		return rc;
	if (address_cells != 1 && address_cells != 2)
		return dt_fail(err, FERN_ERR_INVALID, fdt, cpus,
			       "#address-cells %u, an MPIDR needs 1 or 2", address_cells);
	int node;
	fdt_for_each_subnode(node, fdt, cpus)
	{
		if (!dt_prop_is(fdt, node, "device_type", "cpu") || !dt_node_usable(fdt, node))
			continue;
		if (board->cpu_count == BOARD_MAX_CPUS)
			break; /* keep the first BOARD_MAX_CPUS, ignore the rest */
		rc = cpu_read(fdt, node, (int)address_cells, &board->cpus[board->cpu_count], err);
		if (rc)
			return rc;
		board->cpu_count++;
	}
	if (board->cpu_count == 0)
		return dt_fail(err, FERN_ERR_NOT_FOUND, fdt, cpus,
			       "no usable node with device_type \"cpu\"");
	return FERN_OK;
}

int dt_psci_discover(const void *fdt, struct board *board, struct board_error *err)
{
	int node = FERN_ERR_NOT_FOUND;
	for (size_t i = 0; node < 0 && i < PSCI_COMPATIBLE_COUNT; i++)
		node = dt_find_compatible(fdt, psci_compatibles[i]);
	board->psci = PSCI_NONE;
	if (node < 0)
		return FERN_OK;
	if (dt_prop_is(fdt, node, "method", "hvc")) {
		board->psci = PSCI_HVC;
	} else if (dt_prop_is(fdt, node, "method", "smc")) {
		board->psci = PSCI_SMC;
	} else {
		char method[16];
		dt_copy_first_string(fdt, node, "method", method, sizeof(method));
		return dt_fail(err, FERN_ERR_INVALID, fdt, node, "method \"%s\" is not hvc or smc",
			       method);
	}
	return FERN_OK;
}
