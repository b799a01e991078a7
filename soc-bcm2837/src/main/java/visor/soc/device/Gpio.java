package visor.soc.device;

/**
 * The GPIO register file (ARM Peripherals manual ch. 6): function selects are remembered (drivers read
 * them back, e.g. ALT5 on pins 14/15 for the mini-UART), outputs latch through SET/CLR and show in LEV,
 * inputs read the level their pull resistor gives (set through the GPPUD/GPPUDCLK sequence), and the
 * edge/level detect enables feed GPEDS, which raises GPU IRQs 49 (bank 0), 50 (bank 1) and 52 (any).
 * Nothing is attached to the pins.
 */
public final class Gpio extends RegisterDevice {
    public static final int GPFSEL0 = 0x00;
    public static final int GPSET0 = 0x1C;
    public static final int GPSET1 = 0x20;
    public static final int GPCLR0 = 0x28;
    public static final int GPCLR1 = 0x2C;
    public static final int GPLEV0 = 0x34;
    public static final int GPLEV1 = 0x38;
    public static final int GPEDS0 = 0x40;
    public static final int GPREN0 = 0x4C;
    public static final int GPFEN0 = 0x58;
    public static final int GPHEN0 = 0x64;
    public static final int GPLEN0 = 0x70;
    public static final int GPAREN0 = 0x7C;
    public static final int GPAFEN0 = 0x88;
    public static final int GPPUD = 0x94;
    public static final int GPPUDCLK0 = 0x98;
    public static final int GPPUDCLK1 = 0x9C;
    public static final int SIZE = 0xB4;

    public static final int PINS = 54;
    public static final int FSEL_INPUT = 0, FSEL_OUTPUT = 1;
    public static final int PUD_OFF = 0, PUD_DOWN = 1, PUD_UP = 2;

    private final IrqLine bank0Irq, bank1Irq, anyIrq;
    private final int[] fsel = new int[6];
    private long outputs;
    /** Pin level when not driven as an output: what its pull gives. */
    private long pulledHigh;
    private long eds, ren, fen, hen, len, aren, afen;
    private int pud;
    private long lastLevel;
    private Runnable functionListener = () -> { };

    public Gpio(IrqLine bank0Irq, IrqLine bank1Irq, IrqLine anyIrq) {
        this.bank0Irq = bank0Irq;
        this.bank1Irq = bank1Irq;
        this.anyIrq = anyIrq;
        reset();
    }

    public void reset() {
        java.util.Arrays.fill(fsel, 0);
        outputs = 0;
        // Reset pulls (manual table 6-31): pins 0-8 pull high, the rest of bank 0 pull low.
        pulledHigh = 0x1FFL;
        eds = ren = fen = hen = len = aren = afen = 0;
        pud = 0;
        lastLevel = levels();
        updateIrq();
    }

    /** Told after every function-select write: what is wired to a pin follows its function (SD slot). */
    public void setFunctionListener(Runnable listener) {
        this.functionListener = listener;
    }

    public int function(int pin) {
        return (fsel[pin / 10] >>> ((pin % 10) * 3)) & 7;
    }

    private long outputMask() {
        long m = 0;
        for (int pin = 0; pin < PINS; pin++) {
            if (function(pin) == FSEL_OUTPUT) {
                m |= 1L << pin;
            }
        }
        return m;
    }

    public long levels() {
        long out = outputMask();
        return ((outputs & out) | (pulledHigh & ~out)) & ((1L << PINS) - 1);
    }

    private void levelsChanged() {
        long now = levels();
        long rose = now & ~lastLevel, fell = ~now & lastLevel;
        eds |= (rose & (ren | aren)) | (fell & (fen | afen));
        lastLevel = now;
        eds |= (now & hen) | (~now & len & ((1L << PINS) - 1));
        updateIrq();
    }

    private void updateIrq() {
        bank0Irq.set((eds & 0xFFFF_FFFFL) != 0);
        bank1Irq.set((eds >>> 32) != 0);
        anyIrq.set(eds != 0);
    }

    private static long lo(long v, int word) {
        return word == 0 ? v & 0xFFFF_FFFFL : v >>> 32;
    }

    private static long put(long reg, int word, int value) {
        long v = value & 0xFFFF_FFFFL;
        return word == 0 ? (reg & ~0xFFFF_FFFFL) | v : (reg & 0xFFFF_FFFFL) | ((v & 0x3FFFFF) << 32);
    }

    @Override
    protected int readRegister(int offset) {
        if (offset >= GPFSEL0 && offset < GPFSEL0 + 24) {
            return fsel[offset >> 2];
        }
        return switch (offset) {
            case GPLEV0, GPLEV1 -> (int) lo(levels(), offset == GPLEV0 ? 0 : 1);
            case GPEDS0, GPEDS0 + 4 -> (int) lo(eds, (offset - GPEDS0) >> 2);
            case GPREN0, GPREN0 + 4 -> (int) lo(ren, (offset - GPREN0) >> 2);
            case GPFEN0, GPFEN0 + 4 -> (int) lo(fen, (offset - GPFEN0) >> 2);
            case GPHEN0, GPHEN0 + 4 -> (int) lo(hen, (offset - GPHEN0) >> 2);
            case GPLEN0, GPLEN0 + 4 -> (int) lo(len, (offset - GPLEN0) >> 2);
            case GPAREN0, GPAREN0 + 4 -> (int) lo(aren, (offset - GPAREN0) >> 2);
            case GPAFEN0, GPAFEN0 + 4 -> (int) lo(afen, (offset - GPAFEN0) >> 2);
            case GPPUD -> pud;
            case GPSET0, GPSET1, GPCLR0, GPCLR1, GPPUDCLK0, GPPUDCLK1 -> 0; // write-only
            default -> unimplementedRead(offset);
        };
    }

    @Override
    protected void writeRegister(int offset, int value) {
        long v = value & 0xFFFF_FFFFL;
        if (offset >= GPFSEL0 && offset < GPFSEL0 + 24) {
            fsel[offset >> 2] = offset == 0x14 ? value & 0xFFF : value & 0x3FFF_FFFF;
            levelsChanged();
            functionListener.run();
            return;
        }
        switch (offset) {
            case GPSET0 -> outputs |= v;
            case GPSET1 -> outputs |= (v & 0x3FFFFF) << 32;
            case GPCLR0 -> outputs &= ~v;
            case GPCLR1 -> outputs &= ~((v & 0x3FFFFF) << 32);
            case GPEDS0 -> eds &= ~v;
            case GPEDS0 + 4 -> eds &= ~(v << 32);
            case GPREN0, GPREN0 + 4 -> ren = put(ren, (offset - GPREN0) >> 2, value);
            case GPFEN0, GPFEN0 + 4 -> fen = put(fen, (offset - GPFEN0) >> 2, value);
            case GPHEN0, GPHEN0 + 4 -> hen = put(hen, (offset - GPHEN0) >> 2, value);
            case GPLEN0, GPLEN0 + 4 -> len = put(len, (offset - GPLEN0) >> 2, value);
            case GPAREN0, GPAREN0 + 4 -> aren = put(aren, (offset - GPAREN0) >> 2, value);
            case GPAFEN0, GPAFEN0 + 4 -> afen = put(afen, (offset - GPAFEN0) >> 2, value);
            case GPPUD -> pud = value & 3;
            case GPPUDCLK0, GPPUDCLK1 -> {
                // Clocking a pin latches the control set up in GPPUD into its pull (manual p. 101).
                long pins = offset == GPPUDCLK0 ? v : (v & 0x3FFFFF) << 32;
                if (pud == PUD_UP) {
                    pulledHigh |= pins;
                } else if (pud == PUD_DOWN || pud == PUD_OFF) {
                    pulledHigh &= ~pins;
                }
            }
            case GPLEV0, GPLEV1 -> { }
            default -> unimplementedWrite(offset, value);
        }
        levelsChanged();
    }
}
