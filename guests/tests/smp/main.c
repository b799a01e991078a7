// Releases cores 1-3 through the spin table (64-bit entry addresses at
// 0xe0/0xe8/0xf0, polled after WFE by the Pi 3 armstub and QEMU's boot stub).
// Cores report in core order (each waits until the shared count equals its
// number), then all four hammer one counter with ldxr/stxr.
#include "common.h"

#define NCORES		4
#define HITS		10000

static volatile uint32_t lock_word;
static volatile uint32_t up;		// cores that reported in
static volatile uint32_t hits;		// contended counter
static volatile uint32_t finished;

static void lock(void)
{
	uint32_t tmp;
	__asm__ volatile(
		"	sevl\n"
		"1:	wfe\n"			// woken by the stlr of unlock clearing our monitor
		"	ldaxr	%w0, [%1]\n"
		"	cbnz	%w0, 1b\n"
		"	stxr	%w0, %w2, [%1]\n"
		"	cbnz	%w0, 1b\n"
		: "=&r"(tmp) : "r"(&lock_word), "r"(1) : "memory");
}

static void unlock(void)
{
	__asm__ volatile("stlr wzr, [%0]" :: "r"(&lock_word) : "memory");
}

static void atomic_inc(volatile uint32_t *p)
{
	uint32_t v, fail;
	__asm__ volatile(
		"1:	ldxr	%w0, [%2]\n"
		"	add	%w0, %w0, #1\n"
		"	stxr	%w1, %w0, [%2]\n"
		"	cbnz	%w1, 1b\n"
		"	dmb	ish\n"
		: "=&r"(v), "=&r"(fail) : "r"(p) : "memory");
}

static void core_work(unsigned core)
{
	while (up != core)
		;
	lock();
	kprintf("core %u up\n", core);
	atomic_inc(&up);
	unlock();

	while (up != NCORES)
		;
	for (unsigned i = 0; i < HITS; i++)
		atomic_inc(&hits);
	atomic_inc(&finished);
}

void secondary_main(unsigned core)
{
	mmu_on();
	core_work(core);
	halt();
}

int main(void)
{
	uart_init();
	mmu_build();
	kprintf("smp: releasing cores 1-3\n");
	for (unsigned core = 1; core < NCORES; core++) {
		uint64_t slot = 0xd8 + 8 * core;
		// asm store: GCC treats constant pointers below 4 KiB as invalid
		__asm__ volatile("str %0, [%1]" :: "r"((uint64_t)(uintptr_t)secondary_start), "r"(slot) : "memory");
	}
	__asm__ volatile("dsb sy\n\tsev" ::: "memory");
	mmu_on();

	core_work(0);
	while (finished != NCORES)
		;
	kprintf("cores up: %u\n", up);
	kprintf("ldxr/stxr counter: %u (expected %u)\n", hits, NCORES * HITS);
	test_done();
}
