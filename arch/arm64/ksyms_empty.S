/* SPDX-License-Identifier: MIT */
/* The empty symbol table of the first kernel link (see cmake/gen-ksyms.sh). */
	.section .ksyms, "a"
	.balign 8
	.global ksyms_addr, ksyms_name, ksyms_count, ksyms_strings
ksyms_addr:
ksyms_name:
ksyms_count:
	.long 0
ksyms_strings:
	.byte 0
