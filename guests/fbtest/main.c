// Draws a known picture through the firmware framebuffer: five colour bands
// over the top half, "VISOR" in an 8x8 font below. The mode is typed on the
// UART: a 32 bpp RGB, b 32 bpp BGR, c 16 bpp RGB, d 16 bpp BGR, e 8 bpp with
// a palette (RGB), f 8 bpp (BGR), g 24 bpp RGB, all through the property
// tags (channel 8); h 16 bpp RGB through the legacy framebuffer channel 1.
#include "common.h"

#define MBOX_READ	REG(PERIPH + 0xB880)
#define MBOX_STATUS	REG(PERIPH + 0xB898)
#define MBOX_WRITE	REG(PERIPH + 0xB8A0)
#define WIDTH		160
#define HEIGHT		120

static volatile uint32_t msg[40] __attribute__((aligned(16)));

static const uint32_t colour[] = { 0xFF0000, 0x00FF00, 0x0000FF, 0xFFFFFF, 0x123456 };
#define TEXT_COLOUR	3
#define TEXT_X		8
#define TEXT_Y		80

// Rows top to bottom, bit 7 leftmost.
static const uint8_t font[5][8] = {
	{ 0x82, 0x82, 0x44, 0x44, 0x28, 0x28, 0x10, 0x00 },	// V
	{ 0x7C, 0x10, 0x10, 0x10, 0x10, 0x10, 0x7C, 0x00 },	// I
	{ 0x7C, 0x80, 0x80, 0x7C, 0x02, 0x02, 0xFC, 0x00 },	// S
	{ 0x7C, 0x82, 0x82, 0x82, 0x82, 0x82, 0x7C, 0x00 },	// O
	{ 0xFC, 0x82, 0x82, 0xFC, 0x88, 0x84, 0x82, 0x00 },	// R
};

static uint32_t depth, order, pitch;
static volatile uint8_t *fb;

static void send(unsigned words)
{
	msg[0] = words * 4;
	msg[1] = 0;
	uint32_t m = (uint32_t)(uintptr_t)msg | 8;
	__asm__ volatile("dsb sy" ::: "memory");
	while (MBOX_STATUS & (1u << 31))
		;
	MBOX_WRITE = m;
	while ((MBOX_STATUS & (1u << 30)) || MBOX_READ != m)
		;
	__asm__ volatile("dsb sy" ::: "memory");
}

static int setup(void)
{
	static const uint32_t req[] = {
		0x48003, 8, 0, WIDTH, HEIGHT,
		0x48004, 8, 0, WIDTH, HEIGHT,
		0x48005, 4, 0, 0,
		0x48006, 4, 0, 0,
		0x40001, 8, 0, 16, 0,
		0x40008, 4, 0, 0,
		0,
	};
	unsigned n = sizeof(req) / 4;
	for (unsigned i = 0; i < n; i++)
		msg[2 + i] = req[i];
	msg[2 + 13] = depth;
	msg[2 + 17] = order;
	send(2 + n);
	if (msg[1] != 0x80000000u || msg[2 + 13] != depth || msg[2 + 17] != order || msg[2 + 21] == 0)
		return -1;
	fb = (volatile uint8_t *)(uintptr_t)(msg[2 + 21] & 0x3FFFFFFFu);
	pitch = msg[2 + 26];
	if (depth == 8) {
		unsigned k = 0;
		msg[2 + k++] = 0x4800B;
		msg[2 + k++] = 4 * 7;
		msg[2 + k++] = 0;
		msg[2 + k++] = 0;			// first index
		msg[2 + k++] = 5;			// count
		for (unsigned i = 0; i < 5; i++)	// entries read like 32 bpp pixels
			msg[2 + k++] = order ? (colour[i] >> 16 | (colour[i] & 0xFF00) | (colour[i] & 0xFF) << 16)
					     : colour[i];
		msg[2 + k++] = 0;
		send(2 + k);
		if (msg[5] != 0)
			return -1;
	}
	return 0;
}

// Channel 1: ten words (physical and virtual size, pitch, depth, offset,
// pointer, size), the GPU fills in pitch, pointer and size; the reply's upper
// 28 bits are 0 on success.
static volatile uint32_t fbinfo[10] __attribute__((aligned(16)));

static int setup_legacy(void)
{
	static const uint32_t req[10] = { WIDTH, HEIGHT, WIDTH, HEIGHT, 0, 0, 0, 0, 0, 0 };
	for (unsigned i = 0; i < 10; i++)
		fbinfo[i] = req[i];
	fbinfo[5] = depth;
	uint32_t m = ((uint32_t)(uintptr_t)fbinfo | 0x40000000u) | 1;	// bus address, channel 1
	uint32_t reply;
	__asm__ volatile("dsb sy" ::: "memory");
	while (MBOX_STATUS & (1u << 31))
		;
	MBOX_WRITE = m;
	do {
		while (MBOX_STATUS & (1u << 30))
			;
		reply = MBOX_READ;
	} while ((reply & 0xF) != 1);
	__asm__ volatile("dsb sy" ::: "memory");
	msg[1] = reply;
	if ((reply >> 4) != 0 || fbinfo[8] == 0)
		return -1;
	fb = (volatile uint8_t *)(uintptr_t)(fbinfo[8] & 0x3FFFFFFFu);
	pitch = fbinfo[4];
	return 0;
}

// Index 5 is black, drawn as palette index 5 (never set, so 0) in 8 bpp.
static void put(unsigned x, unsigned y, unsigned index)
{
	uint32_t c = index < 5 ? colour[index] : 0;
	uint32_t r = c >> 16, g = (c >> 8) & 0xFF, b = c & 0xFF;
	volatile uint8_t *p = fb + y * pitch + x * (depth / 8);
	if (!order) {				// BGR: blue where RGB has red
		uint32_t t = r;
		r = b;
		b = t;
	}
	switch (depth) {
	case 8:
		*p = index;
		break;
	case 16:
		*(volatile uint16_t *)p = (r >> 3) << 11 | (g >> 2) << 5 | b >> 3;
		break;
	case 24:
		p[0] = r;
		p[1] = g;
		p[2] = b;
		break;
	default:
		*(volatile uint32_t *)p = r | g << 8 | b << 16;
	}
}

static void draw(void)
{
	for (unsigned y = 0; y < HEIGHT; y++)
		for (unsigned x = 0; x < WIDTH; x++)
			put(x, y, y < HEIGHT / 2 ? x / (WIDTH / 5) : 5);
	for (unsigned ch = 0; ch < 5; ch++)
		for (unsigned row = 0; row < 8; row++)
			for (unsigned bit = 0; bit < 8; bit++)
				if (font[ch][row] & (0x80 >> bit))
					put(TEXT_X + 8 * ch + bit, TEXT_Y + row, TEXT_COLOUR);
}

int main(void)
{
	static const struct { char key; uint8_t depth, order, legacy; } modes[] = {
		{ 'a', 32, 1, 0 }, { 'b', 32, 0, 0 }, { 'c', 16, 1, 0 }, { 'd', 16, 0, 0 },
		{ 'e', 8, 1, 0 }, { 'f', 8, 0, 0 }, { 'g', 24, 1, 0 }, { 'h', 16, 1, 1 },
	};
	int key, legacy = 0;

	uart_init();
	kprintf("fbtest: mode?\n");
	for (;;) {
		while ((key = uart_getc_nowait()) < 0)
			;
		for (unsigned i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
			if (modes[i].key == key) {
				depth = modes[i].depth;
				order = modes[i].order;
				legacy = modes[i].legacy;
			}
		if (depth)
			break;
	}
	if (legacy ? setup_legacy() : setup()) {
		kprintf("fbtest: framebuffer setup failed (response 0x%08x)\n", msg[1]);
		test_done();
	}
	draw();
	kprintf("fbtest: %u bpp %s, pitch %u, drawn%s\n", depth, order ? "RGB" : "BGR", pitch,
		legacy ? " (channel 1)" : "");
	test_done();
}
