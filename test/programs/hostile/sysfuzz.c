// SPDX-License-Identifier: MIT
/* sysfuzz: a seeded random system-call fuzzer. It makes CALLS calls (config calls, default
 * 200000) with numbers and arguments biased to edge values: invalid numbers, NULL, unaligned,
 * unmapped, read-only and kernel addresses, ranges that wrap or straddle the end of a mapping,
 * huge lengths, and the channels, memory objects, timers and threads it really holds (and
 * stale ids of the ones it closed). Everything the kernel may write goes to a scratch mapping,
 * and calls that block without a deadline run in worker threads, so the fuzzer keeps going; a
 * worker rarely ends the whole process, which its spec restarts (the next run continues with
 * a seed derived from the run number). The kernel must survive, the witness keep answering.
 *
 * Config: seed (default 1), calls, verbose-sys (log only calls of that number), avoid
 * ("timer-edges": no edge deadlines and periods, to look past the known timer bugs of issue 11),
 * verbose-from / verbose-to (log each call in that range: the replay), run (start as if this were
 * that run, to replay a later run). The log names the seed and run at the start, and the call
 * number of anything suspicious: a call slower than 50 ms, or a result outside the status codes. */
#include "hostile.h"
#include <fern/env.h>
#include <fern/status.h>
#include <fern/sys.h>
#include <stdlib.h>
#include <string.h>

#define PAGE          4096ull
#define MS            1000000ull
#define SCRATCH_SIZE  (64 * 1024ull)
#define POOL_MAX      160 /* handles held at once (the table has 256) */
#define STALE_MAX     64
#define MAPS_MAX      48
#define WORKERS       24
#define WORKER_STACK  4096
#define SLOW_NS       (50 * MS)
#define FIRST_UNKNOWN (FERN_ERR_INTERRUPTED - 1) /* below the last status code */

static uint64_t rng_state;
static uint64_t call_no, verbose_from, verbose_to, verbose_sys = UINT64_MAX;
static uint64_t anomalies, slow_calls, succeeded, worker_calls;
static int avoid_timer_edges; /* config avoid = "timer-edges": periods and deadlines sane */

static uint64_t rnd(void)
{
	/* splitmix64: every seed gives a full-period stream. */
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint64_t below(uint64_t n)
{
	return n ? rnd() % n : 0;
}

static int chance(unsigned one_in)
{
	return below(one_in) == 0;
}

/* ---- what the fuzzer knows about itself ---- */

static uint8_t *scratch; /* SCRATCH_SIZE bytes, read/write, a 64 KiB gap after it */
static fern_handle scratch_vmo;
static uint64_t space_top; /* the end of this program's address space */
static const struct fern_start_info *si;

static fern_handle pool[POOL_MAX];
static int pool_count;
static fern_handle stale[STALE_MAX];
static int stale_next;
static fern_handle protect[FERN_START_HANDLES + 1];
static int protect_count;

struct mapping {
	uint64_t addr, size;
	int writable;
};
static struct mapping maps[MAPS_MAX];
static int map_count;

static int is_protected(fern_handle h)
{
	for (int i = 0; i < protect_count; i++)
		if (protect[i] == h)
			return 1;
	return 0;
}

static void pool_add(fern_handle h)
{
	if (!h || is_protected(h))
		return;
	for (int i = 0; i < pool_count; i++)
		if (pool[i] == h)
			return;
	if (pool_count == POOL_MAX) { /* full: close a random one to make room */
		int i = (int)below(POOL_MAX);
		fern_handle_close(pool[i]);
		stale[stale_next++ % STALE_MAX] = pool[i];
		pool[i] = h;
		return;
	}
	pool[pool_count++] = h;
}

/* h left this process (closed, or moved in a message). */
static void pool_forget(fern_handle h)
{
	for (int i = 0; i < pool_count; i++)
		if (pool[i] == h) {
			pool[i] = pool[--pool_count];
			stale[stale_next++ % STALE_MAX] = h;
			return;
		}
}

static uint64_t edge_u64(void)
{
	static const uint64_t edges[] = {0,
					 1,
					 2,
					 3,
					 15,
					 16,
					 17,
					 31,
					 32,
					 33,
					 255,
					 256,
					 4095,
					 4096,
					 4097,
					 8192,
					 65536,
					 1ull << 20,
					 256ull << 20,
					 (256ull << 20) + 1,
					 0x7fffffffull,
					 0x80000000ull,
					 0xffffffffull,
					 0x100000000ull,
					 1ull << 47,
					 1ull << 48,
					 0x7fffffffffffffffull,
					 0x8000000000000000ull,
					 0xfffffffffffff000ull,
					 0xffffffffffffffffull,
					 0xfffffffffffffffeull,
					 (uint64_t)-4095,
					 (uint64_t)-4096};
	switch (below(4)) {
	case 0: return rnd();
	case 1: return below(64);
	default: return edges[below(sizeof(edges) / sizeof(edges[0]))];
	}
}

static fern_handle gen_handle(void)
{
	fern_handle h;
	unsigned pick = (unsigned)below(20);
	if (pick < 15 && pool_count)
		h = pool[below((uint64_t)pool_count)];
	else if (pick < 17)
		h = stale[below(STALE_MAX)];
	else if (pick < 19)
		h = (fern_handle)(below(4) << 8 | below(256)); /* a plausible id */
	else
		h = (fern_handle)edge_u64();
	return is_protected(h) ? 0 : h;
}

/* Whether [at, at + size) lies inside the scratch mapping (without overflowing). */
static int in_scratch(uint64_t at, uint64_t size)
{
	return at >= (uint64_t)scratch && at - (uint64_t)scratch <= SCRATCH_SIZE - size;
}

/* An address inside the scratch mapping (writable by the kernel without harm). */
static uint64_t scratch_ptr(void)
{
	uint64_t off = below(SCRATCH_SIZE - 2 * PAGE) & ~7ull;
	if (chance(8))
		off |= 1 + below(7); /* unaligned */
	return (uint64_t)scratch + off;
}

/* A pointer argument: mostly scratch, else an edge. When write is set the kernel may write
 * there, so it is never this program's own live memory (stack, heap, data). */
static uint64_t gen_ptr(int write, uint64_t size)
{
	uint64_t image = si->image_base, stack_lo = si->stack_top - 64 * 1024;
	uint64_t heap_end = si->heap_base + si->heap_size;
	switch (below(24)) {
	case 0: return 0;
	case 1: return 1 + below(4095);
	case 2:
		return (uint64_t)scratch + SCRATCH_SIZE - 1 -
		       below(size ? size : 16);                            /* straddles */
	case 3: return (uint64_t)scratch + SCRATCH_SIZE + below(2) * PAGE; /* the gap after it */
	case 4: return image - 8 - below(2) * PAGE;
	case 5: return stack_lo - 8 - below(2) * PAGE;
	case 6: return si->stack_top + below(2) * PAGE;
	case 7: return si->heap_base - 8;
	case 8: return heap_end + below(2) * PAGE - (write ? 0 : 8);
	case 9: return space_top - 8 - below(2) * PAGE; /* the top of the address space */
	case 10: return space_top + below(PAGE);
	case 11: return 0xffff000040000000ull + below(1ull << 20); /* the kernel's linear map */
	case 12: return 0xffffffffc0000000ull + below(1ull << 20); /* the kernel image area */
	case 13: return 0xfffffffffffffff0ull + below(16);         /* wraps */
	case 14: return rnd();
	case 15:
		if (map_count) { /* a mapping of ours: maybe read-only, maybe its end */
			const struct mapping *m = &maps[below((uint64_t)map_count)];
			return m->addr + (chance(2) ? 0 : m->size - 8);
		}
		return (uint64_t)si; /* the start info page: read-only */
	case 16: return write ? (uint64_t)si : image + below(PAGE); /* read-only for writes */
	default: return scratch_ptr();
	}
}

/* An address outside the program's address space. */
static uint64_t outside(void)
{
	static const uint64_t where[] = {0, 0x1000, 0xffff000040000000ull, 0xfffffffffffffff0ull};
	uint64_t at = where[below(4)];
	return chance(3) ? space_top + below(PAGE) * 16 : at;
}

/* A deadline that cannot block for long: poll, past, or at most 2 ms ahead. */
static uint64_t gen_deadline(void)
{
	uint64_t now = fern_clock_ns();
	switch (below(6)) {
	case 0: return FERN_DEADLINE_POLL;
	case 1: return 1;
	case 2: return now - below(now);
	default: return now + below(2 * MS);
	}
}

static uint64_t gen_length(void)
{
	static const uint64_t lengths[] = {0, 1, 7, 8, 64, 240, 241, 256, 257, 4095, 4096, 4097};
	return chance(4) ? edge_u64() : lengths[below(sizeof(lengths) / sizeof(lengths[0]))];
}

static uint16_t gen_type(void)
{
	static const uint16_t types[] = {1,    2,    3,    4,    5,    6,   0x81,
					 0x82, 0x83, 0x84, 0x85, 0x86, 0xff};
	static const uint16_t bad[] = {0, 7, 0x80, 0x87, 0xfe, 0x100, 0xffff};
	return chance(5) ? bad[below(sizeof(bad) / 2)] : types[below(sizeof(types) / 2)];
}

/* A message at a scratch address (or an edge pointer), for sending or receiving. */
static uint64_t gen_msg(int send)
{
	uint64_t at = chance(10) ? gen_ptr(!send, sizeof(struct fern_msg))
				 : (uint64_t)scratch + (below(SCRATCH_SIZE / 2) & ~7ull);
	if (!in_scratch(at, sizeof(struct fern_msg)))
		return at;
	struct fern_msg m = {
	    .type = gen_type(),
	    .handle_count = (uint16_t)(chance(4) ? edge_u64() : below(FERN_MSG_HANDLES + 2)),
	    .call_id = (uint32_t)(chance(2) ? below(4) : rnd()),
	    .word = {edge_u64(), rnd(), 0, below(3)},
	    .data = (void *)(uintptr_t)gen_ptr(!send, 4096),
	    .data_len = (uint32_t)gen_length(),
	    .data_cap = (uint32_t)gen_length(),
	};
	if (chance(3))
		m.handle_count = 0;
	for (int i = 0; i < FERN_MSG_HANDLES; i++)
		m.handle[i] = gen_handle();
	memcpy((void *)(uintptr_t)at, &m, sizeof(m));
	return at;
}

/* ---- worker threads: calls that may block for good ---- */

struct worker {
	volatile int busy;       /* set by the main thread, cleared by the worker's last act */
	volatile uint64_t freed; /* when the main thread saw it cleared */
	uint64_t number, arg[6];
	uint8_t stack[WORKER_STACK] __attribute__((aligned(16)));
};
static struct worker workers[WORKERS];

/* The worker's entry (x0 = its slot), on its own stack, without TLS: it only makes the call,
 * then clears busy and ends the thread without touching its stack again. */
static __attribute__((noreturn, used)) void worker_main(struct worker *w)
{
	if (w->number == SYS_THREAD_EXIT)
		w->busy = 0; /* the call below is its end */
	fern_syscall(w->number, w->arg[0], w->arg[1], w->arg[2], w->arg[3], w->arg[4], w->arg[5]);
	__asm__ volatile("str	wzr, [%0]\n"
			 "mov	x8, %1\n" RT_SYSCALL_INSNS "brk	#0\n" ::"r"(&w->busy),
			 "i"(SYS_THREAD_EXIT)
			 : "x8", "x9", "x30", "memory");
	__builtin_unreachable();
}

/* The smallest valid thread: it ends at once (raw SYS_THREAD_CREATE with a scratch stack). */
void sysfuzz_tiny_thread(void);
_Static_assert(SYS_THREAD_EXIT == 24, "sysfuzz_tiny_thread's x8");
__asm__(".text\n"
	".p2align 2\n"
	".type	sysfuzz_tiny_thread, %function\n"
	"sysfuzz_tiny_thread:\n"
	"	mov	x8, #24\n" RT_SYSCALL_INSNS "	brk	#0\n"
	".size	sysfuzz_tiny_thread, . - sysfuzz_tiny_thread\n");

/* Runs number(args) in a worker thread; returns the syscall's own result for the create. */
static int64_t in_worker(uint64_t number, const uint64_t *args)
{
	uint64_t now = fern_clock_ns();
	for (int i = 0; i < WORKERS; i++) {
		struct worker *w = &workers[i];
		if (w->busy)
			continue;
		if (!w->freed) {
			w->freed = now;
			continue;
		}
		if (now - w->freed < 50 * MS) /* its last thread may still be on the stack */
			continue;
		w->busy = 1;
		w->freed = 0;
		w->number = number;
		memcpy(w->arg, args, sizeof(w->arg));
		int64_t id =
		    fern_syscall(SYS_THREAD_CREATE, (uint64_t)worker_main,
				 (uint64_t)(w->stack + WORKER_STACK), (uint64_t)w, 0, 0, 0);
		if (fern_is_error(id))
			w->busy = 0;
		else
			worker_calls++;
		return id;
	}
	return FERN_ERR_BUSY;
}

/* ---- one call ---- */

static void note(uint64_t number, const uint64_t *a, int64_t r, uint64_t dt)
{
	int verbose = call_no >= verbose_from && call_no < verbose_to &&
		      (verbose_sys == UINT64_MAX || verbose_sys == number);
	int bad = fern_is_error(r) && r < FIRST_UNKNOWN;
	if (number >= SYS_COUNT && r != FERN_ERR_NO_SYSCALL)
		bad = 1;
	if (bad)
		anomalies++;
	if (dt > SLOW_NS)
		slow_calls++;
	if (!fern_is_error(r))
		succeeded++;
	if (verbose || (bad && anomalies <= 20) || (dt > SLOW_NS && slow_calls <= 20))
		fern_logf("%s#%llu sys %llu (%llx %llx %llx %llx %llx %llx) -> %lld%s%s (%llu us)",
			  bad            ? "ANOMALY "
			  : dt > SLOW_NS ? "SLOW "
					 : "",
			  (unsigned long long)call_no, (unsigned long long)number,
			  (unsigned long long)a[0], (unsigned long long)a[1],
			  (unsigned long long)a[2], (unsigned long long)a[3],
			  (unsigned long long)a[4], (unsigned long long)a[5], (long long)r,
			  fern_is_error(r) ? " " : "", fern_is_error(r) ? status_name((int)r) : "",
			  (unsigned long long)(dt / 1000));
}

/* After a call: learn the handles and mappings it made, forget what it moved or closed. */
static void learn(uint64_t number, const uint64_t *a, int64_t r)
{
	switch (number) {
	case SYS_HANDLE_CLOSE:
		if (r == FERN_OK)
			pool_forget((fern_handle)a[0]);
		break;
	case SYS_HANDLE_DUP:
	case SYS_VMO_CREATE:
	case SYS_TIMER_CREATE:
	case SYS_PORT_CREATE:
		if (!fern_is_error(r))
			pool_add((fern_handle)r);
		break;
	case SYS_CHANNEL_CREATE:
		if (r == FERN_OK && in_scratch(a[0], 8)) {
			fern_handle pair[2];
			memcpy(pair, (void *)(uintptr_t)a[0], sizeof(pair));
			pool_add(pair[0]);
			pool_add(pair[1]);
		}
		break;
	case SYS_CHANNEL_SEND:
	case SYS_CHANNEL_CALL:
	case SYS_CHANNEL_REPLY_RECV: {
		/* The request went out when the call succeeded or failed in its receive half; its
		 * handles left us then. (A wrong guess only leaves a stale id in the pool.) */
		int sent =
		    r == FERN_OK ||
		    (number != SYS_CHANNEL_SEND &&
		     (r == FERN_ERR_TIMED_OUT || r == FERN_ERR_EMPTY || r == FERN_ERR_TOO_MANY));
		if (sent && in_scratch(a[1], sizeof(struct fern_msg))) {
			struct fern_msg m;
			memcpy(&m, (void *)(uintptr_t)a[1], sizeof(m));
			for (int i = 0; i < m.handle_count && i < FERN_MSG_HANDLES; i++)
				pool_forget(m.handle[i]);
		}
		if (number == SYS_CHANNEL_SEND)
			break;
		__attribute__((fallthrough)); /* the receive half */
	}
	case SYS_PORT_REPLY_RECV:
	case SYS_CHANNEL_RECV: {
		uint64_t got = number == SYS_CHANNEL_RECV      ? a[1]
			       : number == SYS_PORT_REPLY_RECV ? a[3]
							       : a[2];
		if (r == FERN_OK && in_scratch(got, sizeof(struct fern_msg))) {
			struct fern_msg m;
			memcpy(&m, (void *)(uintptr_t)got, sizeof(m));
			for (int i = 0; i < m.handle_count && i < FERN_MSG_HANDLES; i++)
				pool_add(m.handle[i]);
		}
		break;
	}
	case SYS_VM_MAP:
		if (!fern_is_error(r)) {
			if (map_count == MAPS_MAX) {
				fern_vm_unmap(maps[0].addr, maps[0].size);
				memmove(maps, maps + 1, sizeof(maps[0]) * (MAPS_MAX - 1));
				map_count--;
			}
			maps[map_count++] =
			    (struct mapping){(uint64_t)r, a[2], !!(a[3] & FERN_PROT_WRITE)};
		}
		break;
	case SYS_VM_UNMAP:
		if (r == FERN_OK)
			for (int i = 0; i < map_count; i++)
				if (maps[i].addr == a[0]) {
					maps[i] = maps[--map_count];
					break;
				}
		break;
	}
}

/* Whether unmapping [addr, addr + size) could take memory this program runs on. */
static int own_region(uint64_t addr)
{
	return addr == (uint64_t)scratch || addr == si->image_base || addr == si->heap_base ||
	       addr == si->stack_top - 64 * 1024 || addr == ((uint64_t)si & ~(PAGE - 1)) ||
	       addr == ((uint64_t)si->env & ~(PAGE - 1));
}

/* Every so often: close everything and unmap every mapping of ours. Workers blocked on these
 * channels see their peers go and end; the next epoch starts from a clean table. */
static void purge(void)
{
	while (pool_count)
		fern_handle_close(pool[--pool_count]);
	while (map_count) {
		map_count--;
		fern_vm_unmap(maps[map_count].addr, maps[map_count].size);
	}
}

static void one_call(void)
{
	uint64_t a[6] = {0};
	uint64_t number;
	int worker = 0;
	unsigned pick = (unsigned)below(100);
	if (pick < 3) {
		static const uint64_t bad[] = {SYS_COUNT,  SYS_COUNT + 1, 64,
					       255,        4096,          0x7fffffff,
					       0x80000000, 1ull << 32,    (uint64_t)-1};
		number = chance(2) ? bad[below(sizeof(bad) / 8)] : rnd();
	} else {
		number = below(SYS_COUNT);
	}
	for (int i = 0; i < 6; i++)
		a[i] = edge_u64();
	switch (number) {
	case SYS_LOG:
		a[0] = gen_ptr(0, 256);
		a[1] = gen_length();
		if (!chance(50)) /* a valid line now and then: a log flood is its own test */
			a[0] = chance(2) ? 0 : 0xffff000000000000ull + below(1ull << 30);
		break;
	case SYS_EXIT:
	case SYS_THREAD_EXIT:
		if (!chance(10000)) { /* rarely, from a worker: ends the process or a thread */
			number = SYS_NOP;
			break;
		}
		a[0] = number == SYS_EXIT ? 3 : 0;
		worker = 1;
		break;
	case SYS_SLEEP: a[0] = gen_deadline(); break;
	case SYS_VMO_PADDR:
		a[0] = gen_handle();
		a[1] = chance(4) ? edge_u64() : below(1 << 20);
		break;
	case SYS_HANDLE_CLOSE:
	case SYS_IRQ_ACK: a[0] = gen_handle(); break;
	case SYS_HANDLE_DUP:
		a[0] = gen_handle();
		a[1] = chance(4) ? edge_u64() : below(FERN_RIGHTS_ALL + 1);
		break;
	case SYS_CHANNEL_CREATE: a[0] = chance(8) ? gen_ptr(1, 8) : scratch_ptr() & ~3ull; break;
	case SYS_CHANNEL_SEND:
		a[0] = gen_handle();
		a[1] = gen_msg(1);
		break;
	case SYS_CHANNEL_RECV:
		a[0] = gen_handle();
		a[1] = gen_msg(0);
		a[2] = gen_deadline();
		break;
	case SYS_CHANNEL_CALL:
	case SYS_CHANNEL_REPLY_RECV:
		a[0] = gen_handle();
		a[1] = number == SYS_CHANNEL_REPLY_RECV && chance(4) ? 0 : gen_msg(1);
		a[2] = gen_msg(0);
		a[3] = gen_deadline();
		break;
	case SYS_PORT_BIND:
		a[0] = gen_handle();
		a[1] = gen_handle();
		a[2] = rnd();
		a[3] = chance(4) ? edge_u64()
				 : (rnd() & FERN_SIGNALS_ALL) | (chance(4) ? FERN_PORT_REPORT : 0);
		break;
	case SYS_PORT_REPLY_RECV:
		a[0] = gen_handle();
		a[1] = gen_handle();
		a[2] = chance(3) ? 0 : gen_msg(1);
		a[3] = gen_msg(0);
		a[4] = gen_deadline();
		break;
	case SYS_WAIT: {
		uint64_t at = scratch_ptr() & ~3ull;
		uint32_t n = (uint32_t)(chance(3) ? edge_u64() : 1 + below(FERN_WAIT_MAX + 2));
		for (uint32_t i = 0; i < FERN_WAIT_MAX && in_scratch(at, (i + 1) * 16); i++) {
			struct fern_wait_item item = {gen_handle(), (uint32_t)rnd(), 0, 0};
			if (!chance(4))
				item.signals &= 0x1f;
			memcpy((void *)(uintptr_t)(at + i * 16), &item, sizeof(item));
		}
		a[0] = chance(8) ? gen_ptr(1, 16) : at;
		a[1] = n;
		a[2] = gen_deadline();
		break;
	}
	case SYS_VMO_CREATE:
		a[0] = chance(2) ? 1 + below(4 * PAGE) : gen_length();
		if (a[0] > (1ull << 20) && a[0] <= (256ull << 20) && !chance(500))
			a[0] = 1 + below(1ull << 20); /* big objects stay rare: memory is shared */
		a[1] = chance(6) ? edge_u64() : below(2);
		break;
	case SYS_VM_MAP:
		a[0] = gen_handle();
		a[1] = chance(3) ? edge_u64() : below(4) * PAGE;
		a[2] = chance(3) ? edge_u64() : (1 + below(4)) * PAGE;
		a[3] = chance(4) ? edge_u64() : below(8);
		break;
	case SYS_VM_UNMAP:
		if (map_count && chance(2)) {
			const struct mapping *m = &maps[below((uint64_t)map_count)];
			a[0] = m->addr + (chance(8) ? PAGE : 0);
			a[1] = chance(8) ? m->size + PAGE : m->size;
		} else {
			a[0] = chance(2) ? gen_ptr(0, 0) & ~(PAGE - 1) : edge_u64();
			a[1] = gen_length();
		}
		if (own_region(a[0]))
			a[0] += PAGE; /* never this program's own stack, heap, image or scratch */
		break;
	case SYS_TIMER_SET:
		a[0] = gen_handle();
		a[1] =
		    chance(3) && !avoid_timer_edges ? edge_u64() : fern_clock_ns() + below(5 * MS);
		a[2] = chance(3) && !avoid_timer_edges ? edge_u64()
		       : chance(2)                     ? 0
						       : 100000 + below(10 * MS);
		break;
	case SYS_CALL_SHORT:
	case SYS_REPLY_RECV_SHORT:
		a[0] = gen_handle();
		a[1] = chance(4) ? rnd() : (uint64_t)gen_type() | (uint64_t)below(4) << 32;
		if (number == SYS_REPLY_RECV_SHORT && chance(3))
			a[1] = 0;
		worker = 1; /* no deadline: they may wait for good */
		break;
	case SYS_THREAD_CREATE:
		/* A thread entered anywhere but sysfuzz_tiny_thread would run data and fault,
		 * ending this program: bad entries are misaligned or outside the address space. */
		a[0] = (uint64_t)sysfuzz_tiny_thread;
		a[1] = ((uint64_t)scratch + SCRATCH_SIZE) & ~15ull;
		if (chance(3))
			a[0] = chance(2) ? (uint64_t)sysfuzz_tiny_thread + 1 + below(3) : outside();
		if (chance(3))
			a[1] = chance(2) ? a[1] - 8 : outside();
		break;
	default: break;
	}
	uint64_t t0 = fern_clock_ns();
	int64_t r = worker ? in_worker(number, a)
			   : fern_syscall(number, a[0], a[1], a[2], a[3], a[4], a[5]);
	uint64_t dt = fern_clock_ns() - t0;
	/* A sleep or receive may wait up to its 2 ms deadline, or its slice: not slow. */
	note(worker ? SYS_THREAD_CREATE : number, a, r, dt);
	if (!worker)
		learn(number, a, r);
}

static uint64_t config_u64(const char *name, uint64_t fallback)
{
	const char *s = fern_env_config_string(name, 0);
	return s ? strtoull(s, 0, 0) : fallback;
}

int main(int argc, char **argv)
{
	si = fern_start_info();
	uint64_t seed = argc > 1 ? strtoull(argv[1], 0, 0) : config_u64("seed", 1);
	uint64_t calls = argc > 2 ? strtoull(argv[2], 0, 0) : config_u64("calls", 200000);
	verbose_from = config_u64("verbose-from", 0);
	verbose_to = config_u64("verbose-to", 0);
	verbose_sys = config_u64("verbose-sys", UINT64_MAX);
	avoid_timer_edges = strstr(fern_env_config_string("avoid", ""), "timer-edges") != 0;
	uint64_t run = hostile_begin() + config_u64("run", 1) - 1;
	uint64_t done = hostile_get(HOSTILE_KEY_PROGRESS);
	rng_state = seed * 0x100000001b3ull + run;

	/* The bootstrap handles (startup, witness) are never fuzzed: closing them, or sending
	 * the startup task a shutdown, would end the test, not find a bug. */
	for (uint32_t i = 0; i < si->handle_count && i < FERN_START_HANDLES; i++)
		protect[protect_count++] = si->handle[i];
	int64_t v = fern_vmo_create(SCRATCH_SIZE, 0);
	int64_t at = fern_is_error(v) ? v
				      : fern_vm_map((fern_handle)v, 0, SCRATCH_SIZE,
						    FERN_PROT_READ | FERN_PROT_WRITE);
	if (fern_is_error(at)) {
		fern_logf("cannot map the scratch area: %s", status_name((int)at));
		hostile_done(1, 0);
		return 1;
	}
	scratch_vmo = (fern_handle)v;
	protect[protect_count++] = scratch_vmo;
	scratch = (uint8_t *)(uintptr_t)at;
	if (si->domain == FERN_DOMAIN_EL1) {
		/* The end of its 64 GiB window. */
		space_top = (si->image_base & ~(0x1000000000ull - 1)) + 0x1000000000ull;
	} else {
		space_top = 0x800000000000ull;
	}
	fern_logf("seed %llu run %llu: %llu calls (%llu done before this run)",
		  (unsigned long long)seed, (unsigned long long)run, (unsigned long long)calls,
		  (unsigned long long)done);

	for (call_no = done; call_no < calls; call_no++) {
		one_call();
		if (call_no % 4096 == 0) {
			hostile_set(HOSTILE_KEY_PROGRESS, call_no);
			hostile_set(HOSTILE_KEY_STEP, call_no);
		}
		if (call_no % 25000 == 24999)
			purge();
	}
	purge(); /* leave as little as possible behind for the exit to tidy */
	int blocked = 0;
	for (int i = 0; i < WORKERS; i++)
		blocked += workers[i].busy;
	fern_logf("seed %llu: %llu calls made over %llu runs (this run: %llu succeeded, %llu in "
		  "worker threads, %d still blocked), %llu anomalies, %llu slow calls",
		  (unsigned long long)seed, (unsigned long long)calls, (unsigned long long)run,
		  (unsigned long long)succeeded, (unsigned long long)worker_calls, blocked,
		  (unsigned long long)anomalies, (unsigned long long)slow_calls);
	hostile_set(HOSTILE_KEY_PROGRESS, calls);
	hostile_done(anomalies, run);
	return 0;
}
