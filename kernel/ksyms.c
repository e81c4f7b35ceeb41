// SPDX-License-Identifier: MIT
/* Address-to-name lookup over the symbol table that the build embeds (cmake/gen-ksyms.sh). */
#include <kernel/ksyms.h>

/* Sorted function start addresses and offsets of their NUL-terminated names. */
extern const uint64_t ksyms_addr[];
extern const uint32_t ksyms_name[];
extern const uint32_t ksyms_count;
extern const char ksyms_strings[];
extern char _text_start[], _text_end[];

const char *ksyms_lookup(uint64_t addr, uint64_t *offset)
{
	if (addr < (uint64_t)_text_start || addr >= (uint64_t)_text_end || ksyms_count == 0)
		return 0;
	uint32_t lo = 0, hi = ksyms_count; /* find the last entry with address <= addr */
	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (ksyms_addr[mid] <= addr)
			lo = mid;
		else
			hi = mid;
	}
	if (ksyms_addr[lo] > addr)
		return 0;
	*offset = addr - ksyms_addr[lo];
	return &ksyms_strings[ksyms_name[lo]];
}
