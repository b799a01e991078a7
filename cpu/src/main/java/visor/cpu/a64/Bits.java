package visor.cpu.a64;

import visor.cpu.Cpu;

/**
 * Integer helpers shared by the A64 instruction groups, named after the ARM ARM pseudocode functions
 * (J1 shared/functions). {@code sf} selects the 64-bit ({@code true}) or 32-bit datasize; 32-bit values
 * are carried in the low half of a long and returned zero-extended.
 */
public final class Bits {
    private Bits() {
    }

    public static final int LSL = 0, LSR = 1, ASR = 2, ROR = 3;

    /** Ones(n) for 0 <= n <= 64. */
    public static long ones(int n) {
        return n >= 64 ? -1L : (1L << n) - 1;
    }

    /** The low 32 bits, zero-extended, when {@code sf} is 0. */
    public static long truncate(boolean sf, long value) {
        return sf ? value : value & 0xFFFF_FFFFL;
    }

    /**
     * AddWithCarry(x, y, carry_in) at datasize 64 or 32; when {@code setFlags} writes PSTATE.NZCV from
     * the result. Returns the (zero-extended) result.
     */
    public static long addWithCarry(Cpu cpu, boolean sf, long x, long y, int carryIn, boolean setFlags) {
        if (sf) {
            long r = x + y + carryIn;
            if (setFlags) {
                cpu.n = r < 0;
                cpu.z = r == 0;
                // unsigned_sum != UInt(result): the sum wrapped past 2^64.
                int cmp = Long.compareUnsigned(r, x);
                cpu.c = cmp < 0 || (carryIn != 0 && cmp == 0);
                // signed_sum != SInt(result): both operands' sign differs from the result's.
                cpu.v = ((x ^ r) & (y ^ r)) < 0;
            }
            return r;
        }
        long ux = x & 0xFFFF_FFFFL, uy = y & 0xFFFF_FFFFL;
        long sum = ux + uy + carryIn;
        int r = (int) sum;
        if (setFlags) {
            cpu.n = r < 0;
            cpu.z = r == 0;
            cpu.c = (sum >>> 32) != 0;
            cpu.v = (((int) x ^ r) & ((int) y ^ r)) < 0;
        }
        return r & 0xFFFF_FFFFL;
    }

    /** ROR(value, shift) within {@code esize} bits (value holds only esize bits). */
    public static long ror(long value, int shift, int esize) {
        if (shift == 0) {
            return value;
        }
        if (esize == 64) {
            return Long.rotateRight(value, shift);
        }
        return ((value >>> shift) | (value << (esize - shift))) & ones(esize);
    }

    /** Replicate(value<esize-1:0>) to 64 bits. */
    public static long replicate(long value, int esize) {
        long r = value & ones(esize);
        for (int e = esize; e < 64; e <<= 1) {
            r |= r << e;
        }
        return r;
    }

    /** The element size 1 << len of DecodeBitMasks, or 0 when len < 1 (reserved). */
    private static int esize(int immN, int imms) {
        int combined = (immN << 6) | (~imms & 0x3F);
        if (combined == 0) {
            return 0;
        }
        int len = 31 - Integer.numberOfLeadingZeros(combined); // HighestSetBit
        return len < 1 ? 0 : 1 << len;
    }

    /**
     * The wmask of DecodeBitMasks(immN, imms, immr, immediate), replicated to 64 bits, or 0 when the
     * encoding is reserved (len < 1, or an all-ones element for a logical immediate). A valid wmask is
     * never 0, since the element has at least one set bit.
     */
    public static long decodeBitMasksW(int immN, int imms, int immr, boolean immediate) {
        int esize = esize(immN, imms);
        if (esize == 0) {
            return 0;
        }
        int levels = esize - 1;
        if (immediate && (imms & levels) == levels) {
            return 0;
        }
        int s = imms & levels;
        int r = immr & levels;
        long welem = ones(s + 1);
        return replicate(ror(welem, r, esize), esize);
    }

    /** The tmask of DecodeBitMasks (used by the bitfield moves), or 0 when reserved. */
    public static long decodeBitMasksT(int immN, int imms, int immr) {
        int esize = esize(immN, imms);
        if (esize == 0) {
            return 0;
        }
        int levels = esize - 1;
        int s = imms & levels;
        int r = immr & levels;
        int d = (s - r) & levels; // diff<len-1:0>
        return replicate(ones(d + 1), esize);
    }

    /** ShiftReg(reg, shiftType, amount) at datasize 64 or 32 (amount < datasize), zero-extended. */
    public static long shiftReg(Cpu cpu, boolean sf, int reg, int type, int amount) {
        long value = cpu.x(reg);
        if (sf) {
            return switch (type) {
                case LSL -> value << amount;
                case LSR -> value >>> amount;
                case ASR -> value >> amount;
                default -> Long.rotateRight(value, amount);
            };
        }
        int w = (int) value;
        int r = switch (type) {
            case LSL -> w << amount;
            case LSR -> w >>> amount;
            case ASR -> w >> amount;
            default -> Integer.rotateRight(w, amount);
        };
        return r & 0xFFFF_FFFFL;
    }

    /**
     * ExtendReg(reg, extendType, shift) at datasize 64 or 32, shift in 0..4: the register's low 8/16/32/64
     * bits (UXTB..SXTX by {@code option}) sign- or zero-extended, then shifted left; zero-extended result.
     */
    public static long extendReg(Cpu cpu, boolean sf, int reg, int option, int shift) {
        long value = cpu.x(reg);
        long extended = switch (option) {
            case 0 -> value & 0xFF;
            case 1 -> value & 0xFFFF;
            case 2 -> value & 0xFFFF_FFFFL;
            case 3 -> value;
            case 4 -> (byte) value;
            case 5 -> (short) value;
            case 6 -> (int) value;
            default -> value;
        };
        return truncate(sf, extended << shift);
    }

    /** SignExtend of the low {@code bits} bits of {@code value}. */
    public static long signExtend(long value, int bits) {
        return (value << (64 - bits)) >> (64 - bits);
    }
}
