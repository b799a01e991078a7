// Identity map for EL1 with 2 MiB blocks (4 KiB granule, 39-bit VA, ARM ARM D5):
// RAM below 0x3F000000 normal write-back, peripherals and ARM local
// peripherals device-nGnRnE. Exclusives (ldxr/stxr) between cores need
// cacheable memory on a real Cortex-A53, hence the MMU in tests that share data.
#include "common.h"

static uint64_t l1[512] __attribute__((aligned(4096)));
static uint64_t l2[512] __attribute__((aligned(4096)));

#define BLOCK		1ul
#define TABLE		3ul
#define NORMAL		((1ul << 2) | (3ul << 8) | (1ul << 10))	// Attr1, inner shareable, AF
#define DEVICE		((0ul << 2) | (1ul << 10) | (1ul << 53) | (1ul << 54))	// Attr0, AF, XN

void mmu_build(void)
{
	for (uint64_t i = 0; i < 512; i++) {
		uint64_t pa = i << 21;
		l2[i] = pa | (pa >= 0x3F000000 ? DEVICE : NORMAL) | BLOCK;
	}
	l1[0] = (uintptr_t)l2 | TABLE;
	l1[1] = 0x40000000ul | DEVICE | BLOCK;
	__asm__ volatile("dsb sy" ::: "memory");
}

void mmu_on(void)
{
	SYSREG_WRITE(mair_el1, 0x00ul | (0xfful << 8));	// Attr0 device, Attr1 normal WB
	// T0SZ=25, IRGN0/ORGN0 WB-WA, SH0 inner, TG0 4K, EPD1, IPS 32-bit
	SYSREG_WRITE(tcr_el1, 25 | (1ul << 8) | (1ul << 10) | (3ul << 12) | (1ul << 23));
	SYSREG_WRITE(ttbr0_el1, (uintptr_t)l1);
	__asm__ volatile("tlbi vmalle1\n\tdsb ish\n\tisb" ::: "memory");
	uint64_t sctlr = SYSREG_READ(sctlr_el1);
	SYSREG_WRITE(sctlr_el1, sctlr | (1ul << 0) | (1ul << 2) | (1ul << 12));	// M, C, I
}
