package visor.soc.device;

/**
 * The hardware random number generator (bcm2835-rng: Linux drivers/char/hw_random/bcm2835-rng.c).
 * Once RNG_CTRL.RBGEN is set, RNG_STATUS bits 31:24 report words ready and RNG_DATA yields them. The
 * words come from an xorshift64* generator so runs with a fixed seed are reproducible.
 */
public final class Rng extends RegisterDevice {
    public static final int RNG_CTRL = 0x00;
    public static final int RNG_STATUS = 0x04;
    public static final int RNG_DATA = 0x08;
    public static final int RNG_FF_THRESHOLD = 0x0C;
    public static final int RNG_INT_MASK = 0x10;
    public static final int SIZE = 0x14;

    public static final int CTRL_RBGEN = 1;
    /** Words the FIFO holds once warmed up. */
    public static final int FIFO_WORDS = 4;

    private final long seed;
    private long state;
    private int ctrl, status, threshold, intMask;

    public Rng(long seed) {
        this.seed = seed;
        reset();
    }

    public void reset() {
        state = seed == 0 ? 0x9E37_79B9_7F4A_7C15L : seed;
        ctrl = status = threshold = intMask = 0;
    }

    private int next() {
        state ^= state >>> 12;
        state ^= state << 25;
        state ^= state >>> 27;
        return (int) ((state * 0x2545_F491_4F6C_DD1DL) >>> 32);
    }

    @Override
    protected int readRegister(int offset) {
        boolean on = (ctrl & CTRL_RBGEN) != 0;
        return switch (offset) {
            case RNG_CTRL -> ctrl;
            case RNG_STATUS -> (status & 0xF_FFFF) | (on ? FIFO_WORDS << 24 : 0);
            case RNG_DATA -> on ? next() : 0;
            case RNG_FF_THRESHOLD -> threshold;
            case RNG_INT_MASK -> intMask;
            default -> unimplementedRead(offset);
        };
    }

    @Override
    protected void writeRegister(int offset, int value) {
        switch (offset) {
            case RNG_CTRL -> ctrl = value;
            case RNG_STATUS -> status = value & 0xF_FFFF; // warm-up count
            case RNG_FF_THRESHOLD -> threshold = value;
            case RNG_INT_MASK -> intMask = value;
            case RNG_DATA -> { }
            default -> unimplementedWrite(offset, value);
        }
    }
}
