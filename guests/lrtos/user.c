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

// Neither process ever yields: the 10 ms tick preempts them inside this loop, so
// the interleaving of the two strings is the scheduler's doing.
static inline __attribute__((always_inline)) void busy_delay(void)
{
	for (volatile uint32_t i = 0; i < 50000; i++)
		;
}

// Each string goes out in one system call, so it stays whole whatever the speed
// of the machine relative to the tick; the strings are built in registers, not
// .rodata, which EL0 cannot read.
static inline __attribute__((always_inline)) void print_forever(char first)
{
	char s[5];
	for (;;) {
		for (int i = 0; i < 5; i++)
			s[i] = (char)(first + i);
		sys_write(s, 5);
		busy_delay();
	}
}

USER void user_digits(void)
{
	print_forever('1');
}

USER void user_letters(void)
{
	print_forever('a');
}
