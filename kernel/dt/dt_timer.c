// SPDX-License-Identifier: MIT
/* Discovers the architected timer and resolves its interrupts to GIC INTIDs. */
#include "dt_internal.h"

#include <fern/status.h>

int dt_timer_discover(const void *fdt, struct board *board, struct board_error *err)
{
	int node = dt_find_compatible(fdt, "arm,armv8-timer");
	if (node < 0)
		node = dt_find_compatible(fdt, "arm,armv7-timer");
	if (node < 0)
		return board_fail(err, FERN_ERR_NOT_FOUND,
				  "no timer: no usable arm,armv8-timer or arm,armv7-timer node");
	struct board_timer *timer = &board->timer;
	dt_node_path(fdt, node, timer->path, sizeof(timer->path));
	int count;
	int rc = dt_irq_count(fdt, node, &count, err);
	if (rc)
		return rc;
	if (count <= TIMER_VIRT)
		return dt_fail(err, FERN_ERR_INVALID, fdt, node,
			       "lists %d interrupts, a timer needs at least %d "
			       "(secure physical, physical, virtual)",
			       count, TIMER_VIRT + 1);
	timer->irq_count = count < TIMER_IRQ_COUNT ? count : TIMER_IRQ_COUNT;
	for (int i = 0; i < timer->irq_count; i++) {
		rc = dt_irq_get(fdt, node, i, &timer->irq[i], err);
		if (rc)
			return rc;
	}
	rc = dt_read_u32(fdt, node, "clock-frequency", 0, &timer->clock_frequency, err);
	if (rc)
		return rc;
	timer->present = true;
	return FERN_OK;
}
