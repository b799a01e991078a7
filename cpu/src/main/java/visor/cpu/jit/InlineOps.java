package visor.cpu.jit;

/**
 * The pieces of A64 semantics that translated code calls with operands from its JVM locals and the
 * instruction's fields as constants (small, so HotSpot inlines them and folds the constants). Each one
 * computes exactly what the interpreter's handler computes (visor.cpu.a64: AddWithCarry, ShiftReg,
 * ExtendReg, the flag-setting logicals), which {@code JitDifferentialTest} checks.
 */
public final class InlineOps {
    private static final long W = 0xFFFF_FFFFL;

    private InlineOps() {
    }

    /** ShiftReg(value, type, amount) at datasize 64 ({@code sf}) or 32, zero-extended. */
    public static long shift(long value, boolean sf, int type, int amount) {
        if (sf) {
            return switch (type) {
                case 0 -> value << amount;
                case 1 -> value >>> amount;
                case 2 -> value >> amount;
                default -> Long.rotateRight(value, amount);
            };
        }
        int w = (int) value;
        int r = switch (type) {
            case 0 -> w << amount;
            case 1 -> w >>> amount;
            case 2 -> w >> amount;
            default -> Integer.rotateRight(w, amount);
        };
        return r & W;
    }

    /** N of a result of datasize 64 ({@code sf}) or 32: its top bit, as 0 or 1. */
    public static int negative(long r, boolean sf) {
        return sf ? (int) (r >>> 63) : ((int) r >>> 31);
    }

    /** Z of a result (holding only datasize bits), as 0 or 1. */
    public static int zero(long r) {
        return (int) (((r | -r) >>> 63) ^ 1);
    }

    /**
     * C of AddWithCarry(x, y, carry) = r: the carry out of the datasize's top bit, which follows from the
     * top bits of x, y and r whatever the carry in was (majority of x, y and the carry into that bit).
     */
    public static int carry(long x, long y, long r, boolean sf) {
        long out = (x & y) | ((x | y) & ~r);
        return sf ? (int) (out >>> 63) : (int) (out >>> 31) & 1;
    }

    /** V of AddWithCarry(x, y, carry) = r: the operands agree in sign and the result does not. */
    public static int overflow(long x, long y, long r, boolean sf) {
        long out = (x ^ r) & (y ^ r);
        return sf ? (int) (out >>> 63) : (int) (out >>> 31) & 1;
    }

    /** ROR(value, amount) within the datasize; value holds only datasize bits. */
    public static long ror(long value, boolean sf, int amount) {
        if (amount == 0) {
            return value;
        }
        if (sf) {
            return Long.rotateRight(value, amount);
        }
        return Integer.rotateRight((int) value, amount) & W;
    }

    /** SBFM: ROR(src, immr) under wmask and tmask, the rest copies of src<imms>. */
    public static long sbfm(long value, boolean sf, int immr, int imms, long wmask, long tmask) {
        long src = sf ? value : value & W;
        long bot = ror(src, sf, immr) & wmask;
        long top = ((src >>> imms) & 1) != 0 ? (sf ? -1L : W) : 0;
        return (top & ~tmask) | (bot & tmask);
    }

    /** UBFM: ROR(src, immr) under wmask and tmask. */
    public static long ubfm(long value, boolean sf, int immr, long mask) {
        return ror(sf ? value : value & W, sf, immr) & mask;
    }

    /** ExtendReg for the register-offset loads and stores (UXTW, LSL, SXTW, SXTX), shifted. */
    public static long extend(long value, int option, int shift) {
        long v = switch (option) {
            case 0b010 -> value & W;
            case 0b110 -> (int) value;
            default -> value;
        };
        return v << shift;
    }

    /** SignExtend of a {@code size}-byte value to 64 bits. */
    public static long signExtend(long value, int size) {
        int sh = 64 - 8 * size;
        return value << sh >> sh;
    }
}
