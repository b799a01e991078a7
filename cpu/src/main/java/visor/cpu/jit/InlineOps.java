package visor.cpu.jit;

import visor.cpu.Cpu;

/**
 * The pieces of A64 semantics that translated code calls with operands from its JVM locals and the
 * instruction's fields as constants (small, so HotSpot inlines them and folds the constants). Each one
 * computes exactly what the interpreter's handler computes (visor.cpu.a64: AddWithCarry, ShiftReg,
 * ExtendReg, the flag-setting logicals), which {@code JitDifferentialTest} checks.
 */
final class InlineOps {
    private static final long W = 0xFFFF_FFFFL;

    private InlineOps() {
    }

    /** ShiftReg(value, type, amount) at datasize 64 ({@code sf}) or 32, zero-extended. */
    static long shift(long value, boolean sf, int type, int amount) {
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

    /** AddWithCarry(x, y, 0) setting NZCV (ADDS, CMN). */
    static long adds(Cpu cpu, boolean sf, long x, long y) {
        if (sf) {
            long r = x + y;
            cpu.n = r < 0;
            cpu.z = r == 0;
            cpu.c = Long.compareUnsigned(r, x) < 0;
            cpu.v = ((x ^ r) & (y ^ r)) < 0;
            return r;
        }
        long sum = (x & W) + (y & W);
        int r = (int) sum;
        cpu.n = r < 0;
        cpu.z = r == 0;
        cpu.c = (sum >>> 32) != 0;
        cpu.v = (((int) x ^ r) & ((int) y ^ r)) < 0;
        return r & W;
    }

    /** AddWithCarry(x, NOT(y), 1) setting NZCV (SUBS, CMP). */
    static long subs(Cpu cpu, boolean sf, long x, long y) {
        long ny = ~y;
        if (sf) {
            long r = x + ny + 1;
            cpu.n = r < 0;
            cpu.z = r == 0;
            cpu.c = Long.compareUnsigned(r, x) <= 0;
            cpu.v = ((x ^ r) & (ny ^ r)) < 0;
            return r;
        }
        long sum = (x & W) + (ny & W) + 1;
        int r = (int) sum;
        cpu.n = r < 0;
        cpu.z = r == 0;
        cpu.c = (sum >>> 32) != 0;
        cpu.v = (((int) x ^ r) & ((int) ny ^ r)) < 0;
        return r & W;
    }

    /** NZCV of the flag-setting logicals (ANDS, BICS, TST): N and Z from the result, C = V = 0. */
    static long logicalFlags(Cpu cpu, boolean sf, long result) {
        cpu.n = sf ? result < 0 : (int) result < 0;
        cpu.z = result == 0;
        cpu.c = false;
        cpu.v = false;
        return result;
    }

    /** ROR(value, amount) within the datasize; value holds only datasize bits. */
    static long ror(long value, boolean sf, int amount) {
        if (amount == 0) {
            return value;
        }
        if (sf) {
            return Long.rotateRight(value, amount);
        }
        return Integer.rotateRight((int) value, amount) & W;
    }

    /** SBFM: ROR(src, immr) under wmask and tmask, the rest copies of src<imms>. */
    static long sbfm(long value, boolean sf, int immr, int imms, long wmask, long tmask) {
        long src = sf ? value : value & W;
        long bot = ror(src, sf, immr) & wmask;
        long top = ((src >>> imms) & 1) != 0 ? (sf ? -1L : W) : 0;
        return (top & ~tmask) | (bot & tmask);
    }

    /** UBFM: ROR(src, immr) under wmask and tmask. */
    static long ubfm(long value, boolean sf, int immr, long mask) {
        return ror(sf ? value : value & W, sf, immr) & mask;
    }

    /** ExtendReg for the register-offset loads and stores (UXTW, LSL, SXTW, SXTX), shifted. */
    static long extend(long value, int option, int shift) {
        long v = switch (option) {
            case 0b010 -> value & W;
            case 0b110 -> (int) value;
            default -> value;
        };
        return v << shift;
    }

    /** SignExtend of a {@code size}-byte value to 64 bits. */
    static long signExtend(long value, int size) {
        int sh = 64 - 8 * size;
        return value << sh >> sh;
    }
}
