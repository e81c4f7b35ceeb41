// SPDX-License-Identifier: MIT
/* Does one forbidden thing, named by its argument, so the harness can check that the kernel
 * terminates it with the right reason and that everything else keeps running:
 *   null | read-kernel | read-other ADDR | exec-data | write-text | mmio */
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
	} else if (!strcmp(mode, "mmio")) {
		read_at(0x09000000); /* QEMU virt's UART, never granted to this program */
	} else {
		printf("unknown mode %s\n", mode);
		return 2;
	}
	printf("%s did not fault\n", mode);
	return 1;
}
