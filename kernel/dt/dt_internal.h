/* SPDX-License-Identifier: MIT */
/* Internal contract between the device-tree discovery files; not for use outside kernel/dt/. */
#ifndef FERN_DT_INTERNAL_H
#define FERN_DT_INTERNAL_H

#include "board.h"
#include "fdt_validate.h"

#include <libfdt.h>

/* Deepest node nesting we walk through (fdt_validate lets no deeper tree through). */
#define DT_MAX_DEPTH    FDT_VALIDATE_MAX_DEPTH
/* Most interrupt-parent phandle hops before a chain is called a loop. */
#define DT_IRQ_HOPS_MAX 16

/*
 * dt_util.c: errors, status and bounded property reads. Functions returning int return FERN_OK
 * or a negative enum fern_status and then have filled *err. Node offsets are >= 0, so a function
 * returning "an offset or an error" returns a negative fern status, never a libfdt code.
 */

/* Records status and a printf-style message in *err (if err is not NULL); returns status. */
int board_fail(struct board_error *err, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Like board_fail, with the message prefixed by the path of node and ": ". */
int dt_fail(struct board_error *err, int status, const void *fdt, int node, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* node's parent (-FDT_ERR_NOTFOUND for the root, as fdt_parent_offset), through the index of
 * fdt when there is one (dt_index.h), else by libfdt's walk from the root. */
int dt_parent(const void *fdt, int node);
/* The node phandle names (a negative libfdt error if none), through the index when there is
 * one, else fdt_node_offset_by_phandle. */
int dt_node_by_phandle(const void *fdt, uint32_t phandle);

/* Writes node's full path to buf (or a best effort if it does not fit); always terminated. */
void dt_node_path(const void *fdt, int node, char *buf, size_t size);

/* fdt_getprop for a blob fdt_validate accepted (every blob here): property names are read
 * where the blob says, since the validator checked each lies NUL-terminated in the strings
 * block; libfdt 1.6.1 instead scans the rest of the strings block for every name it compares,
 * which made property lookups most of a boot's instructions. */
const void *dt_getprop(const void *fdt, int node, const char *name, int *lenp);
/* fdt_get_phandle through dt_getprop: the node's phandle, or 0. */
uint32_t dt_get_phandle(const void *fdt, int node);
/* True if node itself has no status, "okay" or "ok". */
bool dt_status_okay(const void *fdt, int node);
/* True if node and all its ancestors have no status, "okay" or "ok". */
bool dt_node_usable(const void *fdt, int node);

/* A string property: NULL if absent or not NUL-terminated within its length. */
const char *dt_prop_string(const void *fdt, int node, const char *name);

/* True if property name is a string list (length-bounded) that contains value. */
bool dt_prop_has_string(const void *fdt, int node, const char *name, const char *value);

/* True if the first string of property name equals value (a missing NUL is tolerated). */
bool dt_prop_is(const void *fdt, int node, const char *name, const char *value);

/* Copies at most src_len bytes of src, up to its NUL, into dst; always terminated. */
void dt_copy_string(char *dst, size_t size, const char *src, size_t src_len);

/* Copies the first string of a string-list property into dst ("" if absent). */
void dt_copy_first_string(const void *fdt, int node, const char *name, char *dst, size_t size);

/* Reads a 4-byte property; absent: *out = fallback. Errors: FERN_ERR_INVALID (wrong length). */
int dt_read_u32(const void *fdt, int node, const char *name, uint32_t fallback, uint32_t *out,
		struct board_error *err);

/* Reads a 4- or 8-byte property; *found says if it exists. Errors: FERN_ERR_INVALID. */
int dt_read_number(const void *fdt, int node, const char *name, uint64_t *out, bool *found,
		   struct board_error *err);

/* Joins count (at most 2) big-endian cells into a number. */
uint64_t dt_cells_value(const fdt32_t *cells, int count);

/* The first usable node compatible with compat, or FERN_ERR_NOT_FOUND. */
int dt_find_compatible(const void *fdt, const char *compat);

/* dt_addr.c: reg decoding and translation to CPU physical addresses. */

/* Address and size cells of a bus node. */
struct dt_cells {
	int address;
	int size;
};

/*
 * Reads bus's #address-cells (default 2) and #size-cells (default 1). Errors: FERN_ERR_INVALID
 * for values above 4 or 0 address cells, FERN_ERR_UNSUPPORTED for 3 or 4.
 */
int dt_bus_cells(const void *fdt, int bus, struct dt_cells *cells, struct board_error *err);

/* Number of entries in node's reg (0 if it has none). Errors: as dt_bus_cells, bad length. */
int dt_reg_count(const void *fdt, int node, int *count, struct board_error *err);

/*
 * Entry index of node's reg translated through every ancestor's ranges to a CPU physical
 * address. Errors: FERN_ERR_INVALID (no such entry, a bus without ranges, outside every ranges
 * entry, overflow), FERN_ERR_UNSUPPORTED (more than 2 cells).
 */
int dt_reg_get(const void *fdt, int node, int index, struct phys_range *out,
	       struct board_error *err);

/* dt_irq.c: interrupt resolution through interrupt-parent chains. */

/* Number of interrupts node lists in interrupts-extended or interrupts (0 if none). */
int dt_irq_count(const void *fdt, int node, int *count, struct board_error *err);

/*
 * Interrupt index of node resolved to its controller, which must be a GIC, and decoded into an
 * INTID and trigger. Errors: FERN_ERR_INVALID (malformed or dangling), FERN_ERR_LOOP
 * (interrupt-parent chain loops), FERN_ERR_UNSUPPORTED (not a GIC, extended ranges, nexus).
 */
int dt_irq_get(const void *fdt, int node, int index, struct board_irq *irq,
	       struct board_error *err);

/* The interrupt controller serving node's interrupts (following interrupt-parent chains). */
int dt_irq_parent(const void *fdt, int node, int *ctrl, struct board_error *err);

/* dt_gic.c */

/* GIC version node is compatible with (GIC_NONE if none); *compat gets the matching string. */
enum gic_version dt_gic_version(const void *fdt, int node, const char **compat);

/* The parts of discovery, called in this order by board_discover. */
int dt_memory_discover(const void *fdt, struct board *board, struct board_error *err);
int dt_reserved_discover(const void *fdt, struct board *board, struct board_error *err);
int dt_cpus_discover(const void *fdt, struct board *board, struct board_error *err);
int dt_psci_discover(const void *fdt, struct board *board, struct board_error *err);
int dt_gic_discover(const void *fdt, struct board *board, struct board_error *err);
int dt_timer_discover(const void *fdt, struct board *board, struct board_error *err);
int dt_chosen_discover(const void *fdt, struct board *board, struct board_error *err);

/* Adds a reservation with a name (dt_reserved.c). Errors: FERN_ERR_RANGE, FERN_ERR_TOO_MANY. */
int dt_reserve(struct board *board, const struct phys_range *range, enum reserve_kind kind,
	       const char *name, size_t name_len, struct board_error *err);

#endif
