/* SPDX-License-Identifier: MIT */
/* Ports: one place a server receives from, whatever it serves. Channel ends bound to a port
 * with a key deliver their messages through it, oldest end first; other objects bound with a
 * set of signals report each raising of those signals once. A server thread blocked on the
 * port takes the next of either with one system call (docs/ipc.md). Guarded by the kernel
 * lock. */
#ifndef KERNEL_PORT_H
#define KERNEL_PORT_H

#include <kernel/object.h>
#include <stdbool.h>
#include <stdint.h>

struct thread;
struct port;

/* One object bound to one port (an object is bound to at most one: kobject.port_link). */
struct port_link {
	struct port *port;
	struct kobject *object; /* its port_link points back here */
	uint64_t key;           /* reported with everything that comes through the binding */
	uint32_t signals;       /* the signals reported (not for a channel end that delivers) */
	bool deliver;           /* a channel end whose messages come through the port */
	bool queued;            /* on the port's ready list */
	bool closed_told;       /* channel ends: the peer's close was reported */
	struct port_link *ready_prev, *ready_next;
	struct port_link *all_prev, *all_next; /* the port's bindings */
};

struct port {
	struct kobject obj; /* READABLE while some binding is ready */
	struct port_link *ready_head, *ready_tail;
	struct port_link *links;                  /* every binding */
	struct thread *waiter_head, *waiter_tail; /* blocked in a port receive, first first */
};

/* FERN_ERR_NO_MEMORY. The caller holds the one reference. */
int port_create(struct port **out);
void port_destroy(struct kobject *o);

/* Binds o to p with key: a channel end's messages (and the close of its peer) arrive through
 * p, whatever signals says, unless signals has FERN_PORT_REPORT; another object (or such an
 * end) reports the raising of any of signals. Rebinding to the same port changes key and
 * signals; signals 0 unbinds. Errors: FERN_ERR_BUSY (o is
 * bound to another port), FERN_ERR_NO_MEMORY, FERN_ERR_WRONG_TYPE (o is a port). */
int port_bind(struct port *p, struct kobject *o, uint64_t key, uint32_t signals);
/* Drops o's binding, if any (o is being destroyed, or the program unbinds it). */
void port_unbind(struct kobject *o);

/* kobject_signal's hook: o raised set; queues o's binding on its port if it reports any of
 * them, raising the port's READABLE and waking its first waiter. */
void port_notify(struct port_link *link, uint32_t set);

/* The oldest ready binding, taken off the ready list (NULL when none). */
struct port_link *port_take_ready(struct port *p);
/* Puts a binding (back) on the ready list: at the head (moving it there if it is queued
 * already) when a receive could not deliver what it took, else at the tail. */
void port_put_ready(struct port_link *link, bool front);

/* Threads blocked receiving on p, in order (thread.recv.port_next). */
void port_add_waiter(struct port *p, struct thread *t);
void port_remove_waiter(struct port *p, struct thread *t);

#endif
