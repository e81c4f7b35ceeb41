// SPDX-License-Identifier: MIT
/* Does one forbidden thing, named by its argument, so the harness can check that the kernel
 * terminates it with the right reason and that everything else keeps running:
 *   null | read-kernel | read-other ADDR | exec-data | write-text | mmio | after-unmap */
#include <fern/sys.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t read_at(uint64_t addr)
{
	return *(volatile uint64_t *)addr;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		printf("usage: fault_test MODE [ADDR]\n");
		return 2;
	}
	const char *mode = argv[1];
	printf("about to %s\n", mode);
	if (!strcmp(mode, "null")) {
		*(volatile int *)0 = 1;
	} else if (!strcmp(mode, "read-kernel")) {
		read_at(0xffff000040000000ull); /* the kernel's linear map of RAM */
	} else if (!strcmp(mode, "read-other") && argc > 2) {
		uint64_t v = read_at(strtoull(argv[2], 0, 0));
		printf("read %#llx from another program's address\n", (unsigned long long)v);
	} else if (!strcmp(mode, "exec-data")) {
		static uint32_t code[2] = {
		    0xd65f03c0}; /* ret: in writable, never-executable data */
		((void (*)(void))(uintptr_t)code)();
	} else if (!strcmp(mode, "write-text")) {
		*(volatile uint32_t *)(uintptr_t)main = 0;
	} else if (!strcmp(mode, "after-unmap")) {
		/* Contiguous memory freed after unmapping must not stay reachable, even when it
		 * could have been mapped as one 2 MiB block: pad the address space (mappings are
		 * placed one after another with a 64 KiB guard) so that it lands 2 MiB-aligned. */
		const uint64_t mib2 = 2 << 20, guard = 0x10000;
		int64_t probe = fern_vmo_create(4096, 0);
		int64_t at = fern_vm_map((fern_handle)probe, 0, 4096, FERN_PROT_READ);
		uint64_t pad = (mib2 - ((uint64_t)at + 4096 + 2 * guard) % mib2) % mib2;
		int64_t filler = fern_vmo_create(pad ? pad : mib2, 0);
		fern_vm_map((fern_handle)filler, 0, pad ? pad : mib2, FERN_PROT_READ);
		int64_t vmo = fern_vmo_create(mib2, FERN_VMO_CONTIGUOUS);
		int64_t addr =
		    fern_vm_map((fern_handle)vmo, 0, mib2, FERN_PROT_READ | FERN_PROT_WRITE);
		if (fern_is_error(vmo) || fern_is_error(addr) || ((uint64_t)addr & (mib2 - 1)) ||
		    (fern_vmo_paddr((fern_handle)vmo) & (mib2 - 1))) {
			printf("could not place a 2 MiB-aligned mapping (at %#llx)\n",
			       (unsigned long long)addr);
			return 3;
		}
		*(volatile uint64_t *)addr = 1;
		fern_handle_close((fern_handle)vmo);
		fern_vm_unmap((uint64_t)addr, mib2);
		read_at((uint64_t)addr + (1 << 20));
	} else if (!strcmp(mode, "mmio")) {
		read_at(0x09000000); /* QEMU virt's UART, never granted to this program */
	} else {
		printf("unknown mode %s\n", mode);
		return 2;
	}
	printf("%s did not fault\n", mode);
	return 1;
}
