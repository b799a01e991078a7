// A guest for debugger tests: named functions, a loop and a global counter to
// watch. Prints fib(10), then counts for ever, one line every 2^20 ticks.
#include "common.h"

volatile unsigned long ticks;	// the gdb tests watch this one

__attribute__((noinline)) unsigned long fib(unsigned n)
{
	unsigned long a = 0, b = 1;

	while (n--) {
		unsigned long t = a + b;

		a = b;
		b = t;
	}
	return a;
}

__attribute__((noinline)) void tick(void)
{
	ticks = ticks + 1;
}

void main(unsigned entry_el)
{
	(void)entry_el;
	uart_init();
	kprintf("gdbdemo: fib(10) = %u\n", (unsigned)fib(10));
	for (;;) {
		tick();
		if ((ticks & 0xFFFFF) == 0)
			kprintf("gdbdemo: %lu ticks\n", ticks);
	}
}
