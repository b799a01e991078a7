// SD card through the EMMC controller: MBR, the FAT16 file HELLO.TXT written
// by make-card.sh, and a write/read-back of one block at LBA 2048+16 (a FAT
// reserved sector there, unused by the filesystem).
#include "common.h"
#include "emmc.h"

#define SCRATCH_LBA	(2048 + 16)

static uint32_t blk[128], pattern[128];

static uint32_t le16(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8;
}

static uint32_t le32(const uint8_t *p)
{
	return le16(p) | le16(p + 2) << 16;
}

static int same_name(const uint8_t *a, const char *b)
{
	for (int i = 0; i < 11; i++)
		if (a[i] != (uint8_t)b[i])
			return 0;
	return 1;
}

static void fail(const char *what)
{
	kprintf("sdcard: %s failed (0x%08x)\n", what, emmc_error);
	test_done();
}

// Finds HELLO.TXT in the root directory of the FAT16 volume at part_lba and
// prints its first sector. BPB offsets: FAT spec (Microsoft FAT32 File System Spec, 3.1).
static void show_hello(uint32_t part_lba)
{
	const uint8_t *b = (const uint8_t *)blk;

	if (emmc_read(part_lba, blk))
		fail("boot sector read");
	uint32_t bps = le16(b + 11), spc = b[13], reserved = le16(b + 14);
	uint32_t nfats = b[16], root_entries = le16(b + 17), fat_sectors = le16(b + 22);
	if (bps != 512 || !spc) {
		kprintf("sdcard: partition 1 is not a FAT volume with 512-byte sectors\n");
		return;
	}
	kprintf("sdcard: partition 1 boot sector OEM \"");
	for (int i = 3; i < 11; i++)
		kprintf("%c", b[i]);
	kprintf("\" type \"");
	for (int i = 54; i < 62; i++)
		kprintf("%c", b[i]);
	kprintf("\"\n");

	uint32_t root_lba = part_lba + reserved + nfats * fat_sectors;
	uint32_t data_lba = root_lba + root_entries * 32 / 512;
	for (uint32_t s = 0; s < root_entries * 32 / 512; s++) {
		if (emmc_read(root_lba + s, blk))
			fail("root directory read");
		for (int e = 0; e < 16; e++) {
			const uint8_t *d = b + 32 * e;
			if (d[0] == 0)
				goto missing;
			if (!same_name(d, "HELLO   TXT"))
				continue;
			uint32_t cluster = le16(d + 26), size = le32(d + 28);
			if (emmc_read(data_lba + (cluster - 2) * spc, blk))
				fail("file read");
			kprintf("sdcard: HELLO.TXT %u bytes: ", size);
			for (uint32_t i = 0; i < size && i < 512; i++)
				if (b[i] >= ' ' && b[i] < 0x7f)
					kprintf("%c", b[i]);
			kprintf("\n");
			return;
		}
	}
missing:
	kprintf("sdcard: HELLO.TXT not found\n");
}

int main(void)
{
	uart_init();
	int r = emmc_init();
	if (r) {
		kprintf("sdcard: init failed at step %d (0x%08x); is a card attached?\n", -r, emmc_error);
		test_done();
	}
	kprintf("sdcard: card ready, %s\n", emmc_high_capacity() ? "SDHC/SDXC (block addressed)" : "SDSC (byte addressed)");

	if (emmc_read(0, blk))
		fail("block 0 read");
	const uint8_t *b = (const uint8_t *)blk;
	kprintf("sdcard: MBR signature %02x %02x\n", b[510], b[511]);
	uint32_t type = b[446 + 4], start = le32(b + 446 + 8);
	kprintf("sdcard: partition 1 type 0x%02x start LBA %u\n", type, start);
	if (start)
		show_hello(start);

	kprintf("sdcard: pattern to LBA %u\n", SCRATCH_LBA);
	for (int i = 0; i < 128; i++)
		pattern[i] = 0x5a5a0000u | (uint32_t)i << 8 | (uint32_t)(255 - i);
	if (emmc_write(SCRATCH_LBA, pattern))
		fail("block write");
	for (int i = 0; i < 128; i++)
		blk[i] = 0;
	if (emmc_read(SCRATCH_LBA, blk))
		fail("block read-back");
	for (int i = 0; i < 128; i++)
		if (blk[i] != pattern[i]) {
			kprintf("sdcard: read-back mismatch at word %d\n", i);
			test_done();
		}
	kprintf("sdcard: write/readback ok\n");
	test_done();
}
