#ifndef HOSTILE_H
#define HOSTILE_H
#include "common.h"

// Fault probing (exception.c): while probing, a synchronous data abort at
// EL1 is recorded (first one wins, all are counted) and the instruction skipped.
extern volatile int probing;
extern volatile uint64_t fault_esr, fault_far, fault_count;

static inline void probe_begin(void)
{
	fault_esr = 0;
	fault_far = 0;
	fault_count = 0;
	__asm__ volatile("" ::: "memory");
	probing = 1;
}

static inline void probe_end(void)
{
	probing = 0;
	__asm__ volatile("" ::: "memory");
}

static inline uint64_t ld64(uint64_t va)
{
	uint64_t v = 0xdeadbeefdeadbeeful;
	__asm__ volatile("ldr %0, [%1]" : "+r"(v) : "r"(va) : "memory");
	return v;
}

static inline void st64(uint64_t va, uint64_t v)
{
	__asm__ volatile("str %0, [%1]" :: "r"(v), "r"(va) : "memory");
}

static inline uint32_t ld32(uint64_t va)
{
	uint64_t v = 0xdeadbeef;
	__asm__ volatile("ldr %w0, [%1]" : "+r"(v) : "r"(va) : "memory");
	return (uint32_t)v;
}

static inline void st32(uint64_t va, uint32_t v)
{
	__asm__ volatile("str %w0, [%1]" :: "r"(v), "r"(va) : "memory");
}

extern uint64_t vm_id, ram_size, fill_start;
extern int bare, fails;
uint64_t pattern(uint64_t ipa);
void check(const char *what, uint64_t got, uint64_t want);
void phase_tables(void);
void phase_mmio(void);

#endif
