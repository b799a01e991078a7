// Replaces tests/common/exception.c for mmio-forms: while a form runs
// (probing), a synchronous exception at EL1 is recorded and the faulting
// instruction skipped, so one broken form reports FAIL and the rest still run.
#include "common.h"
#include "forms.h"

volatile int probing;
volatile uint64_t fault_esr, fault_far, fault_elr;

#define EC_DABT_CUR	0x25
#define EC_FP		0x07

void exception(struct frame *f, unsigned el, unsigned kind)
{
	uint64_t esr, far;

	exception_syndrome(el, &esr, &far);
	unsigned ec = esr >> 26;

	if (el == 1 && probing && (kind == 0 || kind == KIND_CUR_SYNC) &&
	    (ec == EC_DABT_CUR || ec == EC_FP)) {
		if (!fault_esr) {
			fault_esr = esr;
			fault_far = far;
			fault_elr = f->elr;
		}
		f->elr += 4;
		return;
	}
	kprintf("mmio-forms: exception EL%u kind %u ESR %lx ELR %lx FAR %lx\n", el, kind, esr, f->elr, far);
	halt();
}
