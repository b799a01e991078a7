package visor.soc.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import visor.mmu.PhysicalMemory;

/** The framebuffer as a guest sets it up through mailbox channel 8 and as a display then sees it. */
class FramebufferTest {
    private static final long BUF = 0x1000;
    private final PhysicalMemory memory = new PhysicalMemory(0x3F00_0000L);
    private final PropertyTags tags = new PropertyTags(0x3F00_0000L, 1);
    private final Mailbox mbox = new Mailbox(memory, tags, level -> { });

    /** One buffer of {tag, words, value...} groups, as a bare-metal program sends it; returns the words. */
    private int[] send(int[]... tagList) {
        int words = 2;
        for (int[] t : tagList) {
            words += 3 + t[1];
        }
        words++;
        int[] b = new int[words];
        b[0] = words * 4;
        int p = 2;
        for (int[] t : tagList) {
            b[p] = t[0];
            b[p + 1] = t[1] * 4;
            System.arraycopy(t, 2, b, p + 3, t.length - 2);
            p += 3 + t[1];
        }
        for (int i = 0; i < words; i++) {
            memory.write(BUF + 4L * i, 4, b[i] & 0xFFFF_FFFFL);
        }
        mbox.write(Mailbox.WRITE, 4, BUF | Mailbox.CHANNEL_PROPERTY);
        mbox.read(Mailbox.READ, 4);
        for (int i = 0; i < words; i++) {
            b[i] = (int) memory.read(BUF + 4L * i, 4);
        }
        return b;
    }

    /** Sets up w x h at {@code depth} and {@code order}, allocates; returns {base, size, pitch}. */
    private long[] allocate(int w, int h, int depth, int order) {
        int[] r = send(new int[] {0x48003, 2, w, h}, new int[] {0x48004, 2, w, h}, new int[] {0x48005, 1, depth},
                new int[] {0x48006, 1, order}, new int[] {0x40001, 2, 16, 0}, new int[] {0x40008, 1});
        // Tag values start at words 5, 10, 15, 19, 23, 28 (after each tag's three header words).
        long bus = r[23] & 0xFFFF_FFFFL;
        assertEquals(0xC000_0000L, bus & 0xC000_0000L, "allocate answers a bus address in the 0xC alias");
        return new long[] {bus & 0x3FFF_FFFFL, r[24] & 0xFFFF_FFFFL, r[28]};
    }

    @Test
    void noPictureBeforeAllocateAndAfterRelease() {
        assertNull(tags.framebuffer().snapshot(memory));
        allocate(4, 4, 32, 1);
        assertEquals(4, tags.framebuffer().snapshot(memory).width());
        send(new int[] {0x48001, 0});
        assertNull(tags.framebuffer().snapshot(memory));
    }

    @Test
    void allocationLivesAboveTheArmSplitWithTheFirmwaresPitchAndSize() {
        long[] fb = allocate(320, 200, 16, 1);
        assertEquals(0x3C10_0000L, fb[0]);
        assertEquals(640, fb[2]);
        assertEquals(640L * 200, fb[1]);
    }

    @Test
    void thirtyTwoBitsRgbHasRedInTheLowByte() {
        long[] fb = allocate(2, 1, 32, 1);
        memory.write(fb[0], 4, 0x00_30_20_10L); // bytes R=0x10 G=0x20 B=0x30
        memory.write(fb[0] + 4, 4, 0x00_00_00_FFL);
        int[] px = tags.framebuffer().snapshot(memory).argb();
        assertEquals(0xFF10_2030, px[0]);
        assertEquals(0xFFFF_0000, px[1], "0xFF in the low byte is pure red in RGB order");
    }

    @Test
    void thirtyTwoBitsBgrHasBlueInTheLowByte() {
        long[] fb = allocate(1, 1, 32, 0);
        memory.write(fb[0], 4, 0x00_00_00_FFL);
        assertEquals(0xFF00_00FF, tags.framebuffer().snapshot(memory).argb()[0]);
    }

    @Test
    void sixteenBitsIsRgb565() {
        long[] fb = allocate(3, 1, 16, 1);
        memory.write(fb[0], 2, 0xF800); // red 31 -> 248
        memory.write(fb[0] + 2, 2, 0x07E0); // green 63 -> 252
        memory.write(fb[0] + 4, 2, 0x001F); // blue 31 -> 248
        int[] px = tags.framebuffer().snapshot(memory).argb();
        assertEquals(0xFFF8_0000, px[0]);
        assertEquals(0xFF00_FC00, px[1]);
        assertEquals(0xFF00_00F8, px[2]);
        send(new int[] {0x48006, 1, 0});
        assertEquals(0xFF00_00F8, tags.framebuffer().snapshot(memory).argb()[0], "BGR order swaps red and blue");
    }

    @Test
    void eightBitsIndexesThePalette() {
        long[] fb = allocate(2, 1, 8, 1);
        int[] r = send(new int[] {0x4800B, 4, 7, 2, 0x00_33_22_11, 0x00_00_00_FF});
        assertEquals(0, r[5], "palette accepted");
        memory.write(fb[0], 1, 7);
        memory.write(fb[0] + 1, 1, 8);
        int[] px = tags.framebuffer().snapshot(memory).argb();
        assertEquals(0xFF11_2233, px[0]);
        assertEquals(0xFFFF_0000, px[1]);
    }

    @Test
    void virtualOffsetScrollsThePictureForDoubleBuffering() {
        int[] r = send(new int[] {0x48003, 2, 2, 1}, new int[] {0x48004, 2, 2, 2}, new int[] {0x48005, 1, 32},
                new int[] {0x40001, 2, 16, 0});
        long base = r[19] & 0x3FFF_FFFFL;
        memory.write(base + 8, 4, 0xFFL); // row 1, pixel 0: red
        assertEquals(0xFF00_0000, tags.framebuffer().snapshot(memory).argb()[0]);
        send(new int[] {0x48009, 2, 0, 1});
        assertEquals(0xFFFF_0000, tags.framebuffer().snapshot(memory).argb()[0]);
    }

    @Test
    void generationGrowsOnlyWhenThePictureChanges() {
        long[] fb = allocate(2, 2, 32, 1);
        long g0 = tags.framebuffer().snapshot(memory).generation();
        assertEquals(g0, tags.framebuffer().snapshot(memory).generation());
        memory.write(fb[0], 4, 0xFFL);
        assertNotEquals(g0, tags.framebuffer().snapshot(memory).generation());
    }

    /** Channel 1: the ten-word request at BUF (bus address form), the reply word; returns the block after it. */
    private int[] legacy(int... request) {
        for (int i = 0; i < 10; i++) {
            memory.write(BUF + 4L * i, 4, (i < request.length ? request[i] : 0) & 0xFFFF_FFFFL);
        }
        mbox.write(Mailbox.WRITE, 4, 0xC000_0000L | BUF | Mailbox.CHANNEL_FRAMEBUFFER);
        int[] out = new int[11];
        out[10] = (int) mbox.read(Mailbox.READ, 4);
        for (int i = 0; i < 10; i++) {
            out[i] = (int) memory.read(BUF + 4L * i, 4);
        }
        return out;
    }

    @Test
    void legacyChannelOneAllocatesAndFillsPitchPointerAndSize() {
        int[] r = legacy(320, 200, 320, 400, 0, 16, 0, 200);
        assertEquals(Mailbox.CHANNEL_FRAMEBUFFER, r[10], "reply on channel 1 with status 0");
        assertEquals(640, r[4], "pitch");
        assertEquals(0xC000_0000L | 0x3C10_0000L, r[8] & 0xFFFF_FFFFL, "pointer: a bus address in the 0xC alias");
        assertEquals(640 * 400, r[9], "size of the virtual buffer");
        memory.write(0x3C10_0000L + 640L * 200, 2, 0xF800); // first pixel of the second page, RGB565 red
        Framebuffer.Snapshot shot = tags.framebuffer().snapshot(memory);
        assertEquals(320, shot.width());
        assertEquals(200, shot.height());
        assertEquals(0xFFF8_0000, shot.argb()[0], "y offset 200 shows the second page");
    }

    @Test
    void legacyChannelOneRefusesAnUnsupportedDepthWithANonZeroStatus() {
        int[] r = legacy(320, 200, 320, 200, 0, 12, 0, 0, 7, 9);
        assertEquals((1 << 4) | Mailbox.CHANNEL_FRAMEBUFFER, r[10]);
        assertEquals(7, r[8], "the block is left untouched");
        assertNull(tags.framebuffer().snapshot(memory));
    }
}
