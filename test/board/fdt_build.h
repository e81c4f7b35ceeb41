/* SPDX-License-Identifier: MIT */
/* Builds device trees in memory for the discovery tests, with libfdt's read-write API. */
#ifndef FERN_TEST_FDT_BUILD_H
#define FERN_TEST_FDT_BUILD_H

#include <stddef.h>
#include <stdint.h>

/* Room for every tree the tests build. */
#define TB_SIZE (256 * 1024)

/* Phandles the good boards give their controllers. */
#define TB_GIC_PHANDLE 1

/* A fresh empty tree (malloc'ed, TB_SIZE bytes); free with free(). Every helper exits on error. */
void *tb_new(void);

/* Offset of the node at path, creating it and any missing parents (as its parent's first child). */
int tb_node(void *fdt, const char *path);

/* Sets property prop of the node at path (created if needed) to raw bytes. */
void tb_prop(void *fdt, const char *path, const char *prop, const void *value, int len);

/* Sets prop to count big-endian 32-bit cells. */
void tb_cells(void *fdt, const char *path, const char *prop, const uint32_t *cells, int count);
#define TB_CELLS(fdt, path, prop, ...)                             \
	tb_cells(fdt, path, prop, (const uint32_t[]){__VA_ARGS__}, \
		 (int)(sizeof((const uint32_t[]){__VA_ARGS__}) / sizeof(uint32_t)))

/* Sets prop to one string, a string list ("a\0b", with its length), or an empty value. */
void tb_string(void *fdt, const char *path, const char *prop, const char *value);
void tb_strings(void *fdt, const char *path, const char *prop, const char *list, int len);
void tb_flag(void *fdt, const char *path, const char *prop);
#define TB_STRINGS(fdt, path, prop, literal) \
	tb_strings(fdt, path, prop, literal, (int)sizeof(literal))

/* Removes a property (if present) or a whole node. */
void tb_delprop(void *fdt, const char *path, const char *prop);
void tb_delnode(void *fdt, const char *path);

/* Adds a /memreserve/ entry. */
void tb_memreserve(void *fdt, uint64_t base, uint64_t size);

/* Packs the tree and returns a malloc'ed copy of exactly its totalsize bytes in *size. */
void *tb_finish(void *fdt, size_t *size);

/*
 * A good GICv2 board: 128 MiB at 0x40000000, a /memreserve/, a no-map /reserved-memory region,
 * an initrd, two PSCI CPUs, a cortex-a15-gic, a timer with flags 0xf04, and the console
 * uart@1000 behind /soc whose ranges put it at 0x9001000.
 */
void *tb_good_v2(void);

/* The same board with a GICv3 (one redistributor region) and GICv3 timer flags. */
void *tb_good_v3(void);

#endif
