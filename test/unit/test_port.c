// SPDX-License-Identifier: MIT
/* Unit test for ports: bindings, the ready list's order, signal reports, waiters, and what
 * happens when either side goes away. The real port, channel and object code over the host
 * stand-ins of channel_stubs.c. */
#include <kernel/channel.h>
#include <kernel/port.h>

#include <fern/abi.h>
#include <fern/status.h>
#include <kernel/thread.h>
#include <stdbool.h>

#include "check.h"

struct stub_wake {
	struct thread *thread;
	int result;
};
extern struct stub_wake stub_wakes[];
extern unsigned stub_wake_count;
unsigned stub_kalloc_count(void);

static void send(struct channel_end *from, uint32_t tag)
{
	struct kmsg m = {.type = FERN_MSG_WRITE, .word = {tag}};
	CHECK_EQ(channel_send(from, &m), FERN_OK);
}

static bool port_readable(const struct port *p)
{
	return p->obj.signals & FERN_SIGNAL_READABLE;
}

/* Takes the next ready binding and checks whose it is. */
static struct port_link *take_expect(struct port *p, struct kobject *o)
{
	struct port_link *l = port_take_ready(p);
	CHECK(l != NULL);
	CHECK(l->object == o);
	return l;
}

/* Messages make a bound end ready once, however many arrive; ends are ready oldest first;
 * a binding put back goes to the head; the port's READABLE follows the list. */
static void test_ready_order(void)
{
	struct port *p;
	struct channel_end *a1, *b1, *a2, *b2;
	CHECK_EQ(port_create(&p), FERN_OK);
	CHECK_EQ(channel_create(&a1, &b1), FERN_OK);
	CHECK_EQ(channel_create(&a2, &b2), FERN_OK);
	CHECK_EQ(port_bind(p, &a1->obj, 11, FERN_SIGNAL_READABLE), FERN_OK);
	CHECK_EQ(port_bind(p, &a2->obj, 22, FERN_SIGNAL_READABLE), FERN_OK);
	CHECK(!port_readable(p));
	CHECK(port_take_ready(p) == NULL);

	send(b2, 1);
	send(b1, 2);
	send(b2, 3); /* a2 is queued already: no second entry */
	CHECK(port_readable(p));
	struct port_link *l = take_expect(p, &a2->obj);
	CHECK_EQ(l->key, 22);
	port_put_ready(l, true); /* could not deliver: back to the head */
	take_expect(p, &a2->obj);
	take_expect(p, &a1->obj);
	CHECK(port_take_ready(p) == NULL);
	CHECK(!port_readable(p));

	/* The next arrival makes it ready again; a binding put back at the tail waits its turn. */
	send(b1, 4);
	l = take_expect(p, &a1->obj);
	send(b2, 5);
	port_put_ready(l, false);
	take_expect(p, &a2->obj);
	take_expect(p, &a1->obj);

	kobject_unref(&a1->obj);
	kobject_unref(&b1->obj);
	kobject_unref(&a2->obj);
	kobject_unref(&b2->obj);
	kobject_unref(&p->obj);
	CHECK_EQ(stub_kalloc_count(), 0);
}

/* Something already queued is reported at binding; rebinding moves the key, not the port;
 * signals 0 unbinds. */
static void test_bind_rules(void)
{
	struct port *p, *q;
	struct channel_end *a, *b;
	CHECK_EQ(port_create(&p), FERN_OK);
	CHECK_EQ(port_create(&q), FERN_OK);
	CHECK_EQ(channel_create(&a, &b), FERN_OK);
	send(b, 1);
	CHECK_EQ(port_bind(p, &a->obj, 1, FERN_SIGNAL_READABLE), FERN_OK);
	CHECK(port_readable(p));
	CHECK_EQ(port_bind(q, &a->obj, 2, FERN_SIGNAL_READABLE), FERN_ERR_BUSY);
	CHECK_EQ(port_bind(p, &a->obj, 3, FERN_SIGNAL_READABLE), FERN_OK);
	CHECK_EQ(take_expect(p, &a->obj)->key, 3);
	CHECK_EQ(port_bind(p, &q->obj, 4, FERN_SIGNAL_READABLE), FERN_ERR_WRONG_TYPE);
	unsigned before = stub_kalloc_count();
	CHECK_EQ(port_bind(p, &a->obj, 0, 0), FERN_OK); /* unbind */
	CHECK(a->obj.port_link == NULL);
	CHECK_EQ(stub_kalloc_count(), before - 1);
	send(b, 2);
	CHECK(!port_readable(p));                                          /* no longer reported */
	CHECK_EQ(port_bind(q, &a->obj, 5, FERN_SIGNAL_READABLE), FERN_OK); /* free to move */
	CHECK(port_readable(q));
	kobject_unref(&a->obj);
	kobject_unref(&b->obj);
	kobject_unref(&p->obj);
	kobject_unref(&q->obj);
	CHECK_EQ(stub_kalloc_count(), 0);
}

/* Another object reports the signals it was bound with, each time one is raised, and
 * nothing else. */
static void test_signals(void)
{
	struct port *p;
	CHECK_EQ(port_create(&p), FERN_OK);
	struct kobject timer;
	kobject_init(&timer, KOBJ_TIMER);
	CHECK_EQ(port_bind(p, &timer, 9, FERN_SIGNAL_TIMER), FERN_OK);
	kobject_signal(&timer, FERN_SIGNAL_IRQ, 0);
	CHECK(port_take_ready(p) == NULL);
	kobject_signal(&timer, FERN_SIGNAL_TIMER, 0);
	CHECK_EQ(take_expect(p, &timer)->key, 9);
	CHECK(port_take_ready(p) == NULL); /* reported once, though still raised */
	kobject_signal(&timer, 0, FERN_SIGNAL_TIMER);
	kobject_signal(&timer, FERN_SIGNAL_TIMER, 0);
	take_expect(p, &timer);
	port_unbind(&timer);
	CHECK(timer.port_link == NULL);
	kobject_unref(&p->obj);
	CHECK_EQ(stub_kalloc_count(), 0);
}

/* Threads wait in order; each arrival wakes (and removes) the first. */
static void test_waiters(void)
{
	static struct thread t1, t2, t3;
	struct port *p;
	struct channel_end *a, *b;
	CHECK_EQ(port_create(&p), FERN_OK);
	CHECK_EQ(channel_create(&a, &b), FERN_OK);
	CHECK_EQ(port_bind(p, &a->obj, 1, FERN_SIGNAL_READABLE), FERN_OK);
	port_add_waiter(p, &t1);
	port_add_waiter(p, &t2);
	port_add_waiter(p, &t3);
	port_remove_waiter(p, &t2); /* timed out, say */
	stub_wake_count = 0;
	send(b, 1);
	CHECK_EQ(stub_wake_count, 1);
	CHECK(stub_wakes[0].thread == &t1);
	CHECK(p->waiter_head == &t3 && p->waiter_tail == &t3);
	take_expect(p, &a->obj);
	send(b, 2);
	CHECK_EQ(stub_wake_count, 2);
	CHECK(stub_wakes[1].thread == &t3);
	CHECK(p->waiter_head == NULL && p->waiter_tail == NULL);
	port_remove_waiter(p, &t3); /* gone already: no effect */
	kobject_unref(&a->obj);
	kobject_unref(&b->obj);
	kobject_unref(&p->obj);
}

/* A peer's close makes the end ready; a bound object going away leaves the port (even while
 * queued); a port going away unbinds everything. */
static void test_lifetimes(void)
{
	struct port *p;
	struct channel_end *a, *b, *c, *d;
	CHECK_EQ(port_create(&p), FERN_OK);
	CHECK_EQ(channel_create(&a, &b), FERN_OK);
	CHECK_EQ(channel_create(&c, &d), FERN_OK);
	CHECK_EQ(port_bind(p, &a->obj, 1, FERN_SIGNAL_READABLE), FERN_OK);
	CHECK_EQ(port_bind(p, &c->obj, 2, FERN_SIGNAL_READABLE), FERN_OK);
	kobject_unref(&b->obj); /* a's peer closes */
	CHECK(port_readable(p));
	send(d, 1);
	kobject_unref(&a->obj); /* queued, then destroyed: off the list */
	take_expect(p, &c->obj);
	CHECK(port_take_ready(p) == NULL);
	kobject_unref(&p->obj); /* c is still bound */
	CHECK(c->obj.port_link == NULL);
	send(d, 2); /* nothing left to notify */
	kobject_unref(&c->obj);
	kobject_unref(&d->obj);
	CHECK_EQ(stub_kalloc_count(), 0);
}

int main(void)
{
	test_ready_order();
	test_bind_rules();
	test_signals();
	test_waiters();
	test_lifetimes();
	puts("test_port: ok");
	return 0;
}
