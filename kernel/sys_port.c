// SPDX-License-Identifier: MIT
/* Port system calls: creating a port, binding objects to it, and the server's step of
 * answering one request and taking the next message through the port. */
#include <fern/abi.h>
#include <fern/status.h>
#include <kernel/ipc.h>
#include <kernel/port.h>
#include <kernel/process.h>
#include <kernel/syscall.h>
#include <kernel/thread.h>

#define PORT_RIGHTS                                                                        \
	(FERN_RIGHT_READ | FERN_RIGHT_WRITE | FERN_RIGHT_TRANSFER | FERN_RIGHT_DUPLICATE | \
	 FERN_RIGHT_WAIT)

int64_t sys_port_create(struct trap_frame *f)
{
	(void)f;
	struct port *p;
	int err = port_create(&p);
	if (err)
		return err;
	fern_handle h;
	err = process_handle_add(process_current(), &p->obj, PORT_RIGHTS, &h);
	kobject_unref(&p->obj); /* the handle holds its own reference */
	return err ? err : (int64_t)h;
}

int64_t sys_port_bind(struct trap_frame *f)
{
	struct handle_table *t = &process_current()->handles;
	struct handle_entry port, e;
	int err = handle_table_get(t, (fern_handle)f->x[0], KOBJ_PORT, FERN_RIGHT_WRITE, &port);
	if (!err)
		err = handle_table_get(t, (fern_handle)f->x[1], 0, 0, &e);
	if (err)
		return err;
	uint32_t signals = (uint32_t)f->x[3];
	/* A channel end gives up its messages: READ. Anything else reports signals: WAIT. */
	uint32_t need = e.type == KOBJ_CHANNEL ? FERN_RIGHT_READ : FERN_RIGHT_WAIT;
	if (need & ~e.rights)
		return FERN_ERR_DENIED;
	if (f->x[3] >> 32 || (signals & ~(uint32_t)(FERN_SIGNALS_ALL | FERN_PORT_REPORT)))
		return FERN_ERR_INVALID;
	return port_bind(port.object, e.object, f->x[2], signals);
}

int64_t sys_port_reply_recv(struct trap_frame *f)
{
	struct handle_table *t = &process_current()->handles;
	struct handle_entry pe, ee;
	int err = handle_table_get(t, (fern_handle)f->x[0], KOBJ_PORT, FERN_RIGHT_READ, &pe);
	if (err)
		return err;
	struct port *port = pe.object;
	struct channel_end *end = 0;
	if (f->x[2]) {
		err =
		    handle_table_get(t, (fern_handle)f->x[1], KOBJ_CHANNEL, FERN_RIGHT_WRITE, &ee);
		if (err)
			return err;
		end = ee.object;
	}
	struct ipc_recv r;
	struct ipc_send s;
	err = ipc_recv_full(&r, f->x[3]);
	if (!err && end)
		err = ipc_decode(end, f->x[2], &s);
	if (err)
		return err;
	/* Both objects may lose their handles while we wait: hold them for the call. */
	kobject_ref(&port->obj);
	struct thread *direct = 0;
	if (end) {
		kobject_ref(&end->obj);
		err = ipc_send(end, &s, &direct);
		kobject_unref(&end->obj);
	}
	if (!err)
		err = ipc_recv_port(port, &r, f->x[4], direct);
	kobject_unref(&port->obj);
	return err;
}
