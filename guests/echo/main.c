// Mini-UART echo: banner, prompt, echo with line editing. Polled, no IRQs.
#include <stdint.h>

#define REG(a)		(*(volatile uint32_t *)(uintptr_t)(a))
#define GPFSEL1		REG(0x3F200004)
#define GPPUD		REG(0x3F200094)
#define GPPUDCLK0	REG(0x3F200098)
#define AUX_ENABLES	REG(0x3F215004)
#define MU_IO		REG(0x3F215040)
#define MU_IER		REG(0x3F215044)
#define MU_IIR		REG(0x3F215048)
#define MU_LCR		REG(0x3F21504C)
#define MU_MCR		REG(0x3F215050)
#define MU_LSR		REG(0x3F215054)
#define MU_CNTL		REG(0x3F215060)
#define MU_BAUD		REG(0x3F215068)

#define LSR_DATA_READY	(1u << 0)
#define LSR_TX_EMPTY	(1u << 5)

static void delay(unsigned n)
{
	while (n--)
		__asm__ volatile("nop");
}

static void uart_init(void)
{
	AUX_ENABLES |= 1;	// mini-UART registers are dead until enabled
	MU_CNTL = 0;		// RX/TX off while configuring
	MU_LCR = 3;		// 8 data bits
	MU_MCR = 0;
	MU_IER = 0;
	// FIFOs are not flushed (MU_IIR 0xc6): bytes that came in before init, e.g. piped input, stay readable
	MU_BAUD = 270;		// 250 MHz core clock / (8 * (270 + 1)) = 115200

	// GPIO 14/15 to ALT5 (TXD1/RXD1), pulls off: GPPUD then clock it in (BCM2835 ARM Peripherals 6.1)
	uint32_t sel = GPFSEL1;
	sel &= ~((7u << 12) | (7u << 15));
	sel |= (2u << 12) | (2u << 15);
	GPFSEL1 = sel;
	GPPUD = 0;
	delay(150);
	GPPUDCLK0 = (1u << 14) | (1u << 15);
	delay(150);
	GPPUDCLK0 = 0;

	MU_CNTL = 3;		// RX and TX on
}

static void putc(char c)
{
	while (!(MU_LSR & LSR_TX_EMPTY))
		;
	MU_IO = (uint8_t)c;
}

static void puts(const char *s)
{
	while (*s)
		putc(*s++);
}

static char getc(void)
{
	while (!(MU_LSR & LSR_DATA_READY))
		;
	return (char)MU_IO;
}

void main(void)
{
	unsigned col = 0;	// typed characters on the line, so backspace never eats the prompt
	char prev = 0;

	uart_init();
	puts("visor echo guest\r\n> ");
	for (;;) {
		char c = getc();
		if (c == '\r' || c == '\n') {
			if (!(c == '\n' && prev == '\r'))	// CR LF counts as one line end
				puts("\r\n> ");
			col = 0;
		} else if (c == 0x7f || c == 0x08) {
			if (col) {
				puts("\b \b");
				col--;
			}
		} else {
			putc(c);
			col++;
		}
		prev = c;
	}
}
