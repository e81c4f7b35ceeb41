// SPDX-License-Identifier: MIT
/* The one home of mutable kernel state (see state.h). */
#include <kernel/klock.h>
#include <kernel/state.h>

struct kernel_state kstate;

/* The kernel lock sits beside kstate, not in it, so that klock.h can stay free of state.h. */
struct klock kernel_lock_state;
