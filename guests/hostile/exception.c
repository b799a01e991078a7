// Replaces tests/common/exception.c: expected faults are recorded while
// probing; anything else prints ESR/FAR/ELR and "hostile: exception", then parks.
#include "hostile.h"

volatile int probing;
volatile uint64_t fault_esr, fault_far, fault_count;

#define EC_DABT_CUR	0x25

void exception(struct frame *f, unsigned el, unsigned kind)
{
	uint64_t esr, far;

	exception_syndrome(el, &esr, &far);
	if (el == 1 && kind == KIND_CUR_SYNC && probing && (esr >> 26) == EC_DABT_CUR) {
		if (!fault_count++) {
			fault_esr = esr;
			fault_far = far;
		}
		f->elr += 4;
		return;
	}
	kprintf("hostile: EL%u kind %u ESR 0x%lx FAR 0x%lx ELR 0x%lx\n", el, kind, esr, far, f->elr);
	kprintf("hostile: exception\n");
	halt();
}
