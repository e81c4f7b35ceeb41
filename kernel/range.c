// SPDX-License-Identifier: MIT
/* Interval arithmetic on physical ranges: a RAM bank minus the reservations that lie in it. */
#include <kernel/pmm.h>

#include <fern/status.h>

#define RANGE_SET_CAPACITY ((int)(sizeof(((struct range_set *)0)->base) / sizeof(uint64_t)))

/* End of [base, base + size); a range running past the top of memory stops at UINT64_MAX. */
static uint64_t range_end(uint64_t base, uint64_t size)
{
	return size > UINT64_MAX - base ? UINT64_MAX : base + size;
}

/* Moves pos past every hole covering it; holes may chain (one starts inside another). */
static uint64_t range_skip_holes(uint64_t pos, uint64_t end, const uint64_t *hole_base,
				 const uint64_t *hole_size, int hole_count)
{
	bool moved = true;
	while (moved && pos < end) {
		moved = false;
		for (int i = 0; i < hole_count; i++) {
			uint64_t hole_end = range_end(hole_base[i], hole_size[i]);
			if (hole_base[i] <= pos && pos < hole_end) {
				pos = hole_end;
				moved = true;
			}
		}
	}
	return pos < end ? pos : end;
}

/* Start of the first hole after pos, or end if none starts before it. */
static uint64_t range_next_hole(uint64_t pos, uint64_t end, const uint64_t *hole_base,
				const uint64_t *hole_size, int hole_count)
{
	uint64_t next = end;
	for (int i = 0; i < hole_count; i++) {
		if (hole_size[i] && hole_base[i] > pos && hole_base[i] < next)
			next = hole_base[i];
	}
	return next;
}

int range_subtract(uint64_t base, uint64_t size, const uint64_t *hole_base,
		   const uint64_t *hole_size, int hole_count, struct range_set *out)
{
	uint64_t end = range_end(base, size);
	uint64_t pos = base;

	out->count = 0;
	for (;;) {
		pos = range_skip_holes(pos, end, hole_base, hole_size, hole_count);
		if (pos >= end)
			return FERN_OK;
		uint64_t stop = range_next_hole(pos, end, hole_base, hole_size, hole_count);
		if (out->count == RANGE_SET_CAPACITY) {
			/* A partial set would silently lose memory or keep a hole: give none. */
			out->count = 0;
			return FERN_ERR_TOO_MANY;
		}
		out->base[out->count] = pos;
		out->size[out->count] = stop - pos;
		out->count++;
		pos = stop;
	}
}
