// PM watchdog full reset (PM_RSTC/PM_WDOG, password 0x5a in bits 31:24).
// "watchdog: boot" starts every boot. A marker in RAM outside the image and
// outside .bss tells the second boot apart; QEMU keeps that RAM across a reset
// (it reloads only the -kernel image). Where nothing survives, the transcript
// repeats "boot"/"arming" and a harness counts the boots.
#include "common.h"

#define PM_RSTC		REG(PERIPH + 0x10001C)
#define PM_RSTS		REG(PERIPH + 0x100020)
#define PM_WDOG		REG(PERIPH + 0x100024)
#define PM_PASSWORD	0x5a000000u
#define RSTC_WRCFG_MASK	0x30u
#define RSTC_FULL_RESET	0x20u
#define WDOG_TICKS	10		// ~16 us each

#define MU_LSR		REG(PERIPH + 0x215054)

#define MARKER_ADDR	0x00200000u	// 2 MiB: far above this image, its .bss and stacks
#define MARKER_MAGIC	0x57444f47424f4f54ull	// "WDOGBOOT"

static volatile uint64_t *const marker = (volatile uint64_t *)(uintptr_t)MARKER_ADDR;

int main(void)
{
	uart_init();
	kprintf("watchdog: boot\n");

	if (marker[0] == MARKER_MAGIC && marker[1] == ~MARKER_MAGIC) {
		marker[0] = 0;
		marker[1] = 0;
		kprintf("watchdog: second boot, RAM marker survived the reset\n");
		kprintf("watchdog: PM_RSTS 0x%08x\n", PM_RSTS);
		test_done();
	}

	marker[0] = MARKER_MAGIC;
	marker[1] = ~MARKER_MAGIC;
	__asm__ volatile("dsb sy" ::: "memory");
	kprintf("watchdog: arming\n");
	while (!(MU_LSR & (1u << 6)))	// LSR bit 6: transmitter idle, all sent
		;

	PM_WDOG = PM_PASSWORD | WDOG_TICKS;
	PM_RSTC = PM_PASSWORD | (PM_RSTC & ~RSTC_WRCFG_MASK) | RSTC_FULL_RESET;

	delay_us(1000000);
	kprintf("watchdog: no reset after 1 s\n");
	test_done();
}
