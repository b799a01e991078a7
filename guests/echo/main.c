// Mini-UART echo: banner, prompt, echo with line editing. Polled, no IRQs.
// Runtime and UART are picrt + tests/common (uart_puts sends '\n' as CR LF).
#include "common.h"

static int getc(void)
{
	int c;

	while ((c = uart_getc_nowait()) < 0)
		;
	return c;
}

void main(unsigned entry_el)
{
	unsigned col = 0;	// typed characters on the line, so backspace never eats the prompt
	int prev = 0;

	(void)entry_el;		// the same echo at EL1 either way
	uart_init();
	uart_puts("visor echo guest\n> ");
	for (;;) {
		int c = getc();
		if (c == '\r' || c == '\n') {
			if (!(c == '\n' && prev == '\r'))	// CR LF counts as one line end
				uart_puts("\n> ");
			col = 0;
		} else if (c == 0x7f || c == 0x08) {
			if (col) {
				uart_puts("\b \b");
				col--;
			}
		} else {
			uart_putc((char)c);
			col++;
		}
		prev = c;
	}
}
