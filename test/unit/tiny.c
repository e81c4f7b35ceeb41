// SPDX-License-Identifier: MIT
/* A tiny AArch64 PIE for test_elf: its pointer initialisers become R_AARCH64_RELATIVE relocs. */
int value = 42;
int *pointer = &value;
char buffer[64]; /* .bss */
char *middle = &buffer[10];
void _start(void);
void (*entry)(void) = _start;

void _start(void)
{
	for (;;)
		*pointer += middle[0];
}
