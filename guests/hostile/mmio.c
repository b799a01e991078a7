// Phase c: a read and a random write to every 32-bit register offset of the
// MMIO window 0x3F000000-0x4003FFFF, the AUX block (mini-UART) last, then
// the mini-UART is set up again. Data aborts are counted, not fatal: QEMU
// aborts accesses to holes in the window, visor may not. Random values never
// carry the PM password (0x5a in bits 31:24), so PM_RSTC/PM_WDOG cannot
// reset the machine or arm the watchdog by chance (the watchdog test does that);
// likewise the DMA channels' CS never gets ACTIVE, so no random control block
// chain copies random memory over this guest's own code and data.
#include "hostile.h"

#define WIN_START	0x3F000000ul
#define WIN_END		0x40040000ul
#define AUX_START	0x3F215000ul
#define AUX_END		0x3F216000ul
#define DMA_START	0x3F007000ul
#define DMA_END		0x3F007F00ul	// channels 0-14, 0x100 apart
#define DMA_CS_ACTIVE	1u

static uint64_t rng;

static uint32_t random32(void)
{
	rng ^= rng << 13;	// xorshift64
	rng ^= rng >> 7;
	rng ^= rng << 17;
	uint32_t v = (uint32_t)(rng >> 16);
	if ((v >> 24) == 0x5a)
		v ^= 1u << 24;
	return v;
}

static uint64_t hammer(uint64_t start, uint64_t end)
{
	uint64_t n = 0;

	for (uint64_t a = start; a < end; a += 4, n += 2) {
		uint32_t v = random32();

		if (a >= DMA_START && a < DMA_END && (a & 0xff) == 0)
			v &= ~DMA_CS_ACTIVE;
		(void)ld32(a);
		st32(a, v);
	}
	return n;
}

void phase_mmio(void)
{
	uint64_t n = 0, aborts;

	rng = pattern(0) | 1;
	kprintf("hostile: hammering 0x%lx-0x%lx\n", WIN_START, WIN_END - 1);
	probe_begin();
	n += hammer(WIN_START, AUX_START);
	n += hammer(AUX_END, WIN_END);
	n += hammer(AUX_START, AUX_END);
	probe_end();
	aborts = fault_count;
	uart_init();
	kprintf("\nhostile: mmio: %lu accesses, %lu data aborts\n", n, aborts);
	kprintf("hostile: mmio ok\n");
}
