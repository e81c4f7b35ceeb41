/* SPDX-License-Identifier: MIT */
/* The ARM PrimeCell PL031 real-time clock, register level: the seconds counter. */
#ifndef PL031_H
#define PL031_H

#include <fern/mmio.h>
#include <stdint.h>

#define PL031_DR    0x000 /* data: seconds (since 1970 as QEMU and most boards set it) */
#define PL031_CR    0x00c /* control: bit 0 starts the counter */
#define PL031_IMSC  0x010 /* interrupt mask */
#define PL031_PERID 0xfe0 /* peripheral id 0..3 at 0xfe0..0xfec */

#define PL031_PART_NUMBER 0x031

/* Checks the peripheral id (part number 0x031), starts the counter and masks its interrupt.
 * FERN_ERR_UNSUPPORTED if the registers are not a PL031's. */
int pl031_init(const struct mmio *m);
/* Seconds since 1970. */
uint64_t pl031_seconds(const struct mmio *m);

#endif
