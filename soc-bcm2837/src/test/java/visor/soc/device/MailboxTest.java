package visor.soc.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static visor.soc.device.Mailbox.*;

import org.junit.jupiter.api.Test;
import visor.mmu.PhysicalMemory;

class MailboxTest {
    private static final long BUF = 0x1000;
    private static final long SERIAL = 0x1234_5678L;
    private final PhysicalMemory memory = new PhysicalMemory(0x3F00_0000L);
    private final boolean[] irq = new boolean[1];
    private final Mailbox mbox = new Mailbox(memory, new PropertyTags(0x3F00_0000L, SERIAL), level -> irq[0] = level);

    /** One tag request; returns the whole buffer after the call. */
    private int[] call(int tag, int bufWords, int... request) {
        int words = 5 + bufWords + 1;
        int[] b = new int[words];
        b[0] = words * 4;
        b[2] = tag;
        b[3] = bufWords * 4;
        System.arraycopy(request, 0, b, 5, request.length);
        for (int i = 0; i < words; i++) {
            memory.write(BUF + 4L * i, 4, b[i] & 0xFFFF_FFFFL);
        }
        assertEquals(0, mbox.read(STATUS, 4) & STATUS_FULL);
        mbox.write(WRITE, 4, 0xC000_0000L | BUF | CHANNEL_PROPERTY); // bus address form
        assertEquals(0, mbox.read(STATUS, 4) & STATUS_EMPTY);
        assertEquals(0xC000_0000L | BUF | CHANNEL_PROPERTY, mbox.read(READ, 4));
        assertEquals(STATUS_EMPTY, mbox.read(STATUS, 4));
        int[] r = new int[words];
        for (int i = 0; i < words; i++) {
            r[i] = (int) memory.read(BUF + 4L * i, 4);
        }
        assertEquals(0x8000_0000, r[1], "buffer response code");
        return r;
    }

    private void expect(int tag, int bufWords, int[] request, int length, int... value) {
        int[] r = call(tag, bufWords, request);
        assertEquals(0x8000_0000 | length, r[4], String.format("tag %08x length word", tag));
        int[] got = new int[value.length];
        System.arraycopy(r, 5, got, 0, value.length);
        assertArrayEquals(value, got, String.format("tag %08x value", tag));
    }

    @Test
    void boardTags() {
        expect(0x1, 1, new int[0], 4, 346337);
        expect(0x10001, 1, new int[0], 4, 0);
        expect(0x10002, 1, new int[0], 4, 0xA02082);
        expect(0x10003, 2, new int[0], 6, 0x34EB27B8, 0x7856);
        expect(0x10004, 2, new int[0], 8, 0x12345678, 0);
        expect(0x10005, 2, new int[0], 8, 0, 0x3C000000);
        expect(0x10006, 2, new int[0], 8, 0x3C000000, 0x04000000);
        expect(0x50001, 64, new int[0], 0);
        expect(0x60001, 1, new int[0], 4, 0x7F35);
    }

    @Test
    void clockPowerAndSensorTags() {
        expect(0x30002, 2, new int[] {2}, 8, 2, 48_000_000);
        expect(0x30002, 2, new int[] {1}, 8, 1, 250_000_000);
        expect(0x30002, 2, new int[] {3}, 8, 3, 1_200_000_000);
        expect(0x30002, 2, new int[] {4}, 8, 4, 250_000_000);
        expect(0x30004, 2, new int[] {3}, 8, 3, 1_200_000_000);
        expect(0x30007, 2, new int[] {3}, 8, 3, 600_000_000);
        expect(0x38002, 3, new int[] {3, 700_000_000, 0}, 8, 3, 700_000_000);
        expect(0x30002, 2, new int[] {3}, 8, 3, 700_000_000);
        expect(0x30001, 2, new int[] {2}, 8, 2, 1);
        expect(0x30001, 2, new int[] {99}, 8, 99, 2);
        expect(0x20001, 2, new int[] {0}, 8, 0, 1);
        expect(0x28001, 2, new int[] {3, 3}, 8, 3, 1);
        expect(0x20001, 2, new int[] {42}, 8, 42, 2);
        expect(0x30006, 2, new int[] {0}, 8, 0, 45_000);
        expect(0x3000A, 2, new int[] {0}, 8, 0, 85_000);
        expect(0x30003, 2, new int[] {1}, 8, 1, 1_200_000);
        int[] clocks = call(0x10007, 20);
        assertEquals(0x8000_0000 | 80, clocks[4]);
        assertEquals(0, clocks[5]);
        assertEquals(1, clocks[6]);
    }

    @Test
    void framebufferTagsAreConsistent() {
        expect(0x40003, 2, new int[0], 8, 640, 480);
        expect(0x48003, 2, new int[] {800, 600}, 8, 800, 600);
        expect(0x48004, 2, new int[] {800, 600}, 8, 800, 600);
        expect(0x48005, 1, new int[] {16}, 4, 16);
        expect(0x44005, 1, new int[] {7}, 4, 16); // invalid depth: the value in effect
        expect(0x40008, 1, new int[0], 4, 1600);
        expect(0x40001, 2, new int[] {16}, 8, 0xC0000000 | 0x3C100000, 1600 * 600);
        expect(0x40006, 1, new int[0], 4, 1);
        expect(0x4800B, 4, new int[] {0, 2, 0x112233, 0x445566}, 4, 0);
        expect(0x4800B, 4, new int[] {255, 2, 0, 0}, 4, 1);
        expect(0x48001, 0, new int[0], 0);
    }

    @Test
    void unknownTagIsLeftUnansweredAndLaterTagsStillAre() {
        int words = 2 + 5 + 4 + 1;
        int[] b = {words * 4, 0, 0x000BEEF1, 4, 0, 0x55, 0x10002, 4, 0, 0, 0};
        for (int i = 0; i < b.length; i++) {
            memory.write(BUF + 4L * i, 4, b[i] & 0xFFFF_FFFFL);
        }
        mbox.write(WRITE, 4, BUF | CHANNEL_PROPERTY); // ARM physical form
        assertEquals(BUF | CHANNEL_PROPERTY, mbox.read(READ, 4));
        assertEquals(0x8000_0000L, memory.read(BUF + 4, 4));
        assertEquals(0, memory.read(BUF + 16, 4));
        assertEquals(0x55, memory.read(BUF + 20, 4));
        assertEquals(0x8000_0004L, memory.read(BUF + 32, 4));
        assertEquals(0xA02082, memory.read(BUF + 36, 4));
    }

    @Test
    void dataAvailableInterruptAndFullFlag() {
        mbox.write(CONFIG, 4, CONFIG_DATA_IRQ);
        memory.write(BUF, 4, 12);
        for (int i = 0; i < DEPTH; i++) {
            mbox.write(WRITE, 4, BUF | CHANNEL_PROPERTY);
        }
        assertTrue(irq[0]);
        assertEquals((STATUS_FULL | DEPTH) & 0xFFFF_FFFFL, mbox.read(STATUS, 4));
        assertEquals(BUF | CHANNEL_PROPERTY, mbox.read(PEEK, 4));
        for (int i = 0; i < DEPTH; i++) {
            mbox.read(READ, 4);
        }
        assertFalse(irq[0]);
        assertEquals(STATUS_EMPTY, mbox.read(STATUS, 4));
        assertEquals(STATUS_EMPTY, mbox.read(MB1_STATUS, 4));
    }
}
