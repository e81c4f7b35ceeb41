// SPDX-License-Identifier: MIT
/* Memory objects and mappings, run by the harness (scenario "memory") in either domain:
 *   mem_test wx        map arguments are checked as docs/ipc.md says, and W^X holds per object
 *   mem_test loop N    N rounds of create, map, touch, unmap, close (tables must come back)
 *   mem_test hold N    the same, then answers one call on handle 0 (the harness counts free
 *                      memory meanwhile) and stays until that channel closes
 *   mem_test park N    N channel pairs parked in the queues of other channels, each with 1 KiB
 *                      of data, left to the exit (kernel object memory must come back)
 *   mem_test lazy      a 64 MiB object mapped and three pages touched (pages come on first touch,
 *                      also when a system call writes an untouched page); then as hold
 *   mem_test big       a 64 MiB object mapped three times, touched, left to the exit */
#include <fern/sys.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

static void expect(const char *what, int64_t got, int64_t want)
{
	if (got == want)
		return;
	printf("%s: got %s (%lld), expected %s\n", what, status_name((int)got), (long long)got,
	       status_name((int)want));
	failures++;
}

static int wx_test(void)
{
	int64_t v = fern_vmo_create(2 * 4096, 0);
	if (fern_is_error(v))
		return 1;
	fern_handle h = (fern_handle)v;
	expect("size 0", fern_vm_map(h, 0, 0, FERN_PROT_READ), FERN_ERR_INVALID);
	expect("no READ", fern_vm_map(h, 0, 4096, FERN_PROT_WRITE), FERN_ERR_INVALID);
	expect("W+X in one mapping",
	       fern_vm_map(h, 0, 4096, FERN_PROT_READ | FERN_PROT_WRITE | FERN_PROT_EXEC),
	       FERN_ERR_INVALID);
	expect("unknown prot bit", fern_vm_map(h, 0, 4096, FERN_PROT_READ | 0x100),
	       FERN_ERR_INVALID);
	int64_t w = fern_vm_map(h, 0, 4096, FERN_PROT_READ | FERN_PROT_WRITE);
	if (fern_is_error(w))
		return 1;
	/* Another page of the same object, while one is writable: still the same object. */
	expect("X while mapped W", fern_vm_map(h, 4096, 4096, FERN_PROT_READ | FERN_PROT_EXEC),
	       FERN_ERR_BUSY);
	int64_t dup = fern_handle_dup(h, FERN_RIGHT_MAP | FERN_RIGHT_READ);
	expect("X through another handle while mapped W",
	       fern_vm_map((fern_handle)dup, 0, 4096, FERN_PROT_READ | FERN_PROT_EXEC),
	       FERN_ERR_BUSY);
	expect("unmap W", fern_vm_unmap((uint64_t)w, 4096), FERN_OK);
	int64_t x = fern_vm_map(h, 0, 4096, FERN_PROT_READ | FERN_PROT_EXEC);
	expect("X once no mapping is writable", fern_is_error(x) ? x : 0, 0);
	expect("W while mapped X", fern_vm_map(h, 0, 4096, FERN_PROT_READ | FERN_PROT_WRITE),
	       FERN_ERR_BUSY);
	int64_t r = fern_vm_map(h, 0, 4096, FERN_PROT_READ);
	expect("R while mapped X", fern_is_error(r) ? r : 0, 0);
	printf("wx: %d failures\n", failures);
	return failures ? 1 : 0;
}

static int loop_test(long rounds)
{
	for (long i = 0; i < rounds; i++) {
		int64_t v = fern_vmo_create(4096, 0);
		if (fern_is_error(v)) {
			printf("round %ld: create: %s\n", i, status_name((int)v));
			return 1;
		}
		int64_t a = fern_vm_map((fern_handle)v, 0, 4096, FERN_PROT_READ | FERN_PROT_WRITE);
		if (fern_is_error(a)) {
			printf("round %ld: map: %s\n", i, status_name((int)a));
			return 1;
		}
		*(volatile uint64_t *)a = (uint64_t)i;
		if (fern_vm_unmap((uint64_t)a, 4096) || fern_handle_close((fern_handle)v)) {
			printf("round %ld: unmap or close failed\n", i);
			return 1;
		}
	}
	printf("loop: %ld rounds\n", rounds);
	return 0;
}

/* Answers one call on h (the harness measures memory while we live), then waits for the
 * channel to close. */
static int hold(fern_handle h)
{
	struct fern_msg m = {0};
	int rc = fern_channel_recv(h, &m, FERN_DEADLINE_NEVER);
	if (rc)
		return 1;
	struct fern_msg reply = {.type = m.type | FERN_MSG_REPLY, .call_id = m.call_id};
	if (fern_channel_send(h, &reply))
		return 1;
	while ((rc = fern_channel_recv(h, &m, FERN_DEADLINE_NEVER)) == FERN_OK)
		;
	return rc == FERN_ERR_PEER_CLOSED ? 0 : 1;
}

/* Parks n channel pairs, with data, in the queues of holder channels: each message moves
 * both ends of a new pair into the holder's queue; a full holder is parked in the next one. */
static int park_test(long n)
{
	static uint8_t data[1024];
	fern_handle holder[2];
	if (fern_channel_create(holder))
		return 1;
	for (long i = 0; i < n; i++) {
		fern_handle pair[2];
		if (fern_channel_create(pair)) {
			printf("park: pair %ld: create failed\n", i);
			return 1;
		}
		struct fern_msg m = {.type = FERN_MSG_CONNECT,
				     .handle_count = 2,
				     .handle = {pair[0], pair[1]},
				     .data = data,
				     .data_len = sizeof(data)};
		int rc = fern_channel_send(holder[0], &m);
		if (rc == FERN_ERR_FULL) {
			/* Park the full holder's receiving end in a new holder, then go on. */
			fern_handle full = holder[1];
			fern_handle_close(holder[0]);
			if (fern_channel_create(holder))
				return 1;
			struct fern_msg p = {
			    .type = FERN_MSG_CONNECT, .handle_count = 1, .handle = {full}};
			rc = fern_channel_send(holder[0], &p);
			if (!rc)
				rc = fern_channel_send(holder[0], &m);
		}
		if (rc) {
			printf("park: pair %ld: send: %s\n", i, status_name(rc));
			return 1;
		}
	}
	printf("park: %ld pairs parked\n", n);
	return 0; /* the exit destroys them all */
}

/* Anonymous memory is committed on first touch: reads of untouched pages see zeros, a system
 * call may write an untouched page (the kernel maps it and goes on), but not one of a
 * read-only mapping. */
static int lazy_test(void)
{
	const uint64_t size = 64ull << 20, page = 4096;
	int64_t v = fern_vmo_create(size, 0);
	int64_t a = fern_is_error(v)
			? v
			: fern_vm_map((fern_handle)v, 0, size, FERN_PROT_READ | FERN_PROT_WRITE);
	int64_t r = fern_is_error(a) ? a : fern_vm_map((fern_handle)v, 0, size, FERN_PROT_READ);
	if (fern_is_error(r)) {
		printf("lazy: create or map: %s\n", status_name((int)r));
		return 1;
	}
	volatile uint8_t *w = (volatile uint8_t *)a, *ro = (volatile uint8_t *)r;
	w[0] = 1;
	w[size - 1] = 2;
	expect("an untouched page reads zero", w[size / 2], 0);
	expect("the read-only view sees the write", ro[size - 1], 2);
	fern_handle pair[2];
	if (fern_channel_create(pair))
		return 1;
	struct fern_msg m = {.type = FERN_MSG_WRITE, .data = "hello", .data_len = 5};
	expect("send", fern_channel_send(pair[0], &m), FERN_OK);
	/* The message struct in an untouched read-only page: the receive cannot write it. */
	struct fern_msg *bad = (struct fern_msg *)(r + 30 * page);
	expect("receive into an untouched read-only page", fern_channel_recv(pair[1], bad, 0),
	       FERN_ERR_FAULT);
	/* The struct and the data each in an untouched writable page. */
	struct fern_msg *got = (struct fern_msg *)(a + 10 * page);
	got->data = (void *)(a + 20 * page);
	got->data_cap = 16;
	expect("receive into untouched pages", fern_channel_recv(pair[1], got, 0), FERN_OK);
	expect("the data arrived", memcmp((const void *)(a + 20 * page), "hello", 5), 0);
	fern_handle_close(pair[0]);
	fern_handle_close(pair[1]);
	printf("lazy: %d failures\n", failures);
	return failures ? 1 : 0;
}

static int big_test(void)
{
	const uint64_t size = 64ull << 20;
	int64_t v = fern_vmo_create(size, 0);
	if (fern_is_error(v)) {
		printf("big: create: %s\n", status_name((int)v));
		return 1;
	}
	for (int i = 0; i < 3; i++) {
		int64_t a = fern_vm_map((fern_handle)v, 0, size, FERN_PROT_READ | FERN_PROT_WRITE);
		if (fern_is_error(a)) {
			printf("big: map %d: %s\n", i, status_name((int)a));
			return 1;
		}
		((volatile uint8_t *)a)[i * 4096] = 1;
		((volatile uint8_t *)a)[size - 1] = 2;
	}
	printf("big: 3 mappings of 64 MiB\n");
	return 0; /* the exit tears it all down */
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "wx"))
		return wx_test();
	if (argc > 2 && !strcmp(argv[1], "loop"))
		return loop_test(strtol(argv[2], 0, 0));
	if (argc > 1 && !strcmp(argv[1], "lazy") && fern_start_info()->handle_count)
		return lazy_test() || hold(fern_start_info()->handle[0]);
	if (argc > 2 && !strcmp(argv[1], "hold") && fern_start_info()->handle_count)
		return loop_test(strtol(argv[2], 0, 0)) || hold(fern_start_info()->handle[0]);
	if (argc > 2 && !strcmp(argv[1], "park"))
		return park_test(strtol(argv[2], 0, 0));
	if (argc > 1 && !strcmp(argv[1], "big"))
		return big_test();
	printf("usage: mem_test wx|loop N|hold N|park N|big\n");
	return 2;
}
