package visor.soc.device;

import visor.cpu.Clock;
import visor.soc.console.ConsoleChannel;

/**
 * The AUX block's mini-UART (ARM Peripherals manual ch. 2, with the elinux.org errata; behaviour checked
 * against QEMU's bcm2835_aux). Host input reaches the 8-deep receive FIFO at the programmed baud rate,
 * core clock / (8 * (MU_BAUD + 1)), one character per start + data + stop bits, in guest time; a character
 * arriving at a full FIFO is discarded and sets LSR's overrun bit, as on the chip. Transmitted bytes reach
 * the console at once, so the transmitter always reads as empty and idle. AUX IRQ (GPU IRQ 29) is up while (RX data and IER.RX) or (TX empty and IER.TX).
 */
public final class MiniUart extends RegisterDevice {
    public static final int AUX_IRQ = 0x00;
    public static final int AUX_ENABLES = 0x04;
    public static final int MU_IO = 0x40;
    public static final int MU_IER = 0x44;
    public static final int MU_IIR = 0x48;
    public static final int MU_LCR = 0x4C;
    public static final int MU_MCR = 0x50;
    public static final int MU_LSR = 0x54;
    public static final int MU_MSR = 0x58;
    public static final int MU_SCRATCH = 0x5C;
    public static final int MU_CNTL = 0x60;
    public static final int MU_STAT = 0x64;
    public static final int MU_BAUD = 0x68;
    public static final int SIZE = 0x100;

    public static final int FIFO_DEPTH = 8;
    /** The VPU clock the firmware runs with enable_uart=1 (core_freq fixed at 250 MHz on the Pi 3). */
    public static final long CORE_CLOCK_HZ = 250_000_000;
    /** LCR bit 0: 8-bit mode (the errata: bits 1:0 = 0b11), else 7 data bits. */
    public static final int LCR_8BIT = 1;
    public static final int ENABLE_MINI_UART = 1;
    /** IER bit 0 enables the receive interrupt, bit 1 the transmit one (errata: the manual swaps them). */
    public static final int IER_RX = 1, IER_TX = 2;
    public static final int LCR_DLAB = 1 << 7;
    public static final int LSR_DATA_READY = 1, LSR_RX_OVERRUN = 2, LSR_TX_EMPTY = 1 << 5, LSR_TX_IDLE = 1 << 6;
    public static final int CNTL_RX_ENABLE = 1, CNTL_TX_ENABLE = 2;
    public static final int IIR_CLEAR_RX = 2, IIR_CLEAR_TX = 4;
    /** MSR bit 5 is the inverse of the CTS input: set means clear-to-send asserted. */
    public static final int MSR_CTS = 1 << 5;

    private final ConsoleChannel console;
    private final IrqLine irq;
    private final SerialLine line;

    private final byte[] rx = new byte[FIFO_DEPTH];
    private int rxHead, rxCount;
    private int enables, ier, lcr, mcr, scratch, cntl, baud;
    private boolean overrun;
    private boolean irqOut;
    /** The core (VPU) clock the baud divisor divides: config.txt core_freq, else {@link #CORE_CLOCK_HZ}. */
    private long coreClockHz = CORE_CLOCK_HZ;

    /** A mini-UART whose guest's work time is its guest time (the virtual clock). */
    public MiniUart(ConsoleChannel console, IrqLine irq, Clock clock) {
        this(console, irq, clock, clock);
    }

    /**
     * @param work the guest's work time, which paces received characters ({@link SerialLine})
     * @param time guest time, from which a receiver polling LSR takes a character that is due
     */
    public MiniUart(ConsoleChannel console, IrqLine irq, Clock work, Clock time) {
        this.console = console;
        this.irq = irq;
        this.line = new SerialLine(console, work, time);
        reset();
    }

    public void reset() {
        rxHead = rxCount = 0;
        enables = ier = lcr = mcr = scratch = baud = 0;
        cntl = CNTL_RX_ENABLE | CNTL_TX_ENABLE;
        overrun = false;
        line.stop();
        updateIrq();
    }

    public ConsoleChannel console() {
        return console;
    }

    private boolean enabled() {
        return (enables & ENABLE_MINI_UART) != 0;
    }

    private boolean receiving() {
        return enabled() && (cntl & CNTL_RX_ENABLE) != 0;
    }

    /** One character time: start bit, 7 or 8 data bits, stop bit, at core clock / (8 * (BAUD + 1)). */
    long characterNanos() {
        int bits = 1 + ((lcr & LCR_8BIT) != 0 ? 8 : 7) + 1;
        return SerialLine.characterNanos(bits, 8L * (baud + 1), coreClockHz);
    }

    /** The firmware fixed the core clock at {@code hz} (config.txt core_freq). */
    public void setCoreClock(long hz) {
        coreClockHz = hz;
    }

    /** Takes the character the line has delivered by now; call on every machine tick. */
    public void pullInput() {
        pullInput(false);
    }

    /** @param polling the guest reads the status of an empty receiver: it waits for a character */
    private void pullInput(boolean polling) {
        if (!receiving()) {
            line.stop();
            return;
        }
        boolean added = false;
        long charNanos = characterNanos();
        int b = line.receive(charNanos, polling);
        if (b >= 0) {
            if (rxCount == FIFO_DEPTH) {
                overrun = true;
            } else {
                rx[(rxHead + rxCount) % FIFO_DEPTH] = (byte) b;
                rxCount++;
                added = true;
            }
        }
        if (added) {
            updateIrq();
        }
    }

    /** Work time at which the next character arrives, {@link Long#MAX_VALUE} when none will. */
    public long nextInputNanos() {
        return receiving() ? line.nextArrival() : Long.MAX_VALUE;
    }

    /** True while received characters wait in the FIFO for the guest. */
    public boolean hasReceived() {
        return rxCount > 0;
    }

    private boolean rxInterrupt() {
        return (ier & IER_RX) != 0 && rxCount > 0;
    }

    private boolean txInterrupt() {
        return (ier & IER_TX) != 0;
    }

    public boolean irqPending() {
        return enabled() && (rxInterrupt() || txInterrupt());
    }

    private void updateIrq() {
        boolean level = irqPending();
        if (level != irqOut) {
            irqOut = level;
            irq.set(level);
        }
    }

    private int popRx() {
        pullInput();
        if (rxCount == 0) {
            return 0;
        }
        int b = rx[rxHead] & 0xFF;
        rxHead = (rxHead + 1) % FIFO_DEPTH;
        rxCount--;
        pullInput();
        updateIrq();
        return b;
    }

    @Override
    protected int readRegister(int offset) {
        switch (offset) {
            case AUX_IRQ:
                return irqPending() ? 1 : 0;
            case AUX_ENABLES:
                return enables;
            default:
                break;
        }
        if (offset < MU_IO || offset > MU_BAUD) {
            return unimplementedRead(offset);
        }
        if (!enabled()) {
            // A disabled mini-UART also disables access to its registers (manual 2.1.1).
            return 0;
        }
        switch (offset) {
            case MU_IO:
                return (lcr & LCR_DLAB) != 0 ? baud & 0xFF : popRx();
            case MU_IER:
                return (lcr & LCR_DLAB) != 0 ? (baud >>> 8) & 0xFF : ier;
            case MU_IIR: {
                // Bits 7:6 read 1 (FIFOs always on); bit 0 clear = interrupt pending; bits 2:1 say which.
                int id = rxInterrupt() ? 0b100 : txInterrupt() ? 0b010 : 0b001;
                return 0xC0 | id;
            }
            case MU_LCR:
                return lcr;
            case MU_MCR:
                return mcr;
            case MU_LSR: {
                pullInput(rxCount == 0);
                int v = LSR_TX_EMPTY | LSR_TX_IDLE | (rxCount > 0 ? LSR_DATA_READY : 0) | (overrun ? LSR_RX_OVERRUN : 0);
                overrun = false;
                return v;
            }
            case MU_MSR:
                return MSR_CTS;
            case MU_SCRATCH:
                return scratch;
            case MU_CNTL:
                return cntl;
            case MU_STAT:
                pullInput();
                return stat();
            case MU_BAUD:
                return baud;
            default:
                return unimplementedRead(offset);
        }
    }

    private int stat() {
        int v = 0;
        if (rxCount > 0) {
            v |= 1; // symbol available
        }
        v |= 1 << 1; // space available
        if (rxCount == 0) {
            v |= 1 << 2; // receiver idle
        }
        v |= 1 << 3; // transmitter idle
        if (overrun) {
            v |= 1 << 4;
        }
        if ((mcr & 2) != 0) {
            v |= 1 << 6; // RTS status follows MCR.RTS
        }
        v |= 1 << 7; // CTS line
        v |= 1 << 8; // transmit FIFO empty
        v |= 1 << 9; // transmitter done
        v |= rxCount << 16;
        return v;
    }

    @Override
    protected void writeRegister(int offset, int value) {
        if (offset == AUX_ENABLES) {
            enables = value & 7;
            pullInput();
            updateIrq();
            return;
        }
        if (offset == AUX_IRQ) {
            return;
        }
        if (offset < MU_IO || offset > MU_BAUD) {
            unimplementedWrite(offset, value);
            return;
        }
        if (!enabled()) {
            return;
        }
        switch (offset) {
            case MU_IO -> {
                if ((lcr & LCR_DLAB) != 0) {
                    baud = (baud & 0xFF00) | (value & 0xFF);
                } else {
                    console.emit(value & 0xFF);
                }
            }
            case MU_IER -> {
                if ((lcr & LCR_DLAB) != 0) {
                    baud = (baud & 0xFF) | ((value & 0xFF) << 8);
                } else {
                    ier = value & 0xF;
                }
            }
            case MU_IIR -> {
                if ((value & IIR_CLEAR_RX) != 0) {
                    rxHead = rxCount = 0;
                }
            }
            case MU_LCR -> lcr = value & 0xFF;
            case MU_MCR -> mcr = value & 0xFF;
            case MU_SCRATCH -> scratch = value & 0xFF;
            case MU_CNTL -> cntl = value & 0xFF;
            case MU_BAUD -> baud = value & 0xFFFF;
            case MU_LSR, MU_MSR, MU_STAT -> { }
            default -> unimplementedWrite(offset, value);
        }
        pullInput();
        updateIrq();
    }
}
