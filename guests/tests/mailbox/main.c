// VideoCore mailbox 0, channel 8 (property tags): one request per tag so a tag
// the firmware does not know only spoils its own line.
#include "common.h"

#define MBOX_READ	REG(PERIPH + 0xB880)
#define MBOX_STATUS	REG(PERIPH + 0xB898)
#define MBOX_WRITE	REG(PERIPH + 0xB8A0)
#define MBOX_FULL	(1u << 31)
#define MBOX_EMPTY	(1u << 30)
#define CH_PROP		8
#define REQUEST		0x00000000u
#define RESPONSE_OK	0x80000000u

// The low 4 bits of the mailbox word carry the channel, so 16-byte alignment.
static volatile uint32_t buf[32] __attribute__((aligned(16)));

// Sends tag with nreq request words, a value buffer of size bytes; returns a
// pointer to the value words, or 0 on failure.
static volatile uint32_t *property(uint32_t tag, uint32_t size, const uint32_t *req, unsigned nreq)
{
	unsigned n = 0;

	buf[n++] = 0;				// total size, filled below
	buf[n++] = REQUEST;
	buf[n++] = tag;
	buf[n++] = size;
	buf[n++] = 0;				// request: bit 31 clear
	for (unsigned i = 0; i < size / 4; i++)
		buf[n + i] = i < nreq ? req[i] : 0;
	n += size / 4;
	buf[n++] = 0;				// end tag
	buf[0] = n * 4;

	uint32_t msg = (uint32_t)(uintptr_t)buf | CH_PROP;
	__asm__ volatile("dsb sy" ::: "memory");
	while (MBOX_STATUS & MBOX_FULL)
		;
	MBOX_WRITE = msg;
	for (;;) {
		while (MBOX_STATUS & MBOX_EMPTY)
			;
		if (MBOX_READ == msg)
			break;
	}
	__asm__ volatile("dsb sy" ::: "memory");
	if (buf[1] != RESPONSE_OK || !(buf[4] & (1u << 31)))
		return 0;
	return &buf[5];
}

static void show(const char *name, uint32_t tag, uint32_t size, const uint32_t *req, unsigned nreq)
{
	volatile uint32_t *v = property(tag, size, req, nreq);

	kprintf("tag %s: ", name);
	if (!v) {
		kprintf("error (response %x)\n", buf[1]);
		return;
	}
	switch (tag) {
	case 0x00010003: {			// MAC: 6 bytes in network order
		volatile uint8_t *b = (volatile uint8_t *)v;
		for (int i = 0; i < 6; i++)
			kprintf(i ? ":%02x" : "%02x", b[i]);
		kprintf("\n");
		break;
	}
	case 0x00010004:			// serial: 64 bits
		kprintf("0x%08x%08x\n", v[1], v[0]);
		break;
	case 0x00010005:			// memory: base, size
	case 0x00010006:
		kprintf("base 0x%08x size 0x%08x\n", v[0], v[1]);
		break;
	case 0x00030002:			// clock: id, rate in Hz
		kprintf("%u Hz\n", v[1]);
		break;
	case 0x00030006:			// temperature: id, value in millidegrees C
		kprintf("%u mC\n", v[1]);
		break;
	default:
		kprintf("0x%08x\n", v[0]);
	}
}

int main(void)
{
	static const uint32_t uart_clk[] = { 2 }, emmc_clk[] = { 1 }, arm_clk[] = { 3 }, sensor[] = { 0 };

	uart_init();
	show("firmware revision", 0x00000001, 4, 0, 0);
	show("board model", 0x00010001, 4, 0, 0);
	show("board revision", 0x00010002, 4, 0, 0);
	show("MAC address", 0x00010003, 8, 0, 0);
	show("board serial", 0x00010004, 8, 0, 0);
	show("ARM memory", 0x00010005, 8, 0, 0);
	show("VC memory", 0x00010006, 8, 0, 0);
	show("UART clock", 0x00030002, 8, uart_clk, 1);
	show("EMMC clock", 0x00030002, 8, emmc_clk, 1);
	show("ARM clock", 0x00030002, 8, arm_clk, 1);
	show("temperature", 0x00030006, 8, sensor, 1);
	test_done();
}
