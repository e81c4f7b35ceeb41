// SPDX-License-Identifier: MIT
/* mapflood: page tables under a flood of mappings (config mode), issue 11 finding 4:
 *   loop  map and unmap one object config count (50000) times; free memory, read before and
 *         after while the program still runs, must not fall by more than 1 MiB (page tables
 *         were never freed: free memory went to 0; in the EL1 domain they outlived the
 *         program, which the checker sees);
 *   many  config count (3500) mappings of one object of config size (2 MiB), then exit with
 *         them (they filled RAM with tables, and the exit, page by page with a TLB flush
 *         each, froze the kernel for about 100 s). */
#include "hostile.h"
#include <fern/env.h>
#include <fern/status.h>
#include <fern/sys.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
	hostile_begin();
	const char *mode = fern_env_config_string("mode", "loop");
	int many = !strcmp(mode, "many");
	uint64_t count = strtoull(fern_env_config_string("count", many ? "3500" : "50000"), 0, 0);
	uint64_t size =
	    strtoull(fern_env_config_string("size", many ? "0x200000" : "0x10000"), 0, 0);
	int failures = 0;
	/* config commit: every page allocated at creation (FERN_VMO_COMMIT), so that creating and
	 * mapping are the long operations the kernel must split. */
	int commit = !strcmp(fern_env_config_string("commit", "0"), "1");
	int64_t vmo = fern_vmo_create(size, commit ? FERN_VMO_COMMIT : 0);
	if (fern_is_error(vmo)) {
		fern_logf("FAIL: vmo create: %s", status_name((int)vmo));
		hostile_done(1, 0);
		return 1;
	}
	uint64_t before = hostile_free_kib(), i;
	for (i = 0; i < count; i++) {
		int64_t at =
		    fern_vm_map((fern_handle)vmo, 0, size, FERN_PROT_READ | FERN_PROT_WRITE);
		if (fern_is_error(at)) {
			fern_logf("FAIL: map %llu: %s", (unsigned long long)i,
				  status_name((int)at));
			failures++;
			break;
		}
		*(volatile uint64_t *)(uintptr_t)at = i; /* touch it */
		if (!many && fern_vm_unmap((uint64_t)at, size) != FERN_OK) {
			fern_logf("FAIL: unmap %llu", (unsigned long long)i);
			failures++;
			break;
		}
		if (i % 1024 == 0)
			hostile_set(HOSTILE_KEY_PROGRESS, i);
	}
	uint64_t after = hostile_free_kib();
	fern_logf("%llu %s: free memory %llu KiB before, %llu KiB after", (unsigned long long)i,
		  many ? "mappings kept" : "maps and unmaps", (unsigned long long)before,
		  (unsigned long long)after);
	if (!many && after + 1024 < before) {
		fern_logf("FAIL: the map/unmap loop cost %llu KiB",
			  (unsigned long long)(before - after));
		failures++;
	}
	hostile_set(HOSTILE_KEY_PROGRESS, i);
	hostile_done((uint64_t)failures, before > after ? before - after : 0);
	return 0; /* "many": the exit unmaps them all */
}
