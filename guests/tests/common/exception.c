// Exception dispatch shared by the EL1 and EL2 tables, and the HVC gate used
// to run test code at EL2 (ARM ARM D1.10: ESR_ELx.EC 0x16 = HVC from AArch64).
#include "common.h"

#define EC_HVC64	0x16
#define HVC_RUN		1

__attribute__((weak)) void irq(unsigned el)
{
	kprintf("unexpected IRQ at EL%u\n", el);
	halt();
}

void exception(struct frame *f, unsigned el, unsigned kind)
{
	uint64_t esr, far;

	if (kind == KIND_CUR_IRQ || kind == KIND_LOW_IRQ) {
		irq(el);
		return;
	}
	exception_syndrome(el, &esr, &far);
	if (el == 2 && kind == KIND_LOW_SYNC && (esr >> 26) == EC_HVC64 && (esr & 0xffff) == HVC_RUN) {
		((void (*)(void))f->x[0])();
		return;			// ELR_EL2 already points past the HVC
	}
	kprintf("exception EL%u kind %u ESR %lx ELR %lx FAR %lx\n", el, kind, esr, f->elr, far);
	halt();
}

void run_at_el2(void (*fn)(void))
{
	register void (*x0)(void) __asm__("x0") = fn;
	__asm__ volatile("hvc #1" : "+r"(x0) :: "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8",
			 "x9", "x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17", "x18",
			 "x30", "memory", "cc");
}
