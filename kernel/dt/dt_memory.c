// SPDX-License-Identifier: MIT
/* Discovers RAM banks: every usable device_type "memory" node, all of its reg entries. */
#include "dt_internal.h"

#include <fern/status.h>
#include <string.h>

/* Adds range as a bank unless it overlaps one already found. */
static int bank_add(const void *fdt, int node, struct board *board, const struct phys_range *range,
		    struct board_error *err)
{
	for (int i = 0; i < board->bank_count; i++) {
		const struct phys_range *bank = &board->banks[i];
		if (range->base < bank->base + bank->size && bank->base < range->base + range->size)
			return dt_fail(
			    err, FERN_ERR_INVALID, fdt, node,
			    "memory 0x%llx size 0x%llx overlaps the bank at 0x%llx "
			    "size 0x%llx",
			    (unsigned long long)range->base, (unsigned long long)range->size,
			    (unsigned long long)bank->base, (unsigned long long)bank->size);
	}
	if (board->bank_count == BOARD_MAX_BANKS)
		return dt_fail(err, FERN_ERR_TOO_MANY, fdt, node, "more than %d memory banks",
			       BOARD_MAX_BANKS);
	board->banks[board->bank_count++] = *range;
	return FERN_OK;
}

/* Sorts the banks by base address (insertion sort: there are at most BOARD_MAX_BANKS). */
static void banks_sort(struct board *board)
{
	for (int i = 1; i < board->bank_count; i++) {
		struct phys_range bank = board->banks[i];
		int j = i;
		for (; j > 0 && board->banks[j - 1].base > bank.base; j--)
			board->banks[j] = board->banks[j - 1];
		board->banks[j] = bank;
	}
}

/* Adds every non-empty reg entry of one memory node. */
static int memory_node(const void *fdt, int node, struct board *board, struct board_error *err)
{
	int count;
	int rc = dt_reg_count(fdt, node, &count, err);
	for (int i = 0; !rc && i < count; i++) {
		struct phys_range range;
		rc = dt_reg_get(fdt, node, i, &range, err);
		if (!rc && range.size != 0)
			rc = bank_add(fdt, node, board, &range, err);
	}
	return rc;
}

/* The next node after `after` (-1: from the root) whose device_type is "memory", or -1. */
static int next_memory_node(const void *fdt, int after)
{
	static const char memory[] = "memory";
	for (int node = fdt_next_node(fdt, after, NULL); node >= 0;
	     node = fdt_next_node(fdt, node, NULL)) {
		int len;
		const char *type = dt_getprop(fdt, node, "device_type", &len);
		if (type && len == sizeof(memory) && !memcmp(type, memory, sizeof(memory)))
			return node;
	}
	return -1;
}

int dt_memory_discover(const void *fdt, struct board *board, struct board_error *err)
{
	for (int node = next_memory_node(fdt, -1); node >= 0; node = next_memory_node(fdt, node)) {
		if (!dt_node_usable(fdt, node))
			continue;
		int rc = memory_node(fdt, node, board, err);
		if (rc)
			return rc;
	}
	if (board->bank_count == 0)
		return board_fail(err, FERN_ERR_NOT_FOUND,
				  "no memory: no usable node with device_type \"memory\" and a "
				  "non-empty reg");
	banks_sort(board);
	return FERN_OK;
}
