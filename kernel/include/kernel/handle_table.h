/* SPDX-License-Identifier: MIT */
/* Per-process handle tables: small integers naming kernel objects, with rights. Pure data
 * structure (the caller holds the kernel lock and manages object references). */
#ifndef KERNEL_HANDLE_TABLE_H
#define KERNEL_HANDLE_TABLE_H

#include <fern/abi.h>
#include <fern/status.h>
#include <stddef.h>
#include <stdint.h>

#define HANDLE_TABLE_SIZE 256

struct handle_entry {
	void *object;        /* NULL: slot free */
	uint32_t rights;     /* enum fern_rights */
	uint16_t generation; /* bumped on every close, so stale ids never match */
	uint8_t type;        /* the object's type (the caller's enum) */
};

struct handle_table {
	struct handle_entry entry[HANDLE_TABLE_SIZE];
	int count;           /* live handles */
	uint16_t fresh;      /* slots [fresh, SIZE) have never been used */
	uint16_t free_head;  /* freed slots, oldest first: a ring in free_ring ... */
	uint16_t free_count; /* ... of this many */
	uint8_t free_ring[HANDLE_TABLE_SIZE];
};

/*
 * Handle ids encode slot and generation, are never 0, and are never reused for a different
 * object until the generation wraps (32767 closes of one slot). A zeroed table is empty.
 * Adding takes a never-used slot while there is one, else the slot freed longest ago (a FIFO,
 * O(1)), so closes spread over all slots and a stale id survives many more closes than 32767
 * before it can name something again.
 */

/* Stores object; returns FERN_OK and *out, or FERN_ERR_TOO_MANY when the table is full.
 * FERN_ERR_INVALID for a NULL object, type 0 (the lookup wildcard) or rights outside
 * FERN_RIGHTS_ALL. */
int handle_table_add(struct handle_table *t, void *object, uint8_t type, uint32_t rights,
		     fern_handle *out);

/* id = generation << HANDLE_SLOT_BITS | slot, with generation in [1, HANDLE_GEN_MAX]: an id is
 * never 0 and stops matching once its slot is freed. */
#define HANDLE_SLOT_BITS 8
#define HANDLE_GEN_MAX   0x7fffu

/* The live entry h names, or NULL. Inline: it is on every system call's path. */
static inline const struct handle_entry *handle_table_lookup(const struct handle_table *t,
							     fern_handle h)
{
	uint32_t slot = h & ((1u << HANDLE_SLOT_BITS) - 1);
	uint32_t generation = h >> HANDLE_SLOT_BITS;
	if (slot >= HANDLE_TABLE_SIZE || generation == 0 || generation > HANDLE_GEN_MAX)
		return NULL;
	const struct handle_entry *e = &t->entry[slot];
	if (!e->object || e->generation != generation)
		return NULL;
	return e;
}

/* Looks a handle up. type 0 accepts any type. Errors: FERN_ERR_BAD_HANDLE (not live in this
 * table: closed, never issued, or another process's), FERN_ERR_WRONG_TYPE,
 * FERN_ERR_DENIED (lacks some of need_rights). On success fills *entry (a copy). */
static inline int handle_table_get(const struct handle_table *t, fern_handle h, uint8_t type,
				   uint32_t need_rights, struct handle_entry *entry)
{
	const struct handle_entry *e = handle_table_lookup(t, h);
	if (!e)
		return FERN_ERR_BAD_HANDLE;
	if (type != 0 && e->type != type)
		return FERN_ERR_WRONG_TYPE;
	if (need_rights & ~e->rights)
		return FERN_ERR_DENIED;
	*entry = *e;
	return FERN_OK;
}

/* Removes a handle and returns what it held in *entry. Errors: FERN_ERR_BAD_HANDLE. */
int handle_table_remove(struct handle_table *t, fern_handle h, struct handle_entry *entry);

/* Calls fn (if not NULL) for every live entry, in slot order, and empties the table (process
 * teardown). Closed slots keep their bumped generations, so old ids stay invalid. */
void handle_table_clear(struct handle_table *t, void (*fn)(struct handle_entry *e, void *ctx),
			void *ctx);

#endif
