// SPDX-License-Identifier: MIT
/*
 * fern-symbolize: turns fern-profile's "ADDRESS COUNT" lines into a per-function instruction
 * profile. Each image is NAME@BASE=SYMS, where SYMS is `nm -n --defined-only` output for the
 * ELF (addresses relative to its link address) and BASE where it ran (0 for the kernel, which
 * runs where it is linked). Prints the top functions with their share of all instructions,
 * then the total per image.
 *
 *   fern-symbolize PROFILE TOP NAME@BASE=SYMS...
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sym {
	uint64_t start;
	const char *image;
	char *name;
	uint64_t count;
};

static struct sym *syms;
static size_t nsyms, capsyms;

static void die(const char *what, const char *arg)
{
	fprintf(stderr, "fern-symbolize: %s%s%s\n", what, arg ? ": " : "", arg ? arg : "");
	exit(2);
}

static void add_sym(uint64_t start, const char *image, const char *name)
{
	if (nsyms == capsyms) {
		capsyms = capsyms ? 2 * capsyms : 4096;
		syms = realloc(syms, capsyms * sizeof(*syms));
		if (!syms)
			die("out of memory", 0);
	}
	char *copy = strdup(name);
	if (!copy)
		die("out of memory", 0);
	syms[nsyms++] = (struct sym){start, image, copy, 0};
}

/* Reads code symbols (types t, T, w, W) of one image from nm output. */
static void load_image(char *spec)
{
	char *at = strchr(spec, '@'), *eq = strchr(spec, '=');
	if (!at || !eq || eq < at)
		die("an image is NAME@BASE=SYMS, not", spec);
	*at = *eq = 0;
	uint64_t base = strtoull(at + 1, 0, 0);
	FILE *f = fopen(eq + 1, "r");
	if (!f)
		die("cannot read", eq + 1);
	char line[1024], type, name[900];
	unsigned long long addr;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%llx %c %899s", &addr, &type, name) == 3 && strchr("tTwW", type))
			add_sym(base + addr, spec, name);
	fclose(f);
}

static int by_start(const void *a, const void *b)
{
	uint64_t x = ((const struct sym *)a)->start, y = ((const struct sym *)b)->start;
	return x < y ? -1 : x > y;
}

static int by_count(const void *a, const void *b)
{
	uint64_t x = ((const struct sym *)a)->count, y = ((const struct sym *)b)->count;
	return x > y ? -1 : x < y;
}

/* The symbol containing addr (the last one starting at or below it), or NULL. */
static struct sym *lookup(uint64_t addr)
{
	size_t lo = 0, hi = nsyms;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (syms[mid].start <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? &syms[lo - 1] : NULL;
}

int main(int argc, char **argv)
{
	if (argc < 4)
		die("usage: fern-symbolize PROFILE TOP NAME@BASE=SYMS...", 0);
	int top = atoi(argv[2]);
	for (int i = 3; i < argc; i++)
		load_image(argv[i]);
	qsort(syms, nsyms, sizeof(*syms), by_start);
	FILE *f = fopen(argv[1], "r");
	if (!f)
		die("cannot read", argv[1]);
	unsigned long long addr, count;
	uint64_t total = 0, unknown = 0;
	while (fscanf(f, "%llx %llu", &addr, &count) == 2) {
		total += count;
		struct sym *s = lookup(addr);
		/* Past 1 MiB from the nearest symbol below, it is no function we know. */
		if (s && addr - s->start < (1u << 20))
			s->count += count;
		else
			unknown += count;
	}
	fclose(f);
	printf("%llu instructions in all\n\n", (unsigned long long)total);
	/* Per image, before the sort by count reorders the symbols. */
	const char *images[64];
	uint64_t image_count[64];
	int nimages = 0;
	for (size_t i = 0; i < nsyms; i++) {
		int k = 0;
		while (k < nimages && strcmp(images[k], syms[i].image))
			k++;
		if (k == nimages && nimages < 64) {
			images[nimages] = syms[i].image;
			image_count[nimages++] = 0;
		}
		if (k < nimages)
			image_count[k] += syms[i].count;
	}
	qsort(syms, nsyms, sizeof(*syms), by_count);
	printf("%14s %6s  %s\n", "INSTRUCTIONS", "SHARE", "FUNCTION");
	for (int i = 0; i < top && (size_t)i < nsyms && syms[i].count; i++)
		printf("%14llu %5.1f%%  %s:%s\n", (unsigned long long)syms[i].count,
		       total ? 100.0 * syms[i].count / total : 0.0, syms[i].image, syms[i].name);
	printf("\n%14s %6s  %s\n", "INSTRUCTIONS", "SHARE", "IMAGE");
	for (int k = 0; k < nimages; k++)
		if (image_count[k])
			printf("%14llu %5.1f%%  %s\n", (unsigned long long)image_count[k],
			       total ? 100.0 * image_count[k] / total : 0.0, images[k]);
	if (unknown)
		printf("%14llu %5.1f%%  (no symbol)\n", (unsigned long long)unknown,
		       total ? 100.0 * unknown / total : 0.0);
	return 0;
}
