// el3boot entry, for config.txt kernel_old=1: every core enters here at 0x0 at
// EL3 (no armstub). Each core records the EL it entered at in entry_el[core];
// cores 1-3 then wait in WFE, core 0 takes the stack, installs the EL3 vectors
// (tests/common/vectors.S built with WITH_EL3), clears .bss and calls el3_main.
// Only PC-relative addressing.

	.section .text.boot, "ax"
	.globl	_start
_start:
	mrs	x0, CurrentEL
	ubfx	x0, x0, #2, #2
	mrs	x1, mpidr_el1
	and	x1, x1, #0xff		// MPIDR_EL1.Aff0 is the core number on BCM2837
	adr	x2, entry_el
	str	x0, [x2, x1, lsl #3]
	dsb	sy
	sev
	cbnz	x1, park

	adrp	x10, __stack_top
	add	x10, x10, :lo12:__stack_top
	mov	sp, x10			// SP_EL3: reset leaves EL3h
	adr	x9, el3_vectors
	msr	vbar_el3, x9
	isb
	adrp	x0, __bss_start
	add	x0, x0, :lo12:__bss_start
	adrp	x1, __bss_end
	add	x1, x1, :lo12:__bss_end
1:	cmp	x0, x1
	b.hs	2f
	stp	xzr, xzr, [x0], #16
	b	1b
2:	bl	el3_main
park:
	wfe
	b	park

	// eret_to(spsr, entry, el): returns from the current EL (el) to entry
	// with SPSR_ELel = spsr.
	.text
	.globl	eret_from_el3
eret_from_el3:
	msr	spsr_el3, x0
	msr	elr_el3, x1
	isb
	eret
	.globl	eret_from_el2
eret_from_el2:
	msr	spsr_el2, x0
	msr	elr_el2, x1
	isb
	eret

	.data
	.balign	8
	.globl	entry_el
entry_el:
	.quad	-1, -1, -1, -1
