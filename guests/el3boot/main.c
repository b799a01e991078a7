// el3boot: a guest for config.txt kernel_old=1, started at EL3 at 0 on every
// core. Core 0 checks that EL3 is implemented and that cores 1-3 entered at
// EL3 too, turns on the EL3 stage 1 (TTBR0_EL3/TCR_EL3/MAIR_EL3/SCTLR_EL3)
// with an alias of RAM at 0x80000000, configures SCR_EL3 (Non-secure lower ELs,
// AArch64, HVC enabled), drops to EL2 and from there to EL1 by ERET, then makes
// an SMC (handled at EL3, which answers in x0), an HVC (handled at EL2), and
// an SMC after EL3 set SCR_EL3.SMD (UNDEFINED at EL1). Prints each result.
#include "common.h"

#define SCR_NS		(1u << 0)
#define SCR_RES1	(3u << 4)
#define SCR_SMD		(1u << 7)
#define SCR_HCE		(1u << 8)
#define SCR_RW		(1u << 10)
#define SPSR_EL2H	0x3c9		// DAIF masked
#define SPSR_EL1H	0x3c5
#define EC(esr)		((unsigned)((esr) >> 26) & 0x3f)
#define IMM(esr)	((unsigned)(esr) & 0xffff)
#define SMC_ANSWER	0x10000u	// what EL3 returns in x0 for smc #0x42
#define ALIAS		0x80000000ul	// VA of RAM at PA 0 in the EL3 regime

extern volatile uint64_t entry_el[4];
void eret_from_el3(uint64_t spsr, void (*entry)(void)) __attribute__((noreturn));
void eret_from_el2(uint64_t spsr, void (*entry)(void)) __attribute__((noreturn));
extern char el1_vectors[], el2_vectors[];

static uint64_t el3_l1[512] __attribute__((aligned(4096)));
static uint64_t el3_l2[512] __attribute__((aligned(4096)));
static uint8_t stack_el2[4096] __attribute__((aligned(16)));
static uint8_t stack_el1[4096] __attribute__((aligned(16)));
static volatile uint32_t marker;
static volatile uint64_t esr_at_el3, esr_at_el2, esr_at_el1;

static void el1_main(void);
static void el2_main(void);

// Descriptor bits (ARM ARM D5.3): block, AF, inner shareable, AttrIndx.
#define BLOCK		1ul
#define AF		(1ul << 10)
#define SH_INNER	(3ul << 8)
#define NORMAL		(0ul << 2)	// MAIR Attr0: Normal write-back
#define DEVICE		(1ul << 2)	// MAIR Attr1: Device-nGnRnE

static void el3_mmu_on(void)
{
	el3_l1[0] = (uint64_t)el3_l2 | 3;
	for (unsigned i = 0; i < 512; i++) {
		uint64_t pa = (uint64_t)i << 21;
		el3_l2[i] = pa | AF | BLOCK | (pa < PERIPH ? NORMAL | SH_INNER : DEVICE);
	}
	el3_l1[1] = 0x40000000ul | AF | BLOCK | DEVICE;
	el3_l1[2] = 0 | AF | BLOCK | NORMAL | SH_INNER;	// ALIAS -> PA 0
	SYSREG_WRITE(mair_el3, 0xff);
	// T0SZ 32 (4 GiB, walk starts at level 1), 4K granule, inner/outer WB,
	// inner shareable, PS 32 bits; bits 31 and 23 are RES1.
	SYSREG_WRITE(tcr_el3, 32 | (1u << 8) | (1u << 10) | (3u << 12) | (1u << 31) | (1u << 23));
	SYSREG_WRITE(ttbr0_el3, (uint64_t)el3_l1);
	__asm__ volatile("dsb sy; tlbi alle3; dsb sy; isb" ::: "memory");
	SYSREG_WRITE(sctlr_el3, SYSREG_READ(sctlr_el3) | 1 | (1u << 2) | (1u << 12));
}

void el3_main(void)
{
	uart_init();
	uint64_t pfr0 = SYSREG_READ(id_aa64pfr0_el1);
	kprintf("el3boot: core 0 at EL%u, ID_AA64PFR0_EL1.EL3 = %u\n", current_el(), (unsigned)(pfr0 >> 12) & 0xf);
	uint32_t start = TIMER_CLO;
	while ((entry_el[1] == (uint64_t)-1 || entry_el[2] == (uint64_t)-1 || entry_el[3] == (uint64_t)-1)
	       && TIMER_CLO - start < 1000000)
		;
	kprintf("el3boot: cores 1-3 entered at EL%d EL%d EL%d\n", (int)entry_el[1], (int)entry_el[2], (int)entry_el[3]);

	el3_mmu_on();
	marker = 0x5ca1ab1e;
	volatile uint32_t *alias = (volatile uint32_t *)(ALIAS + (uintptr_t)&marker);
	kprintf("el3boot: EL3 MMU on, RAM alias at 0x%lx reads 0x%x\n", (uint64_t)(uintptr_t)alias, *alias);

	SYSREG_WRITE(scr_el3, SCR_NS | SCR_RES1 | SCR_HCE | SCR_RW);
	kprintf("el3boot: SCR_EL3 = 0x%x, eret to EL2\n", (unsigned)SYSREG_READ(scr_el3));
	SYSREG_WRITE(sp_el2, (uint64_t)(stack_el2 + sizeof stack_el2));
	SYSREG_WRITE(sp_el1, (uint64_t)(stack_el1 + sizeof stack_el1));
	SYSREG_WRITE(vbar_el2, (uint64_t)el2_vectors);
	SYSREG_WRITE(vbar_el1, (uint64_t)el1_vectors);
	eret_from_el3(SPSR_EL2H, el2_main);
}

static void el2_main(void)
{
	kprintf("el3boot: at EL%u, eret to EL1\n", current_el());
	SYSREG_WRITE(hcr_el2, 1ul << 31);	// RW: EL1 is AArch64
	SYSREG_WRITE(sctlr_el1, 0x30d00800);	// RES1 bits, MMU off
	eret_from_el2(SPSR_EL1H, el1_main);
}

static uint64_t smc(uint64_t x0, unsigned imm)
{
	register uint64_t r0 __asm__("x0") = x0;
	if (imm == 0x42)
		__asm__ volatile("smc #0x42" : "+r"(r0) :: "memory");
	else if (imm == 1)
		__asm__ volatile("smc #1" : "+r"(r0) :: "memory");
	else
		__asm__ volatile("smc #2" : "+r"(r0) :: "memory");
	return r0;
}

static void el1_main(void)
{
	kprintf("el3boot: at EL%u\n", current_el());
	uint64_t answer = smc(0x84000000, 0x42);
	kprintf("el3boot: smc #0x42 from EL1: EL3 saw EC 0x%x imm 0x%x and answered 0x%lx\n",
		EC(esr_at_el3), IMM(esr_at_el3), answer);
	__asm__ volatile("hvc #7" ::: "memory");
	kprintf("el3boot: hvc #7 from EL1: EL2 saw EC 0x%x imm 0x%x\n", EC(esr_at_el2), IMM(esr_at_el2));
	smc(0, 1);	// EL3 sets SCR_EL3.SMD
	smc(0, 2);
	kprintf("el3boot: with SCR_EL3.SMD = 1, smc is UNDEFINED at EL1 (EC 0x%x)\n", EC(esr_at_el1));
	kprintf("el3boot: done\n");
	halt();
}

void exception(struct frame *f, unsigned el, unsigned kind)
{
	if (el == 3 && kind == KIND_LOW_SYNC) {
		uint64_t esr = SYSREG_READ(esr_el3);
		if (EC(esr) == 0x17 && IMM(esr) == 0x42) {
			esr_at_el3 = esr;
			f->x[0] = SMC_ANSWER;
			return;
		}
		if (EC(esr) == 0x17 && IMM(esr) == 1) {
			SYSREG_WRITE(scr_el3, SYSREG_READ(scr_el3) | SCR_SMD);
			return;
		}
	}
	if (el == 2 && kind == KIND_LOW_SYNC && EC(SYSREG_READ(esr_el2)) == 0x16) {
		esr_at_el2 = SYSREG_READ(esr_el2);
		return;
	}
	if (el == 1 && kind == KIND_CUR_SYNC && EC(SYSREG_READ(esr_el1)) == 0) {
		esr_at_el1 = SYSREG_READ(esr_el1);
		f->elr += 4;	// past the UNDEFINED smc
		return;
	}
	uint64_t esr = el == 3 ? SYSREG_READ(esr_el3) : el == 2 ? SYSREG_READ(esr_el2) : SYSREG_READ(esr_el1);
	kprintf("el3boot: unexpected exception at EL%u kind %u ESR 0x%lx ELR 0x%lx\n", el, kind, esr, f->elr);
	halt();
}

void irq(unsigned el)
{
	(void)el;
}
