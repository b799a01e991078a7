package visor.soc.device;

/**
 * The BCM2835 SDHOST controller (SD0, bus address 0x7E202000; not in the ARM Peripherals manual; the
 * register set is the one Linux's drivers/mmc/host/bcm2835.c, U-Boot's bcm2835_sdhost.c and QEMU's
 * hw/sd/bcm2835_sdhost.c program). A command runs when SDCMD is written with NEW set and completes at once:
 * NEW clears, a card that does not answer (or gives a short answer to a long-response command) sets
 * FAIL and SDHSTS.CMD_TIME_OUT, so a driver finds an empty slot at the first command. R2 responses carry
 * all 128 bits (SDRSP3 = bits 127:96). Data moves by PIO through the 16-word SDDATA FIFO: SDHBCT bytes
 * per block, SDHBLC blocks; reads keep the FIFO full from the card, writes drain it to the card; SDEDM
 * reports the FIFO fill level and the data state machine (READDATA/WRITEDATA during a transfer,
 * DATAMODE once it is over), which drivers poll. GPU IRQ 56: busy, block and data interrupts as
 * enabled in SDHCFG.
 */
public final class SdHost extends RegisterDevice {
    public static final int SDCMD = 0x00;
    public static final int SDARG = 0x04;
    public static final int SDTOUT = 0x08;
    public static final int SDCDIV = 0x0C;
    public static final int SDRSP0 = 0x10;
    public static final int SDHSTS = 0x20;
    public static final int SDVDD = 0x30;
    public static final int SDEDM = 0x34;
    public static final int SDHCFG = 0x38;
    public static final int SDHBCT = 0x3C;
    public static final int SDDATA = 0x40;
    public static final int SDHBLC = 0x50;
    public static final int SIZE = 0x100;

    public static final int CMD_NEW = 0x8000, CMD_FAIL = 0x4000, CMD_BUSYWAIT = 0x800;
    public static final int CMD_NO_RESPONSE = 0x400, CMD_LONG_RESPONSE = 0x200;
    public static final int CMD_WRITE = 0x80, CMD_READ = 0x40, CMD_INDEX = 0x3F;

    public static final int HSTS_BUSY_IRPT = 0x400, HSTS_BLOCK_IRPT = 0x200, HSTS_SDIO_IRPT = 0x100;
    public static final int HSTS_REW_TIME_OUT = 0x80, HSTS_CMD_TIME_OUT = 0x40, HSTS_CRC16_ERROR = 0x20;
    public static final int HSTS_CRC7_ERROR = 0x10, HSTS_FIFO_ERROR = 0x08, HSTS_DATA_FLAG = 0x01;
    /** The sticky bits software clears by writing 1 (SDHSTS_CLEAR_MASK in the drivers). */
    static final int HSTS_CLEARABLE = 0x7F8;

    public static final int HCFG_BUSY_IRPT_EN = 1 << 10, HCFG_BLOCK_IRPT_EN = 1 << 8;
    public static final int HCFG_SDIO_IRPT_EN = 1 << 5, HCFG_DATA_IRPT_EN = 1 << 4;

    public static final int EDM_FSM_MASK = 0xF, EDM_FSM_IDENTMODE = 0x0, EDM_FSM_DATAMODE = 0x1;
    public static final int EDM_FSM_READDATA = 0x2, EDM_FSM_WRITEDATA = 0x3;
    public static final int EDM_FIFO_SHIFT = 4, EDM_FIFO_MASK = 0x1F << EDM_FIFO_SHIFT;
    public static final int EDM_FORCE_DATA_MODE = 1 << 19;
    /** Read and write FIFO thresholds of 3 words (bits 18:14 and 13:9), QEMU's reset value. */
    static final int EDM_RESET_THRESHOLDS = 0xC600;

    public static final int FIFO_WORDS = 16;

    private final SdBus bus;
    private final IrqLine irq;

    private int cmd, arg, tout, cdiv, hsts, vdd, edm, fsm, hcfg, hbct, hblc;
    private final int[] rsp = new int[4];

    private final int[] fifo = new int[FIFO_WORDS];
    private int fifoHead, fifoLen;
    private boolean reading, writing;
    private long bytesLeft;
    private byte[] block = new byte[0];
    private int blockPos, blockLen;
    private boolean irqOut;

    public SdHost(SdBus bus, IrqLine irq) {
        this.bus = bus;
        this.irq = irq;
        reset();
    }

    /** The card the controller reaches now, or null. */
    public SdCard card() {
        return bus.card();
    }

    public void reset() {
        cmd = arg = tout = cdiv = hsts = vdd = hcfg = hbct = hblc = 0;
        java.util.Arrays.fill(rsp, 0);
        edm = EDM_RESET_THRESHOLDS;
        fsm = EDM_FSM_IDENTMODE;
        endTransfer();
        update();
    }

    private void endTransfer() {
        reading = writing = false;
        bytesLeft = 0;
        fifoHead = fifoLen = 0;
        blockPos = blockLen = 0;
    }

    private void update() {
        boolean level = (status() & (HSTS_BUSY_IRPT | HSTS_BLOCK_IRPT | HSTS_SDIO_IRPT)) != 0;
        if (level != irqOut) {
            irqOut = level;
            irq.set(level);
        }
    }

    public boolean irqPending() {
        return irqOut;
    }

    /** DATA_FLAG and the data interrupt are levels: words to read, or room to write, in the FIFO. */
    private int status() {
        boolean data = (reading && fifoLen > 0) || (writing && fifoLen < FIFO_WORDS);
        int v = hsts;
        if (data) {
            v |= HSTS_DATA_FLAG | ((hcfg & HCFG_DATA_IRPT_EN) != 0 ? HSTS_SDIO_IRPT : 0);
        }
        return v;
    }

    @Override
    protected int readRegister(int offset) {
        return switch (offset) {
            case SDCMD -> cmd;
            case SDARG -> arg;
            case SDTOUT -> tout;
            case SDCDIV -> cdiv;
            case SDRSP0, SDRSP0 + 4, SDRSP0 + 8, SDRSP0 + 12 -> rsp[(offset - SDRSP0) >> 2];
            case SDHSTS -> status();
            case SDVDD -> vdd;
            case SDEDM -> edm | ((fifoLen << EDM_FIFO_SHIFT) & EDM_FIFO_MASK) | fsm;
            case SDHCFG -> hcfg;
            case SDHBCT -> hbct;
            case SDDATA -> readData();
            case SDHBLC -> hblc;
            default -> unimplementedRead(offset);
        };
    }

    @Override
    protected void writeRegister(int offset, int value) {
        switch (offset) {
            case SDCMD -> {
                cmd = value & 0xFFFF & ~CMD_FAIL;
                if ((value & CMD_NEW) != 0) {
                    command();
                }
            }
            case SDARG -> arg = value;
            case SDTOUT -> tout = value;
            case SDCDIV -> cdiv = value & 0x7FF;
            case SDHSTS -> hsts &= ~(value & HSTS_CLEARABLE);
            case SDVDD -> vdd = value & 1;
            case SDEDM -> {
                // FIFO level and state are read-only; FORCE_DATA_MODE is how drivers end a stuck transfer.
                edm = value & ~(EDM_FIFO_MASK | EDM_FSM_MASK | EDM_FORCE_DATA_MODE);
                if ((value & EDM_FORCE_DATA_MODE) != 0) {
                    endTransfer();
                    fsm = EDM_FSM_DATAMODE;
                }
            }
            case SDHCFG -> hcfg = value & 0x7BF;
            case SDHBCT -> hbct = value;
            case SDDATA -> writeData(value);
            // Linux's bcm2835 driver asks for up to 65535 blocks per request (max_blk_count): keep 16 bits.
            case SDHBLC -> hblc = value & 0xFFFF;
            case SDRSP0, SDRSP0 + 4, SDRSP0 + 8, SDRSP0 + 12 -> { }
            default -> unimplementedWrite(offset, value);
        }
        update();
    }

    private void command() {
        cmd &= ~CMD_NEW;
        SdCard card = card();
        SdCard.Response r = card == null ? null : card.command(cmd & CMD_INDEX, arg);
        if ((cmd & CMD_NO_RESPONSE) == 0) {
            if (r == null || ((cmd & CMD_LONG_RESPONSE) != 0 && r.kind() != 136)) {
                fail();
                return;
            }
            if (r.kind() == 136) {
                byte[] reg = r.wide();
                for (int w = 0; w < 4; w++) {
                    rsp[3 - w] = word(reg, w * 4);
                }
            } else {
                rsp[0] = r.value();
                rsp[1] = rsp[2] = rsp[3] = 0;
            }
        }
        if ((cmd & CMD_BUSYWAIT) != 0 && (hcfg & HCFG_BUSY_IRPT_EN) != 0) {
            hsts |= HSTS_BUSY_IRPT; // the card's busy signal ends at once
        }
        if ((cmd & (CMD_READ | CMD_WRITE)) != 0 && card != null) {
            startTransfer(card);
        }
    }

    private void fail() {
        cmd |= CMD_FAIL;
        hsts |= HSTS_CMD_TIME_OUT;
    }

    private static int word(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    private void startTransfer(SdCard card) {
        endTransfer();
        bytesLeft = (long) hbct * hblc;
        if (bytesLeft == 0 || hbct <= 0) {
            fsm = EDM_FSM_DATAMODE;
            return;
        }
        if (block.length < hbct) {
            block = new byte[hbct];
        }
        reading = (cmd & CMD_READ) != 0;
        writing = !reading;
        fsm = reading ? EDM_FSM_READDATA : EDM_FSM_WRITEDATA;
        if (reading) {
            fill(card);
        }
    }

    /** Moves card data into the FIFO until it is full or the transfer's bytes are all in it. */
    private void fill(SdCard card) {
        while (fifoLen < FIFO_WORDS && bytesLeft > 0) {
            int v = 0;
            for (int b = 0; b < 4 && bytesLeft > 0; b++) {
                if (blockPos == blockLen) {
                    card.readData(block, hbct);
                    blockPos = 0;
                    blockLen = hbct;
                }
                v |= (block[blockPos++] & 0xFF) << (8 * b);
                bytesLeft--;
                if (blockPos == blockLen) {
                    blockDone(card);
                }
            }
            fifo[(fifoHead + fifoLen++) % FIFO_WORDS] = v;
        }
    }

    private int readData() {
        if (fifoLen == 0) {
            return 0;
        }
        int v = fifo[fifoHead];
        fifoHead = (fifoHead + 1) % FIFO_WORDS;
        fifoLen--;
        if (reading) {
            SdCard card = card();
            if (card != null) {
                fill(card);
            }
            if (bytesLeft == 0 && fifoLen == 0) {
                reading = false;
                fsm = EDM_FSM_DATAMODE;
            }
        }
        update();
        return v;
    }

    private void writeData(int value) {
        if (!writing) {
            return;
        }
        SdCard card = card();
        if (card == null) {
            endTransfer();
            hsts |= HSTS_REW_TIME_OUT;
            fsm = EDM_FSM_DATAMODE;
            return;
        }
        // The FIFO drains into the card as fast as it fills: store the word's bytes straight away.
        for (int b = 0; b < 4 && bytesLeft > 0; b++) {
            block[blockPos++] = (byte) (value >>> (8 * b));
            bytesLeft--;
            if (blockPos == hbct) {
                card.writeData(block, hbct);
                blockPos = 0;
                blockDone(card);
            }
        }
        if (bytesLeft == 0) {
            writing = false;
            fsm = EDM_FSM_DATAMODE;
        }
    }

    /** A whole block went over the data lines: block interrupt; a single-block command ends there. */
    private void blockDone(SdCard card) {
        if ((hcfg & HCFG_BLOCK_IRPT_EN) != 0) {
            hsts |= HSTS_BLOCK_IRPT;
        }
        if (bytesLeft == 0 && !card.multiBlock()) {
            card.dataDone();
        }
    }
}
