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

static inline __attribute__((always_inline)) void sys_sleep(unsigned long ticks)
{
	register uint64_t x8 __asm__("x8") = SYS_SLEEP;
	register uint64_t x0 __asm__("x0") = ticks;
	__asm__ volatile("svc #0" : "+r"(x0) : "r"(x8) : "memory");
}

// A short stretch of work after each string (about 0.2 ms on QEMU, 1 ms under
// visor): now and then the 10 ms tick lands in it and preempts the task, so the
// interleaving stays the scheduler's doing, not only the order of the sleeps.
static inline __attribute__((always_inline)) void busy_delay(void)
{
	for (volatile uint32_t i = 0; i < 30000; i++)
		;
}

// 15 ticks of 10 ms: about 6 strings a second from each process, and the
// machine idles in between. Sleeping comes first, so even the first strings
// wait for the timer.
#define PAUSE_TICKS	15

// Each string goes out in one system call, so it stays whole whatever the speed
// of the machine relative to the tick; the strings are built in registers, not
// .rodata, which EL0 cannot read.
static inline __attribute__((always_inline)) void print_forever(char first)
{
	char s[5];
	for (;;) {
		sys_sleep(PAUSE_TICKS);
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
