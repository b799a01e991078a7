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
    private final Pl011 uart = new Pl011(console, level -> irq[0] = level);
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

    @Test
    void receiveFifoIs16DeepWithFenAndOneWithout() {
        wr(CR, CR_UARTEN | CR_TXE | CR_RXE);
        console.type("abcdefghijklmnopqrst".getBytes());
        assertEquals(FR_TXFE | FR_RXFF, rd(FR));
        assertEquals('a', rd(DR));
        assertEquals(18, console.pendingInput()); // 'b' moved into the holding register
        wr(LCRH, LCRH_FEN | (3 << 5));
        uart.pullInput();
        assertEquals(FR_TXFE | FR_RXFF, rd(FR));
        StringBuilder got = new StringBuilder();
        while ((rd(FR) & FR_RXFE) == 0) {
            got.append((char) (rd(DR) & 0xFF));
        }
        assertEquals("bcdefghijklmnopqrst", got.toString());
    }

    @Test
    void receiveInterruptAtTriggerLevelAndTimeoutForTheRest() {
        wr(CR, CR_UARTEN | CR_TXE | CR_RXE);
        wr(LCRH, LCRH_FEN | (3 << 5));
        wr(IFLS, 0); // RX at 1/8 = 2 characters
        wr(IMSC, INT_RX | INT_RT);
        console.type("x".getBytes());
        uart.pullInput();
        assertFalse(irq[0]);
        uart.tick();
        assertTrue(irq[0]);
        assertEquals(INT_RT, rd(MIS));
        console.type("y".getBytes());
        uart.pullInput();
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
