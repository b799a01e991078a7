// Phase b: own stage-1 tables (4 KiB granule, 48-bit VA, IPS 40 bits) that
// alias every RAM page at many VAs, map the MMIO window and IPA far above RAM,
// and are rewritten while in use. Layout of TTBR0 (L0 index: region):
//   0      identity: RAM normal, 0x3F000000-0x401FFFFF device, 2-3 GiB device,
//          4-7 GiB normal (never touched: beyond RAM, the hypervisor's to stop)
//   1      1 GiB blocks, entry i -> IPA (i % 8) GiB: RAM at 64 VAs each
//   2, 8-15  all 512 L1 entries -> one L2 of 2 MiB blocks over 0-1 GiB
//   3      L2 entries 0-255 -> one L3 table, remapped for every 2 MiB of RAM;
//          L2 256 -> the L2 table itself; L1 1 -> a "table" in the GPIO block
//          (never walked); L1 2 -> block beyond 40 bits (address size fault)
//   4      recursive: L0 itself, so the tables are readable and writable as data
//   5      a "table" at the system timer page (never walked)
//   6      a table beyond 40 bits (address size fault)
//   7      garbage, invalid (translation fault)
// Walking a table in the MMIO window or at an IPA beyond RAM is a stage-2
// fault on the walk, which the hypervisor turns into a crash, so those
// entries are installed and invalidated but no access goes through them.
// Table descriptors also carry AF, SH and AttrIndx 1 in their IGNORED bits
// [11:2], so they are valid pages when a table is reached recursively.
#include "hostile.h"

#define PAGE		4096ul
#define MB2		(2ul << 20)
#define GB		(1ul << 30)

#define D_TABLE		3ul
#define D_BLOCK		1ul
#define D_PAGE		3ul
#define ATTR_DEVICE	(0ul << 2)
#define ATTR_NORMAL	(1ul << 2)
#define AP_RO		(2ul << 6)
#define SH_INNER	(3ul << 8)
#define AF		(1ul << 10)
#define XN		((1ul << 53) | (1ul << 54))
#define NORMAL		(ATTR_NORMAL | SH_INNER | AF)
#define DEVICE		(ATTR_DEVICE | AF | XN)
#define TABLE		(D_TABLE | NORMAL)	// leaf bits in IGNORED fields, see above

// opaque() keeps gcc from folding "alias VA - table address" into an
// absolute constant (an R_AARCH64_ABS64 the position-independent image refuses)
#define VA(a, b, c, d)	opaque(((uint64_t)(a) << 39) | ((uint64_t)(b) << 30) | ((uint64_t)(c) << 21) | ((uint64_t)(d) << 12))

static inline uint64_t opaque(uint64_t v)
{
	__asm__("" : "+r"(v));
	return v;
}

static uint64_t l0[512] __attribute__((aligned(PAGE)));
static uint64_t l1_id[512] __attribute__((aligned(PAGE)));
static uint64_t l2_lo[512] __attribute__((aligned(PAGE)));
static uint64_t l2_hi[512] __attribute__((aligned(PAGE)));
static uint64_t l1_1g[512] __attribute__((aligned(PAGE)));
static uint64_t l1_b[512] __attribute__((aligned(PAGE)));
static uint64_t l2_b[512] __attribute__((aligned(PAGE)));
static uint64_t l1_pg[512] __attribute__((aligned(PAGE)));
static uint64_t l2_pg[512] __attribute__((aligned(PAGE)));
static uint64_t l3_pg[512] __attribute__((aligned(PAGE)));

static const unsigned l0_2m[] = { 2, 8, 9, 10, 11, 12, 13, 14, 15 };

static uint64_t pa(const void *p)
{
	return (uintptr_t)p;
}

static void tlb_all(void)
{
	__asm__ volatile("dsb ishst\n\ttlbi vmalle1\n\tdsb ish\n\tisb" ::: "memory");
}

static void tlb_va(uint64_t va)
{
	__asm__ volatile("dsb ishst\n\ttlbi vae1, %0\n\tdsb ish\n\tisb" :: "r"(va >> 12) : "memory");
}

static void build(void)
{
	for (unsigned i = 0; i < 512; i++) {
		uint64_t a = (uint64_t)i * MB2;
		l2_lo[i] = a | (a >= 0x3F000000 ? DEVICE : NORMAL) | D_BLOCK;
		l2_b[i] = l2_lo[i];
		l1_1g[i] = ((uint64_t)(i % 8) * GB) | (i % 8 ? DEVICE : NORMAL) | D_BLOCK;
		l1_b[i] = pa(l2_b) | TABLE;
		l2_pg[i] = i < 256 ? pa(l3_pg) | TABLE : 0;
		l3_pg[i] = 0;
	}
	l2_hi[0] = 0x40000000ul | DEVICE | D_BLOCK;
	l1_id[0] = pa(l2_lo) | TABLE;
	l1_id[1] = pa(l2_hi) | TABLE;
	l1_id[2] = (2 * GB) | DEVICE | D_BLOCK;
	l1_id[3] = (3 * GB) | DEVICE | D_BLOCK;
	for (unsigned i = 4; i < 8; i++)
		l1_id[i] = (i * GB) | NORMAL | D_BLOCK;
	l1_pg[0] = pa(l2_pg) | TABLE;
	l1_pg[1] = 0x3F200000ul | TABLE;
	l1_pg[2] = 0x0000100000000000ul | NORMAL | D_BLOCK;
	l2_pg[256] = pa(l2_pg) | TABLE;

	l0[0] = pa(l1_id) | TABLE;
	l0[1] = pa(l1_1g) | TABLE;
	for (unsigned i = 0; i < sizeof(l0_2m) / sizeof(l0_2m[0]); i++)
		l0[l0_2m[i]] = pa(l1_b) | TABLE;
	l0[3] = pa(l1_pg) | TABLE;
	l0[4] = pa(l0) | TABLE;
	l0[5] = 0x3F003000ul | TABLE;
	l0[6] = 0x0000f12345678000ul | TABLE;
	l0[7] = 0x5a5a5a5a5a5a5a5aul;
	__asm__ volatile("dsb sy" ::: "memory");
}

static void mmu_enable(void)
{
	SYSREG_WRITE(mair_el1, 0x00ul | (0xfful << 8));	// Attr0 Device-nGnRnE, Attr1 Normal WB
	// T0SZ=16 (48-bit VA, walk from L0), IRGN0/ORGN0 WB, SH0 inner, TG0 4K, EPD1, IPS 40 bits
	SYSREG_WRITE(tcr_el1, 16 | (1ul << 8) | (1ul << 10) | (3ul << 12) | (1ul << 23) | (2ul << 32));
	SYSREG_WRITE(ttbr0_el1, pa(l0));
	tlb_all();
	uint64_t sctlr = SYSREG_READ(sctlr_el1);
	SYSREG_WRITE(sctlr_el1, sctlr | (1ul << 0) | (1ul << 2) | (1ul << 12));	// M, C, I
}

// The fault an access must take: DFSC (ESR bits 5:0) within [lo, hi], FAR = va.
static void expect_fault(const char *what, uint64_t va, int write, unsigned lo, unsigned hi)
{
	probe_begin();
	if (write)
		st64(va, 0);
	else
		(void)ld64(va);
	probe_end();
	if (!fault_count) {
		check(what, 0, 1);	// "0x0, expected 0x1": no fault
		return;
	}
	unsigned dfsc = fault_esr & 0x3f;
	if (dfsc < lo || dfsc > hi || fault_far != va || ((fault_esr >> 6) & 1) != (uint64_t)write) {
		kprintf("hostile: FAIL %s: ESR 0x%lx FAR 0x%lx\n", what, fault_esr, fault_far);
		fails++;
	}
}

static void check_aliases(void)
{
	uint64_t n = 0;

	for (uint64_t p = fill_start; p < ram_size; p += PAGE, n++) {
		uint64_t x = p + (((p >> 12) * 8) & 0xff8);
		uint64_t want = pattern(x);
		uint64_t a1 = VA(1, 8 * (n % 64), 0, 0) + x;
		uint64_t a2 = VA(l0_2m[n % 9], (n * 7) % 512, 0, 0) + x;
		check("identity", ld64(x), want);
		check("1 GiB alias", ld64(a1), want);
		check("2 MiB alias", ld64(a2), want);
		if (n % 64 == 0) {	// a write through one alias shows through the others
			st64(a1, ~want);
			check("write via 1 GiB alias", ld64(a2), ~want);
			check("write via 1 GiB alias, identity", ld64(x), ~want);
			st64(a2, want);
			check("write via 2 MiB alias", ld64(a1), want);
		}
	}
}

// The L3 table, aliased by 256 L2 entries, maps each 2 MiB of RAM in turn,
// pages in reverse order.
static void check_remap(void)
{
	for (uint64_t cb = fill_start & ~(MB2 - 1); cb < ram_size; cb += MB2) {
		for (unsigned i = 0; i < 512; i++) {
			uint64_t ipa = cb + (511 - i) * PAGE;
			l3_pg[i] = ipa >= fill_start && ipa < ram_size ? ipa | NORMAL | D_PAGE : 0;
		}
		tlb_all();
		for (unsigned i = 0; i < 512; i++) {
			uint64_t ipa = cb + (511 - i) * PAGE, off = (i * 8) & 0xff8;
			if (ipa >= fill_start && ipa < ram_size)
				check("4 KiB alias", ld64(VA(3, 0, (i * 5) % 256, i) + off), pattern(ipa + off));
		}
	}
}

static void check_rewrites(void)
{
	uint64_t x = fill_start, y = fill_start + PAGE;

	// the tables through the recursive L0 entry
	for (unsigned i = 0; i < 16; i++)
		check("L0 via recursion", ld64(VA(4, 4, 4, 4) + 8 * i), l0[i]);
	for (unsigned i = 0; i < 4; i++)
		check("L3 via recursion", ld64(VA(4, 3, 0, 0) + 8 * i), l3_pg[i]);
	check("L3 via L2 pointing at itself", ld64(VA(3, 0, 256, 0) + 8 * 1), l3_pg[1]);
	check("L2 via L2 pointing at itself", ld64(VA(3, 0, 256, 256) + 8 * 256), l2_pg[256]);

	// rewrite an L3 entry through the recursive mapping, then use it
	st64(VA(4, 3, 0, 0) + 8 * 7, x | NORMAL | D_PAGE);
	tlb_va(VA(3, 0, 0, 7));
	check("L3 entry written via recursion", l3_pg[7], x | NORMAL | D_PAGE);
	check("page mapped via recursion", ld64(VA(3, 0, 0, 7) + 16), pattern(x + 16));

	// remap one VA between two pages
	for (int k = 0; k < 4; k++) {
		uint64_t t = k & 1 ? y : x;
		l3_pg[12] = t | NORMAL | D_PAGE;
		tlb_va(VA(3, 0, 0, 12));
		check("remapped page", ld64(VA(3, 0, 0, 12) + 8), pattern(t + 8));
	}
	// read-only, then writable again
	l3_pg[8] = x | NORMAL | AP_RO | D_PAGE;
	tlb_va(VA(3, 0, 0, 8));
	check("read-only page", ld64(VA(3, 0, 0, 8)), pattern(x));
	expect_fault("write to read-only page", VA(3, 0, 0, 8), 1, 0x0f, 0x0f);
	l3_pg[8] = x | NORMAL | D_PAGE;
	tlb_va(VA(3, 0, 0, 8));
	st64(VA(3, 0, 0, 8) + 24, pattern(x + 24));
	check("page writable again", ld64(x + 24), pattern(x + 24));
	// no access flag, invalid, device attributes on RAM
	l3_pg[9] = (x | NORMAL | D_PAGE) & ~AF;
	tlb_va(VA(3, 0, 0, 9));
	expect_fault("page without AF", VA(3, 0, 0, 9), 0, 0x0b, 0x0b);
	l3_pg[10] = 0;
	tlb_va(VA(3, 0, 0, 10));
	expect_fault("invalid page", VA(3, 0, 0, 10), 0, 0x07, 0x07);
	l3_pg[11] = x | DEVICE | D_PAGE;
	tlb_va(VA(3, 0, 0, 11));
	check("RAM page as device", ld64(VA(3, 0, 0, 11) + 32), pattern(x + 32));

	// nonsense: beyond the 40-bit output size, garbage descriptor
	expect_fault("table beyond 40 bits", VA(6, 0, 0, 0), 0, 0x00, 0x03);
	expect_fault("block beyond 40 bits", VA(3, 2, 0, 0), 0, 0x00, 0x03);
	expect_fault("garbage L0 entry", VA(7, 1, 2, 3), 0, 0x04, 0x04);

	// change what tables point at while in use: re-point the identity L1's
	// second entry at the alias L2 and back
	l1_id[1] = pa(l2_b) | TABLE;
	tlb_all();
	check("L1 entry re-pointed", ld64(1 * GB + x), pattern(x));
	l1_id[1] = pa(l2_hi) | TABLE;
	tlb_all();

	// the MMIO window through aliases: timer compare 1, ARM local timer IRQ control
	*(volatile uint32_t *)0x3F003010ul = 0x600df00d;
	check("timer C1 via 2 MiB alias", ld32(VA(2, 77, 504, 3) + 0x10), 0x600df00d);
	st32(VA(9, 511, 504, 3) + 0x10, 0x0badcafe);
	check("timer C1 written via alias", *(volatile uint32_t *)0x3F003010ul, 0x0badcafe);
	*(volatile uint32_t *)0x3F003010ul = 0;
	st32(VA(1, 9, 0, 0) + 0x40, 5);	// 1 GiB alias of 0x40000000
	check("local timer IRQ control via 1 GiB alias", *(volatile uint32_t *)0x40000040ul, 5);
	*(volatile uint32_t *)0x40000040ul = 0;

	for (unsigned i = 0; i < 512; i++)
		l3_pg[i] = 0;
	tlb_all();
}

void phase_tables(void)
{
	int before = fails;

	build();
	mmu_enable();
	check_aliases();
	check_remap();
	check_rewrites();
	if (fails == before)
		kprintf("hostile: tables ok\n");
	else
		kprintf("hostile: tables FAILED (%d)\n", fails - before);
}
