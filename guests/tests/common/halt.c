// The end of every test kernel and test guest, and the busy-wait the tests
// share. Kept out of exception.c, which a guest may replace with its own.
#include "common.h"

void delay_us(uint32_t us)
{
	uint32_t start = TIMER_CLO;	// BCM system timer, 1 MHz
	while (TIMER_CLO - start < us)
		;
}

void halt(void)
{
	for (;;)
		__asm__ volatile("wfe");
}

void test_done(void)
{
	kprintf("TEST DONE\n");
	halt();
}
