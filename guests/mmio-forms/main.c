// Every A64 load/store form against real BCM2837 device registers, each
// checked by read-back. Under visor the forms without a valid syndrome
// (ISV=0: pairs, writeback, SIMD&FP) are decoded and emulated by the
// hypervisor, which is what this tests. Registers (read/write, no side
// effects while their interrupts stay disabled):
//   system timer compares C1-C3 0x3F003010-0x3F003018 (32 bits),
//   GPFSEL3/GPFSEL4 0x3F20000C/0x3F200010 (30 bits; saved and restored),
//   ARM local core timer and mailbox interrupt control 0x40000040-0x4000005C
//   (8 bits each, 16-byte aligned, for the 128-bit and 256-bit forms; only
//   values below 0x10, the IRQ routing bits, are used, and all end as 0).
// Runs with the MMU off, so every access is Device-nGnRnE and aligned.
#include "common.h"
#include "forms.h"

#define TB	0x3F003000ul		// system timer block
#define C1	(TB + 0x10)
#define C2	(TB + 0x14)
#define C3	(TB + 0x18)
#define GPF3	0x3F20000Cul
#define GPF4	0x3F200010ul
#define LIC	0x40000040ul		// 4 timer + 4 mailbox interrupt control registers
#define MBC	0x40000050ul		// the 4 mailbox interrupt control registers
#define JUNK	0xdeadbeefdeadbeeful	// initial value of every destination register

static const char *form;
static int form_bad;
static unsigned nok, nfail;

static uint32_t rd(uint64_t a)
{
	return *(volatile uint32_t *)a;
}

static void wr(uint64_t a, uint32_t v)
{
	*(volatile uint32_t *)a = v;
}

static void expect(const char *what, uint64_t got, uint64_t want)
{
	if (got == want)
		return;
	kprintf("mmio-forms: %s FAIL %s got 0x%lx want 0x%lx\n", form, what, got, want);
	form_bad = 1;
}

static void run(const char *name, void (*fn)(void))
{
	form = name;
	form_bad = 0;
	fault_esr = 0;
	probing = 1;
	fn();
	probing = 0;
	if (fault_esr) {
		kprintf("mmio-forms: %s FAIL exception ESR 0x%lx FAR 0x%lx ELR 0x%lx\n", name,
			fault_esr, fault_far, fault_elr);
		form_bad = 1;
	}
	if (form_bad) {
		nfail++;
	} else {
		kprintf("mmio-forms: %s ok\n", name);
		nok++;
	}
}

static void w_uimm(void)
{
	uint64_t b = TB, v = JUNK;

	wr(C2, 0x5555aaaa);
	__asm__ volatile("str %w1, [%0, #0x10]" :: "r"(b), "r"(0x13572468ul) : "memory");
	expect("C1", rd(C1), 0x13572468);
	expect("C2 untouched", rd(C2), 0x5555aaaa);
	wr(C3, 0x2468ace0);
	__asm__ volatile("ldr %w0, [%1, #0x18]" : "+r"(v) : "r"(b) : "memory");
	expect("ldr", v, 0x2468ace0);
}

static void w_pre(void)
{
	uint64_t b = TB, v = JUNK;

	__asm__ volatile("str %w1, [%0, #0x10]!" : "+r"(b) : "r"(0x0badf00dul) : "memory");
	expect("C1", rd(C1), 0x0badf00d);
	expect("base", b, TB + 0x10);
	wr(C3, 0x600dcafe);
	__asm__ volatile("ldr %w0, [%1, #8]!" : "+r"(v), "+r"(b) :: "memory");
	expect("ldr", v, 0x600dcafe);
	expect("base", b, TB + 0x18);
}

static void w_post(void)
{
	uint64_t b = C1, v = JUNK;

	__asm__ volatile("str %w1, [%0], #8" : "+r"(b) : "r"(0x31415926ul) : "memory");
	expect("C1", rd(C1), 0x31415926);
	expect("base", b, C3);
	wr(C3, 0x27182818);
	__asm__ volatile("ldr %w0, [%1], #-4" : "+r"(v), "+r"(b) :: "memory");
	expect("ldr", v, 0x27182818);
	expect("base", b, C2);
}

static void w_unscaled(void)
{
	uint64_t b = TB + 0x20, v = JUNK;

	__asm__ volatile("stur %w1, [%0, #-0x10]" :: "r"(b), "r"(0x01234567ul) : "memory");
	expect("C1", rd(C1), 0x01234567);
	wr(C3, 0x89abcdef);
	__asm__ volatile("ldur %w0, [%1, #-8]" : "+r"(v) : "r"(b) : "memory");
	expect("ldur", v, 0x89abcdef);
}

static void w_reg_lsl(void)
{
	uint64_t b = TB, v = JUNK, u = JUNK;

	__asm__ volatile("str %w1, [%0, %2, lsl #2]" :: "r"(b), "r"(0x11112222ul), "r"(4ul) : "memory");
	expect("C1", rd(C1), 0x11112222);
	wr(C3, 0x33334444);
	__asm__ volatile("ldr %w0, [%1, %2, lsl #2]" : "+r"(v) : "r"(b), "r"(6ul) : "memory");
	expect("ldr lsl", v, 0x33334444);
	__asm__ volatile("ldr %w0, [%1, %2]" : "+r"(u) : "r"(b), "r"(0x18ul) : "memory");
	expect("ldr no shift", u, 0x33334444);
}

static void w_reg_uxtw(void)
{
	uint64_t b = TB, v = JUNK;

	// UXTW takes Wm: the upper half of Xm must not count
	__asm__ volatile("str %w1, [%0, %w2, uxtw #2]" :: "r"(b), "r"(0x55556666ul),
			 "r"(0xffffffff00000004ul) : "memory");
	expect("C1", rd(C1), 0x55556666);
	wr(C3, 0x77778888);
	__asm__ volatile("ldr %w0, [%1, %w2, uxtw #2]" : "+r"(v) : "r"(b), "r"(0x1234567800000006ul) : "memory");
	expect("ldr", v, 0x77778888);
}

static void w_reg_sxtw(void)
{
	uint64_t b = TB + 0x20, v = JUNK;

	__asm__ volatile("str %w1, [%0, %w2, sxtw #2]" :: "r"(b), "r"(0x9999aaaaul),
			 "r"(0x12345678fffffffcul) : "memory");	// -4 words: C1
	expect("C1", rd(C1), 0x9999aaaa);
	wr(C3, 0xbbbbcccc);
	__asm__ volatile("ldr %w0, [%1, %w2, sxtw #2]" : "+r"(v) : "r"(b), "r"(0xfffffffeul) : "memory");
	expect("ldr", v, 0xbbbbcccc);
}

// Narrow accesses to a 32-bit register: devices differ in what the other
// bytes do (QEMU's timer zero-extends), so only the addressed bits are checked.
static void byte(void)
{
	uint64_t v = JUNK;

	wr(C1, 0);
	wr(C2, 0x5555aaaa);
	__asm__ volatile("strb %w1, [%0]" :: "r"(C1), "r"(0x1234a5ul) : "memory");
	expect("C1 bits 7:0", rd(C1) & 0xff, 0xa5);
	expect("C2 untouched", rd(C2), 0x5555aaaa);
	wr(C3, 0x5a5a5a3c);
	__asm__ volatile("ldrb %w0, [%1]" : "+r"(v) : "r"(C3) : "memory");
	expect("ldrb", v, 0x3c);
}

static void byte_signed(void)
{
	uint64_t w = JUNK, x = JUNK, p = JUNK;

	wr(C3, 0x000000a5);
	__asm__ volatile("ldrsb %w0, [%2]\n\tldrsb %1, [%2]" : "+r"(w), "+r"(x) : "r"(C3) : "memory");
	expect("ldrsb w", w, 0xffffffa5);
	expect("ldrsb x", x, 0xffffffffffffffa5);
	wr(C3, 0x0000005a);
	__asm__ volatile("ldrsb %0, [%1]" : "+r"(p) : "r"(C3) : "memory");
	expect("ldrsb x positive", p, 0x5a);
}

static void half(void)
{
	uint64_t v = JUNK;

	wr(C1, 0);
	wr(C2, 0x5555aaaa);
	__asm__ volatile("strh %w1, [%0]" :: "r"(C1), "r"(0x12beeful) : "memory");
	expect("C1 bits 15:0", rd(C1) & 0xffff, 0xbeef);
	expect("C2 untouched", rd(C2), 0x5555aaaa);
	wr(C3, 0x1234c0de);
	__asm__ volatile("ldrh %w0, [%1]" : "+r"(v) : "r"(C3) : "memory");
	expect("ldrh", v, 0xc0de);
}

static void half_signed(void)
{
	uint64_t w = JUNK, x = JUNK;

	wr(C3, 0x00008001);
	__asm__ volatile("ldrsh %w0, [%2]\n\tldrsh %1, [%2]" : "+r"(w), "+r"(x) : "r"(C3) : "memory");
	expect("ldrsh w", w, 0xffff8001);
	expect("ldrsh x", x, 0xffffffffffff8001);
}

static void word_signed(void)
{
	uint64_t v = JUNK, p = JUNK;

	wr(C3, 0x80000001);
	__asm__ volatile("ldrsw %0, [%1]" : "+r"(v) : "r"(C3) : "memory");
	expect("ldrsw", v, 0xffffffff80000001);
	wr(C3, 0x7ffffffe);
	__asm__ volatile("ldrsw %0, [%1, #-8]" : "+r"(p) : "r"(C3 + 8) : "memory");
	expect("ldrsw positive", p, 0x7ffffffe);
}

// 64-bit access to two adjacent 32-bit registers: QEMU splits it into two
// 32-bit accesses, low address first (little-endian).
static void x64(void)
{
	uint64_t v = JUNK;

	__asm__ volatile("str %1, [%0]" :: "r"(C1), "r"(0x1122334455667788ul) : "memory");
	expect("C1", rd(C1), 0x55667788);
	expect("C2", rd(C2), 0x11223344);
	wr(C1, 0x0a0a0a0a);
	wr(C2, 0xb0b0b0b0);
	__asm__ volatile("ldr %0, [%1]" : "+r"(v) : "r"(C1) : "memory");
	expect("ldr", v, 0xb0b0b0b00a0a0a0a);
}

static void pair_w(void)
{
	uint64_t b = TB, v1 = JUNK, v2 = JUNK;

	__asm__ volatile("stp %w1, %w2, [%0, #0x10]" :: "r"(b), "r"(0xa1a1a1a1ul), "r"(0xb2b2b2b2ul) : "memory");
	expect("C1", rd(C1), 0xa1a1a1a1);
	expect("C2", rd(C2), 0xb2b2b2b2);
	wr(C3, 0xc3c3c3c3);
	__asm__ volatile("ldp %w0, %w1, [%2, #0x14]" : "+r"(v1), "+r"(v2) : "r"(b) : "memory");
	expect("ldp 1", v1, 0xb2b2b2b2);
	expect("ldp 2", v2, 0xc3c3c3c3);
}

static void pair_w_pre(void)
{
	uint64_t b = TB, v1 = JUNK, v2 = JUNK;

	__asm__ volatile("stp %w1, %w2, [%0, #0x14]!" : "+r"(b) : "r"(0xd4d4d4d4ul), "r"(0xe5e5e5e5ul) : "memory");
	expect("C2", rd(C2), 0xd4d4d4d4);
	expect("C3", rd(C3), 0xe5e5e5e5);
	expect("base", b, C2);
	wr(C1, 0xf6f6f6f6);
	__asm__ volatile("ldp %w0, %w1, [%2, #-4]!" : "+r"(v1), "+r"(v2), "+r"(b) :: "memory");
	expect("ldp 1", v1, 0xf6f6f6f6);
	expect("ldp 2", v2, 0xd4d4d4d4);
	expect("base", b, C1);
}

static void pair_w_post(void)
{
	uint64_t b = C1, v1 = JUNK, v2 = JUNK;

	__asm__ volatile("stp %w1, %w2, [%0], #4" : "+r"(b) : "r"(0x10203040ul), "r"(0x50607080ul) : "memory");
	expect("C1", rd(C1), 0x10203040);
	expect("C2", rd(C2), 0x50607080);
	expect("base", b, C2);
	wr(C3, 0x90a0b0c0);
	__asm__ volatile("ldp %w0, %w1, [%2], #-8" : "+r"(v1), "+r"(v2), "+r"(b) :: "memory");
	expect("ldp 1", v1, 0x50607080);
	expect("ldp 2", v2, 0x90a0b0c0);
	expect("base", b, TB + 0xc);
}

static void pair_gpfsel(void)
{
	uint32_t save3 = rd(GPF3), save4 = rd(GPF4);
	uint64_t v1 = JUNK, v2 = JUNK;

	// GPIO 30-49 (not the UART's 14/15); 30 bits per register, 2 RES0
	__asm__ volatile("stp %w1, %w2, [%0]" :: "r"(GPF3), "r"(0x24924924ul), "r"(0x12492492ul) : "memory");
	expect("GPFSEL3", rd(GPF3), 0x24924924);
	expect("GPFSEL4", rd(GPF4), 0x12492492);
	wr(GPF3, 0x09249249);
	wr(GPF4, 0x36db6db6);
	__asm__ volatile("ldp %w0, %w1, [%2]" : "+r"(v1), "+r"(v2) : "r"(GPF3) : "memory");
	expect("ldp 1", v1, 0x09249249);
	expect("ldp 2", v2, 0x36db6db6);
	wr(GPF3, save3);
	wr(GPF4, save4);
}

static void pair_sw(void)
{
	uint64_t v1 = JUNK, v2 = JUNK;

	wr(C1, 0x80000000);
	wr(C2, 0x7fffffff);
	__asm__ volatile("ldpsw %0, %1, [%2, #0x10]" : "+r"(v1), "+r"(v2) : "r"(TB) : "memory");
	expect("ldpsw 1", v1, 0xffffffff80000000);
	expect("ldpsw 2", v2, 0x7fffffff);
}

static void pair_x(void)
{
	uint64_t v1 = JUNK, v2 = JUNK;

	__asm__ volatile("stp %1, %2, [%0]" :: "r"(MBC), "r"(0x0000000200000001ul), "r"(0x0000000800000004ul) : "memory");
	expect("lane 0", rd(MBC), 1);
	expect("lane 1", rd(MBC + 4), 2);
	expect("lane 2", rd(MBC + 8), 4);
	expect("lane 3", rd(MBC + 12), 8);
	wr(MBC, 3);
	wr(MBC + 4, 5);
	wr(MBC + 8, 6);
	wr(MBC + 12, 9);
	__asm__ volatile("ldp %0, %1, [%2]" : "+r"(v1), "+r"(v2) : "r"(MBC) : "memory");
	expect("ldp 1", v1, 0x0000000500000003);
	expect("ldp 2", v2, 0x0000000900000006);
	for (int i = 0; i < 4; i++)
		wr(MBC + 4 * i, 0);
}

static void fp_s(void)
{
	uint64_t v = JUNK;

	__asm__ volatile("fmov s0, %w1\n\tstr s0, [%0]" :: "r"(C1), "r"(0x3f800000ul) : "v0", "memory");
	expect("C1", rd(C1), 0x3f800000);
	wr(C3, 0xc0490fdb);
	__asm__ volatile("movi v1.2d, #0xffffffffffffffff\n\tldr s1, [%1]\n\tfmov %0, d1" : "+r"(v) : "r"(C3) : "v1", "memory");
	expect("ldr s (zero-extends in V)", v, 0xc0490fdb);
}

static void fp_d(void)
{
	uint64_t v = JUNK;

	__asm__ volatile("fmov d0, %1\n\tstr d0, [%0]" :: "r"(C1), "r"(0x400921fb54442d18ul) : "v0", "memory");
	expect("C1", rd(C1), 0x54442d18);
	expect("C2", rd(C2), 0x400921fb);
	wr(C2, 0x12345678);
	wr(C3, 0x9abcdef0);
	__asm__ volatile("ldr d1, [%1]\n\tfmov %0, d1" : "+r"(v) : "r"(C2) : "v1", "memory");
	expect("ldr d", v, 0x9abcdef012345678);
}

static void fp_q(void)
{
	uint64_t lo = JUNK, hi = JUNK;

	__asm__ volatile("fmov d0, %1\n\tmov v0.d[1], %2\n\tstr q0, [%0]"
			 :: "r"(MBC), "r"(0x0000000200000001ul), "r"(0x0000000800000004ul) : "v0", "memory");
	expect("lane 0", rd(MBC), 1);
	expect("lane 1", rd(MBC + 4), 2);
	expect("lane 2", rd(MBC + 8), 4);
	expect("lane 3", rd(MBC + 12), 8);
	wr(MBC, 9);
	wr(MBC + 4, 6);
	wr(MBC + 8, 5);
	wr(MBC + 12, 3);
	__asm__ volatile("ldr q1, [%2]\n\tmov %0, v1.d[0]\n\tmov %1, v1.d[1]"
			 : "+r"(lo), "+r"(hi) : "r"(MBC) : "v1", "memory");
	expect("ldr q lo", lo, 0x0000000600000009);
	expect("ldr q hi", hi, 0x0000000300000005);
	for (int i = 0; i < 4; i++)
		wr(MBC + 4 * i, 0);
}

static void fp_pair_s(void)
{
	uint64_t v1 = JUNK, v2 = JUNK;

	__asm__ volatile("fmov s0, %w1\n\tfmov s1, %w2\n\tstp s0, s1, [%0]"
			 :: "r"(C1), "r"(0x11111111ul), "r"(0x22222222ul) : "v0", "v1", "memory");
	expect("C1", rd(C1), 0x11111111);
	expect("C2", rd(C2), 0x22222222);
	wr(C3, 0x33333333);
	__asm__ volatile("ldp s2, s3, [%2, #-4]!\n\tfmov %w0, s2\n\tfmov %w1, s3"
			 : "+r"(v1), "+r"(v2) : "r"(C3) : "v2", "v3", "memory");
	expect("ldp 1", v1, 0x22222222);
	expect("ldp 2", v2, 0x33333333);
}

static void fp_pair_q(void)
{
	uint64_t v[4] = { JUNK, JUNK, JUNK, JUNK };

	// 32 bytes: core timer interrupt control 0-3, then mailbox interrupt control 0-3
	__asm__ volatile("fmov d0, %1\n\tmov v0.d[1], %2\n\tfmov d1, %3\n\tmov v1.d[1], %4\n\tstp q0, q1, [%0]"
			 :: "r"(LIC), "r"(0x0000000200000001ul), "r"(0x0000000400000003ul),
			    "r"(0x0000000600000005ul), "r"(0x0000000800000007ul) : "v0", "v1", "memory");
	for (unsigned i = 0; i < 8; i++)
		expect("lane", rd(LIC + 4 * i), i + 1);
	for (unsigned i = 0; i < 8; i++)
		wr(LIC + 4 * i, 15 - i);
	__asm__ volatile("ldp q2, q3, [%4]\n\tmov %0, v2.d[0]\n\tmov %1, v2.d[1]\n\tmov %2, v3.d[0]\n\tmov %3, v3.d[1]"
			 : "+r"(v[0]), "+r"(v[1]), "+r"(v[2]), "+r"(v[3]) : "r"(LIC) : "v2", "v3", "memory");
	expect("ldp q 0", v[0], 0x0000000e0000000f);
	expect("ldp q 1", v[1], 0x0000000c0000000d);
	expect("ldp q 2", v[2], 0x0000000a0000000b);
	expect("ldp q 3", v[3], 0x0000000800000009);
	for (int i = 0; i < 8; i++)
		wr(LIC + 4 * i, 0);
}

// SP_EL0 as the base: EL1t for the duration, so an exception still finds SP_EL1.
static void sp_el0(void)
{
	uint64_t v = JUNK, sp = JUNK;

	wr(C3, 0x0a0b0c0d);
	__asm__ volatile(
		"msr spsel, #0\n\t"
		"mov x9, sp\n\t"
		"mov sp, %2\n\t"
		"str %w3, [sp, #0x10]\n\t"
		"ldr %w0, [sp, #0x18]\n\t"
		"stp %w3, %w3, [sp, #0x14]!\n\t"
		"mov %1, sp\n\t"
		"mov sp, x9\n\t"
		"msr spsel, #1"
		: "+r"(v), "+r"(sp) : "r"(TB), "r"(0x5a5b5c5dul) : "x9", "memory");
	expect("C1", rd(C1), 0x5a5b5c5d);
	expect("ldr", v, 0x0a0b0c0d);
	expect("C2", rd(C2), 0x5a5b5c5d);
	expect("C3", rd(C3), 0x5a5b5c5d);
	expect("sp after stp pre-index", sp, C2);
}

// SP_EL1, the current stack pointer, at the device: writeback forms.
static void sp_el1(void)
{
	uint64_t v1 = JUNK, v2 = JUNK, sp = JUNK;

	wr(C3, 0x13243546);
	__asm__ volatile(
		"mov x9, sp\n\t"
		"mov sp, %3\n\t"
		"str %w4, [sp, #0x10]!\n\t"
		"ldr %w0, [sp, #8]\n\t"
		"ldr %w1, [sp], #4\n\t"
		"mov %2, sp\n\t"
		"mov sp, x9"
		: "+r"(v1), "+r"(v2), "+r"(sp) : "r"(TB), "r"(0x57687980ul) : "x9", "memory");
	expect("C1", rd(C1), 0x57687980);
	expect("ldr C3", v1, 0x13243546);
	expect("ldr C1 post-index", v2, 0x57687980);
	expect("sp", sp, C2);
}

static void zero_reg(void)
{
	wr(C1, 0xffffffff);
	__asm__ volatile("str wzr, [%0]" :: "r"(C1) : "memory");
	expect("str wzr", rd(C1), 0);
	wr(C1, 0xffffffff);
	wr(C2, 0xffffffff);
	__asm__ volatile("stp wzr, wzr, [%0]" :: "r"(C1) : "memory");
	expect("stp wzr C1", rd(C1), 0);
	expect("stp wzr C2", rd(C2), 0);
	wr(C1, 0xffffffff);
	wr(C2, 0xffffffff);
	__asm__ volatile("str xzr, [%0]" :: "r"(C1) : "memory");
	expect("str xzr C1", rd(C1), 0);
	expect("str xzr C2", rd(C2), 0);
	wr(C3, 0xffffffff);
	__asm__ volatile("strb wzr, [%0]" :: "r"(C3) : "memory");
	expect("strb wzr", rd(C3) & 0xff, 0);
}

static void unprivileged(void)
{
	uint64_t v = JUNK;

	__asm__ volatile("sttr %w1, [%0, #0x10]" :: "r"(TB), "r"(0x0f1e2d3cul) : "memory");
	expect("C1", rd(C1), 0x0f1e2d3c);
	wr(C3, 0x4b5a6978);
	__asm__ volatile("ldtr %w0, [%1, #0x18]" : "+r"(v) : "r"(TB) : "memory");
	expect("ldtr", v, 0x4b5a6978);
}

void main(unsigned entry_el)
{
	uart_init();
	(void)entry_el;
	kprintf("mmio-forms: start\n");
	SYSREG_WRITE(cpacr_el1, 3ul << 20);	// FPEN: no trap on SIMD&FP at EL1

	run("str/ldr w [xn, #imm]", w_uimm);
	run("str/ldr w [xn, #imm]!", w_pre);
	run("str/ldr w [xn], #imm", w_post);
	run("stur/ldur w", w_unscaled);
	run("str/ldr w [xn, xm, lsl #2]", w_reg_lsl);
	run("str/ldr w [xn, wm, uxtw #2]", w_reg_uxtw);
	run("str/ldr w [xn, wm, sxtw #2]", w_reg_sxtw);
	run("strb/ldrb", byte);
	run("ldrsb w/x", byte_signed);
	run("strh/ldrh", half);
	run("ldrsh w/x", half_signed);
	run("ldrsw", word_signed);
	run("str/ldr x", x64);
	run("stp/ldp w", pair_w);
	run("stp/ldp w pre-index", pair_w_pre);
	run("stp/ldp w post-index", pair_w_post);
	run("stp/ldp w gpfsel3/4", pair_gpfsel);
	run("ldpsw", pair_sw);
	run("stp/ldp x", pair_x);
	run("str/ldr s", fp_s);
	run("str/ldr d", fp_d);
	run("str/ldr q", fp_q);
	run("stp/ldp s", fp_pair_s);
	run("stp/ldp q", fp_pair_q);
	run("str/ldr/stp [sp] sp_el0", sp_el0);
	run("str/ldr [sp] sp_el1 writeback", sp_el1);
	run("str wzr/xzr, stp wzr", zero_reg);
	run("sttr/ldtr", unprivileged);

	for (uint64_t a = C1; a <= C3; a += 4)	// leave the compares at 0
		wr(a, 0);
	if (nfail)
		kprintf("mmio-forms: %u forms ok, %u FAILED\n", nok, nfail);
	else
		kprintf("mmio-forms: %u forms ok\n", nok);
	test_done();
}
