// SPDX-License-Identifier: MIT
/* Host stand-ins for what kernel/channel.c and kernel/object.c link against, for test_channel. */
#include <kernel/cpu.h>
#include <kernel/kalloc.h>
#include <kernel/object.h>
#include <kernel/panic.h>
#include <kernel/thread.h>

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* Shared with test_channel.c (declared again there). */
struct stub_wake {
	struct thread *thread;
	int result;
};
#define STUB_WAKES_MAX 64
struct stub_wake stub_wakes[STUB_WAKES_MAX];
unsigned stub_wake_count;

/* Every live kalloc block, with the size it was asked for, in an open-addressing hash set
 * (tombstones for removals), so that kfree must name a live block with exactly that size and
 * tests can make hundreds of thousands of channels. */
#define STUB_SLOTS (1u << 20)
#define TOMBSTONE  ((void *)1)
static struct {
	void *p;
	size_t size;
} * slots;
static unsigned live_blocks;

static void stub_fail(const char *what)
{
	fprintf(stderr, "channel_stubs: %s\n", what);
	abort();
}

static unsigned slot_hash(const void *p)
{
	return (unsigned)(((uintptr_t)p >> 4) * 2654435761u) % STUB_SLOTS;
}

/* The slot holding p, or -1. */
static long slot_find(const void *p)
{
	if (!slots)
		return -1;
	for (unsigned i = slot_hash(p), n = 0; n < STUB_SLOTS; i = (i + 1) % STUB_SLOTS, n++) {
		if (slots[i].p == p)
			return i;
		if (!slots[i].p)
			return -1;
	}
	return -1;
}

void *kalloc(size_t size)
{
	if (!slots && !(slots = calloc(STUB_SLOTS, sizeof(*slots))))
		stub_fail("host calloc failed");
	if (live_blocks >= STUB_SLOTS / 2)
		stub_fail("too many live kalloc blocks for the stub's set");
	void *p = calloc(1, size ? size : 1);
	if (!p)
		stub_fail("host calloc failed");
	unsigned i = slot_hash(p);
	while (slots[i].p && slots[i].p != TOMBSTONE)
		i = (i + 1) % STUB_SLOTS;
	slots[i].p = p;
	slots[i].size = size;
	live_blocks++;
	return p;
}

void kfree(void *p, size_t size)
{
	if (!p)
		return; /* the real kfree ignores NULL too */
	long i = slot_find(p);
	if (i < 0)
		stub_fail("kfree of a pointer kalloc did not return (or a double free)");
	if (slots[i].size != size)
		stub_fail("kfree with a size other than kalloc's");
	slots[i].p = TOMBSTONE;
	live_blocks--;
	free(p);
}

bool stub_kalloc_live(const void *p)
{
	return slot_find(p) >= 0;
}

unsigned stub_kalloc_count(void)
{
	return live_blocks;
}

void thread_wake(struct thread *t, int result)
{
	if (stub_wake_count == STUB_WAKES_MAX)
		stub_fail("too many thread_wake calls for the stub's record");
	stub_wakes[stub_wake_count++] = (struct stub_wake){t, result};
}

/* The test never blocks: every receive polls. */
int thread_block(uint64_t deadline)
{
	(void)deadline;
	stub_fail("thread_block called: the test only polls");
	return 0;
}

/* Only reachable through kobject_block, which then calls thread_block (and aborts). */
struct cpu *arch_this_cpu(void)
{
	static struct thread fake_thread;
	static struct cpu fake_cpu = {.current = &fake_thread};
	return &fake_cpu;
}

/* The test makes channels only; destroying any other kind of object is a bug. */
void process_destroy(struct kobject *o)
{
	(void)o;
	stub_fail("process_destroy called");
}

void vmo_destroy(struct kobject *o)
{
	(void)o;
	stub_fail("vmo_destroy called");
}

void irq_object_destroy(struct kobject *o)
{
	(void)o;
	stub_fail("irq_object_destroy called");
}

/* No reaper thread on the host: what is left after a batch is destroyed at once, as the
 * kernel does before its reaper runs. */
void reaper_take(void)
{
	kobject_destroy_some(0);
}

void timer_object_destroy(struct kobject *o)
{
	(void)o;
	stub_fail("timer_object_destroy called");
}

void panic(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("PANIC: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	abort();
}
