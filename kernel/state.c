// SPDX-License-Identifier: MIT
/* The one home of mutable kernel state (see state.h). */
#include <kernel/state.h>

struct kernel_state kstate;
