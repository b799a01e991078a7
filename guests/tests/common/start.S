// Test kernel entry: core 0 at _start on EL2 (QEMU raspi3b -kernel, Pi 3 armstub),
// cores 1-3 at secondary_start once released through the spin table.
// Every core gets its own stacks, keeps VBAR_EL2 for HVC/EL2 IRQs, and drops
// to EL1h; core 0 then runs main(), the others secondary_main(core).

#define EL1_STACK	0x4000
#define EL2_STACK	0x1000

	.section .text.boot, "ax"
	.globl	_start
_start:
	mrs	x0, mpidr_el1
	and	x0, x0, #0xff		// MPIDR_EL1.Aff0: core number
	cbnz	x0, park
	adrp	x1, __bss_start
	add	x1, x1, :lo12:__bss_start
	adrp	x2, __bss_end
	add	x2, x2, :lo12:__bss_end
1:	cmp	x1, x2
	b.hs	core_start
	stp	xzr, xzr, [x1], #16
	b	1b

	.globl	secondary_start
secondary_start:
	mrs	x0, mpidr_el1
	and	x0, x0, #0xff

// x0 = core number, kept through the eret
core_start:
	add	x9, x0, #1
	adrp	x1, __el1_stacks
	add	x1, x1, :lo12:__el1_stacks
	mov	x10, #EL1_STACK
	madd	x1, x9, x10, x1		// top of this core's EL1 stack
	adrp	x2, __el2_stacks
	add	x2, x2, :lo12:__el2_stacks
	mov	x10, #EL2_STACK
	madd	x2, x9, x10, x2		// top of this core's EL2 stack

	mrs	x9, CurrentEL
	ubfx	x9, x9, #2, #2
	cmp	x9, #2
	b.eq	2f
	mov	sp, x1			// already at EL1: no EL2 to set up
	b	el1_entry

2:	mov	sp, x2
	adr	x9, el2_vectors
	msr	vbar_el2, x9
	// HCR_EL2.RW: EL1 is AArch64; IMO/FMO clear so IRQs go to EL1.
	// CNTHCTL_EL2.EL1PCEN|EL1PCTEN: EL1 may use the physical timer and counter.
	mov	x9, #(1 << 31)
	msr	hcr_el2, x9
	mov	x9, #3
	msr	cnthctl_el2, x9
	msr	cntvoff_el2, xzr
	mov	x9, #0x0800		// SCTLR_EL1 RES1 bits, MMU and caches off
	movk	x9, #0x30d0, lsl #16
	msr	sctlr_el1, x9
	msr	sp_el1, x1
	mov	x9, #0x3c5		// SPSR_EL2: EL1h, DAIF masked
	msr	spsr_el2, x9
	adr	x9, el1_entry
	msr	elr_el2, x9
	isb
	eret

el1_entry:
	adr	x9, el1_vectors
	msr	vbar_el1, x9
	isb
	cbnz	x0, 3f
	bl	main
	b	park
3:	bl	secondary_main
	.globl	park
park:	wfe
	b	park

	.weak	secondary_main
secondary_main:
	b	park
