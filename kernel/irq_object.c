// SPDX-License-Identifier: MIT
/* Interrupt objects: masked at the GIC from delivery until the holder acknowledges. */
#include <fern/abi.h>
#include <fern/status.h>
#include <kernel/arch.h>
#include <kernel/irq.h>
#include <kernel/irq_object.h>
#include <kernel/kalloc.h>
#include <kernel/process.h>
#include <kernel/syscall.h>
#include <kernel/timer_object.h>

static void irq_object_fire(uint32_t intid, void *ctx)
{
	struct irq_object *o = ctx;
	/* Keep a level-triggered device quiet until its driver has serviced it. */
	arch_irqchip_mask(intid);
	o->count++;
	kobject_signal(&o->obj, FERN_SIGNAL_IRQ, 0);
}

int irq_object_create(uint32_t intid, bool level, struct irq_object **out)
{
	if (intid < 32 || intid >= IRQ_COUNT)
		return FERN_ERR_RANGE;
	struct irq_object *o = kalloc(sizeof(*o));
	if (!o)
		return FERN_ERR_NO_MEMORY;
	kobject_init(&o->obj, KOBJ_IRQ);
	o->intid = intid;
	o->level = level;
	int err = irq_register(intid, level, irq_object_fire, o);
	if (err) {
		kfree(o, sizeof(*o));
		return err;
	}
	*out = o;
	return FERN_OK;
}

void irq_object_destroy(struct kobject *obj)
{
	struct irq_object *o = (struct irq_object *)obj;
	irq_unregister(o->intid);
	kfree(o, sizeof(*o));
}

/* Acknowledges an event object: an interrupt is unmasked again; a timer's expirations are
 * counted off. Returns the deliveries since the last acknowledgement. */
int64_t sys_irq_ack(struct trap_frame *f)
{
	struct handle_entry e;
	int err = handle_table_get(&process_current()->handles, (fern_handle)f->x[0], 0,
				   FERN_RIGHT_WRITE, &e);
	if (err)
		return err;
	struct kobject *obj = e.object;
	if (obj->type == KOBJ_TIMER)
		return (int64_t)timer_object_ack(e.object);
	if (obj->type != KOBJ_IRQ)
		return FERN_ERR_WRONG_TYPE;
	struct irq_object *o = e.object;
	uint64_t n = o->count - o->acknowledged;
	o->acknowledged = o->count;
	kobject_signal(obj, 0, FERN_SIGNAL_IRQ);
	arch_irqchip_unmask(o->intid);
	return (int64_t)n;
}
