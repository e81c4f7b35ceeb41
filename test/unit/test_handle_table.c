// SPDX-License-Identifier: MIT
/* Unit test for handle tables: ids, rights and type checks, stale and foreign ids, wrap. */
#include <kernel/handle_table.h>

#include <fern/status.h>
#include <stdbool.h>

#include "check.h"

enum { TYPE_CHANNEL = 1, TYPE_VMO = 2 };

static int objects[2 * HANDLE_TABLE_SIZE]; /* distinct addresses to store */

static void test_add_get_remove(void)
{
	static struct handle_table t;
	memset(&t, 0, sizeof(t));
	fern_handle a, b;
	struct handle_entry e;

	CHECK_EQ(handle_table_add(&t, &objects[0], TYPE_CHANNEL, FERN_RIGHT_READ, &a), FERN_OK);
	CHECK_EQ(handle_table_add(&t, &objects[1], TYPE_VMO, FERN_RIGHTS_ALL, &b), FERN_OK);
	CHECK(a != FERN_HANDLE_INVALID && b != FERN_HANDLE_INVALID && a != b);
	CHECK_EQ(t.count, 2);

	CHECK_EQ(handle_table_get(&t, a, TYPE_CHANNEL, FERN_RIGHT_READ, &e), FERN_OK);
	CHECK(e.object == &objects[0]);
	CHECK_EQ(e.type, TYPE_CHANNEL);
	CHECK_EQ(e.rights, FERN_RIGHT_READ);
	CHECK_EQ(handle_table_get(&t, a, 0, 0, &e), FERN_OK); /* type 0: any */
	CHECK_EQ(handle_table_get(&t, b, TYPE_VMO, FERN_RIGHT_MAP | FERN_RIGHT_WRITE, &e), FERN_OK);
	CHECK(e.object == &objects[1]);

	/* Rights: any missing bit denies; type is checked before rights. */
	CHECK_EQ(handle_table_get(&t, a, TYPE_CHANNEL, FERN_RIGHT_WRITE, &e), FERN_ERR_DENIED);
	CHECK_EQ(handle_table_get(&t, a, 0, FERN_RIGHT_READ | FERN_RIGHT_TRANSFER, &e),
		 FERN_ERR_DENIED);
	CHECK_EQ(handle_table_get(&t, a, TYPE_VMO, 0, &e), FERN_ERR_WRONG_TYPE);
	CHECK_EQ(handle_table_get(&t, a, TYPE_VMO, FERN_RIGHT_WRITE, &e), FERN_ERR_WRONG_TYPE);

	/* Remove returns what was held; the id is dead afterwards, for every call. */
	CHECK_EQ(handle_table_remove(&t, a, &e), FERN_OK);
	CHECK(e.object == &objects[0]);
	CHECK_EQ(e.type, TYPE_CHANNEL);
	CHECK_EQ(t.count, 1);
	CHECK_EQ(handle_table_get(&t, a, 0, 0, &e), FERN_ERR_BAD_HANDLE);
	CHECK_EQ(handle_table_remove(&t, a, &e), FERN_ERR_BAD_HANDLE);
	CHECK_EQ(t.count, 1);

	/* A new object never gets the stale id, even when it lands in the same slot. */
	fern_handle c;
	CHECK_EQ(handle_table_add(&t, &objects[2], TYPE_CHANNEL, FERN_RIGHT_READ, &c), FERN_OK);
	CHECK(c != a && c != b && c != 0);
	CHECK_EQ(handle_table_get(&t, a, 0, 0, &e), FERN_ERR_BAD_HANDLE);
	CHECK_EQ(handle_table_get(&t, c, 0, 0, &e), FERN_OK);
	CHECK(e.object == &objects[2]);

	/* Bad arguments to add. */
	fern_handle x = 0;
	CHECK_EQ(handle_table_add(&t, NULL, TYPE_VMO, 0, &x), FERN_ERR_INVALID);
	CHECK_EQ(handle_table_add(&t, &objects[3], 0, 0, &x), FERN_ERR_INVALID);
	CHECK_EQ(handle_table_add(&t, &objects[3], TYPE_VMO, FERN_RIGHTS_ALL + 1, &x),
		 FERN_ERR_INVALID);
	CHECK_EQ(x, 0);
	CHECK_EQ(t.count, 2);
}

static void test_garbage_ids(void)
{
	static struct handle_table t;
	memset(&t, 0, sizeof(t));
	fern_handle h;
	struct handle_entry e;
	CHECK_EQ(handle_table_add(&t, &objects[0], TYPE_VMO, FERN_RIGHTS_ALL, &h), FERN_OK);

	const fern_handle garbage[] = {0,          1,          0xff,       h ^ 1,
				       h + 0x100,  h | 0x8000, 0x7fffffff, 0x80000000,
				       0xffffffff, h << 16,    0x00ffff00, 0x007fff00 | (h & 0xff)};
	for (size_t i = 0; i < sizeof(garbage) / sizeof(garbage[0]); i++) {
		if (garbage[i] == h)
			continue;
		CHECK_EQ(handle_table_get(&t, garbage[i], 0, 0, &e), FERN_ERR_BAD_HANDLE);
		CHECK_EQ(handle_table_remove(&t, garbage[i], &e), FERN_ERR_BAD_HANDLE);
	}
	/* Every 16-bit id, and a sweep of large ones: exactly one is live. */
	int live = 0;
	for (uint32_t id = 0; id < 0x10000; id++)
		live += handle_table_get(&t, id, 0, 0, &e) == FERN_OK;
	for (uint64_t id = 0x10000; id <= UINT32_MAX; id += 0x10001)
		live += handle_table_get(&t, (fern_handle)id, 0, 0, &e) == FERN_OK;
	CHECK_EQ(live, 1);
	CHECK_EQ(t.count, 1);
}

static void test_foreign_ids(void)
{
	static struct handle_table a, b;
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	fern_handle ha[8], hb;
	struct handle_entry e;

	/* b has had a different history: its slots carry other generations. */
	for (int i = 0; i < 8; i++) {
		CHECK_EQ(handle_table_add(&a, &objects[i], TYPE_VMO, FERN_RIGHTS_ALL, &ha[i]),
			 FERN_OK);
	}
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < HANDLE_TABLE_SIZE; i++) {
			CHECK_EQ(handle_table_add(&b, &objects[HANDLE_TABLE_SIZE], TYPE_CHANNEL,
						  FERN_RIGHT_READ, &hb),
				 FERN_OK);
			CHECK_EQ(handle_table_remove(&b, hb, &e), FERN_OK);
		}
	}
	CHECK_EQ(handle_table_add(&b, &objects[HANDLE_TABLE_SIZE + 1], TYPE_CHANNEL,
				  FERN_RIGHT_READ, &hb),
		 FERN_OK);
	for (int i = 0; i < 8; i++) {
		CHECK(ha[i] != hb);
		CHECK_EQ(handle_table_get(&b, ha[i], 0, 0, &e), FERN_ERR_BAD_HANDLE);
		CHECK_EQ(handle_table_remove(&b, ha[i], &e), FERN_ERR_BAD_HANDLE);
	}
	CHECK_EQ(handle_table_get(&a, hb, 0, 0, &e), FERN_ERR_BAD_HANDLE);
	CHECK_EQ(b.count, 1);
	CHECK_EQ(a.count, 8);
}

static void test_full(void)
{
	static struct handle_table t;
	memset(&t, 0, sizeof(t));
	static fern_handle h[HANDLE_TABLE_SIZE];
	struct handle_entry e;

	for (int i = 0; i < HANDLE_TABLE_SIZE; i++) {
		CHECK_EQ(handle_table_add(&t, &objects[i], TYPE_VMO, FERN_RIGHT_READ, &h[i]),
			 FERN_OK);
		CHECK(h[i] != 0);
		for (int j = 0; j < i; j++)
			CHECK(h[i] != h[j]);
	}
	CHECK_EQ(t.count, HANDLE_TABLE_SIZE);
	fern_handle extra = 0;
	CHECK_EQ(handle_table_add(&t, &objects[HANDLE_TABLE_SIZE], TYPE_VMO, 0, &extra),
		 FERN_ERR_TOO_MANY);
	CHECK_EQ(extra, 0);
	for (int i = 0; i < HANDLE_TABLE_SIZE; i++) {
		CHECK_EQ(handle_table_get(&t, h[i], TYPE_VMO, FERN_RIGHT_READ, &e), FERN_OK);
		CHECK(e.object == &objects[i]);
	}
	/* One slot frees up: the next add succeeds, with a new id. */
	CHECK_EQ(handle_table_remove(&t, h[77], &e), FERN_OK);
	CHECK_EQ(handle_table_add(&t, &objects[HANDLE_TABLE_SIZE], TYPE_VMO, 0, &extra), FERN_OK);
	CHECK(extra != h[77] && extra != 0);
	CHECK_EQ(handle_table_add(&t, &objects[HANDLE_TABLE_SIZE + 1], TYPE_VMO, 0, &extra),
		 FERN_ERR_TOO_MANY);
}

struct clear_log {
	int calls;
	bool seen[2 * HANDLE_TABLE_SIZE];
};

static void clear_fn(struct handle_entry *e, void *ctx)
{
	struct clear_log *log = ctx;
	int i = (int)((int *)e->object - objects);
	CHECK(i >= 0 && i < 2 * HANDLE_TABLE_SIZE);
	CHECK(!log->seen[i]);
	CHECK_EQ(e->type, TYPE_CHANNEL);
	log->seen[i] = true;
	log->calls++;
	e->generation = 0; /* scribbling on the entry must not revive old ids */
}

static void test_clear(void)
{
	static struct handle_table t;
	memset(&t, 0, sizeof(t));
	fern_handle h[40];
	struct handle_entry e;
	for (int i = 0; i < 40; i++) {
		CHECK_EQ(handle_table_add(&t, &objects[i], TYPE_CHANNEL, FERN_RIGHT_READ, &h[i]),
			 FERN_OK);
	}
	for (int i = 0; i < 40; i += 3)
		CHECK_EQ(handle_table_remove(&t, h[i], &e), FERN_OK);

	struct clear_log log = {0};
	handle_table_clear(&t, clear_fn, &log);
	CHECK_EQ(log.calls, 40 - 14);
	for (int i = 0; i < 40; i++)
		CHECK_EQ(log.seen[i], i % 3 != 0);
	CHECK_EQ(t.count, 0);
	for (int i = 0; i < 40; i++)
		CHECK_EQ(handle_table_get(&t, h[i], 0, 0, &e), FERN_ERR_BAD_HANDLE);

	/* The table is usable again, and ids issued before the clear stay dead. */
	fern_handle again;
	CHECK_EQ(handle_table_add(&t, &objects[100], TYPE_VMO, 0, &again), FERN_OK);
	for (int i = 0; i < 40; i++)
		CHECK(again != h[i]);
	handle_table_clear(&t, NULL, NULL);
	CHECK_EQ(t.count, 0);
	CHECK_EQ(handle_table_get(&t, again, 0, 0, &e), FERN_ERR_BAD_HANDLE);
	log.calls = 0;
	handle_table_clear(&t, clear_fn, &log); /* empty: no calls */
	CHECK_EQ(log.calls, 0);
}

/* With every other slot busy, one slot cycles: ids stay distinct and nonzero until the
 * generation wraps after 32767 closes, then repeat. */
static void test_generation_wrap(void)
{
	static struct handle_table t;
	memset(&t, 0, sizeof(t));
	fern_handle h, first, prev = 0;
	struct handle_entry e;

	for (int i = 0; i < HANDLE_TABLE_SIZE - 1; i++)
		CHECK_EQ(handle_table_add(&t, &objects[i], TYPE_VMO, 0, &h), FERN_OK);
	CHECK_EQ(handle_table_add(&t, &objects[HANDLE_TABLE_SIZE], TYPE_VMO, 0, &first), FERN_OK);
	CHECK_EQ(handle_table_remove(&t, first, &e), FERN_OK);
	for (int n = 1; n < 32767; n++) {
		CHECK_EQ(handle_table_add(&t, &objects[HANDLE_TABLE_SIZE], TYPE_VMO, 0, &h),
			 FERN_OK);
		CHECK(h != 0 && h != first && h != prev);
		CHECK_EQ(handle_table_get(&t, first, 0, 0, &e), FERN_ERR_BAD_HANDLE);
		CHECK_EQ(handle_table_remove(&t, h, &e), FERN_OK);
		prev = h;
	}
	/* The 32767th close wrapped the generation: the first id comes back. */
	CHECK_EQ(handle_table_add(&t, &objects[HANDLE_TABLE_SIZE], TYPE_VMO, 0, &h), FERN_OK);
	CHECK_EQ(h, first);
	CHECK_EQ(t.count, HANDLE_TABLE_SIZE);
}

/* Adds spread over free slots: a close/open loop does not reuse one slot's generations. */
static void test_spread(void)
{
	static struct handle_table t;
	memset(&t, 0, sizeof(t));
	fern_handle first, h;
	struct handle_entry e;

	CHECK_EQ(handle_table_add(&t, &objects[0], TYPE_VMO, 0, &first), FERN_OK);
	CHECK_EQ(handle_table_remove(&t, first, &e), FERN_OK);
	for (int n = 0; n < 32767 * 4; n++) {
		CHECK_EQ(handle_table_add(&t, &objects[0], TYPE_VMO, 0, &h), FERN_OK);
		CHECK(h != first);
		CHECK_EQ(handle_table_remove(&t, h, &e), FERN_OK);
	}
}

/* Freed slots come back oldest first (a FIFO ring, not a scan), after every never-used one. */
static void test_free_order(void)
{
	static struct handle_table t;
	memset(&t, 0, sizeof(t));
	fern_handle h[HANDLE_TABLE_SIZE], again;
	struct handle_entry e;
	for (int i = 0; i < HANDLE_TABLE_SIZE; i++) {
		CHECK_EQ(handle_table_add(&t, &objects[i], TYPE_VMO, 0, &h[i]), FERN_OK);
		CHECK_EQ(h[i] & 0xff, i); /* never-used slots in order */
	}
	const int order[] = {200, 3, 77};
	for (int k = 0; k < 3; k++)
		CHECK_EQ(handle_table_remove(&t, h[order[k]], &e), FERN_OK);
	for (int k = 0; k < 3; k++) {
		CHECK_EQ(handle_table_add(&t, &objects[k], TYPE_VMO, 0, &again), FERN_OK);
		CHECK_EQ(again & 0xff, order[k]);
		CHECK(again != h[order[k]]); /* a new generation */
	}
	CHECK_EQ(handle_table_add(&t, &objects[0], TYPE_VMO, 0, &again), FERN_ERR_TOO_MANY);
}

/* Random adds and removes against a model: live ids stay unique and valid, stale ones dead,
 * the table is full exactly at HANDLE_TABLE_SIZE. */
static void test_random_model(void)
{
	static struct handle_table t;
	static fern_handle live[HANDLE_TABLE_SIZE], dead[4096];
	memset(&t, 0, sizeof(t));
	int n = 0, ndead = 0;
	uint64_t seed = 12345;
	for (int op = 0; op < 200000; op++) {
		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
		struct handle_entry e;
		if (n == 0 || (n < HANDLE_TABLE_SIZE && (seed >> 33) % 3)) {
			fern_handle h;
			CHECK_EQ(handle_table_add(&t, &objects[n], TYPE_VMO, 0, &h), FERN_OK);
			for (int i = 0; i < n; i++)
				CHECK(live[i] != h);
			live[n++] = h;
		} else if (n == HANDLE_TABLE_SIZE && (seed >> 40) % 2) {
			fern_handle h;
			CHECK_EQ(handle_table_add(&t, &objects[0], TYPE_VMO, 0, &h),
				 FERN_ERR_TOO_MANY);
		} else {
			int i = (int)((seed >> 20) % (uint64_t)n);
			CHECK_EQ(handle_table_remove(&t, live[i], &e), FERN_OK);
			dead[ndead++ % 4096] = live[i];
			live[i] = live[--n];
		}
		CHECK_EQ(t.count, n);
		if (op % 1000 == 0) {
			for (int i = 0; i < n; i++)
				CHECK_EQ(handle_table_get(&t, live[i], 0, 0, &e), FERN_OK);
			for (int i = 0; i < (ndead < 4096 ? ndead : 4096); i++) {
				bool revived = false;
				for (int j = 0; j < n; j++)
					revived |= live[j] == dead[i];
				if (!revived)
					CHECK_EQ(handle_table_get(&t, dead[i], 0, 0, &e),
						 FERN_ERR_BAD_HANDLE);
			}
		}
	}
}

int main(void)
{
	test_add_get_remove();
	test_garbage_ids();
	test_foreign_ids();
	test_full();
	test_clear();
	test_generation_wrap();
	test_spread();
	test_free_order();
	test_random_model();
	printf("test_handle_table: ok\n");
	return 0;
}
