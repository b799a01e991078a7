// One vector table for EL1 and one for EL2 (and one for EL3 with -DWITH_EL3). Each entry saves x0-x30 with
// ELR/SPSR of its level (so handlers may nest, e.g. an IRQ inside an HVC call)
// and calls exception(frame, el, kind); kind is the entry index 0-15. SP_EL0 is
// not saved: a handler that changes it (lrtos switching tasks) does so itself.

#define FRAME_SIZE	(34 * 8)

	// x0/x1 are already saved by the vector entry, x1 holds the kind
	.macro	save el
	stp	x2, x3, [sp, #16 * 1]
	stp	x4, x5, [sp, #16 * 2]
	stp	x6, x7, [sp, #16 * 3]
	stp	x8, x9, [sp, #16 * 4]
	stp	x10, x11, [sp, #16 * 5]
	stp	x12, x13, [sp, #16 * 6]
	stp	x14, x15, [sp, #16 * 7]
	stp	x16, x17, [sp, #16 * 8]
	stp	x18, x19, [sp, #16 * 9]
	stp	x20, x21, [sp, #16 * 10]
	stp	x22, x23, [sp, #16 * 11]
	stp	x24, x25, [sp, #16 * 12]
	stp	x26, x27, [sp, #16 * 13]
	stp	x28, x29, [sp, #16 * 14]
	mrs	x10, elr_el\el
	stp	x30, x10, [sp, #16 * 15]
	mrs	x11, spsr_el\el
	str	x11, [sp, #16 * 16]
	.endm

	.macro	restore el
	ldr	x11, [sp, #16 * 16]
	msr	spsr_el\el, x11
	ldp	x30, x10, [sp, #16 * 15]
	msr	elr_el\el, x10
	ldp	x0, x1, [sp, #16 * 0]
	ldp	x2, x3, [sp, #16 * 1]
	ldp	x4, x5, [sp, #16 * 2]
	ldp	x6, x7, [sp, #16 * 3]
	ldp	x8, x9, [sp, #16 * 4]
	ldp	x10, x11, [sp, #16 * 5]
	ldp	x12, x13, [sp, #16 * 6]
	ldp	x14, x15, [sp, #16 * 7]
	ldp	x16, x17, [sp, #16 * 8]
	ldp	x18, x19, [sp, #16 * 9]
	ldp	x20, x21, [sp, #16 * 10]
	ldp	x22, x23, [sp, #16 * 11]
	ldp	x24, x25, [sp, #16 * 12]
	ldp	x26, x27, [sp, #16 * 13]
	ldp	x28, x29, [sp, #16 * 14]
	add	sp, sp, #FRAME_SIZE
	eret
	.endm

	.macro	ventry el, kind
	.balign	0x80
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #16 * 0]
	mov	x1, #\kind
	b	el\el\()_common
	.endm

	.macro	table el
	.balign	0x800			// VBAR_ELx bits [10:0] are RES0
	.globl	el\el\()_vectors
el\el\()_vectors:
	.irp	kind, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	ventry	\el, \kind
	.endr
el\el\()_common:
	save	\el
	mov	x2, x1
	mov	x1, #\el
	mov	x0, sp
	bl	exception
	mov	x0, sp
	// elN_resume(frame): returns from an exception into the frame at x0,
	// which becomes the bottom of the stack (lrtos starts its first task so)
	.globl	el\el\()_resume
el\el\()_resume:
	mov	sp, x0
	restore	\el
	.endm

	.text
	table	1
	table	2
#ifdef WITH_EL3
	table	3			// guests entered at EL3 (el3boot)
#endif
