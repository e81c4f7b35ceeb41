// SPDX-License-Identifier: MIT
/* Ports: bindings, the ready list and the threads waiting (port.h). */
#include <fern/abi.h>
#include <fern/status.h>
#include <kernel/channel.h>
#include <kernel/kalloc.h>
#include <kernel/port.h>
#include <kernel/thread.h>

int port_create(struct port **out)
{
	struct port *p = kalloc(sizeof(*p));
	if (!p)
		return FERN_ERR_NO_MEMORY;
	kobject_init(&p->obj, KOBJ_PORT);
	*out = p;
	return FERN_OK;
}

static void ready_remove(struct port_link *l)
{
	struct port *p = l->port;
	if (!l->queued)
		return;
	if (l->ready_prev)
		l->ready_prev->ready_next = l->ready_next;
	else
		p->ready_head = l->ready_next;
	if (l->ready_next)
		l->ready_next->ready_prev = l->ready_prev;
	else
		p->ready_tail = l->ready_prev;
	l->queued = false;
	if (!p->ready_head)
		kobject_signal(&p->obj, 0, FERN_SIGNAL_READABLE);
}

void port_put_ready(struct port_link *l, bool front)
{
	struct port *p = l->port;
	if (l->queued && front)
		ready_remove(l); /* to move it to the head */
	if (l->queued)
		return;
	l->queued = true;
	if (front) {
		l->ready_prev = 0;
		l->ready_next = p->ready_head;
		if (p->ready_head)
			p->ready_head->ready_prev = l;
		else
			p->ready_tail = l;
		p->ready_head = l;
	} else {
		l->ready_next = 0;
		l->ready_prev = p->ready_tail;
		if (p->ready_tail)
			p->ready_tail->ready_next = l;
		else
			p->ready_head = l;
		p->ready_tail = l;
	}
	/* Every arrival wakes the first waiter (it takes from the list), and the READABLE
	 * waiters of SYS_WAIT. */
	if (p->waiter_head) {
		struct thread *t = p->waiter_head;
		port_remove_waiter(p, t);
		thread_wake(t, FERN_OK);
	}
	kobject_signal(&p->obj, FERN_SIGNAL_READABLE, 0);
}

struct port_link *port_take_ready(struct port *p)
{
	struct port_link *l = p->ready_head;
	if (l)
		ready_remove(l);
	return l;
}

/* What raising set on l's object means for the port: a channel end reports messages and its
 * peer's close, another object the signals it was bound with. */
static bool reports(const struct port_link *l, uint32_t set)
{
	if (l->deliver)
		return set & (FERN_SIGNAL_READABLE | FERN_SIGNAL_PEER_CLOSED);
	return set & l->signals;
}

void port_notify(struct port_link *l, uint32_t set)
{
	if (reports(l, set))
		port_put_ready(l, false);
}

static void link_free(struct port_link *l)
{
	struct port *p = l->port;
	ready_remove(l);
	if (l->all_prev)
		l->all_prev->all_next = l->all_next;
	else
		p->links = l->all_next;
	if (l->all_next)
		l->all_next->all_prev = l->all_prev;
	l->object->port_link = 0;
	kfree(l, sizeof(*l));
}

int port_bind(struct port *p, struct kobject *o, uint64_t key, uint32_t signals)
{
	if (o->type == KOBJ_PORT)
		return FERN_ERR_WRONG_TYPE;
	struct port_link *l = o->port_link;
	if (l && l->port != p)
		return FERN_ERR_BUSY;
	if (!signals) {
		if (l)
			link_free(l);
		return FERN_OK;
	}
	if (!l) {
		l = kalloc(sizeof(*l));
		if (!l)
			return FERN_ERR_NO_MEMORY;
		*l = (struct port_link){.port = p, .object = o, .all_next = p->links};
		if (p->links)
			p->links->all_prev = l;
		p->links = l;
		o->port_link = l;
	}
	l->key = key;
	l->deliver = o->type == KOBJ_CHANNEL && !(signals & FERN_PORT_REPORT);
	l->signals = l->deliver ? 0 : signals & ~(uint32_t)FERN_PORT_REPORT;
	/* What is already raised is reported at once, as if it had just been raised. */
	uint32_t raised = o->signals;
	if (l->deliver && l->closed_told)
		raised &= ~(uint32_t)FERN_SIGNAL_PEER_CLOSED;
	if (reports(l, raised))
		port_put_ready(l, false);
	return FERN_OK;
}

void port_unbind(struct kobject *o)
{
	if (o->port_link)
		link_free(o->port_link);
}

void port_add_waiter(struct port *p, struct thread *t)
{
	t->recv.port_next = 0;
	if (p->waiter_tail)
		p->waiter_tail->recv.port_next = t;
	else
		p->waiter_head = t;
	p->waiter_tail = t;
}

void port_remove_waiter(struct port *p, struct thread *t)
{
	struct thread *prev = 0;
	for (struct thread *q = p->waiter_head; q; prev = q, q = q->recv.port_next) {
		if (q != t)
			continue;
		if (prev)
			prev->recv.port_next = q->recv.port_next;
		else
			p->waiter_head = q->recv.port_next;
		if (p->waiter_tail == q)
			p->waiter_tail = prev;
		return;
	}
}

void port_destroy(struct kobject *o)
{
	struct port *p = (struct port *)o;
	while (p->links)
		link_free(p->links);
	kfree(p, sizeof(*p));
}
