// VBAR_EL1 table and the trap frame. Every entry from EL0 saves the full user
// context on the current task's kernel stack; the C handler returns the frame
// to resume, which is how the scheduler switches tasks.

#define FRAME_SIZE	(34 * 8)	// x0-x30, sp_el0, elr_el1, spsr_el1 (layout of struct frame)

	.macro	ventry label
	.balign	0x80
	b	\label
	.endm

	.text
	.balign	0x800			// VBAR_EL1 bits [10:0] are RES0
	.globl	vectors
vectors:
	ventry	bad_sp0_sync		// current EL, SP_EL0
	ventry	bad_sp0_irq
	ventry	bad_sp0_fiq
	ventry	bad_sp0_serror
	ventry	bad_el1_sync		// current EL, SP_ELx: the kernel runs with IRQs masked
	ventry	bad_el1_irq
	ventry	bad_el1_fiq
	ventry	bad_el1_serror
	ventry	el0_sync		// lower EL, AArch64
	ventry	el0_irq
	ventry	bad_el0_fiq
	ventry	bad_el0_serror
	ventry	bad_a32_sync		// lower EL, AArch32: never used
	ventry	bad_a32_irq
	ventry	bad_a32_fiq
	ventry	bad_a32_serror

	.macro	save
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #16 * 0]
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
	mrs	x10, sp_el0
	stp	x30, x10, [sp, #16 * 15]
	mrs	x11, elr_el1
	mrs	x12, spsr_el1
	stp	x11, x12, [sp, #16 * 16]
	mov	x0, sp
	.endm

el0_sync:
	save
	bl	sync_handler
	b	resume
el0_irq:
	save
	bl	irq_handler
	b	resume

// x0 = frame to return to; it sits at the top of its task's kernel stack, so
// popping it leaves SP_EL1 ready for that task's next exception.
	.globl	resume
resume:
	mov	sp, x0
	ldp	x11, x12, [sp, #16 * 16]
	msr	elr_el1, x11
	msr	spsr_el1, x12
	ldp	x30, x10, [sp, #16 * 15]
	msr	sp_el0, x10
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

	.irp	name, sp0_sync, sp0_irq, sp0_fiq, sp0_serror, el1_sync, el1_irq, el1_fiq, el1_serror, el0_fiq, el0_serror, a32_sync, a32_irq, a32_fiq, a32_serror
bad_\name:
	adr	x0, str_\name
	b	bad_exception
	.endr

	.section .rodata
	.irp	name, sp0_sync, sp0_irq, sp0_fiq, sp0_serror, el1_sync, el1_irq, el1_fiq, el1_serror, el0_fiq, el0_serror, a32_sync, a32_irq, a32_fiq, a32_serror
str_\name: .asciz "\name"
	.endr
