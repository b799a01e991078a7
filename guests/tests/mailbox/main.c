// Property-tag queries through the VideoCore mailbox, one line per tag.
#include "common.h"

static void show(const char *name, uint32_t tag, uint32_t size, uint32_t req)
{
	uint32_t v[2];

	kprintf("tag %s: ", name);
	if (mbox_property(tag, size, &req, 1, v)) {
		kprintf("error (response 0x%08x)\n", mbox_last_code);
		return;
	}
	switch (tag) {
	case 0x00010003: {			// MAC: 6 bytes in network order
		const uint8_t *b = (const uint8_t *)v;
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
	uart_init();
	show("firmware revision", 0x00000001, 4, 0);
	show("board model", 0x00010001, 4, 0);
	show("board revision", 0x00010002, 4, 0);
	show("MAC address", 0x00010003, 8, 0);
	show("board serial", 0x00010004, 8, 0);
	show("ARM memory", 0x00010005, 8, 0);
	show("VC memory", 0x00010006, 8, 0);
	show("UART clock", 0x00030002, 8, 2);	// clock ids: 1 EMMC, 2 UART, 3 ARM
	show("EMMC clock", 0x00030002, 8, 1);
	show("ARM clock", 0x00030002, 8, 3);
	show("temperature", 0x00030006, 8, 0);	// sensor id 0
	test_done();
}
