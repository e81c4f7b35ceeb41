/* SPDX-License-Identifier: MIT */
/* The "gpio" service's protocol (drivers/pl061 provides it; docs/gpio.md): pin events by READ,
 * which pins to watch by SETATTR, the controller's device-tree phandle by GETATTR. */
#ifndef FERN_GPIO_H
#define FERN_GPIO_H

#include <stdint.h>

/* SETATTR: word[1] = a pin mask, word[2] = enum fern_gpio_edge. The pins become inputs that
 * interrupt on that edge (for every client: the edge is the controller's), and this client's
 * READs report them; FERN_GPIO_OFF masks them again and stops reporting them to this client.
 * Service-specific attribute ids start at 0x100 so they never clash with enum fern_attr. */
#define FERN_ATTR_GPIO_WATCH 0x100

enum fern_gpio_edge {
	FERN_GPIO_OFF = 0,
	FERN_GPIO_RISING = 1,
	FERN_GPIO_FALLING = 2,
	FERN_GPIO_BOTH = 3,
};

/* READ with word[1] = the reply's capacity (at least sizeof(struct fern_gpio_event)) waits until
 * a pin this client watches has had its edge since the client's previous READ (events in
 * between are merged), then replies with word[0] = changed, word[1] = levels and this struct
 * as data. GETATTR FERN_ATTR_PHANDLE gives the controller's phandle (0: none). */
struct fern_gpio_event {
	uint32_t changed; /* pins that had their edge */
	uint32_t levels;  /* every pin's level when the reply was made */
};

#endif
