/* SPDX-License-Identifier: MIT */
/* Assembly helpers (included only from .S files). */
#ifndef ARCH_ASM_H
#define ARCH_ASM_H
/* Assembler syntax, not C: */
/* clang-format off */

/* Loads the address of sym PC-relatively (valid before and after the MMU is on). */
.macro adr_l reg, sym
	adrp \reg, \sym
	add \reg, \reg, :lo12:\sym
.endm

#define FUNC(name) .global name; .type name, %function; name:
#define END(name) .size name, . - name

/* clang-format on */
#endif
