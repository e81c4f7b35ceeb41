// SPDX-License-Identifier: MIT
/* probe: every system call with every kind of bad argument, each checked against the error
 * docs/ipc.md documents: pointers (NULL, unaligned, unmapped, read-only for outputs, kernel
 * addresses, ranges that wrap or straddle the end of a mapping), lengths (0, 1, max, max + 1,
 * huge) and handles (0, invalid, closed, wrong type, lacking each right). Logs one "MISMATCH"
 * line per disagreement (the call, what came back, what the docs say) and the count. */
#include "hostile.h"
#include <fern/status.h>
#include <fern/sys.h>
#include <string.h>

#define PAGE 4096ull
#define MS   1000000ull

static int checks, mismatches;

static int64_t sc(uint64_t n, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
	return fern_syscall(n, a0, a1, a2, a3, 0, 0);
}

/* The call named what returned got; the docs say want. */
static void expect(const char *what, int64_t got, int64_t want)
{
	checks++;
	if (got == want)
		return;
	mismatches++;
	fern_logf("MISMATCH %s: got %lld (%s), docs say %lld (%s)", what, (long long)got,
		  fern_is_error(got) ? status_name((int)got) : "a value", (long long)want,
		  fern_is_error(want) ? status_name((int)want) : "a value");
}

/* Like expect, for calls that succeed with a value (a handle, an address). */
static void expect_ok(const char *what, int64_t got)
{
	checks++;
	if (!fern_is_error(got))
		return;
	mismatches++;
	fern_logf("MISMATCH %s: got %s, docs say it succeeds", what, status_name((int)got));
}

/* What the probes work with. */
static fern_handle a, b, vmo, timer, closed_h;
static fern_handle lacking[6]; /* a (or vmo, timer) without each right, by bit */

/* The rights each kind of object is created with (docs/ipc.md). */
#define CHANNEL_RIGHTS                                                                     \
	(FERN_RIGHT_READ | FERN_RIGHT_WRITE | FERN_RIGHT_TRANSFER | FERN_RIGHT_DUPLICATE | \
	 FERN_RIGHT_WAIT)
#define VMO_RIGHTS                                                                   \
	(FERN_RIGHT_READ | FERN_RIGHT_WRITE | FERN_RIGHT_MAP | FERN_RIGHT_TRANSFER | \
	 FERN_RIGHT_DUPLICATE)
#define TIMER_RIGHTS CHANNEL_RIGHTS
static uint64_t map, map_end, ro, unmapped, kernel_addr, wrap, top;
static const struct fern_start_info *si;

static fern_handle dup(fern_handle h, uint32_t rights)
{
	int64_t d = fern_handle_dup(h, rights);
	return fern_is_error(d) ? 0 : (fern_handle)d;
}

static void setup(void)
{
	si = fern_start_info();
	fern_handle pair[2];
	fern_channel_create(pair);
	a = pair[0];
	b = pair[1];
	vmo = (fern_handle)fern_vmo_create(2 * PAGE, 0);
	timer = (fern_handle)fern_timer_create();
	closed_h = dup(a, CHANNEL_RIGHTS);
	fern_handle_close(closed_h);
	map = (uint64_t)fern_vm_map(vmo, 0, 2 * PAGE, FERN_PROT_READ | FERN_PROT_WRITE);
	map_end = map + 2 * PAGE;
	unmapped = map_end + PAGE; /* inside the 64 KiB gap after every mapping */
	/* A read-only view of the mapping's first page: what is written at map shows there. */
	ro = (uint64_t)fern_vm_map(vmo, 0, PAGE, FERN_PROT_READ);
	kernel_addr = 0xffff000040000000ull;
	wrap = 0xfffffffffffffff8ull;
	top = si->domain == FERN_DOMAIN_EL1
		  ? (si->image_base & ~(0x1000000000ull - 1)) + 0x1000000000ull
		  : 0x800000000000ull;
}

static void probe_log(void)
{
	expect("log NULL len 5", sc(SYS_LOG, 0, 5, 0, 0), FERN_ERR_FAULT);
	expect("log unmapped", sc(SYS_LOG, unmapped, 5, 0, 0), FERN_ERR_FAULT);
	expect("log kernel address", sc(SYS_LOG, kernel_addr, 5, 0, 0), FERN_ERR_FAULT);
	expect("log straddling a mapping's end", sc(SYS_LOG, map_end - 2, 5, 0, 0), FERN_ERR_FAULT);
	expect("log wrapping range", sc(SYS_LOG, wrap, 16, 0, 0), FERN_ERR_FAULT);
	expect("log top of the address space", sc(SYS_LOG, top - 8, 16, 0, 0), FERN_ERR_FAULT);
	memcpy((void *)map, "probe: one line\n", 16);
	expect("log len 0", sc(SYS_LOG, map, 0, 0, 0), FERN_OK);
	expect("log huge len (cut to a line)", sc(SYS_LOG, map, UINT64_MAX, 0, 0), FERN_OK);
}

static void probe_handles(void)
{
	expect("close 0", sc(SYS_HANDLE_CLOSE, 0, 0, 0, 0), FERN_ERR_BAD_HANDLE);
	expect("close 0xffffffff", sc(SYS_HANDLE_CLOSE, 0xffffffff, 0, 0, 0), FERN_ERR_BAD_HANDLE);
	expect("close a closed handle", sc(SYS_HANDLE_CLOSE, closed_h, 0, 0, 0),
	       FERN_ERR_BAD_HANDLE);
	expect("dup 0", sc(SYS_HANDLE_DUP, 0, FERN_RIGHT_READ, 0, 0), FERN_ERR_BAD_HANDLE);
	expect("dup closed", sc(SYS_HANDLE_DUP, closed_h, FERN_RIGHT_READ, 0, 0),
	       FERN_ERR_BAD_HANDLE);
	expect("dup without DUPLICATE", sc(SYS_HANDLE_DUP, lacking[4], 0, 0, 0), FERN_ERR_DENIED);
	fern_handle r = dup(a, FERN_RIGHT_READ | FERN_RIGHT_DUPLICATE);
	expect("dup with more rights", sc(SYS_HANDLE_DUP, r, FERN_RIGHTS_ALL, 0, 0),
	       FERN_ERR_DENIED);
	expect("dup with unknown rights", sc(SYS_HANDLE_DUP, a, 0xffffffff, 0, 0), FERN_ERR_DENIED);
	int64_t d = sc(SYS_HANDLE_DUP, r, 0, 0, 0);
	expect_ok("dup with no rights", d);
	fern_handle_close((fern_handle)d);
	fern_handle_close(r);
}

static void probe_channel_create(void)
{
	static const struct {
		const char *what;
		uint64_t *at;
		uint64_t off;
	} bad[] = {{"create out NULL", 0, 0},
		   {"create out unmapped", &unmapped, 0},
		   {"create out read-only", &ro, 0},
		   {"create out kernel", &kernel_addr, 0},
		   {"create out straddling", &map_end, (uint64_t)-4},
		   {"create out wrapping", &wrap, 4}};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect(bad[i].what,
		       sc(SYS_CHANNEL_CREATE, (bad[i].at ? *bad[i].at : 0) + bad[i].off, 0, 0, 0),
		       FERN_ERR_FAULT);
	expect("create out unaligned", sc(SYS_CHANNEL_CREATE, map + 1, 0, 0, 0), FERN_OK);
	fern_handle pair[2];
	memcpy(pair, (void *)(map + 1), sizeof(pair));
	fern_handle_close(pair[0]);
	fern_handle_close(pair[1]);
}

static void probe_send(void)
{
	struct fern_msg m = {.type = FERN_MSG_READ};
	uint64_t mp = (uint64_t)&m;
	expect("send on 0", sc(SYS_CHANNEL_SEND, 0, mp, 0, 0), FERN_ERR_BAD_HANDLE);
	expect("send on closed", sc(SYS_CHANNEL_SEND, closed_h, mp, 0, 0), FERN_ERR_BAD_HANDLE);
	expect("send on a vmo", sc(SYS_CHANNEL_SEND, vmo, mp, 0, 0), FERN_ERR_WRONG_TYPE);
	expect("send on a timer", sc(SYS_CHANNEL_SEND, timer, mp, 0, 0), FERN_ERR_WRONG_TYPE);
	expect("send without WRITE", sc(SYS_CHANNEL_SEND, lacking[1], mp, 0, 0), FERN_ERR_DENIED);
	expect("send msg NULL", sc(SYS_CHANNEL_SEND, a, 0, 0, 0), FERN_ERR_FAULT);
	expect("send msg unmapped", sc(SYS_CHANNEL_SEND, a, unmapped, 0, 0), FERN_ERR_FAULT);
	expect("send msg kernel", sc(SYS_CHANNEL_SEND, a, kernel_addr, 0, 0), FERN_ERR_FAULT);
	memcpy((void *)(map_end - 16), &m, 16);
	expect("send msg straddling", sc(SYS_CHANNEL_SEND, a, map_end - 16, 0, 0), FERN_ERR_FAULT);
	expect("send msg wrapping", sc(SYS_CHANNEL_SEND, a, wrap, 0, 0), FERN_ERR_FAULT);
	static const uint16_t bad_types[] = {0, 7, 0x80, 0x87, 0xfe, 0x100, 0xffff};
	for (unsigned i = 0; i < sizeof(bad_types) / 2; i++) {
		struct fern_msg t = {.type = bad_types[i]};
		expect("send bad type", sc(SYS_CHANNEL_SEND, a, (uint64_t)&t, 0, 0),
		       FERN_ERR_INVALID);
	}
	struct fern_msg big = {.type = FERN_MSG_WRITE, .data = (void *)map, .data_len = 4097};
	expect("send 4097 bytes", sc(SYS_CHANNEL_SEND, a, (uint64_t)&big, 0, 0), FERN_ERR_TOO_BIG);
	big.data_len = 0xffffffff;
	expect("send 4 GiB", sc(SYS_CHANNEL_SEND, a, (uint64_t)&big, 0, 0), FERN_ERR_TOO_BIG);
	struct fern_msg many = {.type = FERN_MSG_WRITE, .handle_count = 5};
	expect("send 5 handles", sc(SYS_CHANNEL_SEND, a, (uint64_t)&many, 0, 0), FERN_ERR_TOO_BIG);
	many.handle_count = 0xffff;
	expect("send 65535 handles", sc(SYS_CHANNEL_SEND, a, (uint64_t)&many, 0, 0),
	       FERN_ERR_TOO_BIG);
	struct fern_msg d = {.type = FERN_MSG_WRITE, .data = 0, .data_len = 1};
	expect("send data NULL", sc(SYS_CHANNEL_SEND, a, (uint64_t)&d, 0, 0), FERN_ERR_FAULT);
	d.data = (void *)kernel_addr;
	expect("send data kernel", sc(SYS_CHANNEL_SEND, a, (uint64_t)&d, 0, 0), FERN_ERR_FAULT);
	d.data = (void *)(map_end - 8);
	d.data_len = 16;
	expect("send data straddling", sc(SYS_CHANNEL_SEND, a, (uint64_t)&d, 0, 0), FERN_ERR_FAULT);
	d.data = (void *)wrap;
	expect("send data wrapping", sc(SYS_CHANNEL_SEND, a, (uint64_t)&d, 0, 0), FERN_ERR_FAULT);
	struct fern_msg h = {.type = FERN_MSG_WRITE, .handle_count = 1, .handle = {0}};
	expect("send handle 0", sc(SYS_CHANNEL_SEND, a, (uint64_t)&h, 0, 0), FERN_ERR_BAD_HANDLE);
	h.handle[0] = closed_h;
	expect("send a closed handle", sc(SYS_CHANNEL_SEND, a, (uint64_t)&h, 0, 0),
	       FERN_ERR_BAD_HANDLE);
	h.handle[0] = a;
	expect("send an end on itself", sc(SYS_CHANNEL_SEND, a, (uint64_t)&h, 0, 0),
	       FERN_ERR_INVALID);
	h.handle[0] = b;
	expect("send the peer end on its channel", sc(SYS_CHANNEL_SEND, a, (uint64_t)&h, 0, 0),
	       FERN_ERR_INVALID);
	h.handle[0] = timer;
	h.handle[1] = timer;
	h.handle_count = 2;
	expect("send a handle twice", sc(SYS_CHANNEL_SEND, a, (uint64_t)&h, 0, 0),
	       FERN_ERR_INVALID);
	h.handle[0] = lacking[3];
	h.handle_count = 1;
	expect("send a handle without TRANSFER", sc(SYS_CHANNEL_SEND, a, (uint64_t)&h, 0, 0),
	       FERN_ERR_DENIED);
	/* Every failed send left the handles where they were. */
	expect("timer still there after failed sends", fern_irq_ack(timer), 0);
	/* Fill the queue. */
	int64_t rc = 0;
	int sent = 0;
	while ((rc = sc(SYS_CHANNEL_SEND, a, mp, 0, 0)) == FERN_OK && sent < 100)
		sent++;
	expect("send to a full queue", rc, FERN_ERR_FULL);
	expect("messages a queue holds", sent, FERN_CHANNEL_QUEUE);
	struct fern_msg r = {0};
	while (fern_channel_recv(b, &r, FERN_DEADLINE_POLL) == FERN_OK)
		;
}

static void probe_recv(void)
{
	struct fern_msg r = {.data = (void *)map, .data_cap = 64};
	uint64_t rp = (uint64_t)&r;
	expect("recv on 0", sc(SYS_CHANNEL_RECV, 0, rp, 0, 0), FERN_ERR_BAD_HANDLE);
	expect("recv on a vmo", sc(SYS_CHANNEL_RECV, vmo, rp, 0, 0), FERN_ERR_WRONG_TYPE);
	expect("recv without READ", sc(SYS_CHANNEL_RECV, lacking[0], rp, 0, 0), FERN_ERR_DENIED);
	expect("recv poll, empty", sc(SYS_CHANNEL_RECV, b, rp, FERN_DEADLINE_POLL, 0),
	       FERN_ERR_EMPTY);
	expect("recv past deadline, empty", sc(SYS_CHANNEL_RECV, b, rp, 1, 0), FERN_ERR_TIMED_OUT);
	char text[100] = "a message with data";
	struct fern_msg s = {.type = FERN_MSG_WRITE, .call_id = 9, .data = text, .data_len = 100};
	fern_channel_send(a, &s);
	expect("recv into NULL", sc(SYS_CHANNEL_RECV, b, 0, 0, 0), FERN_ERR_FAULT);
	/* The read-only view shows the page map writes: a receive buffer there is readable. */
	struct fern_msg view = {.data = (void *)(map + 1024), .data_cap = 4096 - 1024};
	memcpy((void *)map, &view, sizeof(view));
	expect("recv into read-only", sc(SYS_CHANNEL_RECV, b, ro, 0, 0), FERN_ERR_FAULT);
	view.data_cap = 1;
	memcpy((void *)map, &view, sizeof(view));
	/* TOO_BIG promises data_len set to the size needed: it cannot be, so FAULT. */
	expect("recv too big into read-only", sc(SYS_CHANNEL_RECV, b, ro, 0, 0), FERN_ERR_FAULT);
	expect("recv into kernel", sc(SYS_CHANNEL_RECV, b, kernel_addr, 0, 0), FERN_ERR_FAULT);
	expect("recv into wrapping", sc(SYS_CHANNEL_RECV, b, wrap, 0, 0), FERN_ERR_FAULT);
	r = (struct fern_msg){.data = (void *)map, .data_cap = 99};
	expect("recv 100 bytes into 99", sc(SYS_CHANNEL_RECV, b, rp, 0, 0), FERN_ERR_TOO_BIG);
	expect("recv TOO_BIG tells the size", r.data_len, 100);
	r = (struct fern_msg){.data = (void *)ro, .data_cap = 100};
	expect("recv data into read-only", sc(SYS_CHANNEL_RECV, b, rp, 0, 0), FERN_ERR_FAULT);
	r = (struct fern_msg){.data = (void *)(map_end - 50), .data_cap = 100};
	expect("recv data straddling", sc(SYS_CHANNEL_RECV, b, rp, 0, 0), FERN_ERR_FAULT);
	r = (struct fern_msg){.data = (void *)map, .data_cap = 100};
	expect("recv after every failure", sc(SYS_CHANNEL_RECV, b, rp, 0, 0), FERN_OK);
	expect("the message survived",
	       r.call_id == 9 && r.data_len == 100 && !memcmp((void *)map, text, 100), 1);
	/* A full handle table: the message waits. */
	struct fern_msg h = {
	    .type = FERN_MSG_WRITE, .handle_count = 1, .handle = {dup(timer, TIMER_RIGHTS)}};
	fern_channel_send(a, &h);
	static fern_handle fill[256];
	int n = 0;
	while (n < 256 && (fill[n] = dup(a, FERN_RIGHT_READ)) != 0)
		n++;
	r = (struct fern_msg){0};
	expect("recv a handle into a full table", sc(SYS_CHANNEL_RECV, b, rp, 0, 0),
	       FERN_ERR_TOO_MANY);
	while (n)
		fern_handle_close(fill[--n]);
	expect("recv it once there is room", sc(SYS_CHANNEL_RECV, b, rp, 0, 0), FERN_OK);
	fern_handle_close(r.handle[0]);
}

static void probe_call(void)
{
	struct fern_msg q = {.type = FERN_MSG_READ, .call_id = 5}, r = {0};
	uint64_t qp = (uint64_t)&q, rp = (uint64_t)&r, soon = 1;
	expect("call on 0", sc(SYS_CHANNEL_CALL, 0, qp, rp, soon), FERN_ERR_BAD_HANDLE);
	expect("call without READ", sc(SYS_CHANNEL_CALL, lacking[0], qp, rp, soon),
	       FERN_ERR_DENIED);
	expect("call without WRITE", sc(SYS_CHANNEL_CALL, lacking[1], qp, rp, soon),
	       FERN_ERR_DENIED);
	expect("call req NULL", sc(SYS_CHANNEL_CALL, a, 0, rp, soon), FERN_ERR_FAULT);
	expect("call past deadline", sc(SYS_CHANNEL_CALL, a, qp, rp, soon), FERN_ERR_TIMED_OUT);
	expect("reply_recv on 0", sc(SYS_CHANNEL_REPLY_RECV, 0, 0, rp, soon), FERN_ERR_BAD_HANDLE);
	expect("reply_recv reply NULL, poll", sc(SYS_CHANNEL_REPLY_RECV, b, 0, rp, 0), FERN_OK);
	expect("reply_recv reply kernel", sc(SYS_CHANNEL_REPLY_RECV, b, kernel_addr, rp, 0),
	       FERN_ERR_FAULT);
	struct fern_msg bad = {.type = 0};
	expect("reply_recv bad reply type", sc(SYS_CHANNEL_REPLY_RECV, b, (uint64_t)&bad, rp, 0),
	       FERN_ERR_INVALID);
}

static void probe_wait(void)
{
	struct fern_wait_item w[40];
	for (int i = 0; i < 40; i++)
		w[i] = (struct fern_wait_item){.handle = a, .signals = FERN_SIGNAL_READABLE};
	uint64_t wp = (uint64_t)w;
	expect("wait count 0", sc(SYS_WAIT, wp, 0, 0, 0), FERN_ERR_INVALID);
	expect("wait count 16", sc(SYS_WAIT, wp, 16, 0, 0), FERN_ERR_TIMED_OUT);
	expect("wait count 17", sc(SYS_WAIT, wp, 17, 0, 0), FERN_ERR_TIMED_OUT);
	expect("wait count 32", sc(SYS_WAIT, wp, 32, 0, 0), FERN_ERR_TIMED_OUT);
	expect("wait count 33", sc(SYS_WAIT, wp, 33, 0, 0), FERN_ERR_INVALID);
	expect("wait count huge", sc(SYS_WAIT, wp, UINT64_MAX, 0, 0), FERN_ERR_INVALID);
	expect("wait items NULL", sc(SYS_WAIT, 0, 1, 0, 0), FERN_ERR_FAULT);
	expect("wait items kernel", sc(SYS_WAIT, kernel_addr, 1, 0, 0), FERN_ERR_FAULT);
	memcpy((void *)(map_end - 8), w, 8);
	expect("wait items straddling", sc(SYS_WAIT, map_end - 8, 1, 0, 0), FERN_ERR_FAULT);
	expect("wait items wrapping", sc(SYS_WAIT, wrap, 1, 0, 0), FERN_ERR_FAULT);
	w[0].handle = 0;
	expect("wait on handle 0", sc(SYS_WAIT, wp, 1, 0, 0), FERN_ERR_BAD_HANDLE);
	w[0].handle = vmo;
	expect("wait on a vmo (no WAIT right)", sc(SYS_WAIT, wp, 1, 0, 0), FERN_ERR_DENIED);
	w[0].handle = lacking[5];
	expect("wait without WAIT", sc(SYS_WAIT, wp, 1, 0, 0), FERN_ERR_DENIED);
	w[0].handle = a;
	expect("wait past deadline", sc(SYS_WAIT, wp, 1, 1, 0), FERN_ERR_TIMED_OUT);
	/* Something ready, items read-only: the pending fields cannot be written. */
	struct fern_msg s = {.type = FERN_MSG_WRITE};
	fern_channel_send(b, &s);
	expect("wait ready", sc(SYS_WAIT, wp, 1, 0, 0), 1);
	memcpy((void *)map, w, sizeof(w[0])); /* ro shows the same page */
	expect("wait items read-only", sc(SYS_WAIT, ro, 1, 0, 0), FERN_ERR_FAULT);
	struct fern_msg r = {0};
	fern_channel_recv(a, &r, 0);
}

/* W^X per object: writable and executable mappings of one object never coexist. */
static void probe_wx(void)
{
	uint64_t rw = FERN_PROT_READ | FERN_PROT_WRITE, rx = FERN_PROT_READ | FERN_PROT_EXEC;
	int64_t o = fern_vmo_create(PAGE, 0);
	int64_t w = sc(SYS_VM_MAP, o, 0, PAGE, rw);
	expect_ok("map writable", w);
	int64_t x = sc(SYS_VM_MAP, o, 0, PAGE, rx);
	expect("map executable while mapped writable", x, FERN_ERR_BUSY);
	if (!fern_is_error(x))
		fern_vm_unmap((uint64_t)x, PAGE);
	fern_vm_unmap((uint64_t)w, PAGE);
	x = sc(SYS_VM_MAP, o, 0, PAGE, rx);
	expect_ok("map executable once the writable mapping is gone", x);
	w = sc(SYS_VM_MAP, o, 0, PAGE, rw);
	expect("map writable while mapped executable", w, FERN_ERR_BUSY);
	if (!fern_is_error(w))
		fern_vm_unmap((uint64_t)w, PAGE);
	fern_vm_unmap((uint64_t)x, PAGE);
	fern_handle_close((fern_handle)o);
}

static void probe_memory(void)
{
	expect("vmo size 0", sc(SYS_VMO_CREATE, 0, 0, 0, 0), FERN_ERR_INVALID);
	expect("vmo 256 MiB + 1", sc(SYS_VMO_CREATE, (256ull << 20) + 1, 0, 0, 0),
	       FERN_ERR_INVALID);
	expect("vmo huge", sc(SYS_VMO_CREATE, UINT64_MAX, 0, 0, 0), FERN_ERR_INVALID);
	expect("vmo size wraps when rounded", sc(SYS_VMO_CREATE, UINT64_MAX - 100, 0, 0, 0),
	       FERN_ERR_INVALID);
	expect("vmo flags 4", sc(SYS_VMO_CREATE, PAGE, 4, 0, 0), FERN_ERR_INVALID);
	expect("vmo flags -1", sc(SYS_VMO_CREATE, PAGE, UINT64_MAX, 0, 0), FERN_ERR_INVALID);
	expect("contiguous 4 MiB + 1 page", sc(SYS_VMO_CREATE, (4ull << 20) + PAGE, 1, 0, 0),
	       FERN_ERR_NO_MEMORY);
	int64_t one = sc(SYS_VMO_CREATE, 1, 0, 0, 0);
	expect_ok("vmo 1 byte", one);
	fern_handle_close((fern_handle)one);
	expect_ok("paddr of anonymous", sc(SYS_VMO_PADDR, vmo, 0, 0, 0));
	expect("paddr past the end", sc(SYS_VMO_PADDR, vmo, 1ull << 40, 0, 0), FERN_ERR_RANGE);
	expect("paddr of a channel", sc(SYS_VMO_PADDR, a, 0, 0, 0), FERN_ERR_WRONG_TYPE);
	int64_t c = sc(SYS_VMO_CREATE, PAGE, FERN_VMO_CONTIGUOUS, 0, 0);
	expect_ok("contiguous page", sc(SYS_VMO_PADDR, c, 0, 0, 0));
	fern_handle c_nr = dup((fern_handle)c, FERN_RIGHT_MAP);
	expect("paddr without READ", sc(SYS_VMO_PADDR, c_nr, 0, 0, 0), FERN_ERR_DENIED);
	fern_handle_close(c_nr);
	fern_handle_close((fern_handle)c);

	uint64_t rw = FERN_PROT_READ | FERN_PROT_WRITE;
	expect("map a channel", sc(SYS_VM_MAP, a, 0, PAGE, FERN_PROT_READ), FERN_ERR_WRONG_TYPE);
	expect("map 0", sc(SYS_VM_MAP, 0, 0, PAGE, FERN_PROT_READ), FERN_ERR_BAD_HANDLE);
	fern_handle no_map = dup(vmo, VMO_RIGHTS & ~FERN_RIGHT_MAP);
	fern_handle no_write = dup(vmo, VMO_RIGHTS & ~FERN_RIGHT_WRITE);
	expect("map without MAP", sc(SYS_VM_MAP, no_map, 0, PAGE, FERN_PROT_READ), FERN_ERR_DENIED);
	expect("map writable without WRITE", sc(SYS_VM_MAP, no_write, 0, PAGE, rw),
	       FERN_ERR_DENIED);
	fern_handle_close(no_map);
	fern_handle_close(no_write);
	expect("map offset unaligned", sc(SYS_VM_MAP, vmo, 1, PAGE, rw), FERN_ERR_INVALID);
	expect("map size unaligned", sc(SYS_VM_MAP, vmo, 0, PAGE + 1, rw), FERN_ERR_INVALID);
	expect("map past the object", sc(SYS_VM_MAP, vmo, PAGE, 2 * PAGE, rw), FERN_ERR_INVALID);
	expect("map offset past the object", sc(SYS_VM_MAP, vmo, 4 * PAGE, PAGE, rw),
	       FERN_ERR_INVALID);
	expect("map range wraps", sc(SYS_VM_MAP, vmo, 0ull - PAGE, 2 * PAGE, rw), FERN_ERR_INVALID);
	expect("map huge size", sc(SYS_VM_MAP, vmo, 0, 0ull - PAGE, rw), FERN_ERR_INVALID);
	expect("map size 0", sc(SYS_VM_MAP, vmo, 0, 0, rw), FERN_ERR_INVALID);
	expect("map write+exec", sc(SYS_VM_MAP, vmo, 0, PAGE, 7), FERN_ERR_INVALID);
	expect("map unknown prot bit", sc(SYS_VM_MAP, vmo, 0, PAGE, 8 | FERN_PROT_READ),
	       FERN_ERR_INVALID);
	expect("map prot 0", sc(SYS_VM_MAP, vmo, 0, PAGE, 0), FERN_ERR_INVALID);
	expect("map write without READ", sc(SYS_VM_MAP, vmo, 0, PAGE, FERN_PROT_WRITE),
	       FERN_ERR_INVALID);
	expect("map exec without READ", sc(SYS_VM_MAP, vmo, 0, PAGE, FERN_PROT_EXEC),
	       FERN_ERR_INVALID);
	probe_wx();

	int64_t m = sc(SYS_VM_MAP, vmo, 0, PAGE, FERN_PROT_READ);
	expect("unmap 0, 0", sc(SYS_VM_UNMAP, 0, 0, 0, 0), FERN_ERR_NOT_FOUND);
	expect("unmap with the wrong size", sc(SYS_VM_UNMAP, m, 2 * PAGE, 0, 0),
	       FERN_ERR_NOT_FOUND);
	expect("unmap inside a mapping", sc(SYS_VM_UNMAP, m + PAGE, PAGE, 0, 0),
	       FERN_ERR_NOT_FOUND);
	expect("unmap a kernel address", sc(SYS_VM_UNMAP, kernel_addr, PAGE, 0, 0),
	       FERN_ERR_NOT_FOUND);
	expect("unmap huge", sc(SYS_VM_UNMAP, m, UINT64_MAX, 0, 0), FERN_ERR_NOT_FOUND);
	expect("unmap", sc(SYS_VM_UNMAP, m, PAGE, 0, 0), FERN_OK);
	expect("unmap twice", sc(SYS_VM_UNMAP, m, PAGE, 0, 0), FERN_ERR_NOT_FOUND);
}

static void probe_timers(void)
{
	expect("ack a channel", sc(SYS_IRQ_ACK, a, 0, 0, 0), FERN_ERR_WRONG_TYPE);
	expect("ack 0", sc(SYS_IRQ_ACK, 0, 0, 0, 0), FERN_ERR_BAD_HANDLE);
	fern_handle t_nw = dup(timer, TIMER_RIGHTS & ~FERN_RIGHT_WRITE);
	expect("ack without WRITE", sc(SYS_IRQ_ACK, t_nw, 0, 0, 0), FERN_ERR_DENIED);
	expect("timer set without WRITE", sc(SYS_TIMER_SET, t_nw, 1, 0, 0), FERN_ERR_DENIED);
	fern_handle_close(t_nw);
	expect("timer set on a channel", sc(SYS_TIMER_SET, a, 1, 0, 0), FERN_ERR_WRONG_TYPE);
	expect("timer period 1 ns", sc(SYS_TIMER_SET, timer, 1, 1, 0), FERN_ERR_RANGE);
	expect("timer period 99999 ns", sc(SYS_TIMER_SET, timer, 1, 99999, 0), FERN_ERR_RANGE);
	expect("timer cancel", sc(SYS_TIMER_SET, timer, 0, 0, 0), FERN_OK);
	expect("timer in the past fires", sc(SYS_TIMER_SET, timer, 1, 0, 0), FERN_OK);
	struct fern_wait_item w = {.handle = timer, .signals = FERN_SIGNAL_TIMER};
	expect("past timer is raised", fern_wait(&w, 1, fern_clock_ns() + 100 * MS), 1);
	expect("ack counts it", sc(SYS_IRQ_ACK, timer, 0, 0, 0), 1);
}

static void probe_short(void)
{
	fern_handle pair[2];
	fern_channel_create(pair);
	fern_handle_close(pair[1]);
	expect("call_short type 0", sc(SYS_CALL_SHORT, a, 0, 0, 0), FERN_ERR_INVALID);
	expect("call_short type 0x10000", sc(SYS_CALL_SHORT, a, 0x10000, 0, 0), FERN_ERR_INVALID);
	expect("call_short on 0", sc(SYS_CALL_SHORT, 0, FERN_MSG_READ, 0, 0), FERN_ERR_BAD_HANDLE);
	expect("call_short on a vmo", sc(SYS_CALL_SHORT, vmo, FERN_MSG_READ, 0, 0),
	       FERN_ERR_WRONG_TYPE);
	expect("call_short without READ", sc(SYS_CALL_SHORT, lacking[0], FERN_MSG_READ, 0, 0),
	       FERN_ERR_DENIED);
	expect("call_short without WRITE", sc(SYS_CALL_SHORT, lacking[1], FERN_MSG_READ, 0, 0),
	       FERN_ERR_DENIED);
	expect("call_short peer closed", sc(SYS_CALL_SHORT, pair[0], FERN_MSG_READ, 0, 0),
	       FERN_ERR_PEER_CLOSED);
	expect("reply_recv_short peer closed", sc(SYS_REPLY_RECV_SHORT, pair[0], 0, 0, 0),
	       FERN_ERR_PEER_CLOSED);
	expect("reply_recv_short bad reply type", sc(SYS_REPLY_RECV_SHORT, a, 0x7, 0, 0),
	       FERN_ERR_INVALID);
	fern_handle_close(pair[0]);
	char text[4] = "data";
	struct fern_msg s = {.type = FERN_MSG_WRITE, .data = text, .data_len = 4};
	fern_channel_send(a, &s);
	expect("reply_recv_short, data queued", sc(SYS_REPLY_RECV_SHORT, b, 0, 0, 0),
	       FERN_ERR_TOO_BIG);
	struct fern_msg r = {.data = (void *)map, .data_cap = 16};
	expect("the data message is still there", fern_channel_recv(b, &r, 0), FERN_OK);
}

static void probe_threads(void)
{
	uint64_t stack = map_end & ~15ull;
	expect("thread entry 0", sc(SYS_THREAD_CREATE, 0, stack, 0, 0), FERN_ERR_INVALID);
	expect("thread entry unaligned",
	       sc(SYS_THREAD_CREATE, (uint64_t)probe_threads + 2, stack, 0, 0), FERN_ERR_INVALID);
	expect("thread entry kernel", sc(SYS_THREAD_CREATE, kernel_addr, stack, 0, 0),
	       FERN_ERR_INVALID);
	expect("thread stack unaligned",
	       sc(SYS_THREAD_CREATE, (uint64_t)probe_threads, stack - 8, 0, 0), FERN_ERR_INVALID);
	expect("thread stack kernel",
	       sc(SYS_THREAD_CREATE, (uint64_t)probe_threads, kernel_addr, 0, 0), FERN_ERR_INVALID);
	expect("thread stack top of the space",
	       sc(SYS_THREAD_CREATE, (uint64_t)probe_threads, top + PAGE, 0, 0), FERN_ERR_INVALID);
}

static void probe_numbers(void)
{
	static const uint64_t bad[] = {SYS_COUNT,  SYS_COUNT + 1, 255,
				       0x7fffffff, 1ull << 32,    UINT64_MAX};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect("unknown system call", sc(bad[i], 0, 0, 0, 0), FERN_ERR_NO_SYSCALL);
	expect("sleep in the past", sc(SYS_SLEEP, 1, 0, 0, 0), FERN_OK);
	expect("nop", sc(SYS_NOP, 0, 0, 0, 0), FERN_OK);
}

int main(void)
{
	hostile_begin();
	setup();
	/* a, vmo or timer without each right (bit i), for the "lacking a right" probes. */
	for (int i = 0; i < 6; i++)
		lacking[i] = i == 2 ? dup(vmo, VMO_RIGHTS & ~FERN_RIGHT_MAP)
				    : dup(a, CHANNEL_RIGHTS & ~(1u << i));
	lacking[3] = dup(timer, TIMER_RIGHTS & ~FERN_RIGHT_TRANSFER);
	probe_log();
	probe_handles();
	probe_channel_create();
	probe_send();
	probe_recv();
	probe_call();
	probe_wait();
	probe_memory();
	probe_timers();
	probe_short();
	probe_threads();
	probe_numbers();
	fern_logf("%d probes, %d mismatches with docs/ipc.md", checks, mismatches);
	hostile_set(HOSTILE_KEY_PROGRESS, (uint64_t)checks);
	hostile_done((uint64_t)mismatches, (uint64_t)checks);
	return 0;
}
