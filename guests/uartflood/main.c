// Writes the mini-UART as fast as it accepts characters, forever: one MMIO
// trap to EL2 per status poll and per character.
#include "common.h"

void main(unsigned entry_el)
{
	(void)entry_el;
	uart_init();
	for (unsigned n = 0;; n++) {
		uart_puts("uartflood ");
		if ((n & 7) == 7)
			uart_putc('\n');
	}
}
