// SPDX-License-Identifier: MIT
/* Per-process handle tables: slot + generation ids, so closed or foreign ids are caught. */
#include <kernel/handle_table.h>

#include <fern/status.h>
#include <stddef.h>

_Static_assert(HANDLE_TABLE_SIZE <= (1 << HANDLE_SLOT_BITS), "slot must fit its id bits");

/* The generation the next handle in this slot carries (a zeroed slot has never been used). */
static uint16_t handle_slot_generation(const struct handle_entry *e)
{
	return e->generation ? e->generation : 1;
}

static fern_handle handle_encode(unsigned slot, uint16_t generation)
{
	return (fern_handle)generation << HANDLE_SLOT_BITS | slot;
}

/* Frees a slot and moves its generation on, so ids issued for it so far stop matching; the
 * slot joins the back of the free ring. */
static void handle_slot_free(struct handle_table *t, struct handle_entry *e)
{
	uint16_t generation = handle_slot_generation(e);
	e->object = NULL;
	e->rights = 0;
	e->type = 0;
	e->generation = generation >= HANDLE_GEN_MAX ? 1 : generation + 1;
	t->count--;
	t->free_ring[(t->free_head + t->free_count) % HANDLE_TABLE_SIZE] = (uint8_t)(e - t->entry);
	t->free_count++;
}

/* A free slot: a never-used one first, else the one freed longest ago; NULL when full. */
static struct handle_entry *handle_slot_take(struct handle_table *t)
{
	if (t->fresh < HANDLE_TABLE_SIZE)
		return &t->entry[t->fresh++];
	if (!t->free_count)
		return NULL;
	unsigned slot = t->free_ring[t->free_head];
	t->free_head = (uint16_t)((t->free_head + 1) % HANDLE_TABLE_SIZE);
	t->free_count--;
	return &t->entry[slot];
}

int handle_table_add(struct handle_table *t, void *object, uint8_t type, uint32_t rights,
		     fern_handle *out)
{
	if (!object || type == 0 || (rights & ~(uint32_t)FERN_RIGHTS_ALL))
		return FERN_ERR_INVALID;
	struct handle_entry *best = handle_slot_take(t);
	if (!best)
		return FERN_ERR_TOO_MANY;
	best->generation = handle_slot_generation(best);
	best->object = object;
	best->type = type;
	best->rights = rights;
	t->count++;
	*out = handle_encode((unsigned)(best - t->entry), best->generation);
	return FERN_OK;
}

int handle_table_remove(struct handle_table *t, fern_handle h, struct handle_entry *entry)
{
	const struct handle_entry *e = handle_table_lookup(t, h);
	if (!e)
		return FERN_ERR_BAD_HANDLE;
	*entry = *e;
	handle_slot_free(t, &t->entry[e - t->entry]);
	return FERN_OK;
}

void handle_table_clear(struct handle_table *t, void (*fn)(struct handle_entry *e, void *ctx),
			void *ctx)
{
	for (int i = 0; i < t->fresh; i++) {
		struct handle_entry *e = &t->entry[i];
		if (!e->object)
			continue;
		/* fn gets a copy, so whatever it does cannot corrupt the slot's generation. */
		struct handle_entry copy = *e;
		handle_slot_free(t, e);
		if (fn)
			fn(&copy, ctx);
	}
	t->count = 0;
}
