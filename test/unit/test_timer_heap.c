// SPDX-License-Identifier: MIT
/* The kernel timer heap (kernel/timer_heap.c) against a plain model: random arms, cancels and
 * expiries must always yield the earliest deadline; plus periodic-deadline arithmetic at the
 * edges of 64 bits (kernel/include/kernel/ktimer.h). */
#include "check.h"

#include <kernel/ktimer.h>
#include <kernel/timer_heap.h>

#define TIMERS 2000

static struct ktimer timer[TIMERS];
static bool in_heap[TIMERS];
static struct ktimer *root;
static unsigned long long rng = 88172645463325252ull;

static uint64_t next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* The model: a linear scan for the smallest deadline among timers in the heap. */
static uint64_t model_min(void)
{
	uint64_t min = UINT64_MAX;
	for (int i = 0; i < TIMERS; i++)
		if (in_heap[i] && timer[i].deadline < min)
			min = timer[i].deadline;
	return min;
}

/* Every node's children are no earlier than it, links are consistent, count matches. */
static int check_node(struct ktimer *n, struct ktimer *expect_prev)
{
	int count = 0;
	for (struct ktimer *c = n; c; c = c->sibling) {
		CHECK(c->prev == expect_prev);
		expect_prev = c;
		for (struct ktimer *k = c->child; k; k = k->sibling)
			CHECK(k->deadline >= c->deadline);
		count += 1 + check_node(c->child, c);
	}
	return count;
}

static void check_heap(void)
{
	int expected = 0;
	for (int i = 0; i < TIMERS; i++)
		expected += in_heap[i];
	if (!root) {
		CHECK_EQ(expected, 0);
		return;
	}
	CHECK(root->prev == NULL && root->sibling == NULL);
	CHECK_EQ(root->deadline, model_min());
	int count = 1 + check_node(root->child, root);
	CHECK_EQ(count, expected);
}

static void random_operations(int rounds, uint64_t deadline_range)
{
	for (int r = 0; r < rounds; r++) {
		int i = (int)(next_random() % TIMERS);
		switch (next_random() % 4) {
		case 0:
		case 1: /* arm (or re-arm) */
			if (in_heap[i])
				root = timer_heap_remove(root, &timer[i]);
			timer[i].deadline = next_random() % deadline_range;
			root = timer_heap_insert(root, &timer[i]);
			in_heap[i] = true;
			break;
		case 2: /* cancel */
			if (in_heap[i]) {
				root = timer_heap_remove(root, &timer[i]);
				in_heap[i] = false;
			}
			break;
		case 3: /* expire the earliest */
			if (root) {
				struct ktimer *t = root;
				CHECK_EQ(t->deadline, model_min());
				root = timer_heap_remove(root, t);
				in_heap[t - timer] = false;
			}
			break;
		}
		if (r % 97 == 0)
			check_heap();
	}
	check_heap();
}

/* Drains the heap in deadline order. */
static void drain(void)
{
	uint64_t last = 0;
	while (root) {
		struct ktimer *t = root;
		CHECK(t->deadline >= last);
		last = t->deadline;
		root = timer_heap_remove(root, t);
		in_heap[t - timer] = false;
	}
	check_heap();
}

/* Many equal deadlines and a long sibling list (every insert after a far root). */
static void degenerate_shapes(void)
{
	for (int i = 0; i < TIMERS; i++) {
		timer[i].deadline = 5;
		root = timer_heap_insert(root, &timer[i]);
		in_heap[i] = true;
	}
	check_heap();
	for (int i = TIMERS - 1; i >= 0; i -= 3) { /* remove from the middle of the list */
		root = timer_heap_remove(root, &timer[i]);
		in_heap[i] = false;
	}
	check_heap();
	drain();
}

static void periodic_arithmetic(void)
{
	CHECK_EQ(ktimer_next_period(100, 10, 50), 100);  /* not yet due */
	CHECK_EQ(ktimer_next_period(100, 10, 100), 110); /* due now */
	CHECK_EQ(ktimer_next_period(100, 10, 129), 130); /* two missed */
	CHECK_EQ(ktimer_next_period(100, 10, 130), 140);
	/* A period near 2^64: the next deadline does not exist; found in one step. */
	CHECK_EQ(ktimer_next_period(1000, UINT64_MAX - 5, 5000000000ull), 0);
	CHECK_EQ(ktimer_next_period(1, UINT64_MAX - 1, 1), UINT64_MAX);
	CHECK_EQ(ktimer_next_period(UINT64_MAX - 10, 100, UINT64_MAX - 10), 0);
	/* A huge backlog of tiny periods: one division, not billions of steps. */
	CHECK_EQ(ktimer_next_period(0, 1, UINT64_MAX - 1), UINT64_MAX);
	CHECK_EQ(ktimer_next_period(1, 1, UINT64_MAX), 0);
}

int main(void)
{
	random_operations(200000, 1000); /* many ties */
	drain();
	random_operations(200000, UINT64_MAX); /* spread out */
	drain();
	degenerate_shapes();
	periodic_arithmetic();
	printf("test_timer_heap: ok\n");
	return 0;
}
