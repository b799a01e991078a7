// Exception loop: turns stage 1 on over an all-zero level-1 table, so the next
// fetch and every vector fetch after it is a translation fault. On a Cortex-A53
// the core spins through its synchronous vector forever; visor stops the VM
// (CRASHED) or, bare, reports the loop and keeps honouring --timeout.
#include "common.h"

static uint64_t zero_table[512] __attribute__((aligned(4096)));

void main(unsigned entry_el)
{
	(void)entry_el;
	uart_init();
	uart_puts("faultloop: MMU on over zeroed tables\n");
	// TCR_EL1: T0SZ = 25 (39-bit VA, walk starts at level 1), 4K granule, EPD1: no TTBR1 walks.
	uint64_t tcr = 25 | (1ul << 23);
	__asm__ volatile(
		"msr ttbr0_el1, %0\n"
		"msr tcr_el1, %1\n"
		"isb\n"
		"mrs x9, sctlr_el1\n"
		"orr x9, x9, #1\n"
		"msr sctlr_el1, x9\n"
		"isb\n"
		"b .\n"
		: : "r"(zero_table), "r"(tcr) : "x9", "memory");
}
