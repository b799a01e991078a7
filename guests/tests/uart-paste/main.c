// Receives a paste one interrupt per character, the way a shell whose IRQ handler clears the mini-UART's
// RX FIFO (MU_IIR bit 1) after each character does: it only works when characters arrive at line rate,
// one character time apart. '~' ends the paste; the byte count and FNV-1a hash of what came before it
// are printed, so a test compares them with what it sent.
#include "common.h"

#define AUX_IRQ		REG(PERIPH + 0x215000)
#define MU_IO		REG(PERIPH + 0x215040)
#define MU_IER		REG(PERIPH + 0x215044)
#define MU_IIR		REG(PERIPH + 0x215048)
#define MU_LSR		REG(PERIPH + 0x215054)
#define AUX_BIT		(1u << 29)
#define IIR_CLEAR_RX	(1u << 1)
#define LSR_OVERRUN	(1u << 1)

static volatile unsigned count, overruns, done;
static volatile uint32_t hash = 2166136261u;

void irq(unsigned el)
{
	(void)el;
	if (!(IRQ_PENDING_1 & AUX_BIT) || !(AUX_IRQ & 1))
		return;
	uint32_t lsr = MU_LSR;
	if (lsr & LSR_OVERRUN)
		overruns++;
	if (!(lsr & 1))
		return;
	unsigned c = MU_IO & 0xff;
	MU_IIR = 0xc0 | IIR_CLEAR_RX;	// whatever else is in the FIFO is gone
	if (done)
		return;
	if (c == '~') {
		done = 1;
		return;
	}
	hash = (hash ^ c) * 16777619u;
	count++;
}

int main(void)
{
	uart_init();
	MU_IER = 0x0d;	// RX interrupt (bit 0; bits 3:2 must be set on silicon)
	ENABLE_IRQS_1 = AUX_BIT;
	kprintf("uart-paste: ready\n");
	irq_enable();
	while (!done)
		__asm__ volatile("wfi");
	irq_disable();
	kprintf("uart-paste: %u bytes fnv1a %x overruns %u\n", count, (unsigned)hash, overruns);
	test_done();
}
