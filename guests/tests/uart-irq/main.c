// Mini-UART receive interrupt: AUX IRQ (bit 29 of IRQ bank 1), MU_IER RX enable.
// Echoes the uppercase of each byte; the first CR or LF ends the test.
#include "common.h"

#define AUX_IRQ		REG(PERIPH + 0x215000)
#define MU_IER		REG(PERIPH + 0x215044)
#define MU_IIR		REG(PERIPH + 0x215048)
#define AUX_BIT		(1u << 29)

static volatile unsigned count, done;

void irq(unsigned el)
{
	(void)el;
	if (!(IRQ_PENDING_1 & AUX_BIT) || !(AUX_IRQ & 1))	// AUX_IRQ bit 0: mini-UART
		return;
	// MU_IIR bit 0 clear = interrupt pending; reading the byte clears it
	for (int c; (c = uart_getc_nowait()) >= 0;) {
		if (done)
			continue;
		if (c == '\r' || c == '\n') {
			done = 1;
			continue;
		}
		uart_putc(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
		count++;
	}
}

int main(void)
{
	uart_init();
	// Bit 0: RX interrupt (16550 layout; the BCM2835 datasheet swaps bits 0 and 1).
	// Bits 3:2, documented as don't-care, must be set on real silicon (datasheet errata).
	MU_IER = 0x0d;
	ENABLE_IRQS_1 = AUX_BIT;
	kprintf("uart-irq: ready\n");
	irq_enable();
	while (!done)
		__asm__ volatile("wfi");
	irq_disable();
	kprintf("\nuart-irq: %u bytes\n", count);
	test_done();
}
