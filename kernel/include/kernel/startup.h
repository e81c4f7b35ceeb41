/* SPDX-License-Identifier: MIT */
/* The startup task (kernel/startup/): starts the drivers and servers the boot filesystem's specs
 * declare, hands each its device fragment, wires services and supervises them. */
#ifndef KERNEL_STARTUP_H
#define KERNEL_STARTUP_H

/* Creates and starts the startup thread (after boot; interrupts on). It also owns bootargs
 * poweroff and reboot: it does them as an orderly shutdown once everything has started. */
void startup_start(void);

#endif
