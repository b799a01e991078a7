package visor.soc.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static visor.soc.device.MiniUart.*;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;
import visor.soc.console.ConsoleChannel;

class MiniUartTest {
    private final ConsoleChannel console = new ConsoleChannel("mu", 256);
    private final boolean[] irq = new boolean[1];
    private final FakeClock clock = new FakeClock();
    private final MiniUart uart = new MiniUart(console, level -> irq[0] = level, clock);
    /** 8N1 at 250 MHz / (8 * 271) = 115313 baud: 10 bit times of 8 * 271 / 250 MHz. */
    private static final long CHAR_NANOS = 10L * 8 * 271 * 1_000_000_000L / 250_000_000L;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    MiniUartTest() {
        console.addListener((ch, data, off, len) -> out.write(data, off, len));
        uart.write(AUX_ENABLES, 4, ENABLE_MINI_UART);
        uart.write(MU_LCR, 4, 3);
        uart.write(MU_BAUD, 4, 270);
    }

    /** Lets {@code n} character times pass on the line. */
    private void wait(int n) {
        for (int i = 0; i < n; i++) {
            clock.now += CHAR_NANOS;
            uart.pullInput();
        }
    }

    private long rd(int off) {
        return uart.read(off, 4);
    }

    @Test
    void transmitGoesStraightToTheConsoleAndTheTransmitterStaysEmpty() {
        assertEquals(LSR_TX_EMPTY | LSR_TX_IDLE, rd(MU_LSR));
        uart.write(MU_IO, 1, 'h'); // strb
        uart.write(MU_IO, 4, 'i');
        assertEquals("hi", out.toString());
        assertEquals(LSR_TX_EMPTY | LSR_TX_IDLE, rd(MU_LSR));
        long stat = rd(MU_STAT);
        assertEquals(0, (stat >>> 24) & 0xF);
        assertEquals((1 << 1) | (1 << 2) | (1 << 3) | (1 << 7) | (1 << 8) | (1 << 9), stat);
    }

    @Test
    void characterNArrivesTenBitTimesAfterTheOneBefore() {
        clock.now = 5_000;
        console.type("abc".getBytes());
        uart.pullInput(); // the line starts with the first character now
        for (int n = 1; n <= 3; n++) {
            long due = 5_000 + n * CHAR_NANOS;
            assertEquals(due, uart.nextInputNanos());
            clock.now = due - 1;
            assertEquals(n - 1L, (rd(MU_STAT) >>> 16) & 0xF, "character " + n + " one nanosecond early");
            clock.now = due;
            assertEquals((long) n, (rd(MU_STAT) >>> 16) & 0xF, "character " + n + " on time");
        }
        assertEquals(Long.MAX_VALUE, uart.nextInputNanos());
        assertEquals("abc", "" + (char) rd(MU_IO) + (char) rd(MU_IO) + (char) rd(MU_IO));
    }

    @Test
    void characterTimeFollowsTheBaudRegisterAndSevenBitMode() {
        uart.write(MU_BAUD, 4, 33); // 250 MHz / (8 * 34) = 919 kbaud
        uart.write(MU_LCR, 4, 2);
        assertEquals(9L * 8 * 34 * 1_000_000_000L / 250_000_000L, uart.characterNanos());
    }

    @Test
    void aGuestThatClearsTheFifoAfterEachCharacterReceivesEveryOne() {
        console.type("hello, world".getBytes());
        uart.pullInput();
        StringBuilder got = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            wait(1);
            got.append((char) rd(MU_IO));
            uart.write(MU_IIR, 4, IIR_CLEAR_RX);
        }
        assertEquals("hello, world", got.toString());
        assertEquals(0, rd(MU_LSR) & LSR_RX_OVERRUN);
    }

    /**
     * Real time on a slow host: guest time runs ahead of the guest's work time. A handler that reads one
     * character and clears the FIFO still gets every one, because characters wait for work time; a
     * receiver polling an empty LSR takes a character as soon as it is due in guest time.
     */
    @Test
    void charactersWaitForTheGuestsWorkTimeUnlessItPollsAnEmptyReceiver() {
        FakeClock work = new FakeClock();
        MiniUart slow = new MiniUart(console, level -> irq[0] = level, work, clock);
        slow.write(AUX_ENABLES, 4, ENABLE_MINI_UART);
        slow.write(MU_LCR, 4, 3);
        slow.write(MU_BAUD, 4, 270);
        slow.write(MU_IER, 4, IER_RX);
        console.type("abc".getBytes());
        slow.pullInput();
        clock.now += 3 * CHAR_NANOS; // the host ran slowly: three character times passed, little work done
        work.now += CHAR_NANOS / 2;
        slow.pullInput();
        assertFalse(irq[0], "no character before the guest has worked one character time");
        work.now += CHAR_NANOS / 2;
        slow.pullInput();
        assertTrue(irq[0]);
        assertEquals('a', slow.read(MU_IO, 4));
        slow.write(MU_IIR, 4, IIR_CLEAR_RX);
        clock.now += 3 * CHAR_NANOS;
        slow.pullInput();
        assertFalse(irq[0], "'b' is not in the FIFO the handler just cleared");
        assertEquals(LSR_DATA_READY, slow.read(MU_LSR, 4) & (LSR_DATA_READY | LSR_RX_OVERRUN),
                "polling an empty receiver takes 'b', due in guest time");
        assertEquals('b', slow.read(MU_IO, 4));
        assertEquals(0, slow.read(MU_LSR, 4) & LSR_DATA_READY, "'c' started on the wire when 'b' arrived");
        clock.now += CHAR_NANOS;
        assertEquals(LSR_DATA_READY, slow.read(MU_LSR, 4) & LSR_DATA_READY);
        assertEquals('c', slow.read(MU_IO, 4));
        assertEquals(0, console.pendingInput());
    }

    @Test
    void aFullFifoDiscardsWhatArrivesAndLsrReportsTheOverrunOnce() {
        console.type("0123456789".getBytes());
        uart.pullInput();
        wait(10);
        assertEquals(0, console.pendingInput());
        assertEquals(8L << 16, rd(MU_STAT) & (0xF << 16));
        assertEquals(1 << 4, rd(MU_STAT) & (1 << 4));
        assertEquals(LSR_DATA_READY | LSR_RX_OVERRUN, rd(MU_LSR) & (LSR_DATA_READY | LSR_RX_OVERRUN));
        assertEquals(0, rd(MU_LSR) & LSR_RX_OVERRUN, "reading LSR clears the overrun bit");
        StringBuilder got = new StringBuilder();
        while ((rd(MU_LSR) & LSR_DATA_READY) != 0) {
            got.append((char) rd(MU_IO));
        }
        assertEquals("01234567", got.toString());
    }

    @Test
    void inputWaitsOnTheHostWhileTheGuestKeepsUp() {
        console.type("0123456789AB".getBytes());
        uart.pullInput();
        StringBuilder got = new StringBuilder();
        wait(8);
        while ((rd(MU_LSR) & LSR_DATA_READY) != 0) {
            got.append((char) rd(MU_IO));
        }
        assertEquals(4, console.pendingInput());
        wait(4);
        while ((rd(MU_LSR) & LSR_DATA_READY) != 0) {
            got.append((char) rd(MU_IO));
        }
        assertEquals("0123456789AB", got.toString());
        assertEquals(0, rd(MU_LSR) & LSR_RX_OVERRUN);
    }

    @Test
    void receiveInterruptNeedsIerBit0AndClearsWhenDrained() {
        console.type("x".getBytes());
        uart.pullInput();
        wait(1);
        assertFalse(irq[0]);
        assertEquals(0xC1, rd(MU_IIR));
        uart.write(MU_IER, 4, IER_RX);
        assertTrue(irq[0]);
        assertEquals(1, rd(AUX_IRQ));
        assertEquals(0xC4, rd(MU_IIR));
        assertEquals('x', rd(MU_IO));
        assertFalse(irq[0]);
        assertEquals(0, rd(AUX_IRQ));
    }

    @Test
    void transmitInterruptIsUpWhileEnabledBecauseTheFifoIsEmpty() {
        uart.write(MU_IER, 4, IER_TX);
        assertTrue(irq[0]);
        assertEquals(0xC2, rd(MU_IIR));
        uart.write(MU_IER, 4, 0);
        assertFalse(irq[0]);
    }

    @Test
    void dlabSwitchesIoAndIerToTheBaudRegister() {
        uart.write(MU_LCR, 4, LCR_DLAB | 3);
        uart.write(MU_IO, 4, 0x0E);
        uart.write(MU_IER, 4, 0x01);
        assertEquals(0x010E, rd(MU_BAUD));
        assertEquals("", out.toString());
        uart.write(MU_LCR, 4, 3);
        assertEquals(0, rd(MU_IER));
        uart.write(MU_BAUD, 4, 270);
        assertEquals(270, rd(MU_BAUD));
    }

    @Test
    void disabledUartIgnoresAccessAndLeavesInputQueued() {
        uart.write(AUX_ENABLES, 4, 0);
        uart.write(MU_IO, 4, 'z');
        assertEquals("", out.toString());
        assertEquals(0, rd(MU_LSR));
        console.type("q".getBytes());
        uart.pullInput();
        assertEquals(1, console.pendingInput());
        uart.write(AUX_ENABLES, 4, 1);
        wait(1);
        assertEquals('q', rd(MU_IO));
    }

    @Test
    void receiverDisabledInCntlKeepsInputInTheConsole() {
        uart.write(MU_CNTL, 4, CNTL_TX_ENABLE);
        console.type("k".getBytes());
        assertEquals(0, rd(MU_LSR) & LSR_DATA_READY);
        uart.write(MU_CNTL, 4, CNTL_TX_ENABLE | CNTL_RX_ENABLE);
        wait(1);
        assertEquals(LSR_DATA_READY, rd(MU_LSR) & LSR_DATA_READY);
        uart.write(MU_IIR, 4, IIR_CLEAR_RX);
        assertEquals(0, rd(MU_STAT) & 1);
    }
}
