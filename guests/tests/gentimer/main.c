// Generic timer CNTP (EL1 physical) and CNTV through the ARM local
// peripherals' core 0 timer IRQ control (QA7 rev3.4 4.6, 0x40000040) and IRQ
// source (0x40000060), then the local timer (0x40000034/0x38, routed by 0x40000024).
// The phases run one after another so the transcript is fixed.
#include "common.h"

#define CORE0_TIMER_IRQCNTL	REG(LOCAL + 0x40)
#define CORE0_IRQ_SOURCE	REG(LOCAL + 0x60)
#define LOCAL_IRQ_ROUTING	REG(LOCAL + 0x24)
#define LOCAL_TIMER_CTL		REG(LOCAL + 0x34)
#define LOCAL_TIMER_CLR		REG(LOCAL + 0x38)

#define SRC_CNTPNS	(1u << 1)
#define SRC_CNTV	(1u << 3)
#define SRC_LOCAL	(1u << 11)

#define TICKS		3

enum { CNTP, CNTV, LOCALT };
static volatile unsigned ticks;
static unsigned phase;
static uint64_t period;			// generic timer ticks per 10 ms

static const char *name(unsigned which)
{
	return which == CNTP ? "cntp" : which == CNTV ? "cntv" : "local";
}

static void stop(unsigned which)
{
	if (which == CNTP)
		SYSREG_WRITE(cntp_ctl_el0, 0);
	else if (which == CNTV)
		SYSREG_WRITE(cntv_ctl_el0, 0);
	else
		LOCAL_TIMER_CTL = 0;
}

void irq(unsigned el)
{
	uint32_t src = CORE0_IRQ_SOURCE;
	unsigned which;

	(void)el;
	if (src & SRC_CNTPNS)
		which = CNTP;
	else if (src & SRC_CNTV)
		which = CNTV;
	else if (src & SRC_LOCAL)
		which = LOCALT;
	else {
		kprintf("gentimer: spurious IRQ, source %x\n", src);
		return;
	}
	ticks++;
	kprintf("gentimer: %s tick %u\n", name(which), ticks);
	if (which != phase)
		kprintf("gentimer: expected %s\n", name(phase));
	if (which == LOCALT)
		LOCAL_TIMER_CLR = 1u << 31;	// clear the interrupt flag, keep counting
	if (ticks >= TICKS) {
		stop(which);
		return;
	}
	// TVAL writes re-arm: the condition is CNT - CVAL >= 0, so this deasserts it
	if (which == CNTP)
		SYSREG_WRITE(cntp_tval_el0, period);
	else if (which == CNTV)
		SYSREG_WRITE(cntv_tval_el0, period);
}

static void run(unsigned which)
{
	phase = which;
	ticks = 0;
	irq_enable();
	while (ticks < TICKS)
		__asm__ volatile("wfi");
	irq_disable();
}

int main(void)
{
	uart_init();
	uint64_t frq = SYSREG_READ(cntfrq_el0);
	kprintf("gentimer: CNTFRQ_EL0 %lu\n", frq);
	period = frq / 100;

	CORE0_TIMER_IRQCNTL = SRC_CNTPNS;	// bit 1: nCNTPNSIRQ -> core 0 IRQ
	SYSREG_WRITE(cntp_tval_el0, period);
	SYSREG_WRITE(cntp_ctl_el0, 1);		// ENABLE, IMASK clear
	run(CNTP);

	CORE0_TIMER_IRQCNTL = SRC_CNTV;		// bit 3: nCNTVIRQ -> core 0 IRQ
	SYSREG_WRITE(cntv_tval_el0, period);
	SYSREG_WRITE(cntv_ctl_el0, 1);
	run(CNTV);
	CORE0_TIMER_IRQCNTL = 0;

	// Local timer: 28-bit reload in 38.4 MHz ticks (crystal x 2), bit 28 enable,
	// bit 29 interrupt enable; routing 0 = core 0 IRQ.
	LOCAL_IRQ_ROUTING = 0;
	LOCAL_TIMER_CLR = (1u << 31) | (1u << 30);
	LOCAL_TIMER_CTL = 384000 | (1u << 28) | (1u << 29);
	run(LOCALT);

	test_done();
}
