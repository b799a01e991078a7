package visor.soc.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static visor.soc.device.Pl011.*;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;
import visor.soc.console.ConsoleChannel;

class Pl011Test {
    private final ConsoleChannel console = new ConsoleChannel("pl011", 256);
    private final boolean[] irq = new boolean[1];
    private final FakeClock clock = new FakeClock();
    private final Pl011 uart = new Pl011(console, level -> irq[0] = level, clock);
    /** 8N1 at 48 MHz / (16 * (26 + 2/64)) = 115177 baud. */
    private static final long CHAR_NANOS = 10L * (26 * 64 + 2) * 1_000_000_000L / (4 * 48_000_000L);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Pl011Test() {
        console.addListener((ch, data, off, len) -> out.write(data, off, len));
    }

    private long rd(int off) {
        return uart.read(off, 4);
    }

    private void wr(int off, long v) {
        uart.write(off, 4, v);
    }

    private void wait(int n) {
        for (int i = 0; i < n; i++) {
            clock.now += CHAR_NANOS;
            uart.pullInput();
        }
    }

    /** 115200 8N1 with FIFOs, then enabled, as the firmware leaves UART0 for a PL011 console. */
    private void program115200(int lcrh) {
        wr(IBRD, 26);
        wr(FBRD, 2);
        wr(LCRH, lcrh);
        wr(CR, CR_UARTEN | CR_TXE | CR_RXE);
    }

    @Test
    void resetStateAndIdentification() {
        assertEquals(FR_TXFE | FR_RXFE, rd(FR));
        assertEquals(0x300, rd(CR));
        assertEquals(0x12, rd(IFLS));
        assertEquals(0x11, rd(PERIPH_ID0));
        assertEquals(0xB1, rd(PERIPH_ID0 + 28));
    }

    @Test
    void transmitterWaitsForUartenThenDrains() {
        wr(DR, 'a');
        assertEquals("", out.toString());
        assertEquals(FR_TXFF | FR_BUSY | FR_RXFE, rd(FR)); // one-character holding register is full
        wr(CR, CR_UARTEN | CR_TXE | CR_RXE);
        assertEquals("a", out.toString());
        wr(DR, 'b');
        assertEquals("ab", out.toString());
        assertEquals(FR_TXFE | FR_RXFE, rd(FR));
    }

    /** As on the mini-UART: characters wait for work time, except for a receiver polling an empty FR. */
    @Test
    void charactersWaitForTheGuestsWorkTimeUnlessItPollsAnEmptyReceiver() {
        FakeClock work = new FakeClock();
        Pl011 slow = new Pl011(console, level -> irq[0] = level, work, clock);
        slow.write(IBRD, 4, 26);
        slow.write(FBRD, 4, 2);
        slow.write(LCRH, 4, LCRH_FEN | (3 << LCRH_WLEN_SHIFT));
        slow.write(CR, 4, CR_UARTEN | CR_TXE | CR_RXE);
        console.type("ab".getBytes());
        slow.pullInput();
        clock.now += 2 * CHAR_NANOS;
        slow.pullInput();
        assertEquals(2, console.pendingInput(), "nothing arrives before the guest has worked a character time");
        work.now += CHAR_NANOS;
        slow.pullInput();
        assertEquals(1, console.pendingInput());
        assertEquals('a', slow.read(DR, 4));
        clock.now += CHAR_NANOS;
        assertEquals(0, slow.read(FR, 4) & FR_RXFE, "polling the empty receiver takes 'b', due in guest time");
        assertEquals('b', slow.read(DR, 4));
    }

    @Test
    void characterNArrivesTenBitTimesAfterTheOneBefore() {
        clock.now = 7_000;
        program115200(LCRH_FEN | (3 << 5));
        console.type("xyz".getBytes());
        uart.pullInput();
        for (int n = 1; n <= 3; n++) {
            long due = 7_000 + n * CHAR_NANOS;
            assertEquals(due, uart.nextInputNanos());
            clock.now = due - 1;
            uart.pullInput();
            assertEquals(FR_RXFE, rd(FR) & FR_RXFE, "character " + n + " one nanosecond early");
            clock.now = due;
            assertEquals("xyz".charAt(n - 1), rd(DR), "character " + n + " on time");
        }
        assertEquals(Long.MAX_VALUE, uart.nextInputNanos());
    }

    @Test
    void characterTimeCountsDataParityAndStopBitsOfLcrh() {
        program115200((1 << 5) | LCRH_PEN | LCRH_STP2); // 6 data bits, parity, 2 stop bits
        assertEquals(10L * (26 * 64 + 2) * 1_000_000_000L / (4 * 48_000_000L), uart.characterNanos());
        wr(IBRD, 1);
        wr(FBRD, 40);
        wr(LCRH, 3 << 5);
        assertEquals(10L * (64 + 40) * 1_000_000_000L / (4 * 48_000_000L), uart.characterNanos());
    }

    @Test
    void receiveFifoIs16DeepWithFen() {
        program115200(LCRH_FEN | (3 << 5));
        console.type("abcdefghijklmnopqrst".getBytes());
        uart.pullInput();
        wait(16);
        assertEquals(FR_TXFE | FR_RXFF, rd(FR));
        assertEquals(4, console.pendingInput());
        StringBuilder got = new StringBuilder();
        while ((rd(FR) & FR_RXFE) == 0) {
            got.append((char) (rd(DR) & 0xFF));
        }
        wait(4);
        while ((rd(FR) & FR_RXFE) == 0) {
            got.append((char) (rd(DR) & 0xFF));
        }
        assertEquals("abcdefghijklmnopqrst", got.toString());
        assertEquals(0, rd(RSR_ECR));
    }

    @Test
    void aCharacterArrivingAtAFullHoldingRegisterIsAnOverrun() {
        program115200(3 << 5); // no FIFO: a one-character holding register
        wr(IMSC, INT_OE);
        console.type("abc".getBytes());
        uart.pullInput();
        wait(2);
        assertEquals(RSR_OE, rd(RSR_ECR));
        assertEquals(INT_OE, rd(RIS) & INT_OE);
        assertTrue(irq[0]);
        assertEquals('a', rd(DR), "the character in the register is kept, 'b' is lost");
        wait(1);
        assertEquals(DR_OE | 'c', rd(DR), "the next character received carries DR.OE");
        wr(RSR_ECR, 0);
        assertEquals(0, rd(RSR_ECR));
        wr(ICR, INT_OE);
        assertFalse(irq[0]);
    }

    @Test
    void receiveInterruptAtTriggerLevelAndTimeoutForTheRest() {
        program115200(LCRH_FEN | (3 << 5));
        wr(IFLS, 0); // RX at 1/8 = 2 characters
        wr(IMSC, INT_RX | INT_RT);
        console.type("x".getBytes());
        uart.pullInput();
        wait(1);
        assertFalse(irq[0]);
        uart.tick();
        assertTrue(irq[0]);
        assertEquals(INT_RT, rd(MIS));
        console.type("y".getBytes());
        uart.pullInput();
        wait(1);
        assertEquals(INT_RX | INT_RT, rd(RIS) & (INT_RX | INT_RT));
        rd(DR);
        assertEquals(INT_RT, rd(RIS) & (INT_RX | INT_RT));
        rd(DR);
        assertEquals(0, rd(RIS) & (INT_RX | INT_RT));
        assertFalse(irq[0]);
    }

    @Test
    void transmitInterruptLatchesUntilCleared() {
        wr(CR, CR_UARTEN | CR_TXE | CR_RXE);
        wr(IMSC, INT_TX);
        assertFalse(irq[0]);
        wr(DR, 'z');
        assertTrue(irq[0]);
        assertEquals(INT_TX, rd(MIS));
        wr(ICR, INT_TX);
        assertFalse(irq[0]);
        assertEquals(0, rd(RIS) & INT_TX);
    }
}
