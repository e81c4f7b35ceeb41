/* SPDX-License-Identifier: MIT */
/* Kernel entry: arm64 Image header, EL2 -> EL1, boot page tables, MMU on, jump to kernel_main. */
#include <arch/asm.h>
#include <arch/memlayout.h>
#include <arch/sysreg.h>

	.section .text.head, "ax"
/* arm64 Image header (Documentation/arm64/booting.rst): QEMU's -kernel loader and U-Boot's
 * booti place the image at a 2 MiB-aligned RAM address + text_offset and pass x0 = DTB. */
FUNC(_head)
	b	primary_entry
	.long	0
	.quad	TEXT_OFFSET
	.quad	_image_end - _head	/* image_size: includes bss */
	.quad	0x2			/* flags: little-endian, 4 KiB pages, placement anywhere */
	.quad	0, 0, 0
	.ascii	"ARM\x64"
	.long	0
END(_head)

	.text
FUNC(primary_entry)
	mov	x19, x0			/* DTB physical address */
	msr	daifset, #0xf

	/* Secondary CPUs never come here: they stay in firmware (PSCI CPU_OFF or a spin-table
	 * loop) until a later boot stage releases them. */
	mrs	x0, CurrentEL
	cmp	x0, #CURRENT_EL_EL2
	b.eq	el2_to_el1
	cmp	x0, #CURRENT_EL_EL1
	b.ne	park			/* EL3 entry is not supported: firmware should drop first */
el1_entry:
	ldr	x0, =SCTLR_EL1_MMU_OFF
	msr	sctlr_el1, x0
	isb
	/* FP/SIMD on at EL1: libfdt uses SIMD registers at boot (the kernel's code does not). */
	mov	x0, #CPACR_EL1_FPEN_ALL
	msr	cpacr_el1, x0
	isb

	/* Clear bss with the MMU off, before anything in it is used (it holds the boot stack
	 * and the boot page tables, which must survive the switch to the high mapping). */
	adr_l	x0, _bss_start
	adr_l	x1, _bss_end
2:	cmp	x0, x1
	b.hs	3f
	stp	xzr, xzr, [x0], #16
	b	2b
3:	adr_l	x0, boot_stack_top
	mov	sp, x0

	adr_l	x20, _head		/* physical load address */
	mov	x0, x20
	mov	x1, x19
	sub	sp, sp, #16
	mov	x2, sp
	bl	boot_map		/* builds TTBR0 (identity) and TTBR1 (kernel) boot tables */
	ldp	x21, x22, [sp], #16	/* TTBR0, TTBR1 */

	/* Writes above went to memory with caches off: drop any stale lines over bss. */
	adr_l	x0, _bss_start
	adr_l	x1, _bss_end
	bl	dcache_inval_range

	ldr	x0, =MAIR_EL1_VALUE
	msr	mair_el1, x0
	ldr	x0, =TCR_EL1_BASE
	mrs	x1, id_aa64mmfr0_el1
	and	x1, x1, #0x7		/* PARange */
	cmp	x1, #5			/* this kernel's descriptors hold up to 48-bit PAs */
	mov	x2, #5
	csel	x1, x1, x2, ls
	bfi	x0, x1, #TCR_IPS_SHIFT, #3
	msr	tcr_el1, x0
	msr	ttbr0_el1, x21
	msr	ttbr1_el1, x22
	isb
	tlbi	vmalle1
	dsb	nsh
	isb
	ldr	x0, =SCTLR_EL1_KERNEL
	msr	sctlr_el1, x0
	isb
	ic	iallu
	dsb	nsh
	isb
	ldr	x0, =high_entry		/* absolute: the link-time (upper-half) address */
	br	x0

high_entry:
	ldr	x0, =boot_stack_top
	mov	sp, x0
	mov	x29, xzr		/* terminates frame-pointer backtraces */
	mov	x30, xzr
	ldr	x0, =exception_vectors
	msr	vbar_el1, x0
	isb
	mov	x0, x19			/* DTB physical address */
	mov	x1, x20			/* physical load address */
	bl	kernel_main
	b	park
END(primary_entry)

/* EL2 -> EL1: give EL1 its timers, FP/SIMD, PMU counters and (GICv3) system registers. */
FUNC(el2_to_el1)
	mov	x0, #HCR_EL2_RW
	msr	hcr_el2, x0
	mrs	x0, cnthctl_el2
	orr	x0, x0, #(CNTHCTL_EL2_EL1PCTEN | CNTHCTL_EL2_EL1PCEN)
	msr	cnthctl_el2, x0
	msr	cntvoff_el2, xzr
	mov	x0, #CPTR_EL2_RES1
	msr	cptr_el2, x0
	mrs	x0, pmcr_el0
	ubfx	x0, x0, #11, #5		/* PMCR_EL0.N: give EL1 all event counters */
	msr	mdcr_el2, x0
	msr	vttbr_el2, xzr
	mrs	x0, id_aa64pfr0_el1
	ubfx	x0, x0, #24, #4		/* GIC system register interface present? */
	cbz	x0, 1f
	mrs	x0, S3_4_C12_C9_5	/* ICC_SRE_EL2 */
	mov	x1, #(ICC_SRE_EL2_SRE | ICC_SRE_EL2_ENABLE)
	orr	x0, x0, x1
	msr	S3_4_C12_C9_5, x0
	isb
1:	ldr	x0, =SCTLR_EL1_MMU_OFF
	msr	sctlr_el1, x0
	mov	x0, #SPSR_EL1H_MASKED
	msr	spsr_el2, x0
	adr_l	x0, el1_entry
	msr	elr_el2, x0
	eret
END(el2_to_el1)

FUNC(park)
	msr	daifset, #0xf
1:	wfe
	b	1b
END(park)

/* dcache_inval_range(start, end): invalidate data cache lines to the point of coherency. */
FUNC(dcache_inval_range)
	mrs	x3, ctr_el0
	ubfx	x3, x3, #16, #4		/* DminLine: log2(words) */
	mov	x2, #4
	lsl	x2, x2, x3
	sub	x3, x2, #1
	bic	x0, x0, x3
1:	dc	ivac, x0
	add	x0, x0, x2
	cmp	x0, x1
	b.lo	1b
	dsb	sy
	ret
END(dcache_inval_range)

	/* Laid out like a kernel stack slot (memlayout.h): bit 14 is 1 on the whole stack. */
	.section .bss.boot_stack, "aw", %nobits
	.balign	(1 << KSTACK_SLOT_SHIFT)
	.space	(1 << KSTACK_SLOT_SHIFT) - BOOT_STACK_SIZE
boot_stack:
	.space	BOOT_STACK_SIZE
	.global	boot_stack_top
boot_stack_top:
