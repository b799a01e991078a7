// Stage-1 identity map for EL1&0, 4 KiB granule, 39-bit VA (ARM ARM D5).
// RAM 0..0x3F000000 is normal write-back memory for EL1 only, except the pages
// holding user code (EL0 read/execute) and user stacks (EL0 read/write).
// 0x3F000000..0x40200000 (BCM peripherals and ARM local peripherals) is device memory.
#include "kernel.h"

#define PAGE		4096ul
#define BLOCK		(2ul << 20)

#define D_TABLE		3ul		// L1/L2 next-level table
#define D_BLOCK		1ul		// L1/L2 block
#define D_PAGE		3ul		// L3 page
#define ATTR_DEVICE	(0ul << 2)	// MAIR_EL1 Attr0
#define ATTR_NORMAL	(1ul << 2)	// MAIR_EL1 Attr1
#define AP_EL1_RW	(0ul << 6)
#define AP_ALL_RW	(1ul << 6)
#define AP_ALL_RO	(3ul << 6)
#define SH_INNER	(3ul << 8)
#define AF		(1ul << 10)	// no access-flag faults: we never age pages
#define PXN		(1ul << 53)
#define UXN		(1ul << 54)

#define KERNEL_MEM	(ATTR_NORMAL | SH_INNER | AF | AP_EL1_RW | UXN)
#define DEVICE_MEM	(ATTR_DEVICE | AF | AP_EL1_RW | PXN | UXN)

static uint64_t l1[512] __attribute__((aligned(PAGE)));
static uint64_t l2_lo[512] __attribute__((aligned(PAGE)));	// 0..1 GiB
static uint64_t l2_hi[512] __attribute__((aligned(PAGE)));	// 1..2 GiB
static uint64_t l3[512] __attribute__((aligned(PAGE)));	// the 2 MiB block holding the image

extern char _start[], __user_text_start[], __user_text_end[];
extern char __user_stack_start[], __user_stack_end[];

static uint64_t page_attrs(uint64_t pa)
{
	if (pa >= (uintptr_t)__user_text_start && pa < (uintptr_t)__user_text_end)
		return ATTR_NORMAL | SH_INNER | AF | AP_ALL_RO | PXN;
	if (pa >= (uintptr_t)__user_stack_start && pa < (uintptr_t)__user_stack_end)
		return ATTR_NORMAL | SH_INNER | AF | AP_ALL_RW | PXN | UXN;
	return KERNEL_MEM;
}

void mmu_init(void)
{
	uint64_t image_block = (uintptr_t)_start & ~(BLOCK - 1);

	if ((uintptr_t)__user_stack_end > image_block + BLOCK) {
		kprintf("lrtos: image crosses a 2 MiB block\n");
		halt();
	}

	for (uint64_t i = 0; i < 512; i++) {
		uint64_t pa = i * BLOCK;
		if (pa >= 0x3F000000)
			l2_lo[i] = pa | DEVICE_MEM | D_BLOCK;
		else if (pa == image_block)
			l2_lo[i] = (uintptr_t)l3 | D_TABLE;
		else
			l2_lo[i] = pa | KERNEL_MEM | D_BLOCK;
		l3[i] = (image_block + i * PAGE) | page_attrs(image_block + i * PAGE) | D_PAGE;
	}
	l2_hi[0] = 0x40000000ul | DEVICE_MEM | D_BLOCK;	// ARM local peripherals
	l1[0] = (uintptr_t)l2_lo | D_TABLE;
	l1[1] = (uintptr_t)l2_hi | D_TABLE;

	// MAIR: Attr0 Device-nGnRnE, Attr1 Normal inner/outer write-back RW-allocate.
	uint64_t mair = 0x00ul | (0xfful << 8);
	// TCR: T0SZ=25 (39-bit, walk starts at L1), IRGN0/ORGN0 write-back,
	// SH0 inner shareable, TG0 4 KiB, EPD1 (no TTBR1 walks), IPS 32-bit.
	uint64_t tcr = 25 | (1ul << 8) | (1ul << 10) | (3ul << 12) | (1ul << 23);
	__asm__ volatile(
		"dsb ish\n"
		"msr mair_el1, %0\n"
		"msr tcr_el1, %1\n"
		"msr ttbr0_el1, %2\n"
		"isb\n"
		"tlbi vmalle1\n"
		"dsb ish\n"
		"isb\n"
		:: "r"(mair), "r"(tcr), "r"((uintptr_t)l1) : "memory");

	uint64_t sctlr;
	__asm__ volatile("mrs %0, sctlr_el1" : "=r"(sctlr));
	sctlr |= (1ul << 0) | (1ul << 2) | (1ul << 12);	// M, C, I
	__asm__ volatile("msr sctlr_el1, %0\nisb" :: "r"(sctlr) : "memory");
}
