// The two EL0 processes. They live in .user.text, the only code EL0 may run,
// so everything they call is inlined here: no kernel helpers, no .rodata.
#include "kernel.h"

static inline __attribute__((always_inline)) void sys_write(const char *buf, unsigned long len)
{
	register uint64_t x8 __asm__("x8") = SYS_WRITE;
	register uint64_t x0 __asm__("x0") = 1;
	register uint64_t x1 __asm__("x1") = (uintptr_t)buf;
	register uint64_t x2 __asm__("x2") = len;
	__asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
}

// Long enough that a 10 ms tick regularly lands inside a 5-character run.
static inline __attribute__((always_inline)) void busy_delay(void)
{
	for (volatile uint32_t i = 0; i < 50000; i++)
		;
}

USER void user_digits(void)
{
	for (;;)
		for (char c = '1'; c <= '5'; c++) {
			sys_write(&c, 1);
			busy_delay();
		}
}

USER void user_letters(void)
{
	for (;;)
		for (char c = 'a'; c <= 'e'; c++) {
			sys_write(&c, 1);
			busy_delay();
		}
}
