// VideoCore mailbox 0, channel 8 (property tags), one tag per request.
#include "common.h"

#define MBOX_READ	REG(PERIPH + 0xB880)
#define MBOX_STATUS	REG(PERIPH + 0xB898)
#define MBOX_WRITE	REG(PERIPH + 0xB8A0)
#define MBOX_FULL	(1u << 31)
#define MBOX_EMPTY	(1u << 30)
#define CH_PROP		8
#define RESPONSE_OK	0x80000000u

// The low 4 bits of the mailbox word carry the channel, so 16-byte alignment.
static volatile uint32_t buf[36] __attribute__((aligned(16)));

uint32_t mbox_last_code;

int mbox_property(uint32_t tag, uint32_t size, const uint32_t *req, unsigned nreq, uint32_t *out)
{
	unsigned n = 0;

	if (size > 4 * 28)
		return -1;
	buf[n++] = 0;				// total size, filled below
	buf[n++] = 0;				// process request
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
	mbox_last_code = buf[1];
	if (buf[1] != RESPONSE_OK || !(buf[4] & (1u << 31)))
		return -1;
	for (unsigned i = 0; i < size / 4; i++)
		out[i] = buf[5 + i];
	return 0;
}

uint32_t mbox_clock_rate(uint32_t clock_id)
{
	uint32_t v[2];
	return mbox_property(0x00030002, 8, &clock_id, 1, v) ? 0 : v[1];
}
