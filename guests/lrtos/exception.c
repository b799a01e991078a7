// Replaces tests/common/exception.c: synchronous exceptions and IRQs from the
// EL0 tasks go to the kernel; anything else is a kernel bug and parks.
#include "kernel.h"

void exception(struct frame *f, unsigned el, unsigned kind)
{
	uint64_t esr, far;

	if (el == 1 && kind == KIND_LOW_SYNC) {
		sync_handler(f);
		return;
	}
	if (el == 1 && kind == KIND_LOW_IRQ) {
		irq_handler(f);
		return;
	}
	exception_syndrome(el, &esr, &far);
	kprintf("\nlrtos: unexpected exception EL%u kind %u ESR 0x%lx ELR 0x%lx FAR 0x%lx\n",
		el, kind, esr, f->elr, far);
	halt();
}
