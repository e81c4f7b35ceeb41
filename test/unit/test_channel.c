// SPDX-License-Identifier: MIT
/* Unit test for channel queues: order, bounds, replies, signals, wakes, peer close, wrap. */
#include <kernel/channel.h>

#include <fern/abi.h>
#include <fern/status.h>
#include <kernel/kalloc.h>
#include <kernel/thread.h>
#include <stdbool.h>

#include "check.h"

/* From channel_stubs.c: thread_wake's record and the live kalloc blocks. */
struct stub_wake {
	struct thread *thread;
	int result;
};
extern struct stub_wake stub_wakes[];
extern unsigned stub_wake_count;
bool stub_kalloc_live(const void *p);
unsigned stub_kalloc_count(void);

#define REPLY(t) ((uint16_t)((t) | FERN_MSG_REPLY))

/* Fake threads for waiters: only their addresses matter (thread_wake is recorded). */
static struct thread thread_a, thread_b, thread_c;

static struct kmsg make_msg(uint16_t type, uint32_t call_id, uint64_t tag)
{
	struct kmsg m = {.type = type, .call_id = call_id};
	for (int i = 0; i < FERN_MSG_WORDS; i++)
		m.word[i] = tag * 10 + (uint64_t)i;
	return m;
}

static void send_ok(struct channel_end *from, uint16_t type, uint32_t call_id, uint64_t tag)
{
	struct kmsg m = make_msg(type, call_id, tag);
	CHECK_EQ(channel_send(from, &m), FERN_OK);
}

/* Polls for the next message (or reply to call_id) and checks it is the one tagged tag. */
static void recv_expect(struct channel_end *end, int want_reply, uint32_t call_id, uint16_t type,
			uint64_t tag)
{
	struct kmsg m;
	memset(&m, 0xa5, sizeof(m));
	CHECK_EQ(channel_recv(end, want_reply, call_id, FERN_DEADLINE_POLL, &m), FERN_OK);
	CHECK_EQ(m.type, type);
	CHECK_EQ(m.word[0], tag * 10);
	CHECK_EQ(m.word[FERN_MSG_WORDS - 1], tag * 10 + FERN_MSG_WORDS - 1);
	if (want_reply)
		CHECK_EQ(m.call_id, call_id);
	CHECK_EQ(m.handle_count, 0);
	CHECK(m.data == NULL);
}

static void recv_status(struct channel_end *end, int want_reply, uint32_t call_id, int status)
{
	struct kmsg m;
	CHECK_EQ(channel_recv(end, want_reply, call_id, FERN_DEADLINE_POLL, &m), status);
}

static bool readable(const struct channel_end *end)
{
	return end->obj.signals & FERN_SIGNAL_READABLE;
}

/* Puts b's (empty) ring head at index head: each round trip of one message moves it by one;
 * a receive and put-back in between also exercises channel_unreceive at every position. */
static void set_head(struct channel_end *a, struct channel_end *b, unsigned head)
{
	CHECK_EQ(b->count, 0);
	for (unsigned i = 0; b->head != head; i++) {
		CHECK(i < FERN_CHANNEL_QUEUE);
		send_ok(a, FERN_MSG_READ, 0, 1000 + i);
		struct kmsg m;
		CHECK_EQ(channel_recv(b, 0, 0, FERN_DEADLINE_POLL, &m), FERN_OK);
		channel_unreceive(b, &m);
		recv_expect(b, 0, 0, FERN_MSG_READ, 1000 + i);
	}
	CHECK_EQ(b->count, 0);
}

static void destroy_pair(struct channel_end *a, struct channel_end *b)
{
	kobject_unref(&a->obj);
	kobject_unref(&b->obj);
}

static void test_create(void)
{
	struct channel_end *a, *b;
	CHECK_EQ(channel_create(&a, &b), FERN_OK);
	CHECK(a != b);
	CHECK(a->peer == b && b->peer == a);
	CHECK_EQ(a->obj.type, KOBJ_CHANNEL);
	CHECK_EQ(b->obj.type, KOBJ_CHANNEL);
	CHECK_EQ(a->obj.refs, 1);
	CHECK_EQ(b->obj.refs, 1);
	CHECK_EQ(a->obj.signals, 0);
	CHECK_EQ(b->obj.signals, 0);
	CHECK_EQ(a->count, 0);
	CHECK_EQ(b->count, 0);
	recv_status(a, 0, 0, FERN_ERR_EMPTY);
	recv_status(b, 1, 7, FERN_ERR_EMPTY);
	CHECK_EQ(stub_kalloc_count(), 2);
	destroy_pair(a, b);
	CHECK_EQ(stub_kalloc_count(), 0);
}

/* Sends queue at the peer, oldest first, with everything they carry; READABLE follows. */
static void test_send_recv_fifo(void)
{
	struct channel_end *a, *b;
	CHECK_EQ(channel_create(&a, &b), FERN_OK);

	uint8_t *data = kalloc(33);
	CHECK(data);
	memset(data, 0x5c, 33);
	struct kmsg m = make_msg(FERN_MSG_WRITE, 42, 1);
	m.data = data;
	m.data_len = 33;
	CHECK_EQ(channel_send(a, &m), FERN_OK);
	CHECK_EQ(b->count, 1);
	CHECK_EQ(a->count, 0);
	CHECK(readable(b));
	CHECK(!readable(a));
	send_ok(a, FERN_MSG_READ, 43, 2);
	send_ok(a, FERN_MSG_OPEN, 44, 3);
	send_ok(b, FERN_MSG_GETATTR, 45, 4); /* the other direction is a queue of its own */
	CHECK_EQ(b->count, 3);
	CHECK_EQ(a->count, 1);
	CHECK(readable(a));

	struct kmsg got;
	CHECK_EQ(channel_recv(b, 0, 0, FERN_DEADLINE_POLL, &got), FERN_OK);
	CHECK_EQ(got.type, FERN_MSG_WRITE);
	CHECK_EQ(got.call_id, 42);
	CHECK_EQ(got.word[0], 10);
	CHECK_EQ(got.word[3], 13);
	CHECK(got.data == data);
	CHECK_EQ(got.data_len, 33);
	CHECK_EQ(got.data[32], 0x5c);
	CHECK(stub_kalloc_live(data)); /* the receiver owns it now */
	kmsg_discard(&got);
	CHECK(!stub_kalloc_live(data));
	CHECK(readable(b));

	recv_expect(b, 0, 0, FERN_MSG_READ, 2);
	CHECK(readable(b));
	recv_expect(b, 0, 0, FERN_MSG_OPEN, 3);
	CHECK(!readable(b)); /* the queue emptied */
	CHECK_EQ(b->count, 0);
	recv_status(b, 0, 0, FERN_ERR_EMPTY);
	CHECK(!readable(b));

	CHECK(readable(a));
	recv_expect(a, 0, 0, FERN_MSG_GETATTR, 4);
	CHECK(!readable(a));
	CHECK_EQ(stub_wake_count, 0); /* nobody waited */
	destroy_pair(a, b);
	CHECK_EQ(stub_kalloc_count(), 0);
}

/* FERN_CHANNEL_QUEUE messages fit; the next send fails and takes nothing. */
static void test_full(unsigned start)
{
	struct channel_end *a, *b, *c, *d;
	CHECK_EQ(channel_create(&a, &b), FERN_OK);
	CHECK_EQ(channel_create(&c, &d), FERN_OK);
	set_head(a, b, start);

	for (unsigned i = 0; i < FERN_CHANNEL_QUEUE; i++)
		send_ok(a, FERN_MSG_READ, i, i);
	CHECK_EQ(b->count, FERN_CHANNEL_QUEUE);

	uint8_t *data = kalloc(100);
	CHECK(data);
	data[99] = 0x77;
	kobject_ref(&c->obj); /* the message's reference */
	struct kmsg m = make_msg(FERN_MSG_CONNECT, 99, 99);
	m.data = data;
	m.data_len = 100;
	m.handle[0] = &c->obj;
	m.rights[0] = FERN_RIGHT_READ;
	m.handle_count = 1;
	struct kmsg copy = m;
	CHECK_EQ(channel_send(a, &m), FERN_ERR_FULL);
	CHECK_EQ(b->count, FERN_CHANNEL_QUEUE);
	CHECK(memcmp(&m, &copy, sizeof(m)) == 0);
	CHECK(stub_kalloc_live(data));
	CHECK_EQ(data[99], 0x77);
	CHECK_EQ(c->obj.refs, 2);
	CHECK_EQ(channel_send(a, &m), FERN_ERR_FULL); /* and again */

	/* Draining in order makes room; the same message then goes through intact. */
	for (unsigned i = 0; i < FERN_CHANNEL_QUEUE; i++)
		recv_expect(b, 0, 0, FERN_MSG_READ, i);
	CHECK_EQ(channel_send(a, &m), FERN_OK);
	struct kmsg got;
	CHECK_EQ(channel_recv(b, 0, 0, FERN_DEADLINE_POLL, &got), FERN_OK);
	CHECK(memcmp(&got, &copy, sizeof(got)) == 0);
	kmsg_discard(&got);
	CHECK(!stub_kalloc_live(data));
	CHECK_EQ(c->obj.refs, 1);
	CHECK_EQ(got.handle_count, 0);
	CHECK(got.data == NULL);

	destroy_pair(c, d);
	destroy_pair(a, b);
	CHECK_EQ(stub_kalloc_count(), 0);
}

/* want_reply takes the first reply with the call id from anywhere in the queue. */
static void test_want_reply(unsigned start)
{
	struct channel_end *a, *b;
	CHECK_EQ(channel_create(&a, &b), FERN_OK);
	set_head(a, b, start);

	send_ok(a, FERN_MSG_READ, 3, 1); /* a request with the id: not a reply */
	send_ok(a, REPLY(FERN_MSG_OPEN), 2, 2);
	send_ok(a, REPLY(FERN_MSG_WRITE), 3, 3);
	send_ok(a, FERN_MSG_ERROR, 3, 4);
	send_ok(a, FERN_MSG_GETATTR, 1, 5);
	send_ok(a, REPLY(FERN_MSG_SETATTR), 3, 6);

	recv_expect(b, 1, 3, REPLY(FERN_MSG_WRITE), 3);
	CHECK_EQ(b->count, 5);
	CHECK(readable(b));
	recv_expect(b, 1, 3, FERN_MSG_ERROR, 4);
	recv_expect(b, 1, 2, REPLY(FERN_MSG_OPEN), 2);
	recv_status(b, 1, 1, FERN_ERR_EMPTY); /* GETATTR 1 is a request */
	recv_status(b, 1, 9, FERN_ERR_EMPTY);
	CHECK_EQ(b->count, 3);

	/* The rest stay in their order. */
	recv_expect(b, 0, 0, FERN_MSG_READ, 1);
	recv_expect(b, 0, 0, FERN_MSG_GETATTR, 5);
	CHECK(readable(b));
	recv_expect(b, 1, 3, REPLY(FERN_MSG_SETATTR), 6); /* the last one, by reply */
	CHECK(!readable(b));
	recv_status(b, 1, 3, FERN_ERR_EMPTY);

	/* A full queue with the reply at the tail. */
	for (unsigned i = 0; i + 1 < FERN_CHANNEL_QUEUE; i++)
		send_ok(a, FERN_MSG_READ, 5, 100 + i);
	send_ok(a, REPLY(FERN_MSG_READ), 5, 200);
	recv_expect(b, 1, 5, REPLY(FERN_MSG_READ), 200);
	send_ok(a, FERN_MSG_READ, 5, 300); /* room again, at the tail */
	for (unsigned i = 0; i + 1 < FERN_CHANNEL_QUEUE; i++)
		recv_expect(b, 0, 0, FERN_MSG_READ, 100 + i);
	recv_expect(b, 0, 0, FERN_MSG_READ, 300);
	CHECK(!readable(b));
	destroy_pair(a, b);
	CHECK_EQ(stub_kalloc_count(), 0);
}

/* channel_unreceive puts a message back in front of the others. */
static void test_unreceive(unsigned start)
{
	struct channel_end *a, *b;
	CHECK_EQ(channel_create(&a, &b), FERN_OK);
	set_head(a, b, start);

	send_ok(a, FERN_MSG_OPEN, 1, 1);
	send_ok(a, FERN_MSG_READ, 2, 2);
	struct kmsg m;
	CHECK_EQ(channel_recv(b, 0, 0, FERN_DEADLINE_POLL, &m), FERN_OK);
	CHECK_EQ(m.word[0], 10);
	channel_unreceive(b, &m);
	CHECK_EQ(b->count, 2);
	recv_expect(b, 0, 0, FERN_MSG_OPEN, 1);
	recv_expect(b, 0, 0, FERN_MSG_READ, 2);
	CHECK(!readable(b));

	/* Onto an empty queue: READABLE comes back. */
	m = make_msg(FERN_MSG_WRITE, 3, 3);
	channel_unreceive(b, &m);
	CHECK(readable(b));
	send_ok(a, FERN_MSG_SETATTR, 4, 4);
	recv_expect(b, 0, 0, FERN_MSG_WRITE, 3);
	recv_expect(b, 0, 0, FERN_MSG_SETATTR, 4);
	CHECK(!readable(b));
	destroy_pair(a, b);
	CHECK_EQ(stub_kalloc_count(), 0);
}

/* Valid: the six request types, their replies, and ERROR; nothing else in 32 bits. */
static bool type_expected(uint32_t t)
{
	static const uint32_t requests[] = {FERN_MSG_OPEN,    FERN_MSG_READ,    FERN_MSG_WRITE,
					    FERN_MSG_GETATTR, FERN_MSG_SETATTR, FERN_MSG_CONNECT};
	for (unsigned i = 0; i < sizeof(requests) / sizeof(requests[0]); i++)
		if (t == requests[i] || t == (requests[i] | FERN_MSG_REPLY))
			return true;
	return t == FERN_MSG_ERROR;
}

static void test_type_valid(void)
{
	unsigned accepted = 0;
	for (uint32_t t = 0; t <= 0x20000; t++) {
		if (!kmsg_type_valid(t) != !type_expected(t)) {
			fprintf(stderr, "kmsg_type_valid(0x%x) wrong\n", t);
			exit(1);
		}
		accepted += kmsg_type_valid(t) != 0;
	}
	CHECK_EQ(accepted, 13);
	static const uint32_t high[] = {0x10001,    0x10081,    0x100ff,
					0x80000081, 0xffffff01, 0xffffffff};
	for (unsigned i = 0; i < sizeof(high) / sizeof(high[0]); i++)
		CHECK(!kmsg_type_valid(high[i]));
}

/* Every send wakes the READABLE waiters, even with READABLE already raised. */
static void test_waiters(void)
{
	struct channel_end *a, *b;
	CHECK_EQ(channel_create(&a, &b), FERN_OK);
	struct waiter wa, wb, wc;
	waiter_link(&wa, &thread_a, &b->obj, FERN_SIGNAL_READABLE);
	waiter_link(&wb, &thread_b, &b->obj, FERN_SIGNAL_PEER_CLOSED);
	waiter_link(&wc, &thread_c, &b->obj, FERN_SIGNAL_READABLE | FERN_SIGNAL_PEER_CLOSED);
	stub_wake_count = 0;

	for (unsigned n = 1; n <= 3; n++) {
		send_ok(a, FERN_MSG_READ, n, n);
		CHECK(readable(b));
		CHECK_EQ(stub_wake_count, 2 * n);
		/* Newest waiter first (waiter_link pushes at the front). */
		CHECK(stub_wakes[2 * n - 2].thread == &thread_c);
		CHECK(stub_wakes[2 * n - 1].thread == &thread_a);
		CHECK_EQ(stub_wakes[2 * n - 2].result, FERN_OK);
		CHECK_EQ(stub_wakes[2 * n - 1].result, FERN_OK);
	}

	/* Receiving only lowers signals: no wakes. */
	for (unsigned n = 1; n <= 3; n++)
		recv_expect(b, 0, 0, FERN_MSG_READ, n);
	CHECK(!readable(b));
	CHECK_EQ(stub_wake_count, 6);

	/* A put-back message raises READABLE again, and wakes. */
	struct kmsg m = make_msg(FERN_MSG_OPEN, 0, 7);
	channel_unreceive(b, &m);
	CHECK_EQ(stub_wake_count, 8);
	recv_expect(b, 0, 0, FERN_MSG_OPEN, 7);

	/* Sends the other way wake no one here. */
	send_ok(b, FERN_MSG_READ, 0, 8);
	CHECK_EQ(stub_wake_count, 8);

	waiter_unlink(&wa);
	waiter_unlink(&wb);
	waiter_unlink(&wc);
	CHECK(b->obj.waiters == NULL);
	stub_wake_count = 0;
	destroy_pair(a, b);
	CHECK_EQ(stub_kalloc_count(), 0);
}

/* An end's short receiver (a register-only receive, not on the waiter list) wakes on every
 * arrival and when the peer goes away, like a READABLE | PEER_CLOSED waiter. */
static void test_short_receiver(void)
{
	struct channel_end *a, *b;
	CHECK_EQ(channel_create(&a, &b), FERN_OK);
	b->receiver = &thread_a;
	stub_wake_count = 0;
	send_ok(a, FERN_MSG_READ, 1, 1);
	CHECK_EQ(stub_wake_count, 1);
	CHECK(stub_wakes[0].thread == &thread_a);
	struct kmsg m;
	CHECK_EQ(channel_recv(b, 0, 0, FERN_DEADLINE_POLL, &m), FERN_OK);
	CHECK_EQ(stub_wake_count, 1); /* taking lowers READABLE: no wake */
	channel_unreceive(b, &m);
	CHECK_EQ(stub_wake_count, 2);
	send_ok(b, FERN_MSG_READ, 2, 2); /* the other direction: not ours */
	CHECK_EQ(stub_wake_count, 2);
	kobject_unref(&a->obj); /* the peer goes: PEER_CLOSED */
	CHECK_EQ(stub_wake_count, 3);
	CHECK(stub_wakes[2].thread == &thread_a);
	b->receiver = NULL;
	stub_wake_count = 0;
	kobject_unref(&b->obj);
	CHECK_EQ(stub_kalloc_count(), 0);
}

/* Dropping an end discards its queue (data and carried objects) and tells the peer. */
static void test_close(void)
{
	struct channel_end *a, *b, *c, *d, *e, *f;
	CHECK_EQ(channel_create(&a, &b), FERN_OK);
	CHECK_EQ(channel_create(&c, &d), FERN_OK);
	CHECK_EQ(channel_create(&e, &f), FERN_OK);

	/* At b: c (a second reference) with data, then d (its only reference) with data. */
	uint8_t *data1 = kalloc(64), *data2 = kalloc(4096);
	CHECK(data1 && data2);
	kobject_ref(&c->obj);
	struct kmsg m = make_msg(FERN_MSG_CONNECT, 1, 1);
	m.data = data1;
	m.data_len = 64;
	m.handle[0] = &c->obj;
	m.handle_count = 1;
	CHECK_EQ(channel_send(a, &m), FERN_OK);
	m = make_msg(FERN_MSG_CONNECT, 2, 2);
	m.data = data2;
	m.data_len = 4096;
	m.handle[0] = &d->obj;
	m.handle[1] = &e->obj; /* two objects in one message */
	kobject_ref(&e->obj);
	m.handle_count = 2;
	CHECK_EQ(channel_send(a, &m), FERN_OK);
	CHECK_EQ(c->obj.refs, 2);
	CHECK_EQ(e->obj.refs, 2);
	/* At a: one message from b, sent before b goes. */
	send_ok(b, FERN_MSG_READ, 3, 3);

	struct waiter wa, wc;
	waiter_link(&wa, &thread_a, &a->obj, FERN_SIGNAL_PEER_CLOSED);
	waiter_link(&wc, &thread_c, &c->obj, FERN_SIGNAL_READABLE);
	stub_wake_count = 0;

	kobject_unref(&b->obj); /* the last reference */
	CHECK(!stub_kalloc_live(data1));
	CHECK(!stub_kalloc_live(data2));
	CHECK_EQ(c->obj.refs, 1);
	CHECK_EQ(e->obj.refs, 1);
	CHECK(c->peer == NULL); /* d went with the message that held it */
	CHECK(c->obj.signals & FERN_SIGNAL_PEER_CLOSED);
	CHECK(a->peer == NULL);
	CHECK(a->obj.signals & FERN_SIGNAL_PEER_CLOSED);
	CHECK(readable(a));
	CHECK_EQ(stub_wake_count, 1); /* a's PEER_CLOSED waiter; c's waits for READABLE */
	CHECK(stub_wakes[0].thread == &thread_a);
	CHECK_EQ(stub_wakes[0].result, FERN_OK);

	/* Sends to the closed peer fail and take nothing. */
	uint8_t *data3 = kalloc(8);
	CHECK(data3);
	m = make_msg(FERN_MSG_WRITE, 4, 4);
	m.data = data3;
	m.data_len = 8;
	m.handle[0] = &f->obj;
	m.handle_count = 1;
	CHECK_EQ(channel_send(a, &m), FERN_ERR_PEER_CLOSED);
	CHECK(stub_kalloc_live(data3));
	CHECK_EQ(f->obj.refs, 1);
	CHECK_EQ(channel_send(c, &m), FERN_ERR_PEER_CLOSED);
	kfree(data3, 8);

	/* What arrived before the close is still received; then PEER_CLOSED, not EMPTY. */
	recv_expect(a, 0, 0, FERN_MSG_READ, 3);
	CHECK(!readable(a));
	recv_status(a, 0, 0, FERN_ERR_PEER_CLOSED);
	recv_status(a, 1, 3, FERN_ERR_PEER_CLOSED);
	recv_status(c, 0, 0, FERN_ERR_PEER_CLOSED);
	CHECK(a->obj.signals & FERN_SIGNAL_PEER_CLOSED);

	waiter_unlink(&wa);
	waiter_unlink(&wc);
	stub_wake_count = 0;
	kobject_unref(&a->obj);
	kobject_unref(&c->obj);
	destroy_pair(e, f);
	CHECK_EQ(stub_kalloc_count(), 0);
}

/* Many send/receive cycles in varying batches, with a put-back each round so that the head
 * walks round the ring (again and again), keep the order. */
static void test_wrap(void)
{
	struct channel_end *a, *b;
	CHECK_EQ(channel_create(&a, &b), FERN_OK);
	uint64_t sent = 0, received = 0;
	unsigned max_count = 0, head_moves = 0;
	for (unsigned round = 0; round < 2000; round++) {
		unsigned batch = 1 + (round * 7) % FERN_CHANNEL_QUEUE;
		for (unsigned i = 0; i < batch && b->count < FERN_CHANNEL_QUEUE; i++, sent++)
			send_ok(a, FERN_MSG_WRITE, (uint32_t)sent, sent);
		if (b->count > max_count)
			max_count = b->count;
		unsigned take = 1 + (round * 5) % FERN_CHANNEL_QUEUE;
		for (unsigned i = 0; i < take && received < sent; i++, received++)
			recv_expect(b, 0, 0, FERN_MSG_WRITE, received);
		if (received < sent) {
			/* Take the next one and put it back: the head ends where it was. */
			unsigned head = b->head;
			struct kmsg m;
			CHECK_EQ(channel_recv(b, 0, 0, FERN_DEADLINE_POLL, &m), FERN_OK);
			CHECK_EQ(m.word[0], received * 10);
			channel_unreceive(b, &m);
			CHECK_EQ(b->head, head);
			head_moves++;
		}
		CHECK_EQ(b->count, sent - received);
		CHECK(b->head < FERN_CHANNEL_QUEUE);
		CHECK_EQ(readable(b), b->count != 0);
	}
	while (received < sent)
		recv_expect(b, 0, 0, FERN_MSG_WRITE, received++);
	recv_status(b, 0, 0, FERN_ERR_EMPTY);
	CHECK(sent > 20 * FERN_CHANNEL_QUEUE);
	CHECK(head_moves > 20 * FERN_CHANNEL_QUEUE); /* round the ring more than 20 times */
	CHECK_EQ(max_count, FERN_CHANNEL_QUEUE);     /* the full ring was used too */
	destroy_pair(a, b);
	CHECK_EQ(stub_kalloc_count(), 0);
}

/* Channels queued inside channels, 100,000 deep: destroying the outermost end frees them all
 * without recursing (kernel stacks are 16 KiB; the recursion once ran 64 KiB past one at 3,000
 * levels). On the host, a recursive destroy overflows even an 8 MiB stack here. */
static void test_nested_destroy(void)
{
	enum { DEPTH = 100000 };
	struct channel_end *outer_a, *outer_b;
	CHECK_EQ(channel_create(&outer_a, &outer_b), FERN_OK);
	for (int i = 0; i < DEPTH; i++) {
		struct channel_end *a, *b;
		CHECK_EQ(channel_create(&a, &b), FERN_OK);
		/* The old pair moves into a message on the new pair: its references go with it. */
		struct kmsg m = make_msg(FERN_MSG_CONNECT, (uint32_t)i, 0);
		m.handle[0] = &outer_a->obj;
		m.handle[1] = &outer_b->obj;
		m.handle_count = 2;
		CHECK_EQ(channel_send(a, &m), FERN_OK);
		outer_a = a;
		outer_b = b;
	}
	CHECK_EQ(stub_kalloc_count(), 2 * (DEPTH + 1));
	kobject_unref(&outer_a->obj);
	kobject_unref(&outer_b->obj);
	CHECK_EQ(stub_kalloc_count(), 0);
}

int main(void)
{
	test_create();
	test_send_recv_fifo();
	test_type_valid();
	/* Every head position, so that queues and gaps straddle the end of the ring. */
	for (unsigned start = 0; start < FERN_CHANNEL_QUEUE; start++) {
		test_full(start);
		test_want_reply(start);
		test_unreceive(start);
	}
	test_waiters();
	test_short_receiver();
	test_close();
	test_wrap();
	test_nested_destroy();
	CHECK_EQ(stub_kalloc_count(), 0);
	printf("test_channel: ok\n");
	return 0;
}
