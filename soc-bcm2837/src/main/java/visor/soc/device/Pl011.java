package visor.soc.device;

import visor.cpu.Clock;
import visor.soc.console.ConsoleChannel;

/**
 * UART0, an ARM PrimeCell PL011 (PL011 TRM r1p5 ch. 3; BCM2835 ARM Peripherals ch. 13), GPU IRQ 57.
 * Receive FIFO 16 deep with LCRH.FEN, else a one-character holding register; host input arrives at the
 * programmed baud rate, UARTCLK / (16 * (IBRD + FBRD / 64)) (TRM 3.3.6), one character per start, data,
 * parity and stop bits of LCRH, in guest time. A character arriving at a full FIFO is lost and sets the
 * overrun error: RSR.OE, RIS.OEIS and DR.OE of the next character received (TRM 3.3.1, 3.3.2). Transmission is instantaneous while CR.UARTEN and CR.TXE are set; with the transmitter
 * disabled bytes wait in the transmit FIFO. Interrupt status is latched in RIS like the hardware: RX
 * when the FIFO reaches its trigger level, RT (receive timeout) when characters sit unread over a
 * machine tick, TX when the transmit FIFO drains to its trigger level.
 */
public final class Pl011 extends RegisterDevice {
    public static final int DR = 0x00;
    public static final int RSR_ECR = 0x04;
    public static final int FR = 0x18;
    public static final int ILPR = 0x20;
    public static final int IBRD = 0x24;
    public static final int FBRD = 0x28;
    public static final int LCRH = 0x2C;
    public static final int CR = 0x30;
    public static final int IFLS = 0x34;
    public static final int IMSC = 0x38;
    public static final int RIS = 0x3C;
    public static final int MIS = 0x40;
    public static final int ICR = 0x44;
    public static final int DMACR = 0x48;
    public static final int PERIPH_ID0 = 0xFE0;
    public static final int SIZE = 0x1000;

    public static final int FIFO_DEPTH = 16;
    public static final int FR_CTS = 1, FR_BUSY = 1 << 3, FR_RXFE = 1 << 4, FR_TXFF = 1 << 5, FR_RXFF = 1 << 6, FR_TXFE = 1 << 7;
    public static final int LCRH_PEN = 1 << 1, LCRH_STP2 = 1 << 3, LCRH_FEN = 1 << 4, LCRH_WLEN_SHIFT = 5;
    /** UARTCLK as the firmware sets it (init_uart_clock, 48 MHz on the Pi 3). */
    public static final long UART_CLOCK_HZ = 48_000_000;
    public static final int DR_OE = 1 << 11, RSR_OE = 1 << 3;
    public static final int CR_UARTEN = 1, CR_TXE = 1 << 8, CR_RXE = 1 << 9;
    public static final int INT_RX = 1 << 4, INT_TX = 1 << 5, INT_RT = 1 << 6, INT_OE = 1 << 10;
    public static final int INT_ALL = 0x7FF;

    /** PrimeCell identification, as QEMU's pl011 reports it. */
    private static final int[] ID = {0x11, 0x10, 0x14, 0x00, 0x0D, 0xF0, 0x05, 0xB1};

    private final ConsoleChannel console;
    private final IrqLine irq;
    private final SerialLine line;

    private final int[] rx = new int[FIFO_DEPTH];
    private int rxHead, rxCount;
    private final byte[] tx = new byte[FIFO_DEPTH];
    private int txCount;
    private int ilpr, ibrd, fbrd, lcrh, cr, ifls, imsc, ris, dmacr, rsr;
    /** An overrun happened since the last character entered the FIFO: that next one carries DR.OE. */
    private boolean overrunPending;
    private boolean irqOut;

    /** A PL011 whose guest's work time is its guest time (the virtual clock). */
    public Pl011(ConsoleChannel console, IrqLine irq, Clock clock) {
        this(console, irq, clock, clock);
    }

    /**
     * @param work the guest's work time, which paces received characters ({@link SerialLine})
     * @param time guest time, from which a receiver polling FR takes a character that is due
     */
    public Pl011(ConsoleChannel console, IrqLine irq, Clock work, Clock time) {
        this.console = console;
        this.irq = irq;
        this.line = new SerialLine(console, work, time);
        reset();
    }

    public void reset() {
        rxHead = rxCount = txCount = 0;
        ilpr = ibrd = fbrd = lcrh = imsc = ris = dmacr = rsr = 0;
        overrunPending = false;
        line.stop();
        cr = CR_TXE | CR_RXE;
        ifls = 0x12;
        updateIrq();
    }

    public ConsoleChannel console() {
        return console;
    }

    private int depth() {
        return (lcrh & LCRH_FEN) != 0 ? FIFO_DEPTH : 1;
    }

    /** IFLS selects 1/8, 1/4, 1/2, 3/4 or 7/8 of the FIFO (TRM 3.3.14). */
    private int level(int select) {
        if ((lcrh & LCRH_FEN) == 0) {
            return 1;
        }
        return switch (select) {
            case 0 -> 2;
            case 1 -> 4;
            case 3 -> 12;
            case 4 -> 14;
            default -> 8;
        };
    }

    private int rxTrigger() {
        return level((ifls >>> 3) & 7);
    }

    private int txTrigger() {
        return (lcrh & LCRH_FEN) == 0 ? 0 : level(ifls & 7);
    }

    private boolean receiving() {
        return (cr & (CR_UARTEN | CR_RXE)) == (CR_UARTEN | CR_RXE);
    }

    /** One character time: start bit, 5-8 data bits, parity bit, 1 or 2 stop bits. */
    long characterNanos() {
        int bits = 1 + 5 + ((lcrh >>> LCRH_WLEN_SHIFT) & 3) + ((lcrh & LCRH_PEN) != 0 ? 1 : 0)
                + ((lcrh & LCRH_STP2) != 0 ? 2 : 1);
        // The divisor in 1/64ths; the TRM's minimum divide ratio is 1.
        long divisor64 = Math.max(64, ibrd * 64L + fbrd);
        return SerialLine.characterNanos(bits, divisor64, 4 * UART_CLOCK_HZ);
    }

    /** Work time at which the next character arrives, {@link Long#MAX_VALUE} when none will. */
    public long nextInputNanos() {
        return receiving() ? line.nextArrival() : Long.MAX_VALUE;
    }

    /** True while received characters wait in the FIFO for the guest. */
    public boolean hasReceived() {
        return rxCount > 0;
    }

    /** Machine tick: take console input and let unread characters raise the receive timeout. */
    public void tick() {
        pullInput();
        if (rxCount > 0 && (ris & INT_RT) == 0) {
            ris |= INT_RT;
            updateIrq();
        }
    }

    public void pullInput() {
        pullInput(false);
    }

    /** @param polling the guest reads the flags of an empty receiver: it waits for a character */
    private void pullInput(boolean polling) {
        if (!receiving()) {
            line.stop();
            return;
        }
        boolean added = false;
        long charNanos = characterNanos();
        int b = line.receive(charNanos, polling);
        if (b >= 0) {
            if (rxCount >= depth()) {
                rsr |= RSR_OE;
                ris |= INT_OE;
                overrunPending = true;
            } else {
                // No framing, parity or break errors on an emulated line.
                rx[(rxHead + rxCount) % FIFO_DEPTH] = b | (overrunPending ? DR_OE : 0);
                overrunPending = false;
                rxCount++;
            }
            added = true;
        }
        if (added && rxCount >= rxTrigger()) {
            ris |= INT_RX;
        }
        if (added) {
            updateIrq();
        }
    }

    private void drainTx() {
        if ((cr & (CR_UARTEN | CR_TXE)) != (CR_UARTEN | CR_TXE) || txCount == 0) {
            return;
        }
        for (int i = 0; i < txCount; i++) {
            console.emit(tx[i] & 0xFF);
        }
        txCount = 0;
        ris |= INT_TX; // the FIFO fell to (or below) its trigger level
    }

    private void updateIrq() {
        boolean level = (ris & imsc) != 0;
        if (level != irqOut) {
            irqOut = level;
            irq.set(level);
        }
    }

    public boolean irqPending() {
        return irqOut;
    }

    private int readData() {
        pullInput();
        if (rxCount == 0) {
            return 0;
        }
        int v = rx[rxHead];
        rxHead = (rxHead + 1) % FIFO_DEPTH;
        rxCount--;
        if (rxCount < rxTrigger()) {
            ris &= ~INT_RX;
        }
        if (rxCount == 0) {
            ris &= ~INT_RT;
        }
        pullInput();
        updateIrq();
        return v;
    }

    private int flags() {
        int v = 0;
        if (rxCount == 0) {
            v |= FR_RXFE;
        }
        if (rxCount >= depth()) {
            v |= FR_RXFF;
        }
        if (txCount == 0) {
            v |= FR_TXFE;
        } else {
            v |= FR_BUSY;
        }
        if (txCount >= depth()) {
            v |= FR_TXFF;
        }
        return v;
    }

    @Override
    protected int readRegister(int offset) {
        if (offset >= PERIPH_ID0 && offset < PERIPH_ID0 + 32) {
            return ID[(offset - PERIPH_ID0) >> 2];
        }
        return switch (offset) {
            case DR -> readData();
            case RSR_ECR -> rsr;
            case FR -> {
                pullInput(rxCount == 0);
                yield flags();
            }
            case ILPR -> ilpr;
            case IBRD -> ibrd;
            case FBRD -> fbrd;
            case LCRH -> lcrh;
            case CR -> cr;
            case IFLS -> ifls;
            case IMSC -> imsc;
            case RIS -> ris;
            case MIS -> ris & imsc;
            case DMACR -> dmacr;
            case ICR -> 0;
            default -> unimplementedRead(offset);
        };
    }

    @Override
    protected void writeRegister(int offset, int value) {
        switch (offset) {
            case DR -> {
                if (txCount < depth()) {
                    tx[txCount++] = (byte) value;
                    if (txCount > txTrigger()) {
                        ris &= ~INT_TX;
                    }
                }
                drainTx();
            }
            case RSR_ECR -> rsr = 0; // any write to ECR clears the errors
            case ILPR -> ilpr = value & 0xFF;
            case IBRD -> ibrd = value & 0xFFFF;
            case FBRD -> fbrd = value & 0x3F;
            case LCRH -> {
                int old = lcrh;
                lcrh = value & 0xFF;
                if (((old ^ lcrh) & LCRH_FEN) != 0) {
                    // Changing FEN resizes the FIFOs; keep what fits.
                    rxCount = Math.min(rxCount, depth());
                    txCount = Math.min(txCount, depth());
                }
            }
            case CR -> {
                cr = value & 0xFF87;
                drainTx();
            }
            case IFLS -> ifls = value & 0x3F;
            case IMSC -> imsc = value & INT_ALL;
            case ICR -> ris &= ~value;
            case DMACR -> dmacr = value & 7;
            case FR, RIS, MIS -> { }
            default -> unimplementedWrite(offset, value);
        }
        pullInput();
        updateIrq();
    }
}
