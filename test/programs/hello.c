// SPDX-License-Identifier: MIT
/* The first program: greets through stdout, then checks malloc, double-precision math (so a
 * thread's FP/SIMD state must survive system calls) and libfdt, and exits 0 only if all checks
 * pass. */
#include <fern/sys.h>
#include <libfdt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

static void check(int ok, const char *what)
{
	fern_logf("%s: %s", ok ? "pass" : "FAIL", what);
	if (!ok)
		failures++;
}

/* Fills a few KiB, frees half, allocates again: the heap from the start info works. */
static void check_heap(void)
{
	enum { BLOCKS = 8, SIZE = 1024 };
	unsigned char *block[BLOCKS];
	for (int i = 0; i < BLOCKS; i++) {
		block[i] = malloc(SIZE);
		if (!block[i]) {
			check(0, "malloc 8 x 1 KiB");
			return;
		}
		memset(block[i], i + 1, SIZE);
	}
	for (int i = 0; i < BLOCKS; i += 2)
		free(block[i]);
	char *big = malloc(3 * SIZE);
	int ok = big != NULL;
	if (big)
		memset(big, 0xee, 3 * SIZE);
	for (int i = 1; i < BLOCKS; i += 2)
		for (int j = 0; j < SIZE; j++)
			ok &= block[i][j] == i + 1;
	check(ok, "malloc/free of a few KiB keeps blocks apart");
	free(big);
	for (int i = 1; i < BLOCKS; i += 2)
		free(block[i]);
}

/* Sums a series that needs double precision, yielding on the way with the partial sum live in
 * an FP register, so a kernel that loses a thread's FP/SIMD state fails here. */
static void check_math(void)
{
	volatile double n = 1000000; /* volatile: computed at run time, not by the compiler */
	double sum = 0;
	for (int k = 1; k <= (int)n; k++) {
		sum += 1.0 / ((double)k * (double)k);
		if (k % 65536 == 0)
			fern_yield();
	}
	double expect = M_PI * M_PI / 6 - 1 / n; /* the tail of the series is about 1/n */
	check(fabs(sum - expect) < 1e-9, "sum of 1/k^2 is pi^2/6 (double precision)");
	double root = sqrt(2.0 * (double)n);
	fern_yield();
	check(fabs(root * root - 2.0 * n) < 1e-6, "sqrt survives a system call");
	char text[32];
	snprintf(text, sizeof(text), "%.6f", sum);
	check(strcmp(text, "1.644933") == 0, "printf formats doubles");
}

/* Builds a device tree in memory with libfdt, grows it, and reads it back: the runtime links
 * the same libfdt as the kernel, which programs will use to read their environment. */
static void check_libfdt(void)
{
	static char blob[2048], bigger[4096];
	int ok = fdt_create_empty_tree(blob, sizeof(blob)) == 0;
	int node = ok ? fdt_add_subnode(blob, 0, "greeting") : -1;
	ok = node >= 0 && fdt_setprop_string(blob, node, "text", "hello") == 0 &&
	     fdt_setprop_u32(blob, node, "count", 42) == 0;
	ok = ok && fdt_open_into(blob, bigger, sizeof(bigger)) == 0; /* moves the blob */
	int len = 0;
	node = ok ? fdt_path_offset(bigger, "/greeting") : -1;
	const char *text = node >= 0 ? fdt_getprop(bigger, node, "text", &len) : NULL;
	const fdt32_t *count = node >= 0 ? fdt_getprop(bigger, node, "count", NULL) : NULL;
	check(text && len == 6 && !strcmp(text, "hello") && count && fdt32_to_cpu(*count) == 42,
	      "libfdt builds, moves and reads a device tree");
}

int main(int argc, char **argv)
{
	const struct fern_start_info *si = fern_start_info();
	const char *domain = si->domain == FERN_DOMAIN_EL1 ? "EL1" : "EL0";
	printf("hello from %s in %s domain\n", si->name, domain);
	check(argc >= 1 && strcmp(argv[0], si->name) == 0, "argv[0] is the program name");
	check_heap();
	check_math();
	check_libfdt();
	fern_logf("%s: %d check(s) failed", argv[0], failures);
	return failures ? 1 : 0;
}
