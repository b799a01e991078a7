package visor.cpu.a64;

import java.math.BigInteger;
import visor.cpu.Cpu;

/**
 * The ARM ARM floating-point library (shared/functions/float): FPUnpack, FPProcessNaN(s), FPRoundBase,
 * FPAdd/FPMul/FPDiv/FPSqrt/FPMulAdd, FPMax/FPMin(Num), FPCompare, FPRoundInt, FPToFixed, FixedToFP and
 * FPConvert, on raw bit patterns of width {@code n} = 16, 32 or 64 (held in the low bits of a long).
 *
 * <p>Results and FPSR cumulative flags are exact. The common case (round to nearest, a normal result)
 * uses Java's correctly rounded double/float arithmetic, with an exact error term (two-sum, fma
 * residual) deciding Inexact; any other case (directed rounding, tiny or overflowing results, flush to
 * zero) computes the exact value with BigInteger and goes through {@link #fpRound}, the pseudocode's
 * FPRoundBase. The A53 does not trap floating-point exceptions, so only the cumulative bits are set.
 */
public final class FpCore {
    private FpCore() {
    }

    public static final int FPCR_AHP = 1 << 26, FPCR_DN = 1 << 25, FPCR_FZ = 1 << 24;
    public static final int IOC = 1, DZC = 1 << 1, OFC = 1 << 2, UFC = 1 << 3, IXC = 1 << 4, IDC = 1 << 7;
    public static final int QC = 1 << 27;

    /** FPRounding values: FPCR.RMode encodings 0-3, then TIEAWAY and ODD (FCVTXN). */
    public static final int RN = 0, RP = 1, RM = 2, RZ = 3, RNA = 4, ODD = 5;

    private static final double TINY = 0x1p-960;
    private static final double HUGE = 0x1p1020;

    /** FPDecodeRounding(FPCR.RMode). */
    public static int rmode(int fpcr) {
        return (fpcr >>> 22) & 3;
    }

    // ---- Bit-pattern helpers ----------------------------------------------------------------------------

    static int fracBits(int n) {
        return n == 64 ? 52 : n == 32 ? 23 : 10;
    }

    static int expBits(int n) {
        return n == 64 ? 11 : n == 32 ? 8 : 5;
    }

    public static long signBit(int n) {
        return 1L << (n - 1);
    }

    static long expField(int n, long op) {
        return (op >>> fracBits(n)) & ((1L << expBits(n)) - 1);
    }

    static long fracField(int n, long op) {
        return op & ((1L << fracBits(n)) - 1);
    }

    public static boolean isNaN(int n, long op) {
        return expField(n, op) == (1L << expBits(n)) - 1 && fracField(n, op) != 0;
    }

    static boolean isSNaN(int n, long op) {
        return isNaN(n, op) && (op & (1L << (fracBits(n) - 1))) == 0;
    }

    static boolean isInf(int n, long op) {
        return expField(n, op) == (1L << expBits(n)) - 1 && fracField(n, op) == 0;
    }

    static boolean isZero(int n, long op) {
        return (op & (signBit(n) - 1)) == 0;
    }

    static boolean isNeg(int n, long op) {
        return (op & signBit(n)) != 0;
    }

    public static long defaultNaN(int n) {
        return n == 64 ? 0x7FF8_0000_0000_0000L : n == 32 ? 0x7FC0_0000L : 0x7E00L;
    }

    static long infinity(int n, boolean neg) {
        return (neg ? signBit(n) : 0) | (((1L << expBits(n)) - 1) << fracBits(n));
    }

    static long zero(int n, boolean neg) {
        return neg ? signBit(n) : 0;
    }

    static long maxNormal(int n, boolean neg) {
        return (neg ? signBit(n) : 0) | ((((1L << expBits(n)) - 2) << fracBits(n)) | ((1L << fracBits(n)) - 1));
    }

    /** The exact value of a finite S or D operand (n = 32 or 64). */
    static double toDouble(int n, long op) {
        return n == 64 ? Double.longBitsToDouble(op) : Float.intBitsToFloat((int) op);
    }

    /** The bits of a double that is exactly representable in width n (32 or 64, not NaN). */
    static long fromDouble(int n, double v) {
        return n == 64 ? Double.doubleToRawLongBits(v) : Float.floatToRawIntBits((float) v) & 0xFFFF_FFFFL;
    }

    static void raise(Cpu cpu, int flags) {
        cpu.fpsr |= flags;
    }

    /** FPUnpack's flush of a denormal input to zero when FPCR.FZ = 1 (not for half precision in v8.0). */
    static long flush(Cpu cpu, int fpcr, int n, long op) {
        if ((fpcr & FPCR_FZ) != 0 && n != 16 && expField(n, op) == 0 && fracField(n, op) != 0) {
            raise(cpu, IDC);
            return op & signBit(n);
        }
        return op;
    }

    /** FPProcessNaN. */
    static long processNaN(Cpu cpu, int fpcr, int n, long op) {
        if (isSNaN(n, op)) {
            raise(cpu, IOC);
            op |= 1L << (fracBits(n) - 1);
        }
        return (fpcr & FPCR_DN) != 0 ? defaultNaN(n) : op;
    }

    /** FPProcessNaNs: call only when at least one operand is a NaN. */
    static long processNaNs(Cpu cpu, int fpcr, int n, long op1, long op2) {
        if (isSNaN(n, op1)) {
            return processNaN(cpu, fpcr, n, op1);
        } else if (isSNaN(n, op2)) {
            return processNaN(cpu, fpcr, n, op2);
        } else if (isNaN(n, op1)) {
            return processNaN(cpu, fpcr, n, op1);
        }
        return processNaN(cpu, fpcr, n, op2);
    }

    static long invalid(Cpu cpu, int n) {
        raise(cpu, IOC);
        return defaultNaN(n);
    }

    /** Error of the rounded sum s = a + b (Knuth's two-sum; exact unless s overflows). */
    static double twoSumErr(double a, double b, double s) {
        double bb = s - a;
        return (a - (s - bb)) + (b - bb);
    }

    // ---- FPRoundBase --------------------------------------------------------------------------------------

    /**
     * FPRoundBase for the exact nonzero value {@code (neg ? -1 : 1) * mant * 2^exp}, {@code mant} unsigned.
     * Bits below the 64 of {@code mant} must have been OR-ed into its least significant bit (sticky),
     * which is at least two places below any rounding position.
     */
    static long fpRound(Cpu cpu, int fpcr, int n, int rounding, boolean neg, int exp, long mant) {
        int f = fracBits(n), e = expBits(n);
        int minExp = 2 - (1 << (e - 1));
        int lz = Long.numberOfLeadingZeros(mant);
        mant <<= lz;
        int exponent = exp + 63 - lz;
        long sign = neg ? signBit(n) : 0;
        if (n != 16 && (fpcr & FPCR_FZ) != 0 && exponent < minExp) {
            raise(cpu, UFC);
            return sign;
        }
        int biasedExp = Math.max(exponent - minExp + 1, 0);
        int sh = 63 - f + (biasedExp == 0 ? minExp - exponent : 0);
        long intMant;
        long rem;
        int cmpHalf;
        if (sh < 64) {
            intMant = mant >>> sh;
            rem = mant & ((1L << sh) - 1);
            cmpHalf = Long.compareUnsigned(rem, 1L << (sh - 1));
        } else {
            intMant = 0;
            rem = mant;
            cmpHalf = sh == 64 ? Long.compareUnsigned(mant, 1L << 63) : -1;
        }
        boolean inexact = rem != 0;
        if (biasedExp == 0 && inexact) {
            raise(cpu, UFC);
        }
        boolean roundUp;
        boolean overflowToInf;
        switch (rounding) {
            case RN -> {
                roundUp = cmpHalf > 0 || (cmpHalf == 0 && (intMant & 1) != 0);
                overflowToInf = true;
            }
            case RP -> {
                roundUp = inexact && !neg;
                overflowToInf = !neg;
            }
            case RM -> {
                roundUp = inexact && neg;
                overflowToInf = neg;
            }
            case RNA -> {
                roundUp = cmpHalf >= 0;
                overflowToInf = true;
            }
            default -> {
                roundUp = false;
                overflowToInf = false;
            }
        }
        if (rounding == ODD && inexact) {
            intMant |= 1;
        }
        if (roundUp) {
            intMant++;
            if (intMant == 1L << f) {
                biasedExp = 1;
            }
            if (intMant == 1L << (f + 1)) {
                biasedExp++;
                intMant >>>= 1;
            }
        }
        long result;
        boolean altHp = n == 16 && (fpcr & FPCR_AHP) != 0;
        if (!altHp && biasedExp >= (1 << e) - 1) {
            result = overflowToInf ? infinity(n, neg) : maxNormal(n, neg);
            raise(cpu, OFC);
            inexact = true;
        } else if (altHp && biasedExp >= 1 << e) {
            result = sign | ((1L << (n - 1)) - 1);
            raise(cpu, IOC);
            inexact = false;
        } else {
            result = sign | ((long) biasedExp << f) | (intMant & ((1L << f) - 1));
        }
        if (inexact) {
            raise(cpu, IXC);
        }
        return result;
    }

    /** FPRound of the exact finite nonzero double {@code v} to width n. */
    static long roundDouble(Cpu cpu, int fpcr, int n, int rounding, double v) {
        long bits = Double.doubleToRawLongBits(v);
        int be = (int) (bits >>> 52) & 0x7FF;
        long m = bits & ((1L << 52) - 1);
        if (be != 0) {
            m |= 1L << 52;
        } else {
            be = 1;
        }
        return fpRound(cpu, fpcr, n, rounding, bits < 0, be - 1075, m);
    }

    // ---- Exact slow path ----------------------------------------------------------------------------------

    private static final int OP_ADD = 0, OP_MUL = 1, OP_DIV = 2, OP_SQRT = 3, OP_FMA = 4;

    /** v * 2^1074 as an exact BigInteger (v finite). */
    private static BigInteger scaled(double v) {
        long bits = Double.doubleToRawLongBits(v);
        int be = (int) (bits >>> 52) & 0x7FF;
        long m = bits & ((1L << 52) - 1);
        if (be != 0) {
            m |= 1L << 52;
        } else {
            be = 1;
        }
        BigInteger r = BigInteger.valueOf(m).shiftLeft(be - 1);
        return bits < 0 ? r.negate() : r;
    }

    /**
     * Computes a + b, a * b, a / b, sqrt(a) or c + a * b exactly and rounds it to width n. Used when the
     * fast path cannot decide the result or the flags. Operands are finite; an exact zero result takes
     * the sign the pseudocode gives a sum that cancels.
     */
    private static long slow(Cpu cpu, int fpcr, int n, int rounding, int op, double a, double b, double c) {
        BigInteger v;
        int exp;
        boolean sticky = false;
        switch (op) {
            case OP_ADD -> {
                v = scaled(a).add(scaled(b));
                exp = -1074;
            }
            case OP_MUL -> {
                v = scaled(a).multiply(scaled(b));
                exp = -2148;
            }
            case OP_FMA -> {
                v = scaled(c).shiftLeft(1074).add(scaled(a).multiply(scaled(b)));
                exp = -2148;
            }
            case OP_DIV -> {
                BigInteger x = scaled(a).abs(), y = scaled(b).abs();
                int k = Math.max(0, y.bitLength() - x.bitLength()) + 70;
                BigInteger[] qr = x.shiftLeft(k).divideAndRemainder(y);
                v = (a < 0) != (b < 0) ? qr[0].negate() : qr[0];
                sticky = qr[1].signum() != 0;
                exp = -k;
            }
            default -> {
                BigInteger x = scaled(a);
                int k = Math.max(0, 160 - x.bitLength()) & ~1;
                x = x.shiftLeft(k);
                BigInteger s = x.sqrt();
                sticky = !s.multiply(s).equals(x);
                v = s;
                exp = -(1074 + k) / 2;
            }
        }
        if (v.signum() == 0) {
            return zero(n, rounding == RM);
        }
        boolean neg = v.signum() < 0;
        v = v.abs();
        int bl = v.bitLength();
        long m;
        if (bl > 62) {
            int shift = bl - 62;
            sticky |= v.getLowestSetBit() < shift;
            m = v.shiftRight(shift).longValue();
            exp += shift;
        } else {
            m = v.longValue();
        }
        if (sticky) {
            m = (m << 1) | 1;
            exp--;
        }
        return fpRound(cpu, fpcr, n, rounding, neg, exp, m);
    }

    // ---- Arithmetic ---------------------------------------------------------------------------------------

    /** FPAdd, or FPSub when {@code subtract}. */
    public static long add(Cpu cpu, int n, long op1, long op2, boolean subtract) {
        int fpcr = cpu.fpcr;
        op1 = flush(cpu, fpcr, n, op1);
        op2 = flush(cpu, fpcr, n, op2);
        if (isNaN(n, op1) || isNaN(n, op2)) {
            return processNaNs(cpu, fpcr, n, op1, op2);
        }
        if (subtract) {
            op2 ^= signBit(n);
        }
        boolean inf1 = isInf(n, op1), inf2 = isInf(n, op2);
        boolean neg1 = isNeg(n, op1), neg2 = isNeg(n, op2);
        if (inf1 && inf2 && neg1 != neg2) {
            return invalid(cpu, n);
        } else if (inf1 || inf2) {
            return infinity(n, inf1 ? neg1 : neg2);
        } else if (isZero(n, op1) && isZero(n, op2) && neg1 == neg2) {
            return zero(n, neg1);
        }
        double a = toDouble(n, op1), b = toDouble(n, op2);
        int rounding = rmode(fpcr);
        if (n == 64) {
            double r = a + b;
            if (r == 0) {
                return zero(n, rounding == RM);
            }
            double ar = Math.abs(r);
            if (ar > Double.MIN_NORMAL && ar <= Double.MAX_VALUE) {
                return finish(cpu, 64, rounding, Double.doubleToRawLongBits(r), twoSumErr(a, b, r));
            }
        } else {
            double d = a + b;
            if (d == 0) {
                return zero(n, rounding == RM);
            }
            float r = (float) d;
            float ar = Math.abs(r);
            if (ar > Float.MIN_NORMAL && ar <= Float.MAX_VALUE) {
                return finish(cpu, 32, rounding, Float.floatToRawIntBits(r) & 0xFFFF_FFFFL,
                        r != d ? d - r : twoSumErr(a, b, d));
            }
        }
        return slow(cpu, fpcr, n, rounding, OP_ADD, a, b, 0);
    }

    /** FPMul. */
    public static long mul(Cpu cpu, int n, long op1, long op2) {
        int fpcr = cpu.fpcr;
        op1 = flush(cpu, fpcr, n, op1);
        op2 = flush(cpu, fpcr, n, op2);
        if (isNaN(n, op1) || isNaN(n, op2)) {
            return processNaNs(cpu, fpcr, n, op1, op2);
        }
        boolean inf1 = isInf(n, op1), inf2 = isInf(n, op2), zero1 = isZero(n, op1), zero2 = isZero(n, op2);
        boolean neg = isNeg(n, op1) != isNeg(n, op2);
        if ((inf1 && zero2) || (zero1 && inf2)) {
            return invalid(cpu, n);
        } else if (inf1 || inf2) {
            return infinity(n, neg);
        } else if (zero1 || zero2) {
            return zero(n, neg);
        }
        double a = toDouble(n, op1), b = toDouble(n, op2);
        int rounding = rmode(fpcr);
        if (n == 64) {
            double r = a * b;
            double ar = Math.abs(r);
            if (ar >= TINY && ar <= Double.MAX_VALUE) {
                return finish(cpu, 64, rounding, Double.doubleToRawLongBits(r), Math.fma(a, b, -r));
            }
        } else {
            double d = a * b;
            float r = (float) d;
            float ar = Math.abs(r);
            if (ar > Float.MIN_NORMAL && ar <= Float.MAX_VALUE) {
                return finish(cpu, 32, rounding, Float.floatToRawIntBits(r) & 0xFFFF_FFFFL, d - r);
            }
        }
        return slow(cpu, fpcr, n, rounding, OP_MUL, a, b, 0);
    }

    /** FPDiv. */
    public static long div(Cpu cpu, int n, long op1, long op2) {
        int fpcr = cpu.fpcr;
        op1 = flush(cpu, fpcr, n, op1);
        op2 = flush(cpu, fpcr, n, op2);
        if (isNaN(n, op1) || isNaN(n, op2)) {
            return processNaNs(cpu, fpcr, n, op1, op2);
        }
        boolean inf1 = isInf(n, op1), inf2 = isInf(n, op2), zero1 = isZero(n, op1), zero2 = isZero(n, op2);
        boolean neg = isNeg(n, op1) != isNeg(n, op2);
        if ((inf1 && inf2) || (zero1 && zero2)) {
            return invalid(cpu, n);
        } else if (inf1 || zero2) {
            if (!inf1) {
                raise(cpu, DZC);
            }
            return infinity(n, neg);
        } else if (zero1 || inf2) {
            return zero(n, neg);
        }
        double a = toDouble(n, op1), b = toDouble(n, op2);
        int rounding = rmode(fpcr);
        // exact - q has the sign of (a - q*b) / b.
        if (n == 64) {
            double r = a / b;
            double ar = Math.abs(r);
            if (ar > Double.MIN_NORMAL && ar <= Double.MAX_VALUE && Math.abs(a) >= TINY) {
                return finish(cpu, 64, rounding, Double.doubleToRawLongBits(r), b < 0 ? -Math.fma(-r, b, a) : Math.fma(-r, b, a));
            }
        } else {
            double d = a / b;
            float r = (float) d;
            float ar = Math.abs(r);
            if (ar > Float.MIN_NORMAL && ar <= Float.MAX_VALUE) {
                return finish(cpu, 32, rounding, Float.floatToRawIntBits(r) & 0xFFFF_FFFFL,
                        r != d ? d - r : b < 0 ? -Math.fma(-d, b, a) : Math.fma(-d, b, a));
            }
        }
        return slow(cpu, fpcr, n, rounding, OP_DIV, a, b, 0);
    }

    /** FPSqrt. */
    public static long sqrt(Cpu cpu, int n, long op) {
        int fpcr = cpu.fpcr;
        op = flush(cpu, fpcr, n, op);
        if (isNaN(n, op)) {
            return processNaN(cpu, fpcr, n, op);
        } else if (isZero(n, op)) {
            return op;
        } else if (isNeg(n, op)) {
            return invalid(cpu, n);
        } else if (isInf(n, op)) {
            return op;
        }
        double a = toDouble(n, op);
        int rounding = rmode(fpcr);
        // sqrt(a) - d has the sign of a - d*d.
        if (n == 32 || a >= TINY) {
            double d = Math.sqrt(a);
            if (n == 64) {
                return finish(cpu, 64, rounding, Double.doubleToRawLongBits(d), Math.fma(-d, d, a));
            }
            float r = (float) d;
            return finish(cpu, 32, rounding, Float.floatToRawIntBits(r) & 0xFFFF_FFFFL,
                    r != d ? d - r : Math.fma(-d, d, a));
        }
        return slow(cpu, fpcr, n, rounding, OP_SQRT, a, 0, 0);
    }

    /** FPMulAdd(addend, op1, op2): addend + op1 * op2 with a single rounding; FPProcessNaNs3 order. */
    public static long mulAdd(Cpu cpu, int n, long addend, long op1, long op2) {
        int fpcr = cpu.fpcr;
        addend = flush(cpu, fpcr, n, addend);
        op1 = flush(cpu, fpcr, n, op1);
        op2 = flush(cpu, fpcr, n, op2);
        boolean inf1 = isInf(n, op1), inf2 = isInf(n, op2), zero1 = isZero(n, op1), zero2 = isZero(n, op2);
        if (isNaN(n, addend) || isNaN(n, op1) || isNaN(n, op2)) {
            long result;
            if (isSNaN(n, addend)) {
                result = processNaN(cpu, fpcr, n, addend);
            } else if (isSNaN(n, op1)) {
                result = processNaN(cpu, fpcr, n, op1);
            } else if (isSNaN(n, op2)) {
                result = processNaN(cpu, fpcr, n, op2);
            } else if (isNaN(n, addend)) {
                result = processNaN(cpu, fpcr, n, addend);
            } else if (isNaN(n, op1)) {
                result = processNaN(cpu, fpcr, n, op1);
            } else {
                result = processNaN(cpu, fpcr, n, op2);
            }
            if (isNaN(n, addend) && !isSNaN(n, addend) && ((inf1 && zero2) || (zero1 && inf2))) {
                result = invalid(cpu, n);
            }
            return result;
        }
        boolean infA = isInf(n, addend), zeroA = isZero(n, addend), negA = isNeg(n, addend);
        boolean negP = isNeg(n, op1) != isNeg(n, op2);
        boolean infP = inf1 || inf2, zeroP = zero1 || zero2;
        if ((inf1 && zero2) || (zero1 && inf2) || (infA && infP && negA != negP)) {
            return invalid(cpu, n);
        } else if ((infA && !negA) || (infP && !negP)) {
            return infinity(n, false);
        } else if (infA || infP) {
            return infinity(n, true);
        } else if (zeroA && zeroP && negA == negP) {
            return zero(n, negA);
        }
        double c = toDouble(n, addend), a = toDouble(n, op1), b = toDouble(n, op2);
        int rounding = rmode(fpcr);
        if (n == 64) {
            double r = Math.fma(a, b, c);
            double ar = Math.abs(r), p = a * b, ap = Math.abs(p);
            if (ar > Double.MIN_NORMAL && ar < HUGE && ap >= TINY && ap < HUGE && Math.abs(c) < HUGE) {
                return finish(cpu, 64, rounding, Double.doubleToRawLongBits(r),
                        exactSignOfSum(p, Math.fma(a, b, -p), c, -r));
            }
        } else {
            // a*b is exact in double; p + c = d + err exactly. (float) d is the correctly rounded result
            // unless d sits exactly on a midpoint between floats with a nonzero err.
            double p = a * b;
            double d = p + c;
            double err = twoSumErr(p, c, d);
            float r = (float) d;
            float ar = Math.abs(r);
            boolean midpoint = (Double.doubleToRawLongBits(d) & 0x1FFF_FFFFL) == 0x1000_0000L;
            if (ar > Float.MIN_NORMAL && ar <= Float.MAX_VALUE && !(midpoint && err != 0)) {
                return finish(cpu, 32, rounding, Float.floatToRawIntBits(r) & 0xFFFF_FFFFL, r != d ? d - r : err);
            }
        }
        return slow(cpu, fpcr, n, rounding, OP_FMA, a, b, c);
    }

    /**
     * Completes a fast-path result: {@code bits} is the round-to-nearest result, a normal number above the
     * smallest normal, and {@code residual} has the sign of (exact value - result) (zero when exact).
     * Other rounding modes step one ulp towards the exact value when it lies on the wrong side; stepping
     * past the largest normal is an overflow to infinity.
     */
    static long finish(Cpu cpu, int n, int rounding, long bits, double residual) {
        if (residual == 0) {
            return bits;
        }
        raise(cpu, IXC);
        if (rounding == RN) {
            return bits;
        }
        boolean neg = isNeg(n, bits);
        boolean exactBeyond = neg ? residual < 0 : residual > 0;
        boolean magnitudeUp = rounding == RP ? !neg && exactBeyond : rounding == RM && neg && exactBeyond;
        boolean magnitudeDown = rounding == RZ ? !exactBeyond
                : rounding == RP ? neg && !exactBeyond : !neg && !exactBeyond;
        if (magnitudeUp) {
            bits++;
            if (isInf(n, bits)) {
                raise(cpu, OFC);
            }
        } else if (magnitudeDown) {
            bits--;
        }
        return bits;
    }

    /**
     * Sign of w + x + y + z computed exactly (Shewchuk's Grow-Expansion: the components come out
     * non-overlapping in increasing magnitude, so the largest nonzero one carries the sign).
     */
    static int exactSignOfSum(double w, double x, double y, double z) {
        double s = w + x;
        double t = twoSumErr(w, x, s);
        double q = y + t;
        double h1 = twoSumErr(y, t, q);
        double q2 = q + s;
        double h2 = twoSumErr(q, s, q2);
        double u = z + h1;
        double g1 = twoSumErr(z, h1, u);
        double u2 = u + h2;
        double g2 = twoSumErr(u, h2, u2);
        double u3 = u2 + q2;
        double g3 = twoSumErr(u2, q2, u3);
        if (u3 != 0) {
            return u3 > 0 ? 1 : -1;
        } else if (g3 != 0) {
            return g3 > 0 ? 1 : -1;
        } else if (g2 != 0) {
            return g2 > 0 ? 1 : -1;
        }
        return g1 > 0 ? 1 : g1 < 0 ? -1 : 0;
    }

    /** FPNeg (no NaN processing, no flags). */
    public static long neg(int n, long op) {
        return op ^ signBit(n);
    }

    /** FPAbs. */
    public static long abs(int n, long op) {
        return op & ~signBit(n);
    }

    /** FPMax ({@code max}) or FPMin. */
    public static long maxMin(Cpu cpu, int n, long op1, long op2, boolean max) {
        int fpcr = cpu.fpcr;
        op1 = flush(cpu, fpcr, n, op1);
        op2 = flush(cpu, fpcr, n, op2);
        if (isNaN(n, op1) || isNaN(n, op2)) {
            return processNaNs(cpu, fpcr, n, op1, op2);
        }
        double a = toDouble(n, op1), b = toDouble(n, op2);
        long r = (max ? a > b : a < b) ? op1 : op2;
        if (isZero(n, r)) {
            boolean neg1 = isNeg(n, op1), neg2 = isNeg(n, op2);
            return zero(n, max ? neg1 && neg2 : neg1 || neg2);
        }
        return r;
    }

    /** FPMaxNum / FPMinNum: a single quiet NaN operand is replaced by -Inf (max) or +Inf (min). */
    public static long maxMinNum(Cpu cpu, int n, long op1, long op2, boolean max) {
        boolean q1 = isNaN(n, op1) && !isSNaN(n, op1), q2 = isNaN(n, op2) && !isSNaN(n, op2);
        if (q1 && !q2) {
            op1 = infinity(n, max);
        } else if (!q1 && q2) {
            op2 = infinity(n, max);
        }
        return maxMin(cpu, n, op1, op2, max);
    }

    /** FPCompare: NZCV in bits 3..0 (unordered 0011, equal 0110, less 1000, greater 0010). */
    public static int compare(Cpu cpu, int n, long op1, long op2, boolean signalNaNs) {
        int fpcr = cpu.fpcr;
        op1 = flush(cpu, fpcr, n, op1);
        op2 = flush(cpu, fpcr, n, op2);
        if (isNaN(n, op1) || isNaN(n, op2)) {
            if (signalNaNs || isSNaN(n, op1) || isSNaN(n, op2)) {
                raise(cpu, IOC);
            }
            return 0b0011;
        }
        double a = toDouble(n, op1), b = toDouble(n, op2);
        return a == b ? 0b0110 : a < b ? 0b1000 : 0b0010;
    }

    /** FPCompareEQ (FCMEQ): quiet, IOC only for signalling NaNs. */
    public static boolean compareEq(Cpu cpu, int n, long op1, long op2) {
        return compare(cpu, n, op1, op2, false) == 0b0110;
    }

    /** FPCompareGE (FCMGE): any NaN raises IOC. */
    public static boolean compareGe(Cpu cpu, int n, long op1, long op2) {
        int r = compare(cpu, n, op1, op2, true);
        return r == 0b0110 || r == 0b0010;
    }

    /** FPCompareGT (FCMGT): any NaN raises IOC. */
    public static boolean compareGt(Cpu cpu, int n, long op1, long op2) {
        return compare(cpu, n, op1, op2, true) == 0b0010;
    }

    /** FPRoundInt: FRINT*; {@code exact} (FRINTX) raises Inexact when the value changes. */
    public static long roundInt(Cpu cpu, int n, long op, int rounding, boolean exact) {
        int fpcr = cpu.fpcr;
        op = flush(cpu, fpcr, n, op);
        if (isNaN(n, op)) {
            return processNaN(cpu, fpcr, n, op);
        } else if (isInf(n, op) || isZero(n, op)) {
            return op;
        }
        double v = toDouble(n, op);
        double r = switch (rounding) {
            case RN -> Math.rint(v);
            case RP -> Math.ceil(v);
            case RM -> Math.floor(v);
            case RZ -> v < 0 ? Math.ceil(v) : Math.floor(v);
            default -> {
                double t = v < 0 ? Math.ceil(v) : Math.floor(v);
                yield Math.abs(v - t) >= 0.5 ? t + Math.signum(v) : t;
            }
        };
        if (exact && r != v) {
            raise(cpu, IXC);
        }
        if (r == 0) {
            return zero(n, isNeg(n, op));
        }
        return fromDouble(n, r);
    }

    /**
     * FPToFixed: the value times 2^fbits rounded to an integer of {@code m} = 32 or 64 bits, saturating;
     * NaN and out-of-range raise Invalid Operation (a NaN gives 0), otherwise an inexact result Inexact.
     */
    public static long toFixed(Cpu cpu, int n, long op, int fbits, boolean unsigned, int rounding, int m) {
        int fpcr = cpu.fpcr;
        op = flush(cpu, fpcr, n, op);
        if (isNaN(n, op)) {
            raise(cpu, IOC);
            return 0;
        }
        boolean neg = isNeg(n, op);
        long mag;
        boolean inexact = false;
        boolean overflow = false;
        if (isInf(n, op)) {
            mag = 0;
            overflow = true;
        } else if (isZero(n, op)) {
            mag = 0;
        } else {
            int f = fracBits(n);
            int be = (int) expField(n, op);
            long mant = fracField(n, op);
            if (be != 0) {
                mant |= 1L << f;
            } else {
                be = 1;
            }
            int bias = (1 << (expBits(n) - 1)) - 1;
            int s = be - bias - f + fbits;
            if (s >= 0) {
                if (64 - Long.numberOfLeadingZeros(mant) + s > 64) {
                    overflow = true;
                    mag = 0;
                } else {
                    mag = mant << s;
                }
            } else {
                int sh = -s;
                long rem;
                int cmpHalf;
                if (sh < 64) {
                    mag = mant >>> sh;
                    rem = mant & ((1L << sh) - 1);
                    cmpHalf = Long.compare(rem, 1L << (sh - 1));
                } else {
                    mag = 0;
                    rem = mant;
                    cmpHalf = -1;
                }
                inexact = rem != 0;
                boolean up = switch (rounding) {
                    case RN -> cmpHalf > 0 || (cmpHalf == 0 && (mag & 1) != 0);
                    case RNA -> cmpHalf >= 0;
                    case RP -> inexact && !neg;
                    case RM -> inexact && neg;
                    default -> false;
                };
                if (up) {
                    mag++;
                }
            }
        }
        long result = 0;
        if (!overflow) {
            if (unsigned) {
                if (neg && mag != 0) {
                    overflow = true;
                } else if (m == 32 && Long.compareUnsigned(mag, 0xFFFF_FFFFL) > 0) {
                    overflow = true;
                } else {
                    result = mag;
                }
            } else {
                long limit = m == 32 ? 1L << 31 : Long.MIN_VALUE;
                if (Long.compareUnsigned(mag, limit) > 0 || (mag == limit && !neg)) {
                    overflow = true;
                } else {
                    result = neg ? -mag : mag;
                }
            }
        }
        if (overflow) {
            raise(cpu, IOC);
            if (unsigned) {
                return neg ? 0 : m == 32 ? 0xFFFF_FFFFL : -1L;
            }
            return m == 32 ? (neg ? Integer.MIN_VALUE : Integer.MAX_VALUE) : (neg ? Long.MIN_VALUE : Long.MAX_VALUE);
        }
        if (inexact) {
            raise(cpu, IXC);
        }
        return result;
    }

    /** FixedToFP: the integer {@code value} (already sign- or zero-extended) divided by 2^fbits. */
    public static long fixedToFp(Cpu cpu, int n, long value, int fbits, boolean unsigned, int rounding) {
        if (value == 0) {
            return 0;
        }
        boolean neg = !unsigned && value < 0;
        return fpRound(cpu, cpu.fpcr, n, rounding, neg, -fbits, neg ? -value : value);
    }

    /** FPConvert between precisions (16/32/64); half precision honours FPCR.AHP. */
    public static long convert(Cpu cpu, int from, int to, long op) {
        int fpcr = cpu.fpcr;
        boolean altFrom = from == 16 && (fpcr & FPCR_AHP) != 0;
        boolean altTo = to == 16 && (fpcr & FPCR_AHP) != 0;
        op = flush(cpu, fpcr, from, op);
        boolean neg = isNeg(from, op);
        long e = expField(from, op), frac = fracField(from, op);
        boolean special = !altFrom && e == (1L << expBits(from)) - 1;
        if (special && frac != 0) {
            if (isSNaN(from, op)) {
                raise(cpu, IOC);
            }
            if (altTo) {
                raise(cpu, IOC);
                return zero(to, neg);
            } else if ((fpcr & FPCR_DN) != 0) {
                return defaultNaN(to);
            }
            // FPConvertNaN: keep the sign and the top of the payload, force the quiet bit.
            int fFrom = fracBits(from), fTo = fracBits(to);
            long payload = fFrom >= fTo ? frac >>> (fFrom - fTo) : frac << (fTo - fFrom);
            return (neg ? signBit(to) : 0) | infinity(to, false) | payload | (1L << (fTo - 1));
        } else if (special) {
            if (altTo) {
                raise(cpu, IOC);
                return (neg ? signBit(to) : 0) | (signBit(to) - 1);
            }
            return infinity(to, neg);
        } else if (e == 0 && frac == 0) {
            return zero(to, neg);
        }
        int f = fracBits(from);
        long mant = e == 0 ? frac : frac | (1L << f);
        int be = e == 0 ? 1 : (int) e;
        int bias = (1 << (expBits(from) - 1)) - 1;
        return fpRound(cpu, fpcr, to, rmode(fpcr), neg, be - bias - f, mant);
    }

    /** FPConvert with FPRounding_ODD (FCVTXN); NaNs, infinities and zeros convert as in {@link #convert}. */
    public static long convertRoundToOdd(Cpu cpu, int from, int to, long op) {
        int fpcr = cpu.fpcr;
        long v = flush(cpu, fpcr, from, op);
        if (isNaN(from, v) || isInf(from, v) || isZero(from, v)) {
            return convert(cpu, from, to, v);
        }
        int f = fracBits(from);
        long e = expField(from, v), frac = fracField(from, v);
        long mant = e == 0 ? frac : frac | (1L << f);
        int be = e == 0 ? 1 : (int) e;
        int bias = (1 << (expBits(from) - 1)) - 1;
        return fpRound(cpu, fpcr, to, ODD, isNeg(from, v), be - bias - f, mant);
    }

    /** RecipEstimate (ARMv8.0): a in 256..511 for [0.5, 1.0), result in 256..511 for [1.0, 2.0). */
    static int recipEstimate(int a) {
        a = a * 2 + 1;
        int b = (1 << 19) / a;
        return (b + 1) / 2;
    }

    /** RecipSqrtEstimate (ARMv8.0): a in 128..511 for [0.25, 1.0). */
    static int recipSqrtEstimate(int a) {
        if (a < 256) {
            a = a * 2 + 1;
        } else {
            a = (a >> 1) << 1;
            a = (a + 1) * 2;
        }
        long b = 512;
        while ((long) a * (b + 1) * (b + 1) < (1L << 28)) {
            b++;
        }
        return (int) ((b + 1) / 2);
    }

    /** The fraction of a finite nonzero S or D operand as FPRecipEstimate sees it: left-aligned in 52 bits. */
    private static long fraction52(int n, long op) {
        return n == 64 ? fracField(64, op) : fracField(32, op) << 29;
    }

    /** FPRecipEstimate (FRECPE). */
    public static long recipEstimate(Cpu cpu, int n, long op) {
        int fpcr = cpu.fpcr;
        op = flush(cpu, fpcr, n, op);
        boolean neg = isNeg(n, op);
        if (isNaN(n, op)) {
            return processNaN(cpu, fpcr, n, op);
        } else if (isInf(n, op)) {
            return zero(n, neg);
        } else if (isZero(n, op)) {
            raise(cpu, DZC);
            return infinity(n, neg);
        }
        long mag = op & (signBit(n) - 1);
        // |value| < 2^-128 (S) or 2^-1024 (D): the reciprocal overflows.
        long tinyLimit = n == 32 ? 1L << 21 : 1L << 50;
        if (mag < tinyLimit) {
            int rounding = rmode(fpcr);
            boolean overflowToInf = rounding == RN || (rounding == RP && !neg) || (rounding == RM && neg);
            raise(cpu, OFC | IXC);
            return overflowToInf ? infinity(n, neg) : maxNormal(n, neg);
        }
        long hugeExp = n == 32 ? 253 : 2045;
        if ((fpcr & FPCR_FZ) != 0 && expField(n, op) >= hugeExp) {
            raise(cpu, UFC);
            return zero(n, neg);
        }
        long fraction = fraction52(n, op);
        int exp = (int) expField(n, op);
        if (exp == 0) {
            if ((fraction & (1L << 51)) == 0) {
                exp = -1;
                fraction = (fraction << 2) & ((1L << 52) - 1);
            } else {
                fraction = (fraction << 1) & ((1L << 52) - 1);
            }
        }
        int scaled = (int) (256 | (fraction >>> 44));
        int resultExp = (n == 32 ? 253 : 2045) - exp;
        long estimate = recipEstimate(scaled);
        fraction = (estimate & 0xFF) << 44;
        if (resultExp == 0) {
            fraction = (1L << 51) | (fraction >>> 1);
        } else if (resultExp == -1) {
            fraction = (1L << 50) | (fraction >>> 2);
            resultExp = 0;
        }
        long sign = neg ? signBit(n) : 0;
        if (n == 32) {
            return sign | ((long) (resultExp & 0xFF) << 23) | (fraction >>> 29);
        }
        return sign | ((long) (resultExp & 0x7FF) << 52) | fraction;
    }

    /** FPRSqrtEstimate (FRSQRTE). */
    public static long rsqrtEstimate(Cpu cpu, int n, long op) {
        int fpcr = cpu.fpcr;
        op = flush(cpu, fpcr, n, op);
        boolean neg = isNeg(n, op);
        if (isNaN(n, op)) {
            return processNaN(cpu, fpcr, n, op);
        } else if (isZero(n, op)) {
            raise(cpu, DZC);
            return infinity(n, neg);
        } else if (neg) {
            return invalid(cpu, n);
        } else if (isInf(n, op)) {
            return 0;
        }
        long fraction = fraction52(n, op);
        int exp = (int) expField(n, op);
        if (exp == 0) {
            while ((fraction & (1L << 51)) == 0) {
                fraction = (fraction << 1) & ((1L << 52) - 1);
                exp--;
            }
            fraction = (fraction << 1) & ((1L << 52) - 1);
        }
        int scaled = (exp & 1) == 0 ? (int) (256 | (fraction >>> 44)) : (int) (128 | (fraction >>> 45));
        int resultExp = Math.floorDiv((n == 32 ? 380 : 3068) - exp, 2);
        long estimate = recipSqrtEstimate(scaled) & 0xFF;
        if (n == 32) {
            return ((long) (resultExp & 0xFF) << 23) | (estimate << 15);
        }
        return ((long) (resultExp & 0x7FF) << 52) | (estimate << 44);
    }

    /** FPRecpX (FRECPX): the exponent inverted, fraction cleared. */
    public static long recpX(Cpu cpu, int n, long op) {
        int fpcr = cpu.fpcr;
        op = flush(cpu, fpcr, n, op);
        if (isNaN(n, op)) {
            return processNaN(cpu, fpcr, n, op);
        }
        int f = fracBits(n);
        long expMask = (1L << expBits(n)) - 1;
        long exp = expField(n, op);
        long resultExp = exp == 0 ? expMask - 1 : ~exp & expMask;
        return (op & signBit(n)) | (resultExp << f);
    }

    /**
     * FPRecipStepFused (FRECPS, {@code sqrt} false): 2.0 - op1 * op2, and FPRSqrtStepFused (FRSQRTS):
     * (3.0 - op1 * op2) / 2, each with a single rounding; infinity times zero gives 2.0 or 1.5.
     */
    public static long stepFused(Cpu cpu, int n, long op1, long op2, boolean sqrt) {
        int fpcr = cpu.fpcr;
        op1 = neg(n, op1);
        op1 = flush(cpu, fpcr, n, op1);
        op2 = flush(cpu, fpcr, n, op2);
        if (isNaN(n, op1) || isNaN(n, op2)) {
            return processNaNs(cpu, fpcr, n, op1, op2);
        }
        boolean inf1 = isInf(n, op1), inf2 = isInf(n, op2), zero1 = isZero(n, op1), zero2 = isZero(n, op2);
        long two = n == 64 ? 0x4000_0000_0000_0000L : 0x4000_0000L;
        long onePointFive = n == 64 ? 0x3FF8_0000_0000_0000L : 0x3FC0_0000L;
        if ((inf1 && zero2) || (zero1 && inf2)) {
            return sqrt ? onePointFive : two;
        } else if (inf1 || inf2) {
            return infinity(n, isNeg(n, op1) != isNeg(n, op2));
        }
        if (!sqrt) {
            return mulAdd(cpu, n, two, op1, op2);
        }
        // (3 + a*b)/2 = 1.5 + (a/2)*b: halve whichever factor halves exactly (exponent field > 1).
        int f = fracBits(n);
        if (expField(n, op1) > 1) {
            op1 -= 1L << f;
        } else if (expField(n, op2) > 1) {
            op2 -= 1L << f;
        }
        // Otherwise both factors are tiny; the product is far below half an ulp of 1.5 either way.
        return mulAdd(cpu, n, onePointFive, op1, op2);
    }
}
