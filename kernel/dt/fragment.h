/* SPDX-License-Identifier: MIT */
/* Device fragments: the standalone device tree a driver instance receives, built from its node
 * in the board's tree, with exactly the MMIO ranges and interrupts that node names. Shared by
 * the kernel's startup task and fern-board. The format is in docs/specs.md. */
#ifndef FERN_FRAGMENT_H
#define FERN_FRAGMENT_H

#include "board.h"

#include <stddef.h>

#define FRAGMENT_MAX_REG 8
#define FRAGMENT_MAX_IRQ 8

/* What a fragment grants: its reg entries as CPU physical ranges, its interrupts as GIC INTIDs. */
struct fragment_resources {
	struct phys_range mmio[FRAGMENT_MAX_REG];
	int mmio_count;
	struct board_irq irq[FRAGMENT_MAX_IRQ];
	int irq_count;
};

/*
 * Resolves node's resources: every reg entry translated through the ancestors' ranges, every
 * interrupt resolved through interrupt-parent to the GIC. Errors: as dt_reg_get and dt_irq_get,
 * FERN_ERR_TOO_MANY past FRAGMENT_MAX_REG or FRAGMENT_MAX_IRQ; err names node and property.
 */
int fragment_resources(const void *fdt, int node, struct fragment_resources *res,
		       struct board_error *err);
/* Only node's reg entry index, translated (what reading a bus key needs): errors as
 * dt_reg_get. */
int fragment_reg(const void *fdt, int node, int index, struct phys_range *out,
		 struct board_error *err);

/*
 * Writes node's fragment into buf (size bytes): a tree whose root has #address-cells and
 * #size-cells of 2 and "fern,path" (node's path in the board), and one child named like node
 * with node's properties, except that reg holds res's translated ranges and interrupts holds
 * <INTID trigger> pairs (interrupt-parent and interrupts-extended are dropped); node's own
 * children are copied unchanged. Errors: FERN_ERR_NO_MEMORY (buf too small), FERN_ERR_INVALID.
 */
int fragment_build(const void *fdt, int node, const struct fragment_resources *res, void *buf,
		   size_t size, struct board_error *err);

/*
 * Copies node's properties and its whole subtree, unchanged, into out, a blob being written
 * with libfdt's sequential writer (between fdt_begin_node and fdt_end_node of the target).
 * Returns 0 or a negative libfdt error (-FDT_ERR_NOSPACE when out is full).
 */
int fragment_copy_node(void *out, const void *fdt, int node);

#endif
