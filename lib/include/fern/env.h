/* SPDX-License-Identifier: MIT */
/* A program's environment (docs/specs.md): the device tree blob the startup task hands it, with
 * its handles by name, its device fragment and its spec's config. Read with libfdt. */
#ifndef FERN_ENV_H
#define FERN_ENV_H

#include <fern/abi.h>
#include <stddef.h>
#include <stdint.h>

/* The environment blob, or NULL (a program started by the kernel's test harness has none). */
const void *fern_env(void);

/* The handle /handles names `name`, or FERN_HANDLE_INVALID. */
fern_handle fern_env_handle(const char *name);

/* Offset of the device node (the child of /device), or a negative libfdt error. */
int fern_env_device(void);

/* Offset of /config, or a negative libfdt error. */
int fern_env_config(void);

/* The string property name of /config, or fallback. */
const char *fern_env_config_string(const char *name, const char *fallback);

/* Whether /config has the property name (a flag such as fern,test-commands). */
int fern_env_config_flag(const char *name);

/* The device's reg entry index as a CPU physical range. FERN_ERR_NOT_FOUND. */
int fern_env_reg(int index, uint64_t *base, uint64_t *size);

/* Maps the MMIO object the startup task granted for reg entry index ("mmio-INDEX") and
 * returns the address of the registers (the mapping is whole pages; the page offset of the
 * reg entry is applied). On error returns NULL with *status set. */
volatile void *fern_env_map_mmio(int index, int *status);

/* The interrupt object for the device's interrupt index ("irq-INDEX"), or FERN_HANDLE_INVALID. */
fern_handle fern_env_irq(int index);

#endif
