// SPDX-License-Identifier: MIT
/* A pairing heap of kernel timers ordered by deadline (see timer_heap.h). Each node keeps its
 * first child, its right sibling, and prev: its parent when it is a first child, else its left
 * sibling. The root's prev and sibling are NULL. */
#include <kernel/ktimer.h>
#include <kernel/timer_heap.h>
#include <stddef.h>

/* Joins two heap roots (each with no siblings); the later deadline becomes the first child of
 * the earlier (the older root wins ties, so equal deadlines keep their order of arming). */
static struct ktimer *meld(struct ktimer *a, struct ktimer *b)
{
	if (!a)
		return b;
	if (!b)
		return a;
	if (b->deadline < a->deadline) {
		struct ktimer *swap = a;
		a = b;
		b = swap;
	}
	b->prev = a;
	b->sibling = a->child;
	if (a->child)
		a->child->prev = b;
	a->child = b;
	a->prev = a->sibling = NULL;
	return a;
}

/* The standard two-pass merge of a sibling list into one heap: meld pairs left to right, then
 * fold the pairs right to left. Both passes are loops: a long sibling list costs no stack. */
static struct ktimer *merge_pairs(struct ktimer *first)
{
	struct ktimer *pairs = NULL; /* melded pairs, the last one first, linked by sibling */
	while (first) {
		struct ktimer *a = first, *b = a->sibling;
		first = b ? b->sibling : NULL;
		a->sibling = a->prev = NULL;
		if (b)
			b->sibling = b->prev = NULL;
		struct ktimer *m = meld(a, b);
		m->sibling = pairs;
		pairs = m;
	}
	struct ktimer *root = NULL;
	while (pairs) {
		struct ktimer *next = pairs->sibling;
		pairs->sibling = NULL;
		root = meld(root, pairs);
		pairs = next;
	}
	return root;
}

struct ktimer *timer_heap_insert(struct ktimer *root, struct ktimer *t)
{
	t->child = t->sibling = t->prev = NULL;
	return meld(root, t);
}

struct ktimer *timer_heap_remove(struct ktimer *root, struct ktimer *t)
{
	if (t == root) {
		root = merge_pairs(t->child);
	} else {
		/* Unlink t (with its subtree) from its parent's child list, then put its children
		 * back as one heap. */
		if (t->prev->child == t)
			t->prev->child = t->sibling;
		else
			t->prev->sibling = t->sibling;
		if (t->sibling)
			t->sibling->prev = t->prev;
		root = meld(root, merge_pairs(t->child));
	}
	t->child = t->sibling = t->prev = NULL;
	return root;
}
