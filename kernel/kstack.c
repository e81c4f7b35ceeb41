// SPDX-License-Identifier: MIT
/* Kernel stacks in guarded slots (kstack.h; the layout is in arch memlayout.h). */
#include <arch/memlayout.h>
#include <fern/status.h>
#include <kernel/kalloc.h>
#include <kernel/kstack.h>
#include <kernel/state.h>
#include <kernel/thread.h>
#include <kernel/vm.h>

_Static_assert(KSTACK_SIZE * 2 == 1UL << KSTACK_SLOT_SHIFT, "a slot is a guard and a stack");
_Static_assert(KSTACK_SIZE == 1UL << KSTACK_GUARD_BIT, "the guard bit splits a slot in two");

static int slot_take(void)
{
	struct vm_state *vm = &kstate.vm;
	for (int i = 0; i < KSTACK_SLOTS; i++) {
		int s = (vm->kstack_hint + i) % KSTACK_SLOTS;
		if (!(vm->kstack_used[s / 64] & (1ull << (s % 64)))) {
			vm->kstack_used[s / 64] |= 1ull << (s % 64);
			vm->kstack_hint = s + 1;
			return s;
		}
	}
	return FERN_ERR_TOO_MANY;
}

static void slot_give(int s)
{
	kstate.vm.kstack_used[s / 64] &= ~(1ull << (s % 64));
}

int kstack_alloc(struct kstack *out)
{
	int slot = slot_take();
	if (slot < 0)
		return slot;
	void *pages = page_alloc(KSTACK_ORDER);
	if (!pages) {
		slot_give(slot);
		return FERN_ERR_NO_MEMORY;
	}
	/* The upper half of the slot; the lower half stays unmapped: the guard. */
	uint64_t base = KSTACK_BASE + ((uint64_t)slot << KSTACK_SLOT_SHIFT) + KSTACK_SIZE;
	int err = vm_map_kernel(base, virt_to_phys(pages), KSTACK_SIZE);
	if (err) {
		page_free(pages, KSTACK_ORDER);
		slot_give(slot);
		return err;
	}
	*out = (struct kstack){.base = base, .pages = pages, .slot = slot};
	return FERN_OK;
}

void kstack_free(struct kstack *s)
{
	vm_unmap_kernel(s->base, KSTACK_SIZE);
	page_free(s->pages, KSTACK_ORDER);
	slot_give(s->slot);
	*s = (struct kstack){0};
}
