package visor.soc.device;

import visor.mmu.MemoryPort;

/**
 * The BCM2835 DMA controller, channels 0-14 (ARM Peripherals manual ch. 4, bus address 0x7E007000, one
 * channel every 0x100; INT_STATUS 0xFE0, ENABLE 0xFF0), as Linux's bcm2835-dma drives it for the SDHOST
 * and other peripherals. Setting CS.ACTIVE with CONBLK_AD pointing at a control block (TI, SOURCE_AD,
 * DEST_AD, TXFR_LEN, STRIDE, NEXTCONBK, 32-byte aligned) runs the whole chain at once, in 32-bit words:
 * a peripheral paced by DREQ (the SDHOST's data FIFO) always has its data ready in this machine, so
 * the DREQ handshake never stalls. Bus addresses reach ARM physical memory through the VideoCore's
 * aliases (0x7Exxxxxx = the peripherals at 0x3Fxxxxxx, RAM in every 1 GiB alias). At the end of a
 * block with TI.INTEN the channel sets CS.INT and raises its IRQ (GPU IRQ 16 + n for channels 0-10,
 * 27 shared by 11-14); after the last block CS.END is set and ACTIVE clears. Channel 15 (at 0x7EE05000)
 * is not modelled.
 */
public final class Dma extends RegisterDevice {
    public static final int CHANNELS = 15;
    public static final int CHANNEL_STRIDE = 0x100;
    public static final int CS = 0x00, CONBLK_AD = 0x04, TI = 0x08, SOURCE_AD = 0x0C, DEST_AD = 0x10;
    public static final int TXFR_LEN = 0x14, STRIDE = 0x18, NEXTCONBK = 0x1C, DEBUG = 0x20;
    public static final int INT_STATUS = 0xFE0, ENABLE = 0xFF0;
    public static final int SIZE = 0x1000;

    public static final int CS_ACTIVE = 1, CS_END = 1 << 1, CS_INT = 1 << 2, CS_ERROR = 1 << 8;
    public static final int CS_ABORT = 1 << 30, CS_RESET = 1 << 31;
    /** CS bits software sets (priorities, WAIT_FOR_OUTSTANDING_WRITES, DISDEBUG). */
    static final int CS_WRITABLE = 0x30FF_0000;

    public static final int TI_INTEN = 1, TI_TDMODE = 1 << 1, TI_DEST_INC = 1 << 4, TI_DEST_IGNORE = 1 << 7;
    public static final int TI_SRC_INC = 1 << 8, TI_SRC_IGNORE = 1 << 11;
    /** DEBUG: the DMA's lite flag (bit 28) clear, version 2 (bits 27:25), as a full channel reports. */
    static final int DEBUG_VERSION = 2 << 25;

    /**
     * What one activation may move before the channel stops with CS.ERROR: a chain that loops or a
     * length no driver asks for (Linux moves at most 512 KiB per SD request) must not stall the machine.
     */
    static final int MAX_BLOCKS = 1024;
    static final long MAX_BYTES = 1L << 20;

    private final MemoryPort bus;
    private final IrqLine[] irqs;
    private final int[] cs = new int[CHANNELS], conblk = new int[CHANNELS], ti = new int[CHANNELS];
    private final int[] source = new int[CHANNELS], dest = new int[CHANNELS], length = new int[CHANNELS];
    private final int[] stride = new int[CHANNELS], next = new int[CHANNELS];
    private int enable;
    /** Set while a chain runs: a control block writing the DMA's own registers starts nothing nested. */
    private boolean running;

    /** {@code irqLine(n)} gives channel n's interrupt line. */
    public Dma(MemoryPort bus, java.util.function.IntFunction<IrqLine> irqLine) {
        this.bus = bus;
        this.irqs = new IrqLine[CHANNELS];
        for (int n = 0; n < CHANNELS; n++) {
            irqs[n] = irqLine.apply(n);
        }
        reset();
    }

    /** The GPU interrupt of channel {@code n} (bcm283x.dtsi: dma0-dma10 on 16-26, 11-14 share 27). */
    public static int gpuIrq(int n) {
        return n <= 10 ? 16 + n : 27;
    }

    public void reset() {
        for (int n = 0; n < CHANNELS; n++) {
            resetChannel(n);
        }
        enable = 0x7FFF;
    }

    private void resetChannel(int n) {
        cs[n] = conblk[n] = ti[n] = source[n] = dest[n] = length[n] = stride[n] = next[n] = 0;
        updateIrq(n);
    }

    /** A VideoCore bus address as an ARM physical address. */
    static long physical(int busAddress) {
        long a = busAddress & 0xFFFF_FFFFL;
        if ((a & 0xFF00_0000L) == 0x7E00_0000L) {
            return 0x3F00_0000L | (a & 0x00FF_FFFFL);
        }
        return a & 0x3FFF_FFFFL;
    }

    @Override
    protected int readRegister(int offset) {
        if (offset == INT_STATUS) {
            int v = 0;
            for (int n = 0; n < CHANNELS; n++) {
                v |= (cs[n] & CS_INT) != 0 ? 1 << n : 0;
            }
            return v;
        }
        if (offset == ENABLE) {
            return enable;
        }
        int n = offset / CHANNEL_STRIDE;
        if (n >= CHANNELS) {
            return unimplementedRead(offset);
        }
        return switch (offset % CHANNEL_STRIDE) {
            case CS -> cs[n];
            case CONBLK_AD -> conblk[n];
            case TI -> ti[n];
            case SOURCE_AD -> source[n];
            case DEST_AD -> dest[n];
            case TXFR_LEN -> length[n];
            case STRIDE -> stride[n];
            case NEXTCONBK -> next[n];
            case DEBUG -> DEBUG_VERSION;
            default -> unimplementedRead(offset);
        };
    }

    @Override
    protected void writeRegister(int offset, int value) {
        if (offset == ENABLE) {
            enable = value & 0x7FFF;
            return;
        }
        if (offset == INT_STATUS) {
            return;
        }
        int n = offset / CHANNEL_STRIDE;
        if (n >= CHANNELS) {
            unimplementedWrite(offset, value);
            return;
        }
        switch (offset % CHANNEL_STRIDE) {
            case CS -> writeCs(n, value);
            case CONBLK_AD -> conblk[n] = value & ~0x1F;
            case NEXTCONBK -> next[n] = value & ~0x1F;
            case TI, DEBUG, SOURCE_AD, DEST_AD, TXFR_LEN, STRIDE -> { } // loaded from the control block only
            default -> unimplementedWrite(offset, value);
        }
    }

    private void writeCs(int n, int value) {
        if ((value & CS_RESET) != 0) {
            resetChannel(n);
            return;
        }
        // END and INT are write-1-to-clear; ACTIVE is the run bit.
        int v = cs[n] & ~(value & (CS_END | CS_INT));
        v = (v & ~(CS_WRITABLE | CS_ACTIVE)) | (value & (CS_WRITABLE | CS_ACTIVE));
        cs[n] = v;
        if ((value & CS_ABORT) != 0) {
            cs[n] &= ~CS_ACTIVE;
            conblk[n] = 0;
        }
        if ((cs[n] & CS_ACTIVE) != 0 && (enable & (1 << n)) != 0 && !running) {
            running = true;
            try {
                run(n);
                // Channels a control block started run after it, a bounded number of times (two
                // chains that keep starting each other would otherwise never end).
                for (int round = 0; round < CHANNELS; round++) {
                    int c = nextActive();
                    if (c < 0) {
                        break;
                    }
                    run(c);
                }
            } finally {
                running = false;
            }
            for (int c = 0; c < CHANNELS; c++) {
                updateIrq(c);
            }
            return;
        }
        updateIrq(n);
    }

    private int nextActive() {
        for (int c = 0; c < CHANNELS; c++) {
            if ((cs[c] & CS_ACTIVE) != 0 && conblk[c] != 0 && (enable & (1 << c)) != 0) {
                return c;
            }
        }
        return -1;
    }

    /** Runs the channel's control block chain to its end. */
    private void run(int n) {
        long bytes = 0;
        for (int blocks = 0; conblk[n] != 0; blocks++) {
            if (blocks == MAX_BLOCKS) {
                cs[n] = (cs[n] & ~CS_ACTIVE) | CS_ERROR;
                return;
            }
            long cb = physical(conblk[n]);
            ti[n] = (int) bus.read(cb, 4);
            source[n] = (int) bus.read(cb + 4, 4);
            dest[n] = (int) bus.read(cb + 8, 4);
            length[n] = (int) bus.read(cb + 12, 4);
            stride[n] = (int) bus.read(cb + 16, 4);
            next[n] = (int) bus.read(cb + 20, 4);
            bytes += blockBytes(n);
            if (bytes > MAX_BYTES) {
                cs[n] = (cs[n] & ~CS_ACTIVE) | CS_ERROR;
                return;
            }
            transfer(n);
            if ((ti[n] & TI_INTEN) != 0) {
                cs[n] |= CS_INT;
            }
            conblk[n] = next[n];
        }
        cs[n] = (cs[n] & ~CS_ACTIVE) | CS_END;
    }

    private int rowBytes(int n) {
        return (ti[n] & TI_TDMODE) != 0 ? length[n] & 0xFFFF : length[n] & 0x3FFF_FFFF;
    }

    private int rows(int n) {
        return (ti[n] & TI_TDMODE) != 0 ? ((length[n] >>> 16) & 0x3FFF) + 1 : 1;
    }

    private long blockBytes(int n) {
        return (long) rowBytes(n) * rows(n);
    }

    /** One control block: TXFR_LEN bytes, or YLENGTH+1 rows of XLENGTH bytes with strides in 2D mode. */
    private void transfer(int n) {
        int info = ti[n];
        boolean twoD = (info & TI_TDMODE) != 0;
        int rowBytes = rowBytes(n);
        int rows = rows(n);
        long src = physical(source[n]), dst = physical(dest[n]);
        int srcStride = (short) stride[n], dstStride = stride[n] >> 16;
        for (int row = 0; row < rows; row++) {
            for (int i = 0; i < rowBytes; i += 4) {
                int size = Math.min(4, rowBytes - i);
                long word = (info & TI_SRC_IGNORE) != 0 ? 0 : bus.read(src, size);
                if ((info & TI_DEST_IGNORE) == 0) {
                    bus.write(dst, size, word);
                }
                if ((info & TI_SRC_INC) != 0) {
                    src += size;
                }
                if ((info & TI_DEST_INC) != 0) {
                    dst += size;
                }
            }
            if (twoD) {
                src += srcStride;
                dst += dstStride;
            }
        }
        length[n] = 0;
    }

    private void updateIrq(int n) {
        boolean level = (cs[n] & CS_INT) != 0;
        if (n >= 11) {
            level = false;
            for (int c = 11; c < CHANNELS; c++) {
                level |= (cs[c] & CS_INT) != 0;
            }
        }
        irqs[n].set(level);
    }

    /** Whether channel {@code n} has its interrupt flag set. */
    public boolean interruptPending(int n) {
        return (cs[n] & CS_INT) != 0;
    }
}
