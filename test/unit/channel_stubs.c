// SPDX-License-Identifier: MIT
/* Host stand-ins for what kernel/channel.c and kernel/object.c link against, for test_channel. */
#include <kernel/cpu.h>
#include <kernel/kalloc.h>
#include <kernel/object.h>
#include <kernel/panic.h>
#include <kernel/thread.h>

#include <stdarg.h>
#include <stdbool.h>
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

/* Every live kalloc block with the size it was asked for: kfree must name one exactly. */
#define STUB_ALLOCS_MAX 256
static struct {
	void *p;
	size_t size;
} allocs[STUB_ALLOCS_MAX];

static void stub_fail(const char *what)
{
	fprintf(stderr, "channel_stubs: %s\n", what);
	abort();
}

void *kalloc(size_t size)
{
	for (int i = 0; i < STUB_ALLOCS_MAX; i++) {
		if (allocs[i].p)
			continue;
		void *p = calloc(1, size ? size : 1);
		if (!p)
			stub_fail("host calloc failed");
		allocs[i].p = p;
		allocs[i].size = size;
		return p;
	}
	stub_fail("too many live kalloc blocks for the stub's table");
	return 0;
}

void kfree(void *p, size_t size)
{
	if (!p)
		return; /* the real kfree ignores NULL too */
	for (int i = 0; i < STUB_ALLOCS_MAX; i++) {
		if (allocs[i].p != p)
			continue;
		if (allocs[i].size != size)
			stub_fail("kfree with a size other than kalloc's");
		allocs[i].p = 0;
		free(p);
		return;
	}
	stub_fail("kfree of a pointer kalloc did not return (or a double free)");
}

bool stub_kalloc_live(const void *p)
{
	for (int i = 0; i < STUB_ALLOCS_MAX; i++)
		if (allocs[i].p == p)
			return true;
	return false;
}

unsigned stub_kalloc_count(void)
{
	unsigned n = 0;
	for (int i = 0; i < STUB_ALLOCS_MAX; i++)
		n += allocs[i].p != 0;
	return n;
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
