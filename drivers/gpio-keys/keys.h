/* SPDX-License-Identifier: MIT */
/* gpio-keys without the environment: the keys a gpio-keys node describes, and what an event
 * from the gpio service means for them. Testable on the host. */
#ifndef KEYS_H
#define KEYS_H

#include <stdbool.h>
#include <stdint.h>

#define KEYS_MAX       8
#define KEYS_LABEL_LEN 32
#define KEY_POWER      116 /* linux,code of the power button (Linux input-event-codes.h) */

struct key {
	char label[KEYS_LABEL_LEN];
	uint32_t code;       /* linux,code */
	uint32_t controller; /* the phandle in gpios */
	uint32_t pin;        /* the pin on that controller */
	bool active_low;     /* gpios flag bit 0 (GPIO_ACTIVE_LOW) */
	bool watched;        /* wired to our gpio service */
};

struct keys {
	struct key key[KEYS_MAX];
	int count;
};

/* Reads the children of a gpio-keys node (offset node in fdt): each with gpios = <&controller
 * pin flags> (#gpio-cells = 2), linux,code and an optional label. A child that cannot be read
 * is logged through log(ctx, ...) and skipped. Returns how many keys were read. */
int keys_parse(const void *fdt, int node, struct keys *keys,
	       void (*log)(void *ctx, const char *fmt, ...), void *ctx);

/* The pins (a mask) of the keys wired to controller phandle, marking them watched; the
 * active-high ones in *rising, the active-low ones in *falling (their press edges). */
void keys_wire(struct keys *keys, uint32_t phandle, uint32_t *rising, uint32_t *falling);

/* Whether key k was pressed according to a gpio event (pins that had their press edge). */
bool keys_pressed(const struct key *k, uint32_t changed);

#endif
