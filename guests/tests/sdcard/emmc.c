// Polled PIO driver for the Arasan SDHCI ("EMMC", BCM2835 ARM Peripherals ch. 5;
// SD Host Controller Simplified Spec 3.00; SD Physical Layer Simplified Spec).
// One 512-byte block per command, 1-bit bus.
#include "common.h"
#include "emmc.h"

#define EMMC		(PERIPH + 0x300000)
#define BLKSIZECNT	REG(EMMC + 0x04)
#define ARG1		REG(EMMC + 0x08)
#define CMDTM		REG(EMMC + 0x0C)
#define RESP0		REG(EMMC + 0x10)
#define DATA		REG(EMMC + 0x20)
#define STATUS		REG(EMMC + 0x24)
#define CONTROL0	REG(EMMC + 0x28)
#define CONTROL1	REG(EMMC + 0x2C)
#define INTERRUPT	REG(EMMC + 0x30)
#define IRPT_MASK	REG(EMMC + 0x34)
#define IRPT_EN		REG(EMMC + 0x38)
#define CONTROL2	REG(EMMC + 0x3C)

#define GPFSEL4		REG(PERIPH + 0x200010)
#define GPFSEL5		REG(PERIPH + 0x200014)
#define GPPUD		REG(PERIPH + 0x200094)
#define GPPUDCLK1	REG(PERIPH + 0x20009C)

#define ST_CMD_INHIBIT	(1u << 0)
#define ST_DAT_INHIBIT	(1u << 1)
#define C1_CLK_INTLEN	(1u << 0)
#define C1_CLK_STABLE	(1u << 1)
#define C1_CLK_EN	(1u << 2)
#define C1_TOUNIT_MAX	(0xeu << 16)
#define C1_SRST_HC	(1u << 24)
#define C1_SRST_CMD	(1u << 25)
#define C1_SRST_DATA	(1u << 26)
#define INT_CMD_DONE	(1u << 0)
#define INT_DATA_DONE	(1u << 1)
#define INT_WRITE_RDY	(1u << 4)
#define INT_READ_RDY	(1u << 5)
#define INT_ERR		(1u << 15)

// CMDTM: transfer mode in the low half, command in the high half
#define TM_BLKCNT_EN	(1u << 1)
#define TM_DAT_READ	(1u << 4)
#define RSP_NONE	(0u << 16)
#define RSP_136		(1u << 16)
#define RSP_48		(2u << 16)
#define RSP_48_BUSY	(3u << 16)
#define CRC_CHECK	(1u << 19)
#define INDEX_CHECK	(1u << 20)
#define IS_DATA		(1u << 21)

#define R1		(RSP_48 | CRC_CHECK | INDEX_CHECK)
#define R1B		(RSP_48_BUSY | CRC_CHECK | INDEX_CHECK)
#define R2		(RSP_136 | CRC_CHECK)
#define R3		RSP_48			// OCR: no CRC, no index
#define R6		R1
#define R7		R1

static int high_capacity;
uint32_t emmc_error;

static int wait_reg(volatile uint32_t *reg, uint32_t mask, uint32_t want, uint32_t timeout_us)
{
	uint32_t start = TIMER_CLO;
	while ((*reg & mask) != want)
		if (TIMER_CLO - start > timeout_us)
			return -1;
	return 0;
}

static int wait_int(uint32_t bits, uint32_t timeout_us)
{
	uint32_t start = TIMER_CLO;
	for (;;) {
		uint32_t v = INTERRUPT;
		if (v & INT_ERR) {
			emmc_error = v;
			INTERRUPT = v;
			CONTROL1 |= C1_SRST_CMD | C1_SRST_DATA;	// recover the lines for the next command
			wait_reg(&CONTROL1, C1_SRST_CMD | C1_SRST_DATA, 0, 100000);
			return -1;
		}
		if ((v & bits) == bits) {
			INTERRUPT = bits;
			return 0;
		}
		if (TIMER_CLO - start > timeout_us) {
			emmc_error = v | 0x80000000u;
			return -1;
		}
	}
}

static int cmd(uint32_t index, uint32_t arg, uint32_t flags)
{
	uint32_t inhibit = ST_CMD_INHIBIT | ((flags & (IS_DATA | RSP_48_BUSY)) ? ST_DAT_INHIBIT : 0);

	if (wait_reg(&STATUS, inhibit, 0, 500000)) {
		emmc_error = 0x40000000u | STATUS;
		return -1;
	}
	INTERRUPT = 0xffffffff;
	ARG1 = arg;
	CMDTM = (index << 24) | flags;
	return wait_int(INT_CMD_DONE, 500000);
}

static int app_cmd(uint32_t index, uint32_t arg, uint32_t flags, uint32_t rca)
{
	if (cmd(55, rca << 16, R1))
		return -1;
	return cmd(index, arg, flags);
}

// SDHCI 3.00 10-bit divided clock: f = base / (2 * N), N = 0 gives base.
static int set_clock(uint32_t base_hz, uint32_t hz)
{
	uint32_t n = 0;
	if (hz < base_hz) {
		n = (base_hz + 2 * hz - 1) / (2 * hz);
		if (n > 0x3ff)
			n = 0x3ff;
	}
	CONTROL1 &= ~C1_CLK_EN;
	CONTROL1 = (CONTROL1 & ~0xffe0u) | C1_CLK_INTLEN | C1_TOUNIT_MAX |
		   ((n & 0xff) << 8) | ((n >> 8) << 6);
	if (wait_reg(&CONTROL1, C1_CLK_STABLE, C1_CLK_STABLE, 100000))
		return -1;
	CONTROL1 |= C1_CLK_EN;
	delay_us(2000);
	return 0;
}

// GPIO 48-53 to ALT3 (EMMC), pull-ups on CMD and DAT0-3 (pins 49-53).
static void gpio_init(void)
{
	GPFSEL4 = (GPFSEL4 & ~(0x3fu << 24)) | (7u << 24) | (7u << 27);
	GPFSEL5 = (GPFSEL5 & ~0xfffu) | 07777u;
	GPPUD = 2;
	delay_us(5);
	GPPUDCLK1 = 0x1fu << 17;
	delay_us(5);
	GPPUD = 0;
	GPPUDCLK1 = 0;
}

int emmc_init(void)
{
	uint32_t base = mbox_clock_rate(1);	// EMMC clock id 1
	if (!base)
		base = 100000000;

	gpio_init();
	CONTROL1 |= C1_SRST_HC;
	if (wait_reg(&CONTROL1, C1_SRST_HC, 0, 100000))
		return -1;
	CONTROL0 = 0xf00;			// SD bus power on at 3.3 V (SDHCI power control)
	CONTROL2 = 0;
	if (set_clock(base, 400000))		// identification mode runs at <= 400 kHz
		return -2;
	IRPT_EN = 0;				// status bits only, no interrupt line
	IRPT_MASK = 0xffffffff;
	INTERRUPT = 0xffffffff;

	if (cmd(0, 0, RSP_NONE))
		return -3;
	int v2 = cmd(8, 0x1aa, R7) == 0 && (RESP0 & 0xfff) == 0x1aa;	// 2.7-3.6 V, check pattern 0xaa

	uint32_t ocr = 0;
	for (int i = 0; i < 100 && !(ocr & (1u << 31)); i++) {	// bit 31: power-up done
		if (app_cmd(41, (v2 ? (1u << 30) : 0) | 0x00ff8000, R3, 0))
			return -4;
		ocr = RESP0;
		if (!(ocr & (1u << 31)))
			delay_us(10000);
	}
	if (!(ocr & (1u << 31)))
		return -5;
	high_capacity = (ocr >> 30) & 1;	// CCS: block addressing

	if (cmd(2, 0, R2))			// ALL_SEND_CID
		return -6;
	if (cmd(3, 0, R6))			// SEND_RELATIVE_ADDR
		return -7;
	uint32_t rca = RESP0 >> 16;
	if (cmd(7, rca << 16, R1B))		// SELECT_CARD: transfer state
		return -8;
	if (cmd(16, 512, R1))			// SET_BLOCKLEN
		return -9;
	if (set_clock(base, 25000000))		// default speed
		return -10;
	return 0;
}

int emmc_high_capacity(void)
{
	return high_capacity;
}

int emmc_read(uint32_t lba, uint32_t *buf)
{
	BLKSIZECNT = (1u << 16) | 512;
	if (cmd(17, high_capacity ? lba : lba * 512, R1 | IS_DATA | TM_DAT_READ | TM_BLKCNT_EN))
		return -1;
	if (wait_int(INT_READ_RDY, 500000))
		return -1;
	for (int i = 0; i < 128; i++)
		buf[i] = DATA;
	return wait_int(INT_DATA_DONE, 500000);
}

int emmc_write(uint32_t lba, const uint32_t *buf)
{
	BLKSIZECNT = (1u << 16) | 512;
	if (cmd(24, high_capacity ? lba : lba * 512, R1 | IS_DATA | TM_BLKCNT_EN))
		return -1;
	if (wait_int(INT_WRITE_RDY, 500000))
		return -1;
	for (int i = 0; i < 128; i++)
		DATA = buf[i];
	return wait_int(INT_DATA_DONE, 500000);
}
