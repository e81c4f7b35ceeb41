/* SPDX-License-Identifier: MIT */
/* The ARM PrimeCell PL061 GPIO controller, register level: eight pins, their direction, their
 * data through the address-masked data register, and edge or level interrupts per pin. */
#ifndef PL061_H
#define PL061_H

#include <fern/mmio.h>
#include <stdint.h>

#define PL061_DATA  0x000 /* data: address bits [9:2] select which pins a read or write touches */
#define PL061_DIR   0x400 /* direction: 1 output, 0 input */
#define PL061_IS    0x404 /* interrupt sense: 1 level, 0 edge */
#define PL061_IBE   0x408 /* both edges: 1 interrupts on either edge (IEV ignored) */
#define PL061_IEV   0x40c /* event: 1 rising edge or high level, 0 falling edge or low level */
#define PL061_IE    0x410 /* interrupt mask: 1 enabled */
#define PL061_RIS   0x414 /* raw interrupt status */
#define PL061_MIS   0x418 /* masked interrupt status: RIS & IE */
#define PL061_IC    0x41c /* interrupt clear: 1 clears an edge-detected interrupt */
#define PL061_PERID 0xfe0 /* peripheral id 0..3 at 0xfe0..0xfec */

#define PL061_PART_NUMBER 0x061
#define PL061_PINS        8
#define PL061_PIN_MASK    0xffu

/* What a pin interrupts on. */
enum pl061_sense {
	PL061_EDGE_RISING,
	PL061_EDGE_FALLING,
	PL061_EDGE_BOTH,
	PL061_LEVEL_HIGH,
	PL061_LEVEL_LOW,
};

/* Checks the peripheral id (part number 0x061), then masks and clears every interrupt.
 * FERN_ERR_UNSUPPORTED if the registers are not a PL061's. */
int pl061_init(const struct mmio *m);

/* Makes pins (a mask) outputs, or inputs when output is 0. */
void pl061_set_direction(const struct mmio *m, uint32_t pins, int output);

/* The levels of pins (a mask; other bits read 0), in one read of the masked data register. */
uint32_t pl061_read(const struct mmio *m, uint32_t pins);

/* Drives pins (a mask) to the matching bits of levels, leaving every other pin alone. */
void pl061_write(const struct mmio *m, uint32_t pins, uint32_t levels);

/* Sets what pins (a mask) interrupt on and enables their interrupts (after clearing a stale
 * edge). FERN_ERR_INVALID for an unknown sense. */
int pl061_irq_configure(const struct mmio *m, uint32_t pins, enum pl061_sense sense);

/* Masks the interrupts of pins. */
void pl061_irq_disable(const struct mmio *m, uint32_t pins);

/* The pins whose enabled interrupt is raised, cleared as they are taken (a level interrupt
 * rises again while its level holds). */
uint32_t pl061_irq_take(const struct mmio *m);

#endif
