// SPDX-License-Identifier: MIT
/*
 * fern-profile: a QEMU TCG plugin that counts, for every guest instruction address, how many
 * times it ran, and writes "ADDRESS COUNT" lines (hex, decimal) to the file its out=FILE
 * argument names when QEMU exits. Each translated block gets a counter that QEMU increments
 * inline each time the block runs (cheap); at exit the blocks' counts are spread over their
 * instructions and summed per address. tools/fern profile symbolizes the result.
 */
#include "qemu_plugin_api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = 1;

struct block {
	uint64_t runs; /* incremented inline by QEMU */
	struct block *next;
	size_t n;
	uint64_t vaddr[]; /* of each instruction */
};

static struct block *blocks; /* every translation (QEMU translates with one thread here) */
static char out_path[4096];

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	(void)id;
	size_t n = qemu_plugin_tb_n_insns(tb);
	struct block *b = calloc(1, sizeof(*b) + n * sizeof(b->vaddr[0]));
	if (!b)
		return;
	b->n = n;
	for (size_t i = 0; i < n; i++)
		b->vaddr[i] = qemu_plugin_insn_vaddr(qemu_plugin_tb_get_insn(tb, i));
	b->next = blocks;
	blocks = b;
	qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64, &b->runs, 1);
}

struct entry {
	uint64_t vaddr, count;
};

static int by_vaddr(const void *a, const void *b)
{
	uint64_t x = ((const struct entry *)a)->vaddr, y = ((const struct entry *)b)->vaddr;
	return x < y ? -1 : x > y;
}

static void on_qemu_exit(qemu_plugin_id_t id, void *userdata)
{
	(void)id;
	(void)userdata;
	size_t total = 0;
	for (struct block *b = blocks; b; b = b->next)
		total += b->runs ? b->n : 0;
	struct entry *e = malloc((total ? total : 1) * sizeof(*e));
	FILE *f = fopen(out_path, "w");
	if (!e || !f) {
		qemu_plugin_outs("fern-profile: cannot write the profile\n");
		return;
	}
	size_t k = 0;
	for (struct block *b = blocks; b; b = b->next)
		for (size_t i = 0; b->runs && i < b->n; i++)
			e[k++] = (struct entry){b->vaddr[i], b->runs};
	qsort(e, k, sizeof(*e), by_vaddr);
	for (size_t i = 0; i < k;) { /* one line per address, retranslations summed */
		uint64_t sum = 0, at = e[i].vaddr;
		for (; i < k && e[i].vaddr == at; i++)
			sum += e[i].count;
		fprintf(f, "%llx %llu\n", (unsigned long long)at, (unsigned long long)sum);
	}
	fclose(f);
	free(e);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
					   char **argv)
{
	(void)info;
	snprintf(out_path, sizeof(out_path), "fern-profile.txt");
	for (int i = 0; i < argc; i++)
		if (!strncmp(argv[i], "out=", 4))
			snprintf(out_path, sizeof(out_path), "%s", argv[i] + 4);
	qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
	qemu_plugin_register_atexit_cb(id, on_qemu_exit, 0);
	return 0;
}
