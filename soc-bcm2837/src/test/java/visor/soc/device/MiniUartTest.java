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
    private final MiniUart uart = new MiniUart(console, level -> irq[0] = level);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    MiniUartTest() {
        console.addListener((ch, data, off, len) -> out.write(data, off, len));
        uart.write(AUX_ENABLES, 4, ENABLE_MINI_UART);
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
    void receiveFifoHoldsEightAndRefillsWithoutLosingInput() {
        console.type("0123456789AB".getBytes());
        assertEquals(8L << 16, rd(MU_STAT) & (0xF << 16));
        assertEquals(LSR_DATA_READY, rd(MU_LSR) & LSR_DATA_READY);
        StringBuilder got = new StringBuilder();
        while ((rd(MU_LSR) & LSR_DATA_READY) != 0) {
            got.append((char) rd(MU_IO));
        }
        assertEquals("0123456789AB", got.toString());
        assertEquals(0, rd(MU_STAT) & 1);
    }

    @Test
    void receiveInterruptNeedsIerBit0AndClearsWhenDrained() {
        console.type("x".getBytes());
        uart.pullInput();
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
        assertEquals('q', rd(MU_IO));
    }

    @Test
    void receiverDisabledInCntlKeepsInputInTheConsole() {
        uart.write(MU_CNTL, 4, CNTL_TX_ENABLE);
        console.type("k".getBytes());
        assertEquals(0, rd(MU_LSR) & LSR_DATA_READY);
        uart.write(MU_CNTL, 4, CNTL_TX_ENABLE | CNTL_RX_ENABLE);
        assertEquals(LSR_DATA_READY, rd(MU_LSR) & LSR_DATA_READY);
        uart.write(MU_IIR, 4, IIR_CLEAR_RX);
        assertEquals(0, rd(MU_STAT) & 1);
    }
}
