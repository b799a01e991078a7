// Recreates visor's VM entry on a bare Pi 3 / QEMU raspi3b: copies PAYLOAD to
// physical 0x0 and enters it at EL1h, MMU off, SP_EL1=0x100000, x0-x2=0.
// Used to check that the 0x0 images really run from load address 0.
// An HVC from the payload answers x0 = -1 (SMCCC NOT_SUPPORTED), as visor does
// for calls it does not know; any other exception to EL2 parks the core.

#define SPIN_TABLE_CORE1	0xe0	// cores 1-3 poll 0xe0/0xe8/0xf0 (Pi 3 armstub, QEMU raspi3b)

	.section .text.boot, "ax"
	.globl	_start
_start:
	mrs	x9, mpidr_el1
	and	x9, x9, #0xff
	cbnz	x9, park

	// The secondaries still spin in firmware code below 0x100, which the copy
	// overwrites: move them into our park loop first.
	adr	x9, park
	mov	x10, #SPIN_TABLE_CORE1
	str	x9, [x10]
	str	x9, [x10, #8]
	str	x9, [x10, #16]
	dsb	sy
	sev
	adr	x10, arrived		// wait until all three have left the firmware loop
1:	ldr	w11, [x10, #4]
	ldr	w12, [x10, #8]
	and	w11, w11, w12
	ldr	w12, [x10, #12]
	and	w11, w11, w12
	cbz	w11, 1b

	adr	x0, payload
	adr	x1, payload_end
	mov	x2, #0
2:	cmp	x0, x1
	b.hs	3f
	ldr	w3, [x0], #4
	str	w3, [x2], #4
	b	2b
3:	dsb	sy
	ic	iallu
	dsb	sy
	isb

	mov	x9, #(1 << 31)		// HCR_EL2.RW: EL1 is AArch64
	msr	hcr_el2, x9
	mov	x9, #3			// CNTHCTL_EL2: EL1 timer/counter access
	msr	cnthctl_el2, x9
	msr	cntvoff_el2, xzr
	mov	x9, #0x0800		// SCTLR_EL1 RES1 bits, MMU off
	movk	x9, #0x30d0, lsl #16
	msr	sctlr_el1, x9
	mov	x9, #0x100000
	msr	sp_el1, x9
	adr	x9, el2_vectors
	msr	vbar_el2, x9
	mov	x9, #0x3c5		// EL1h, DAIF masked
	msr	spsr_el2, x9
	msr	elr_el2, xzr
	mov	x0, #0
	mov	x1, #0
	mov	x2, #0
	eret

park:	mrs	x9, mpidr_el1
	and	x9, x9, #0xff
	adr	x10, arrived
	mov	w11, #1
	str	w11, [x10, x9, lsl #2]
	dsb	sy
	sev
2:	wfe
	b	2b

	.balign	4
arrived: .word	0, 0, 0, 0

// EL2 vectors: only "lower EL, AArch64, synchronous" (offset 0x400) with
// ESR_EL2.EC = 0x16 (HVC) returns; x0 is the only register it touches.
	.balign	0x800
el2_vectors:
	.rept	8
	.balign	0x80
	b	el2_other
	.endr
	.balign	0x80
	mrs	x0, esr_el2
	lsr	x0, x0, #26
	cmp	x0, #0x16
	b.ne	el2_other
	mov	x0, #-1
	eret
	.rept	7
	.balign	0x80
	b	el2_other
	.endr
el2_other:
	wfe
	b	el2_other

	.balign	4
payload:
	.incbin	PAYLOAD
	.balign	4
payload_end:
