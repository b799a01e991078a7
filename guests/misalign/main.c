// The two accesses a Cortex-A53 faults on and QEMU 7.2 does not check: a
// load/store through an SP that is not 16-byte aligned with SCTLR_EL1.SA = 1,
// and an unaligned 8-byte load from Device memory (every data access with the
// MMU off). Typed 's' runs the first, 'd' the second, 'b' both; each runs
// twice, so visor's alignment = "warn" must warn once per PC and run on.
// Before them VBAR_EL1 points at zeroed memory: a fault (alignment =
// "strict", a real board) ends in an exception loop, which visor reports
// (the VM is crashed with its register dump; bare, the loop is logged).
#include "common.h"

static uint64_t zero_vectors[256] __attribute__((aligned(2048)));
static uint32_t words[4] __attribute__((aligned(16))) = {0x11111111, 0x55667788, 0x11223344, 0x22222222};

static uint64_t sp_access(uint64_t value)
{
	uint64_t out;
	__asm__ volatile(
		"mov x9, sp\n"
		"sub x10, x9, #24\n"	// 8 mod 16
		"mov sp, x10\n"
		"str %1, [sp]\n"
		"ldr %0, [sp]\n"
		"mov sp, x9\n"
		: "=&r"(out) : "r"(value) : "x9", "x10", "memory");
	return out;
}

static uint64_t device_load(const void *p)
{
	uint64_t out;
	__asm__ volatile("ldr %0, [%1]" : "=r"(out) : "r"(p) : "memory");
	return out;
}

static int read_key(void)
{
	int c;
	while ((c = uart_getc_nowait()) < 0)
		;
	return c;
}

void main(unsigned entry_el)
{
	(void)entry_el;
	uart_init();
	uart_puts("misalign: s (SP), d (Device load) or b (both)?\n");
	int key = read_key();
	SYSREG_WRITE(vbar_el1, (uint64_t)(uintptr_t)zero_vectors);
	SYSREG_WRITE(sctlr_el1, SYSREG_READ(sctlr_el1) | (1u << 3));	// SA: SP alignment check
	for (int round = 1; round <= 2; round++) {
		if (key == 's' || key == 'b')
			kprintf("misalign: round %d: through SP+8: 0x%lx\n", round, sp_access(0x5150u + round));
		if (key == 'd' || key == 'b')
			kprintf("misalign: round %d: 8 bytes at +4: 0x%lx\n", round, device_load((const char *)words + 4));
	}
	uart_puts("misalign: done\n");
	for (;;)
		__asm__ volatile("wfe");
}
