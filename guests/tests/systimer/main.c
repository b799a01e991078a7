// BCM system timer compares 1 and 3 through the legacy IRQ controller, first
// taken at EL1, then at EL2 with HCR_EL2.IMO=1. Only one compare is armed at a
// time (each tick arms the other channel), so the order is fixed.
#include "common.h"

#define TICKS		6
#define PERIOD_US	5000
#define HCR_IMO		(1ul << 4)

static volatile unsigned ticks;
static unsigned phase_el;

static void arm(unsigned ch)
{
	TIMER_C(ch) = TIMER_CLO + PERIOD_US;
}

void irq(unsigned el)
{
	uint32_t pending = IRQ_PENDING_1 & ((1u << 1) | (1u << 3));
	unsigned ch = (pending & (1u << 1)) ? 1 : 3;

	if (!pending) {
		kprintf("systimer: spurious IRQ at EL%u\n", el);
		return;
	}
	TIMER_CS = 1u << ch;		// write 1 clears the match bit and the IRQ
	ticks++;
	kprintf("systimer: el%u tick %u (C%u)\n", el, ticks, ch);
	if (el != phase_el)
		kprintf("systimer: expected EL%u\n", phase_el);
	if (ticks < TICKS)
		arm(ch == 1 ? 3 : 1);
}

static void run_phase(unsigned el)
{
	phase_el = el;
	ticks = 0;
	TIMER_CS = (1u << 1) | (1u << 3);
	ENABLE_IRQS_1 = (1u << 1) | (1u << 3);
	arm(1);
	irq_enable();
	while (ticks < TICKS)
		__asm__ volatile("wfi");
	irq_disable();
	DISABLE_IRQS_1 = (1u << 1) | (1u << 3);
}

static void el2_phase(void)
{
	uint64_t hcr = SYSREG_READ(hcr_el2);
	SYSREG_WRITE(hcr_el2, hcr | HCR_IMO);	// physical IRQs now target EL2
	kprintf("systimer: at EL%u, HCR_EL2.IMO=1\n", current_el());
	run_phase(2);
	SYSREG_WRITE(hcr_el2, hcr);
}

int main(void)
{
	uart_init();
	kprintf("systimer: start at EL%u\n", current_el());
	run_phase(1);
	run_at_el2(el2_phase);
	kprintf("systimer: back at EL%u\n", current_el());
	test_done();
}
