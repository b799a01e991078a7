// Entry for the position-independent test guests (bench, mmio-forms,
// hostile), shared like echo's: entered either at 0x80000 on EL2 (bare Pi 3,
// QEMU -kernel) or at 0x0 on EL1h (visor VM, SP preset). Drops to EL1h,
// installs tests/common's EL1 vectors and calls main(entry_el) on core 0,
// entry_el being 2 on bare metal and 1 in a VM. Only PC-relative addressing.

	.section .text.boot, "ax"
	.globl	_start
_start:
	mrs	x9, mpidr_el1
	and	x9, x9, #0xff		// MPIDR_EL1.Aff0 is the core number on BCM2837
	cbnz	x9, picrt_park

	adrp	x10, __stack_top
	add	x10, x10, :lo12:__stack_top
	mrs	x19, CurrentEL
	ubfx	x19, x19, #2, #2	// entry EL, kept for main
	cmp	x19, #2
	b.ne	at_el1

	// EL2 -> EL1h. HCR_EL2.RW=1: EL1 is AArch64. CNTHCTL_EL2.EL1PCEN|EL1PCTEN:
	// no trap on the EL1 physical timer/counter. SCTLR_EL1 gets its RES1 bits
	// with the MMU and caches off. SPSR_EL2 0x3c5 = EL1h, DAIF masked.
	adr	x9, el2_vectors		// an unexpected trap to EL2 still gets reported
	msr	vbar_el2, x9
	mov	x9, #(1 << 31)
	msr	hcr_el2, x9
	mov	x9, #3
	msr	cnthctl_el2, x9
	msr	cntvoff_el2, xzr
	mov	x9, #0x0800
	movk	x9, #0x30d0, lsl #16
	msr	sctlr_el1, x9
	msr	sp_el1, x10
	mov	x9, #0x3c5
	msr	spsr_el2, x9
	adr	x9, at_el1
	msr	elr_el2, x9
	isb
	eret

at_el1:
	mov	x9, sp			// keep a stack preset by the hypervisor
	cbnz	x9, 1f
	mov	sp, x10
1:	adr	x9, el1_vectors
	msr	vbar_el1, x9
	isb
	adrp	x0, __bss_start
	add	x0, x0, :lo12:__bss_start
	adrp	x1, __bss_end
	add	x1, x1, :lo12:__bss_end
2:	cmp	x0, x1
	b.hs	3f
	stp	xzr, xzr, [x0], #16
	b	2b
3:	mov	x0, x19
	bl	main
	.globl	picrt_park
picrt_park:
	wfe
	b	picrt_park
