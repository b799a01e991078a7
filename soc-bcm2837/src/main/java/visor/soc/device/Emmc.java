package visor.soc.device;

/**
 * The Arasan SD host controller ("EMMC", ARM Peripherals manual ch. 5; register layout and semantics of
 * the SD Host Controller Simplified Specification 3.00), as driven by bare-metal drivers, U-Boot's
 * bcm2835_sdhci + sdhci.c and Linux's sdhci-iproc: commands complete at once, data moves by PIO through
 * the DATA port one block at a time with buffer read/write ready interrupts, transfer complete at the
 * end (also for R1b busy commands), optional auto-CMD12, and command timeout for commands the card
 * does not answer. GPU IRQ 62.
 */
public final class Emmc extends RegisterDevice {
    public static final int ARG2 = 0x00;
    public static final int BLKSIZECNT = 0x04;
    public static final int ARG1 = 0x08;
    public static final int CMDTM = 0x0C;
    public static final int RESP0 = 0x10;
    public static final int DATA = 0x20;
    public static final int STATUS = 0x24;
    public static final int CONTROL0 = 0x28;
    public static final int CONTROL1 = 0x2C;
    public static final int INTERRUPT = 0x30;
    public static final int IRPT_MASK = 0x34;
    public static final int IRPT_EN = 0x38;
    public static final int CONTROL2 = 0x3C;
    public static final int CAPABILITIES0 = 0x40;
    public static final int CAPABILITIES1 = 0x44;
    public static final int FORCE_IRPT = 0x50;
    public static final int BOOT_TIMEOUT = 0x70;
    public static final int DBG_SEL = 0x74;
    public static final int EXRDFIFO_CFG = 0x80;
    public static final int EXRDFIFO_EN = 0x84;
    public static final int TUNE_STEP = 0x88;
    public static final int TUNE_STEPS_STD = 0x8C;
    public static final int TUNE_STEPS_DDR = 0x90;
    public static final int SPI_INT_SPT = 0xF0;
    public static final int SLOTISR_VER = 0xFC;
    public static final int SIZE = 0x100;

    // CMDTM transfer mode (low half) and command (high half).
    public static final int TM_BLKCNT_EN = 1 << 1;
    public static final int TM_AUTO_CMD12 = 1 << 2;
    public static final int TM_AUTO_CMD_MASK = 3 << 2;
    public static final int TM_DAT_DIR_READ = 1 << 4;
    public static final int TM_MULTI_BLOCK = 1 << 5;
    public static final int CMD_RSPNS_MASK = 3 << 16;
    public static final int CMD_RSPNS_136 = 1 << 16, CMD_RSPNS_48 = 2 << 16, CMD_RSPNS_48_BUSY = 3 << 16;
    public static final int CMD_ISDATA = 1 << 21;

    // STATUS (present state).
    public static final int ST_CMD_INHIBIT = 1, ST_DAT_INHIBIT = 1 << 1, ST_DAT_ACTIVE = 1 << 2;
    public static final int ST_WRITE_TRANSFER = 1 << 8, ST_READ_TRANSFER = 1 << 9;
    public static final int ST_BUFFER_WRITE = 1 << 10, ST_BUFFER_READ = 1 << 11;
    public static final int ST_CARD_INSERTED = 1 << 16, ST_CARD_STABLE = 1 << 17, ST_CARD_DETECT = 1 << 18;
    public static final int ST_WRITE_ENABLED = 1 << 19, ST_DAT_LEVEL = 0xF << 20, ST_CMD_LEVEL = 1 << 24;

    // CONTROL1.
    public static final int C1_CLK_INTLEN = 1, C1_CLK_STABLE = 1 << 1, C1_CLK_EN = 1 << 2;
    public static final int C1_SRST_HC = 1 << 24, C1_SRST_CMD = 1 << 25, C1_SRST_DATA = 1 << 26;

    // INTERRUPT.
    public static final int INT_CMD_DONE = 1, INT_DATA_DONE = 1 << 1, INT_WRITE_RDY = 1 << 4, INT_READ_RDY = 1 << 5;
    public static final int INT_ERROR = 1 << 15, INT_CMD_TIMEOUT = 1 << 16, INT_DATA_TIMEOUT = 1 << 20;
    public static final int INT_AUTO_CMD_ERROR = 1 << 24;

    /** QEMU's raspi capabilities: 52 MHz base and timeout clocks, 1024-byte blocks, high speed, 3.3/1.8 V. */
    public static final int CAPABILITIES = 0x0521_34B4;
    /** Vendor 0x99 (Arasan), SD host specification version 3.00. */
    public static final int HOST_VERSION = 0x9902;

    private final SdBus bus;
    private final IrqLine irq;

    private int arg2, blkSizeCnt, arg1, cmdtm, control0, control1, interrupt, irptMask, irptEn, control2;
    private final int[] resp = new int[4];
    private int bootTimeout, dbgSel, exrdfifoCfg, exrdfifoEn, tuneStep, tuneStepsStd, tuneStepsDdr, spiIntSpt;

    private boolean reading, writing;
    private final byte[] buffer = new byte[4096];
    private int blockSize, bufferPos;
    private boolean bufferReady;
    private int blocksLeft; // -1: until CMD12
    private boolean irqOut;

    /** {@code card} may be null: no card in the slot. */
    public Emmc(SdCard card, IrqLine irq) {
        this(SdBus.of(card), irq);
    }

    /** A controller whose card comes and goes with {@code bus} (the Pi's slot routed by GPIO 48-53). */
    public Emmc(SdBus bus, IrqLine irq) {
        this.bus = bus;
        this.irq = irq;
        reset();
    }

    /** The card the controller reaches now, or null. */
    public SdCard card() {
        return bus.card();
    }

    /** Power-on reset of controller and card; the card's image keeps its contents. */
    public void reset() {
        resetAll();
        SdCard card = card();
        if (card != null) {
            card.powerCycle();
        }
    }

    private void resetAll() {
        arg2 = blkSizeCnt = arg1 = cmdtm = control0 = control1 = interrupt = irptMask = irptEn = control2 = 0;
        java.util.Arrays.fill(resp, 0);
        bootTimeout = dbgSel = exrdfifoCfg = exrdfifoEn = tuneStep = tuneStepsStd = tuneStepsDdr = spiIntSpt = 0;
        resetData();
        update();
    }

    private void resetData() {
        reading = writing = bufferReady = false;
        bufferPos = 0;
        blocksLeft = 0;
    }

    private void raise(int bits) {
        // Only sources enabled in IRPT_MASK are latched into INTERRUPT (SDHCI 2.2.19-2.2.20).
        interrupt |= bits & irptMask;
        update();
    }

    private int interruptValue() {
        return (interrupt & ~INT_ERROR) | ((interrupt >>> 16) != 0 ? INT_ERROR : 0);
    }

    private void update() {
        boolean level = (interruptValue() & irptEn) != 0;
        if (level != irqOut) {
            irqOut = level;
            irq.set(level);
        }
    }

    public boolean irqPending() {
        return irqOut;
    }

    private int presentState() {
        int v = ST_DAT_LEVEL | ST_CMD_LEVEL | ST_CARD_STABLE | ST_WRITE_ENABLED;
        if (card() != null) {
            v |= ST_CARD_INSERTED | ST_CARD_DETECT;
        }
        if (reading || writing) {
            v |= ST_DAT_INHIBIT | ST_DAT_ACTIVE;
        }
        if (reading) {
            v |= ST_READ_TRANSFER | (bufferReady ? ST_BUFFER_READ : 0);
        }
        if (writing) {
            v |= ST_WRITE_TRANSFER | (bufferReady ? ST_BUFFER_WRITE : 0);
        }
        return v;
    }

    @Override
    protected int readRegister(int offset) {
        return switch (offset) {
            case ARG2 -> arg2;
            case BLKSIZECNT -> blkSizeCnt;
            case ARG1 -> arg1;
            case CMDTM -> cmdtm;
            case RESP0, RESP0 + 4, RESP0 + 8, RESP0 + 12 -> resp[(offset - RESP0) >> 2];
            case DATA -> readData();
            case STATUS -> presentState();
            case CONTROL0 -> control0;
            case CONTROL1 -> control1 | ((control1 & C1_CLK_INTLEN) != 0 ? C1_CLK_STABLE : 0);
            case INTERRUPT -> interruptValue();
            case IRPT_MASK -> irptMask;
            case IRPT_EN -> irptEn;
            case CONTROL2 -> control2 & 0xFFFF_0000;
            case CAPABILITIES0 -> CAPABILITIES;
            case CAPABILITIES1 -> 0;
            case FORCE_IRPT -> 0;
            case BOOT_TIMEOUT -> bootTimeout;
            case DBG_SEL -> dbgSel;
            case EXRDFIFO_CFG -> exrdfifoCfg;
            case EXRDFIFO_EN -> exrdfifoEn;
            case TUNE_STEP -> tuneStep;
            case TUNE_STEPS_STD -> tuneStepsStd;
            case TUNE_STEPS_DDR -> tuneStepsDdr;
            case SPI_INT_SPT -> spiIntSpt;
            case SLOTISR_VER -> (HOST_VERSION << 16) | (irqOut ? 1 : 0);
            default -> unimplementedRead(offset);
        };
    }

    @Override
    protected void writeRegister(int offset, int value) {
        writeMasked(offset, value, -1);
    }

    @Override
    public void write(long offset, int size, long value) {
        if (size < 4) {
            writeNarrow((int) offset, size, (int) value);
        } else {
            super.write(offset, size, value);
        }
    }

    /** SDHCI drivers write 8- and 16-bit fields (U-Boot sdhci.c, Linux sdhci.c): merge them into the word. */
    @Override
    protected void writeNarrow(int offset, int size, int value) {
        int shift = (offset & 3) * 8;
        int mask = (int) (((1L << (size * 8)) - 1) << shift);
        writeMasked(offset & ~3, value << shift, mask);
    }

    private static int merge(int old, int value, int mask) {
        return (old & ~mask) | (value & mask);
    }

    private void writeMasked(int offset, int value, int mask) {
        switch (offset) {
            case ARG2 -> arg2 = merge(arg2, value, mask);
            case BLKSIZECNT -> blkSizeCnt = merge(blkSizeCnt, value, mask);
            case ARG1 -> arg1 = merge(arg1, value, mask);
            case CMDTM -> {
                cmdtm = merge(cmdtm, value, mask);
                if ((mask & 0xFF00_0000) != 0) {
                    // Writing the byte holding the command index issues the command (SDHCI 2.2.7).
                    command();
                }
            }
            case DATA -> writeData(value);
            case CONTROL0 -> control0 = merge(control0, value, mask);
            case CONTROL1 -> writeControl1(merge(control1, value, mask));
            case INTERRUPT -> {
                int clear = value & mask;
                if ((clear & INT_ERROR) != 0) {
                    clear |= 0xFFFF_0000; // clearing the summary clears the errors it reports
                }
                interrupt &= ~clear;
                update();
            }
            case IRPT_MASK -> {
                irptMask = merge(irptMask, value, mask);
                interrupt &= irptMask;
                update();
            }
            case IRPT_EN -> {
                irptEn = merge(irptEn, value, mask);
                update();
            }
            case CONTROL2 -> control2 = merge(control2, value, mask) & 0xFFFF_0000;
            case FORCE_IRPT -> {
                interrupt |= value & mask;
                update();
            }
            case BOOT_TIMEOUT -> bootTimeout = merge(bootTimeout, value, mask);
            case DBG_SEL -> dbgSel = merge(dbgSel, value, mask);
            case EXRDFIFO_CFG -> exrdfifoCfg = merge(exrdfifoCfg, value, mask);
            case EXRDFIFO_EN -> exrdfifoEn = merge(exrdfifoEn, value, mask);
            case TUNE_STEP -> tuneStep = merge(tuneStep, value, mask);
            case TUNE_STEPS_STD -> tuneStepsStd = merge(tuneStepsStd, value, mask);
            case TUNE_STEPS_DDR -> tuneStepsDdr = merge(tuneStepsDdr, value, mask);
            case SPI_INT_SPT -> spiIntSpt = merge(spiIntSpt, value, mask);
            case RESP0, RESP0 + 4, RESP0 + 8, RESP0 + 12, STATUS, CAPABILITIES0, CAPABILITIES1, SLOTISR_VER -> { }
            default -> unimplementedWrite(offset, value);
        }
    }

    private void writeControl1(int value) {
        int resets = value & (C1_SRST_HC | C1_SRST_CMD | C1_SRST_DATA);
        // Reset bits act at once and read back as 0 (the reset is complete); CLK_STABLE is read-only.
        control1 = value & ~(resets | C1_CLK_STABLE);
        if ((resets & C1_SRST_HC) != 0) {
            resetAll();
            return;
        }
        if ((resets & C1_SRST_CMD) != 0) {
            interrupt &= ~INT_CMD_DONE;
        }
        if ((resets & C1_SRST_DATA) != 0) {
            resetData();
            interrupt &= ~(INT_DATA_DONE | INT_READ_RDY | INT_WRITE_RDY);
        }
        update();
    }

    private void command() {
        int index = (cmdtm >>> 24) & 0x3F;
        boolean data = (cmdtm & CMD_ISDATA) != 0;
        SdCard card = card();
        SdCard.Response r = card == null ? null : card.command(index, arg1);
        if ((cmdtm & CMD_RSPNS_MASK) == 0) {
            // No response expected: the command is complete once sent (CMD0).
            raise(INT_CMD_DONE);
            return;
        }
        if (r == null) {
            raise(INT_CMD_TIMEOUT);
            return;
        }
        if (r.kind() == 136) {
            // The CRC byte is dropped: RESP0..3 hold bits 127:8 of the register, right-aligned (SDHCI 2.2.7).
            byte[] reg = r.wide();
            for (int w = 0; w < 4; w++) {
                int v = 0;
                for (int b = 0; b < 4; b++) {
                    int i = 14 - (w * 4 + b);
                    if (i >= 0) {
                        v |= (reg[i] & 0xFF) << (8 * b);
                    }
                }
                resp[w] = v;
            }
        } else {
            resp[0] = r.value();
        }
        raise(INT_CMD_DONE);
        if (data) {
            startData();
        } else if ((cmdtm & CMD_RSPNS_MASK) == CMD_RSPNS_48_BUSY) {
            // Transfer complete ends a busy wait only when the host asked for one (SDHCI 2.2.17): Linux
            // sends CMD7 with a plain 48-bit response and reports a stray data interrupt otherwise.
            raise(INT_DATA_DONE); // the busy signal is over at once
        }
    }

    private void startData() {
        blockSize = blkSizeCnt & 0x3FF;
        if (blockSize == 0) {
            blockSize = SdCard.BLOCK;
        }
        int tm = cmdtm & 0xFFFF;
        if ((tm & TM_MULTI_BLOCK) == 0) {
            blocksLeft = 1;
        } else if ((tm & TM_BLKCNT_EN) != 0) {
            blocksLeft = blkSizeCnt >>> 16;
            if (blocksLeft == 0) {
                raise(INT_DATA_DONE);
                return;
            }
        } else {
            blocksLeft = -1;
        }
        if ((tm & TM_DAT_DIR_READ) != 0) {
            reading = true;
            loadBlock();
        } else {
            writing = true;
            bufferPos = 0;
            bufferReady = true;
            raise(INT_WRITE_RDY);
        }
    }

    private void loadBlock() {
        SdCard card = card();
        if (card == null) {
            cardGone();
            return;
        }
        card.readData(buffer, blockSize);
        bufferPos = 0;
        bufferReady = true;
        raise(INT_READ_RDY);
    }

    private int readData() {
        if (!reading || !bufferReady) {
            return 0;
        }
        int v = 0;
        for (int b = 0; b < 4 && bufferPos < blockSize; b++) {
            v |= (buffer[bufferPos++] & 0xFF) << (8 * b);
        }
        if (bufferPos >= blockSize) {
            bufferReady = false;
            blockDone();
            if (reading) {
                loadBlock();
            }
        }
        return v;
    }

    private void writeData(int value) {
        if (!writing || !bufferReady) {
            return;
        }
        for (int b = 0; b < 4 && bufferPos < blockSize; b++) {
            buffer[bufferPos++] = (byte) (value >>> (8 * b));
        }
        if (bufferPos >= blockSize) {
            SdCard card = card();
            if (card == null) {
                cardGone();
                return;
            }
            card.writeData(buffer, blockSize);
            bufferPos = 0;
            blockDone();
            if (writing) {
                raise(INT_WRITE_RDY);
            }
        }
    }

    /** The slot was routed to the other controller mid-transfer: the data lines go quiet. */
    private void cardGone() {
        resetData();
        raise(INT_DATA_TIMEOUT);
    }

    /** One block moved: count it down (BLKCNT too) and finish the transfer after the last. */
    private void blockDone() {
        if ((cmdtm & TM_BLKCNT_EN) != 0 && (blkSizeCnt >>> 16) > 0) {
            blkSizeCnt -= 1 << 16;
        }
        if (blocksLeft > 0) {
            blocksLeft--;
        }
        if (blocksLeft != 0) {
            return;
        }
        reading = writing = bufferReady = false;
        SdCard card = card();
        if (card == null) {
            cardGone();
            return;
        }
        if (!card.multiBlock()) {
            card.dataDone();
        } else if ((cmdtm & TM_AUTO_CMD_MASK) == TM_AUTO_CMD12) {
            SdCard.Response stop = card.command(12, 0);
            if (stop == null) {
                raise(INT_AUTO_CMD_ERROR);
            } else {
                resp[3] = stop.value(); // auto CMD12 response lands in RESP3 (SDHCI 2.2.7)
            }
        }
        raise(INT_DATA_DONE);
    }
}
