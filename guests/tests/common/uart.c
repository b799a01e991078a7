// Mini-UART (AUX) on GPIO 14/15, polled transmit (BCM2835 ARM Peripherals ch. 2).
#include "common.h"

#define GPFSEL1		REG(PERIPH + 0x200004)
#define GPPUD		REG(PERIPH + 0x200094)
#define GPPUDCLK0	REG(PERIPH + 0x200098)
#define AUX_ENABLES	REG(PERIPH + 0x215004)
#define MU_IO		REG(PERIPH + 0x215040)
#define MU_IER		REG(PERIPH + 0x215044)
#define MU_IIR		REG(PERIPH + 0x215048)
#define MU_LCR		REG(PERIPH + 0x21504C)
#define MU_MCR		REG(PERIPH + 0x215050)
#define MU_LSR		REG(PERIPH + 0x215054)
#define MU_CNTL		REG(PERIPH + 0x215060)
#define MU_BAUD		REG(PERIPH + 0x215068)

static void spin(unsigned n)
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
	// FIFOs are not flushed (MU_IIR 0xc6): bytes that came in before init, e.g. piped input, stay readable
	MU_BAUD = 270;		// 115200 at 250 MHz core clock

	uint32_t sel = GPFSEL1;	// GPIO 14/15 -> ALT5 (TXD1/RXD1), pulls off
	sel &= ~((7u << 12) | (7u << 15));
	sel |= (2u << 12) | (2u << 15);
	GPFSEL1 = sel;
	GPPUD = 0;
	spin(150);
	GPPUDCLK0 = (1u << 14) | (1u << 15);
	spin(150);
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
	while (*s) {
		if (*s == '\n')
			uart_putc('\r');
		uart_putc(*s++);
	}
}

int uart_getc_nowait(void)
{
	if (!(MU_LSR & 1))		// LSR bit 0: data ready
		return -1;
	return (int)(MU_IO & 0xff);
}
