package visor.soc.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static visor.soc.device.SystemTimer.*;

import org.junit.jupiter.api.Test;

class SystemTimerTest {
    private final FakeClock clock = new FakeClock();
    private final boolean[] lines = new boolean[4];
    private final SystemTimer timer;

    SystemTimerTest() {
        IrqLine[] l = new IrqLine[4];
        for (int i = 0; i < 4; i++) {
            int n = i;
            l[i] = level -> lines[n] = level;
        }
        timer = new SystemTimer(clock, l);
    }

    @Test
    void counterIsMicrosecondsOfTheClock() {
        clock.now = 0x1_2345_6789L * 1000;
        assertEquals(0x2345_6789L, timer.read(CLO, 4));
        assertEquals(0x1, timer.read(CHI, 4));
        assertEquals(0x1_2345_6789L, timer.read(CLO, 8));
    }

    @Test
    void matchWhenCounterCrossesCompareEvenBetweenLooks() {
        clock.now = 1000_000; // CLO = 1000
        timer.write(C0 + 4, 4, 1500);
        clock.now = 1499_999;
        assertEquals(0, timer.read(CS, 4));
        clock.now = 2000_000; // passed 1500 without anyone looking at exactly 1500
        assertEquals(0b10, timer.read(CS, 4));
        assertTrue(lines[1]);
        timer.write(CS, 4, 0b10);
        assertEquals(0, timer.read(CS, 4));
        assertFalse(lines[1]);
        clock.now = 3000_000; // no second match until the counter wraps back to 1500
        assertEquals(0, timer.read(CS, 4));
    }

    @Test
    void compareInThePastDoesNotMatchAndWrapsAround() {
        clock.now = 5000_000;
        timer.write(C0 + 12, 4, 4000);
        clock.now = 6000_000;
        assertEquals(0, timer.read(CS, 4));
        // Channels 0-2 still compare against 0: the counter reaches 0x1_0000_0000 first.
        assertEquals(0x1_0000_0000L * 1000, timer.nextDeadlineNanos());
        // Compare just below the wrap: matches once the low word gets there.
        clock.now = 0xFFFF_FFF0L * 1000;
        timer.write(C0, 4, 0xFFFF_FFFFL);
        timer.write(C0 + 12, 4, 2);
        clock.now = 0x1_0000_0005L * 1000;
        // Channels 1 and 2 (compare 0) match at the wrap too.
        assertEquals(0b1111, timer.read(CS, 4));
    }

    @Test
    void writeOneToClearOnlyTouchesWrittenBits() {
        timer.write(C0, 4, 10);
        timer.write(C0 + 8, 4, 20);
        clock.now = 30_000;
        assertEquals(0b101, timer.read(CS, 4));
        timer.write(CS, 4, 0b001);
        assertEquals(0b100, timer.read(CS, 4));
        assertTrue(lines[2]);
        assertFalse(lines[0]);
    }

    @Test
    void deadlineIsTheNextMatchOfAnUnmatchedChannel() {
        clock.now = 100_000;
        timer.write(C0, 4, 300);
        timer.write(C0 + 4, 4, 200);
        timer.write(C0 + 8, 4, 250);
        timer.write(C0 + 12, 4, 400);
        assertEquals(200_000, timer.nextDeadlineNanos());
    }
}
