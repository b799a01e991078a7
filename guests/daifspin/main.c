// Spins with every interrupt masked (PSTATE.DAIF = 0xF): only EL2's own
// physical interrupts (HCR_EL2.IMO) can take the core from it.
#include "common.h"

void main(unsigned entry_el)
{
	(void)entry_el;
	uart_init();
	uart_puts("daifspin: spinning with DAIF masked\n");
	__asm__ volatile("msr daifset, #0xf\n1: b 1b\n");
}
