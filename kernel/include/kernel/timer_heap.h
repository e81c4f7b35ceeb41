/* SPDX-License-Identifier: MIT */
/* The kernel timer queue's order: a pairing heap of ktimers by deadline, so that arming and
 * cancelling cost O(log n) amortised however many timers programs arm (a sorted list cost
 * O(n) per insert, which a program with many periodic timers turned into a livelock). Pure
 * bookkeeping, unit-tested on the host; the caller holds the kernel lock. */
#ifndef KERNEL_TIMER_HEAP_H
#define KERNEL_TIMER_HEAP_H

struct ktimer;

/* Adds t (not in any heap) to the heap rooted at root; returns the new root. O(1). */
struct ktimer *timer_heap_insert(struct ktimer *root, struct ktimer *t);

/* Takes t (in the heap rooted at root, possibly the root itself) out; returns the new root
 * (NULL when empty). O(log n) amortised; iterative, so no depth of heap can overflow a
 * stack. */
struct ktimer *timer_heap_remove(struct ktimer *root, struct ktimer *t);

#endif
