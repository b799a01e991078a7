// Polled mini-UART output for the kernel (BCM2835 ARM Peripherals ch. 2).
#include "kernel.h"

#define GPFSEL1		REG(0x3F200004)
#define GPPUD		REG(0x3F200094)
#define GPPUDCLK0	REG(0x3F200098)
#define AUX_ENABLES	REG(0x3F215004)
#define MU_IO		REG(0x3F215040)
#define MU_IER		REG(0x3F215044)
#define MU_LCR		REG(0x3F21504C)
#define MU_MCR		REG(0x3F215050)
#define MU_LSR		REG(0x3F215054)
#define MU_CNTL		REG(0x3F215060)
#define MU_BAUD		REG(0x3F215068)

static void delay(unsigned n)
{
	while (n--)
		__asm__ volatile("nop");
}

void uart_init(void)
{
	AUX_ENABLES |= 1;
	MU_CNTL = 0;
	MU_LCR = 3;		// 8 data bits
	MU_MCR = 0;
	MU_IER = 0;
	MU_BAUD = 270;		// 115200 at 250 MHz core clock

	uint32_t sel = GPFSEL1;	// GPIO 14/15 -> ALT5 (TXD1/RXD1), pulls off
	sel &= ~((7u << 12) | (7u << 15));
	sel |= (2u << 12) | (2u << 15);
	GPFSEL1 = sel;
	GPPUD = 0;
	delay(150);
	GPPUDCLK0 = (1u << 14) | (1u << 15);
	delay(150);
	GPPUDCLK0 = 0;

	MU_CNTL = 3;
}

void uart_putc(char c)
{
	while (!(MU_LSR & (1u << 5)))	// LSR bit 5: TX FIFO can take a byte
		;
	MU_IO = (uint8_t)c;
}

void uart_puts(const char *s)
{
	while (*s)
		uart_putc(*s++);
}

void uart_hex(uint64_t v)
{
	uart_puts("0x");
	for (int sh = 60; sh >= 0; sh -= 4)
		uart_putc("0123456789abcdef"[(v >> sh) & 15]);
}
