/* SPDX-License-Identifier: MIT */
/* Program entry: sets up the main thread's TLS for picolibc, then runs the C start-up. The
 * only runtime code that touches a system register (TPIDR_EL0). */

/*
 * Entered from the kernel with x0 = the read-only struct fern_start_info, sp = its stack_top
 * (16-byte aligned), relocations already applied. In the EL1 domain this code runs at EL1:
 * it touches no system register but TPIDR_EL0 (saved per thread by the kernel).
 */
	.section .text._start, "ax", %progbits
	.global	_start
	.type	_start, %function
_start:
	.cfi_startproc
	.cfi_undefined x30		/* outermost frame: debuggers and backtraces stop here */
	mov	x29, #0
	mov	x30, #0
	mov	x19, x0			/* the start info, across the calls below */

	/* Copy the .tdata template into the block reserved in .bss (its .tbss part is already
	 * zero) and point TPIDR_EL0 at the TCB before it: errno and friends live there. */
	adrp	x0, __fern_tls_block
	add	x0, x0, :lo12:__fern_tls_block
	bl	_init_tls
	adrp	x0, __fern_tls_block
	add	x0, x0, :lo12:__fern_tls_block
	bl	_set_tls

	mov	x0, x19
	bl	fern_runtime_start	/* does not return */
	brk	#0
	.cfi_endproc
	.size	_start, . - _start

/*
 * void _set_tls(void *tls): makes tls (a block laid out like __fern_tls_block, see program.ld)
 * the calling thread's TLS. TPIDR_EL0 points at the TCB, which is as far before the block as
 * __fern_tls_tcb is before __fern_tls_block. picolibc's own reads that distance through the
 * GOT as a link-time number, which a PIE's relocation would corrupt.
 */
	.section .text._set_tls, "ax", %progbits
	.global	_set_tls
	.type	_set_tls, %function
_set_tls:
	adrp	x1, __fern_tls_block
	add	x1, x1, :lo12:__fern_tls_block
	adrp	x2, __fern_tls_tcb
	add	x2, x2, :lo12:__fern_tls_tcb
	sub	x1, x1, x2
	sub	x0, x0, x1
	msr	tpidr_el0, x0
	ret
	.size	_set_tls, . - _set_tls
