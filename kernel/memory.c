// SPDX-License-Identifier: MIT
/* Feeds the page allocator: banks minus reservations, with its bookkeeping carved from RAM. */
#include <arch/memlayout.h>
#include <board.h>
#include <fern/status.h>
#include <kernel/memory.h>
#include <kernel/pmm.h>
#include <kernel/state.h>
#include <kernel/vm.h>

struct holes {
	uint64_t base[BOARD_MAX_RESERVED + 1];
	uint64_t size[BOARD_MAX_RESERVED + 1];
	int count;
};

static void holes_from_board(const struct board *board, struct holes *h)
{
	h->count = 0;
	for (int i = 0; i < board->reserved_count; i++) {
		h->base[h->count] = board->reserved[i].range.base;
		h->size[h->count++] = board->reserved[i].range.size;
	}
}

/* First page-aligned free stretch of at least size bytes in any bank; 0 if none. */
static uint64_t find_free(const struct board *board, const struct holes *h, uint64_t size)
{
	for (int b = 0; b < board->bank_count; b++) {
		struct range_set pieces;
		if (range_subtract(board->banks[b].base, board->banks[b].size, h->base, h->size,
				   h->count, &pieces))
			continue;
		for (int i = 0; i < pieces.count; i++) {
			uint64_t start = (pieces.base[i] + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
			uint64_t end = pieces.base[i] + pieces.size[i];
			if (end > start && end - start >= size)
				return start;
		}
	}
	return 0;
}

int memory_init(const struct board *board)
{
	struct pmm_state *pmm = &kstate.pmm;
	struct holes h;
	holes_from_board(board, &h);

	uint64_t meta = 0;
	for (int b = 0; b < board->bank_count; b++)
		meta += (pmm_meta_size(board->banks[b].size) + 15) & ~15UL;
	meta = (meta + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	uint64_t meta_pa = find_free(board, &h, meta);
	if (!meta_pa)
		return FERN_ERR_NO_MEMORY;
	h.base[h.count] = meta_pa;
	h.size[h.count++] = meta;
	kstate.pmm_meta_bytes = meta;

	uint8_t *cursor = phys_to_virt(meta_pa);
	for (int b = 0; b < board->bank_count; b++) {
		int err = pmm_add_region(pmm, board->banks[b].base, board->banks[b].size,
					 (struct pmm_page *)cursor);
		if (err)
			return err;
		cursor += (pmm_meta_size(board->banks[b].size) + 15) & ~15UL;
	}
	for (int b = 0; b < board->bank_count; b++) {
		struct range_set pieces;
		int err = range_subtract(board->banks[b].base, board->banks[b].size, h.base, h.size,
					 h.count, &pieces);
		for (int i = 0; !err && i < pieces.count; i++)
			err = pmm_release_range(pmm, pieces.base[i], pieces.size[i]);
		if (err)
			return err;
	}
	kstate.vm.pmm_ready = true;
	return FERN_OK;
}

uint64_t memory_meta_bytes(void)
{
	return kstate.pmm_meta_bytes;
}
