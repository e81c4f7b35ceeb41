/* SPDX-License-Identifier: MIT */
/* The platform as discovered from a flattened device tree: shared by the kernel and fern-board. */
#ifndef FERN_BOARD_H
#define FERN_BOARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BOARD_MAX_BANKS    16
#define BOARD_MAX_RESERVED 32
#define BOARD_MAX_CPUS     64
#define BOARD_MAX_REDIST   8
#define BOARD_NAME_LEN     64
#define BOARD_PATH_LEN     128
#define BOARD_BOOTARGS_LEN 256
#define BOARD_ERROR_LEN    200

/* A physical address range [base, base + size). */
struct phys_range {
	uint64_t base;
	uint64_t size;
};

enum reserve_kind {
	RESERVE_MEMRESERVE, /* a /memreserve/ entry in the blob header */
	RESERVE_NODE,       /* a /reserved-memory child with reg */
	RESERVE_NODE_NOMAP, /* a /reserved-memory child with reg and no-map */
	RESERVE_DTB,        /* the device tree blob itself (added by the kernel) */
	RESERVE_KERNEL,     /* the kernel image including bss (added by the kernel) */
	RESERVE_INITRD,     /* /chosen linux,initrd-start .. linux,initrd-end */
};

struct reservation {
	struct phys_range range;
	enum reserve_kind kind;
	char name[BOARD_NAME_LEN]; /* node name for RESERVE_NODE*, else empty */
};

enum gic_version { GIC_NONE = 0, GIC_V2 = 2, GIC_V3 = 3 };

struct board_gic {
	enum gic_version version;
	char compatible[BOARD_NAME_LEN]; /* the matched compatible string */
	char path[BOARD_PATH_LEN];
	uint32_t phandle;
	struct phys_range dist;   /* GICD */
	struct phys_range cpu_if; /* GICv2: GICC; GICv3: GICC if present, else size 0 */
	struct phys_range redist[BOARD_MAX_REDIST]; /* GICv3: GICR regions */
	int redist_count;
};

/* Trigger of an interrupt, decoded from the GIC specifier's flags cell. */
enum irq_trigger {
	IRQ_TRIGGER_NONE = 0,
	IRQ_EDGE_RISING = 1,
	IRQ_EDGE_FALLING = 2,
	IRQ_LEVEL_HIGH = 4,
	IRQ_LEVEL_LOW = 8,
};

/* One resolved interrupt: a GIC interrupt id (SGI 0-15, PPI 16-31, SPI 32-1019) and trigger. */
struct board_irq {
	uint32_t intid;
	enum irq_trigger trigger;
	uint8_t cpu_mask; /* GICv2 PPI target mask from the flags cell; 0 if none */
};

/* Architected timer interrupts in binding order. */
enum timer_irq { TIMER_SEC_PHYS, TIMER_PHYS, TIMER_VIRT, TIMER_HYP_PHYS, TIMER_IRQ_COUNT };

struct board_timer {
	bool present;
	char path[BOARD_PATH_LEN];
	struct board_irq irq[TIMER_IRQ_COUNT];
	/* Interrupts the node lists (at least TIMER_VIRT + 1), capped at TIMER_IRQ_COUNT. */
	int irq_count;
	uint32_t clock_frequency; /* from a clock-frequency property; 0: use CNTFRQ */
};

enum psci_method { PSCI_NONE = 0, PSCI_HVC, PSCI_SMC };
enum cpu_enable { CPU_ENABLE_NONE = 0, CPU_ENABLE_PSCI, CPU_ENABLE_SPIN_TABLE };

struct board_cpu {
	uint64_t mpidr;
	enum cpu_enable enable_method;
	uint64_t release_addr; /* spin-table cpu-release-addr */
};

struct board_console {
	char path[BOARD_PATH_LEN];       /* resolved node path */
	char compatible[BOARD_NAME_LEN]; /* first compatible string of the node */
	char options[32];                /* the ":options" part of stdout-path, e.g. 115200n8 */
	struct phys_range regs;          /* translated to a CPU physical address */
	struct board_irq irq;            /* intid 0 if the node lists none */
};

struct board {
	const void *fdt;
	char model[BOARD_NAME_LEN]; /* /model, else the first /compatible */
	struct phys_range banks[BOARD_MAX_BANKS];
	int bank_count;
	struct reservation reserved[BOARD_MAX_RESERVED];
	int reserved_count;
	struct board_console console;
	char bootargs[BOARD_BOOTARGS_LEN];
	struct phys_range initrd; /* /chosen linux,initrd-start..end; size 0: none */
	struct board_cpu cpus[BOARD_MAX_CPUS];
	int cpu_count; /* usable (status okay) CPU nodes, at most BOARD_MAX_CPUS */
	enum psci_method psci;
	struct board_gic gic;
	struct board_timer timer;
};

/* Why discovery failed: a status code and a message naming the node and property at fault. */
struct board_error {
	int status;
	char message[BOARD_ERROR_LEN];
};

/*
 * Validates the blob (at most max_size bytes are readable at fdt) and fills *board with what the
 * kernel needs. Errors: FERN_ERR_INVALID for malformed input (truncated blob, bad reg length,
 * dangling stdout-path, ...), FERN_ERR_NOT_FOUND for a missing essential node (memory, GIC,
 * timer, console), FERN_ERR_UNSUPPORTED for well-formed hardware Fern has no driver for,
 * FERN_ERR_LOOP for interrupt-parent loops, FERN_ERR_TOO_MANY when a fixed table overflows.
 * On error, err->message says what is wrong, naming the node path and property at fault.
 * Never reads outside [fdt, fdt + max_size). *board is zeroed first; board->fdt is set once the
 * blob passes validation. err may be NULL. Only status "okay"/"ok" (or none) nodes count, on the
 * node and all its ancestors. No global state: calls on different boards may run concurrently.
 */
int board_discover(const void *fdt, size_t max_size, struct board *board, struct board_error *err);

/*
 * Adds a reservation (e.g. the DTB or kernel image, which only the kernel knows); size 0 adds
 * nothing. Errors: FERN_ERR_INVALID (unknown kind), FERN_ERR_RANGE (base + size wraps),
 * FERN_ERR_TOO_MANY (BOARD_MAX_RESERVED reached).
 */
int board_add_reservation(struct board *board, uint64_t base, uint64_t size, enum reserve_kind kind,
			  struct board_error *err);

/*
 * Prints the boot report through a printf-like function, one line per item: two spaces, the key
 * left-justified in 10 columns, the value (board, memory, reserved, console, gic, timer, cpus,
 * psci, bootargs; docs/boards.md shows every form). Tests grep these lines: keep them stable.
 */
typedef void (*board_printf)(void *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void board_report(const struct board *board, board_printf out, void *ctx);

/* Name of a reservation kind ("memreserve", "reserved-memory", "dtb", ...). */
const char *reserve_kind_name(enum reserve_kind kind);
/* "edge-rising", "edge-falling", "level-high", "level-low" or "none". */
const char *irq_trigger_name(enum irq_trigger trigger);

#endif
