package visor.cpu.a64;

import static visor.cpu.a64.AdvancedSimd.q;
import static visor.cpu.a64.AdvancedSimd.signedSat;
import static visor.cpu.a64.AdvancedSimd.size;
import static visor.cpu.a64.AdvancedSimd.sx;
import static visor.cpu.a64.AdvancedSimd.unsignedSat;
import static visor.cpu.a64.Fields.rd;
import static visor.cpu.a64.Fields.rn;
import static visor.cpu.a64.SimdRegs.mask;

import java.util.List;
import visor.cpu.Cpu;
import visor.cpu.Insn;

/**
 * Advanced SIMD saturating integer instructions (ARM ARM C7.2): saturating shifts by register and by
 * immediate (and their narrowing forms), doubling multiplies SQDMULH/SQRDMULH/SQDMULL/SQDMLAL/SQDMLSL,
 * SQABS/SQNEG, SUQADD/USQADD, plus PMULL. Saturation sets FPSR.QC.
 */
public final class SimdSaturating {
    private SimdSaturating() {
    }

    public static final List<Row> ROWS = List.of(
            new Row("SQSHL (register)", "0 q 0 01110 zz 1 mmmmm 01001 1 nnnnn ddddd", SimdSaturating::sqshlRegister),
            new Row("UQSHL (register)", "0 q 1 01110 zz 1 mmmmm 01001 1 nnnnn ddddd", SimdSaturating::uqshlRegister),
            new Row("SQRSHL", "0 q 0 01110 zz 1 mmmmm 01011 1 nnnnn ddddd", SimdSaturating::sqrshl),
            new Row("UQRSHL", "0 q 1 01110 zz 1 mmmmm 01011 1 nnnnn ddddd", SimdSaturating::uqrshl),
            new Row("SQDMULH (vector)", "0 q 0 01110 zz 1 mmmmm 10110 1 nnnnn ddddd", SimdSaturating::sqdmulhVector),
            new Row("SQRDMULH (vector)", "0 q 1 01110 zz 1 mmmmm 10110 1 nnnnn ddddd", SimdSaturating::sqrdmulhVector),
            new Row("SQSHL (register, scalar)", "01 0 11110 zz 1 mmmmm 01001 1 nnnnn ddddd", SimdSaturating::sqshlRegisterScalar),
            new Row("UQSHL (register, scalar)", "01 1 11110 zz 1 mmmmm 01001 1 nnnnn ddddd", SimdSaturating::uqshlRegisterScalar),
            new Row("SQRSHL (scalar)", "01 0 11110 zz 1 mmmmm 01011 1 nnnnn ddddd", SimdSaturating::sqrshlScalar),
            new Row("UQRSHL (scalar)", "01 1 11110 zz 1 mmmmm 01011 1 nnnnn ddddd", SimdSaturating::uqrshlScalar),
            new Row("SQDMULH (scalar)", "01 0 11110 zz 1 mmmmm 10110 1 nnnnn ddddd", SimdSaturating::sqdmulhScalar),
            new Row("SQRDMULH (scalar)", "01 1 11110 zz 1 mmmmm 10110 1 nnnnn ddddd", SimdSaturating::sqrdmulhScalar),

            new Row("SQSHLU", "0 q 1 011110 hhhh bbb 01100 1 nnnnn ddddd", SimdSaturating::sqshlu),
            new Row("SQSHL (immediate)", "0 q 0 011110 hhhh bbb 01110 1 nnnnn ddddd", SimdSaturating::sqshlImmediate),
            new Row("UQSHL (immediate)", "0 q 1 011110 hhhh bbb 01110 1 nnnnn ddddd", SimdSaturating::uqshlImmediate),
            new Row("SQSHLU (scalar)", "01 1 111110 hhhh bbb 01100 1 nnnnn ddddd", SimdSaturating::sqshluScalar),
            new Row("SQSHL (immediate, scalar)", "01 0 111110 hhhh bbb 01110 1 nnnnn ddddd", SimdSaturating::sqshlImmediateScalar),
            new Row("UQSHL (immediate, scalar)", "01 1 111110 hhhh bbb 01110 1 nnnnn ddddd", SimdSaturating::uqshlImmediateScalar),
            new Row("SQSHRUN", "0 q 1 011110 hhhh bbb 10000 1 nnnnn ddddd", SimdSaturating::sqshrun),
            new Row("SQRSHRUN", "0 q 1 011110 hhhh bbb 10001 1 nnnnn ddddd", SimdSaturating::sqrshrun),
            new Row("SQSHRN", "0 q 0 011110 hhhh bbb 10010 1 nnnnn ddddd", SimdSaturating::sqshrn),
            new Row("UQSHRN", "0 q 1 011110 hhhh bbb 10010 1 nnnnn ddddd", SimdSaturating::uqshrn),
            new Row("SQRSHRN", "0 q 0 011110 hhhh bbb 10011 1 nnnnn ddddd", SimdSaturating::sqrshrn),
            new Row("UQRSHRN", "0 q 1 011110 hhhh bbb 10011 1 nnnnn ddddd", SimdSaturating::uqrshrn),
            new Row("SQSHRUN (scalar)", "01 1 111110 hhhh bbb 10000 1 nnnnn ddddd", SimdSaturating::sqshrunScalar),
            new Row("SQRSHRUN (scalar)", "01 1 111110 hhhh bbb 10001 1 nnnnn ddddd", SimdSaturating::sqrshrunScalar),
            new Row("SQSHRN (scalar)", "01 0 111110 hhhh bbb 10010 1 nnnnn ddddd", SimdSaturating::sqshrnScalar),
            new Row("UQSHRN (scalar)", "01 1 111110 hhhh bbb 10010 1 nnnnn ddddd", SimdSaturating::uqshrnScalar),
            new Row("SQRSHRN (scalar)", "01 0 111110 hhhh bbb 10011 1 nnnnn ddddd", SimdSaturating::sqrshrnScalar),
            new Row("UQRSHRN (scalar)", "01 1 111110 hhhh bbb 10011 1 nnnnn ddddd", SimdSaturating::uqrshrnScalar),

            new Row("SQDMLAL (vector)", "0 q 0 01110 zz 1 mmmmm 1001 00 nnnnn ddddd", SimdSaturating::sqdmlalVector),
            new Row("SQDMLSL (vector)", "0 q 0 01110 zz 1 mmmmm 1011 00 nnnnn ddddd", SimdSaturating::sqdmlslVector),
            new Row("SQDMULL (vector)", "0 q 0 01110 zz 1 mmmmm 1101 00 nnnnn ddddd", SimdSaturating::sqdmullVector),
            new Row("PMULL", "0 q 0 01110 zz 1 mmmmm 1110 00 nnnnn ddddd", SimdSaturating::pmull),
            new Row("SQDMLAL (scalar)", "01 0 11110 zz 1 mmmmm 1001 00 nnnnn ddddd", SimdSaturating::sqdmlalScalar),
            new Row("SQDMLSL (scalar)", "01 0 11110 zz 1 mmmmm 1011 00 nnnnn ddddd", SimdSaturating::sqdmlslScalar),
            new Row("SQDMULL (scalar)", "01 0 11110 zz 1 mmmmm 1101 00 nnnnn ddddd", SimdSaturating::sqdmullScalar),

            new Row("SQDMLAL (by element)", "0 q 0 01111 zz l m mmmm 0011 h 0 nnnnn ddddd", SimdSaturating::sqdmlalByElement),
            new Row("SQDMLSL (by element)", "0 q 0 01111 zz l m mmmm 0111 h 0 nnnnn ddddd", SimdSaturating::sqdmlslByElement),
            new Row("SQDMULL (by element)", "0 q 0 01111 zz l m mmmm 1011 h 0 nnnnn ddddd", SimdSaturating::sqdmullByElement),
            new Row("SQDMULH (by element)", "0 q 0 01111 zz l m mmmm 1100 h 0 nnnnn ddddd", SimdSaturating::sqdmulhByElement),
            new Row("SQRDMULH (by element)", "0 q 0 01111 zz l m mmmm 1101 h 0 nnnnn ddddd", SimdSaturating::sqrdmulhByElement),
            new Row("SQDMLAL (by element, scalar)", "01 0 11111 zz l m mmmm 0011 h 0 nnnnn ddddd", SimdSaturating::sqdmlalByElementScalar),
            new Row("SQDMLSL (by element, scalar)", "01 0 11111 zz l m mmmm 0111 h 0 nnnnn ddddd", SimdSaturating::sqdmlslByElementScalar),
            new Row("SQDMULL (by element, scalar)", "01 0 11111 zz l m mmmm 1011 h 0 nnnnn ddddd", SimdSaturating::sqdmullByElementScalar),
            new Row("SQDMULH (by element, scalar)", "01 0 11111 zz l m mmmm 1100 h 0 nnnnn ddddd", SimdSaturating::sqdmulhByElementScalar),
            new Row("SQRDMULH (by element, scalar)", "01 0 11111 zz l m mmmm 1101 h 0 nnnnn ddddd", SimdSaturating::sqrdmulhByElementScalar),

            new Row("SUQADD", "0 q 0 01110 zz 10000 00011 10 nnnnn ddddd", SimdSaturating::suqadd),
            new Row("USQADD", "0 q 1 01110 zz 10000 00011 10 nnnnn ddddd", SimdSaturating::usqadd),
            new Row("SQABS", "0 q 0 01110 zz 10000 00111 10 nnnnn ddddd", SimdSaturating::sqabs),
            new Row("SQNEG", "0 q 1 01110 zz 10000 00111 10 nnnnn ddddd", SimdSaturating::sqneg),
            new Row("SUQADD (scalar)", "01 0 11110 zz 10000 00011 10 nnnnn ddddd", SimdSaturating::suqaddScalar),
            new Row("USQADD (scalar)", "01 1 11110 zz 10000 00011 10 nnnnn ddddd", SimdSaturating::usqaddScalar),
            new Row("SQABS (scalar)", "01 0 11110 zz 10000 00111 10 nnnnn ddddd", SimdSaturating::sqabsScalar),
            new Row("SQNEG (scalar)", "01 1 11110 zz 10000 00111 10 nnnnn ddddd", SimdSaturating::sqnegScalar));

    // ---- Saturating left shift -----------------------------------------------------------------------------

    private static long saturate(Cpu cpu, long value) {
        cpu.fpsr |= FpCore.QC;
        return value;
    }

    /**
     * SatQ(Int(x, srcUnsigned) << s, esize, dstUnsigned) for s >= 0: x is the raw esize-bit element.
     */
    static long satShiftLeft(Cpu cpu, long x, int s, int es, boolean srcUnsigned, boolean dstUnsigned) {
        if (srcUnsigned) {
            if (x == 0 || s == 0) {
                return x;
            }
            if (s >= es || (x >>> (es - s)) != 0) {
                return saturate(cpu, mask(es));
            }
            return x << s;
        }
        long v = sx(x, es);
        if (v == 0) {
            return 0;
        }
        if (dstUnsigned) {
            if (v < 0) {
                return saturate(cpu, 0);
            }
            return satShiftLeft(cpu, v, s, es, true, true);
        }
        if (s >= es || ((v << s) >> s) != v || sx(v << s, es) != v << s) {
            long max = es == 64 ? Long.MAX_VALUE : (1L << (es - 1)) - 1;
            return saturate(cpu, v < 0 ? ~max : max);
        }
        return v << s;
    }

    /** SQSHL/UQSHL/SQRSHL/UQRSHL by register: shift = SInt(Vm element<7:0>); negative shifts right. */
    static long shiftRegister(Cpu cpu, long a, long b, int es, boolean unsigned, boolean round) {
        int shift = (byte) b;
        if (shift >= 0) {
            return satShiftLeft(cpu, a, shift, es, unsigned, unsigned);
        }
        long element = unsigned ? a : sx(a, es);
        return round ? AdvancedSimd.roundingShiftRight(element, -shift, unsigned)
                : AdvancedSimd.shiftRight(element, -shift, unsigned);
    }

    static long sqshlOp(Cpu cpu, long a, long b, int es) {
        return shiftRegister(cpu, a, b, es, false, false);
    }

    static long uqshlOp(Cpu cpu, long a, long b, int es) {
        return shiftRegister(cpu, a, b, es, true, false);
    }

    static long sqrshlOp(Cpu cpu, long a, long b, int es) {
        return shiftRegister(cpu, a, b, es, false, true);
    }

    static long uqrshlOp(Cpu cpu, long a, long b, int es) {
        return shiftRegister(cpu, a, b, es, true, true);
    }

    static void sqshlRegister(Cpu cpu, int insn) {
        AdvancedSimd.threeSame(cpu, insn, true, SimdSaturating::sqshlOp);
    }

    static void uqshlRegister(Cpu cpu, int insn) {
        AdvancedSimd.threeSame(cpu, insn, true, SimdSaturating::uqshlOp);
    }

    static void sqrshl(Cpu cpu, int insn) {
        AdvancedSimd.threeSame(cpu, insn, true, SimdSaturating::sqrshlOp);
    }

    static void uqrshl(Cpu cpu, int insn) {
        AdvancedSimd.threeSame(cpu, insn, true, SimdSaturating::uqrshlOp);
    }

    static void sqshlRegisterScalar(Cpu cpu, int insn) {
        AdvancedSimd.scalarSame(cpu, insn, true, SimdSaturating::sqshlOp);
    }

    static void uqshlRegisterScalar(Cpu cpu, int insn) {
        AdvancedSimd.scalarSame(cpu, insn, true, SimdSaturating::uqshlOp);
    }

    static void sqrshlScalar(Cpu cpu, int insn) {
        AdvancedSimd.scalarSame(cpu, insn, true, SimdSaturating::sqrshlOp);
    }

    static void uqrshlScalar(Cpu cpu, int insn) {
        AdvancedSimd.scalarSame(cpu, insn, true, SimdSaturating::uqrshlOp);
    }

    /** Shift-left-by-immediate forms; mode 0 SQSHL, 1 UQSHL, 2 SQSHLU. */
    private static long shiftImmOp(Cpu cpu, long a, int s, int es, int mode) {
        return satShiftLeft(cpu, a, s, es, mode == 1, mode != 0);
    }

    private static void shiftImmVector(Cpu cpu, int insn, int mode) {
        int es = AdvancedSimd.shiftEsize(insn);
        if (es == 0 || (es == 64 && !q(insn))) {
            cpu.undefined();
        }
        cpu.checkFpAccess();
        int s = AdvancedSimd.immhb(insn) - es;
        long[] v = cpu.vreg;
        int n = rn(insn);
        boolean q = q(insn);
        long lo = shiftImmWord(cpu, v[2 * n], s, es, mode);
        long hi = q ? shiftImmWord(cpu, v[2 * n + 1], s, es, mode) : 0;
        AdvancedSimd.write(cpu, rd(insn), lo, hi, q);
    }

    private static long shiftImmWord(Cpu cpu, long w, int s, int es, int mode) {
        if (es == 64) {
            return shiftImmOp(cpu, w, s, 64, mode);
        }
        long m = mask(es);
        long r = 0;
        for (int sh = 0; sh < 64; sh += es) {
            r |= (shiftImmOp(cpu, (w >>> sh) & m, s, es, mode) & m) << sh;
        }
        return r;
    }

    private static void shiftImmScalar(Cpu cpu, int insn, int mode) {
        int es = AdvancedSimd.shiftEsize(insn);
        if (es == 0) {
            cpu.undefined();
        }
        cpu.checkFpAccess();
        int s = AdvancedSimd.immhb(insn) - es;
        long r = shiftImmOp(cpu, SimdRegs.scalar(cpu, rn(insn), es), s, es, mode);
        SimdRegs.setScalar(cpu, rd(insn), r, es);
    }

    static void sqshlImmediate(Cpu cpu, int insn) {
        shiftImmVector(cpu, insn, 0);
    }

    static void uqshlImmediate(Cpu cpu, int insn) {
        shiftImmVector(cpu, insn, 1);
    }

    static void sqshlu(Cpu cpu, int insn) {
        shiftImmVector(cpu, insn, 2);
    }

    static void sqshlImmediateScalar(Cpu cpu, int insn) {
        shiftImmScalar(cpu, insn, 0);
    }

    static void uqshlImmediateScalar(Cpu cpu, int insn) {
        shiftImmScalar(cpu, insn, 1);
    }

    static void sqshluScalar(Cpu cpu, int insn) {
        shiftImmScalar(cpu, insn, 2);
    }

    // ---- Saturating shift right narrow ------------------------------------------------------------------------

    /** (Int(e, srcUnsigned) + round) >> shift saturated to esize; e is a 2*esize element. */
    private static long narrowShift(Cpu cpu, long e, int shift, int es, boolean srcUnsigned, boolean dstUnsigned,
            boolean round) {
        long element = srcUnsigned ? e : sx(e, 2 * es);
        long shifted = round ? AdvancedSimd.roundingShiftRight(element, shift, srcUnsigned)
                : AdvancedSimd.shiftRight(element, shift, srcUnsigned);
        return dstUnsigned ? unsignedSat(cpu, shifted, es) : signedSat(cpu, shifted, es);
    }

    private static void narrowVector(Cpu cpu, int insn, boolean srcUnsigned, boolean dstUnsigned, boolean round) {
        int es = AdvancedSimd.shiftEsize(insn);
        if (es == 0 || es == 64) {
            cpu.undefined();
        }
        cpu.checkFpAccess();
        int shift = 2 * es - AdvancedSimd.immhb(insn);
        int n = rn(insn);
        long r = 0;
        for (int i = 0; i < 64 / es; i++) {
            long e = SimdRegs.elem(cpu, n, i, 2 * es);
            r |= (narrowShift(cpu, e, shift, es, srcUnsigned, dstUnsigned, round) & mask(es)) << (i * es);
        }
        AdvancedSimd.writeNarrow(cpu, rd(insn), r, q(insn));
    }

    private static void narrowScalar(Cpu cpu, int insn, boolean srcUnsigned, boolean dstUnsigned, boolean round) {
        int es = AdvancedSimd.shiftEsize(insn);
        if (es == 0 || es == 64) {
            cpu.undefined();
        }
        cpu.checkFpAccess();
        int shift = 2 * es - AdvancedSimd.immhb(insn);
        long e = SimdRegs.scalar(cpu, rn(insn), 2 * es);
        SimdRegs.setScalar(cpu, rd(insn), narrowShift(cpu, e, shift, es, srcUnsigned, dstUnsigned, round), es);
    }

    static void sqshrn(Cpu cpu, int insn) {
        narrowVector(cpu, insn, false, false, false);
    }

    static void uqshrn(Cpu cpu, int insn) {
        narrowVector(cpu, insn, true, true, false);
    }

    static void sqrshrn(Cpu cpu, int insn) {
        narrowVector(cpu, insn, false, false, true);
    }

    static void uqrshrn(Cpu cpu, int insn) {
        narrowVector(cpu, insn, true, true, true);
    }

    static void sqshrun(Cpu cpu, int insn) {
        narrowVector(cpu, insn, false, true, false);
    }

    static void sqrshrun(Cpu cpu, int insn) {
        narrowVector(cpu, insn, false, true, true);
    }

    static void sqshrnScalar(Cpu cpu, int insn) {
        narrowScalar(cpu, insn, false, false, false);
    }

    static void uqshrnScalar(Cpu cpu, int insn) {
        narrowScalar(cpu, insn, true, true, false);
    }

    static void sqrshrnScalar(Cpu cpu, int insn) {
        narrowScalar(cpu, insn, false, false, true);
    }

    static void uqrshrnScalar(Cpu cpu, int insn) {
        narrowScalar(cpu, insn, true, true, true);
    }

    static void sqshrunScalar(Cpu cpu, int insn) {
        narrowScalar(cpu, insn, false, true, false);
    }

    static void sqrshrunScalar(Cpu cpu, int insn) {
        narrowScalar(cpu, insn, false, true, true);
    }

    // ---- Doubling multiplies --------------------------------------------------------------------------------

    /** SQDMULH/SQRDMULH: SignedSat((2*a*b + round) >> esize), computed as (a*b + round/2) >> (esize-1). */
    static long doublingMulHigh(Cpu cpu, long a, long b, int es, boolean round) {
        long p = sx(a, es) * sx(b, es);
        if (round) {
            p += 1L << (es - 2);
        }
        return signedSat(cpu, p >> (es - 1), es);
    }

    static long sqdmulhOp(Cpu cpu, long a, long b, int es) {
        return doublingMulHigh(cpu, a, b, es, false);
    }

    static long sqrdmulhOp(Cpu cpu, long a, long b, int es) {
        return doublingMulHigh(cpu, a, b, es, true);
    }

    private static int mulEsize(Cpu cpu, int insn) {
        int size = size(insn);
        if (size != 1 && size != 2) {
            cpu.undefined();
        }
        return 8 << size;
    }

    static void sqdmulhVector(Cpu cpu, int insn) {
        mulEsize(cpu, insn);
        AdvancedSimd.threeSame(cpu, insn, false, SimdSaturating::sqdmulhOp);
    }

    static void sqrdmulhVector(Cpu cpu, int insn) {
        mulEsize(cpu, insn);
        AdvancedSimd.threeSame(cpu, insn, false, SimdSaturating::sqrdmulhOp);
    }

    static void sqdmulhScalar(Cpu cpu, int insn) {
        mulEsize(cpu, insn);
        AdvancedSimd.scalarSame(cpu, insn, true, SimdSaturating::sqdmulhOp);
    }

    static void sqrdmulhScalar(Cpu cpu, int insn) {
        mulEsize(cpu, insn);
        AdvancedSimd.scalarSame(cpu, insn, true, SimdSaturating::sqrdmulhOp);
    }

    /** SignedSat(2 * a * b, 2*esize) for sign-extended a, b of esize 16 or 32. */
    static long doublingProduct(Cpu cpu, long a, long b, int wes) {
        long p = a * b;
        if (wes == 64) {
            if (p == 1L << 62) {
                return saturate(cpu, Long.MAX_VALUE);
            }
            return 2 * p;
        }
        return signedSat(cpu, 2 * p, wes);
    }

    /** Signed saturating accumulate in 2*esize bits: SignedSat(d +/- p). */
    static long accumulate(Cpu cpu, long d, long p, int wes, boolean subtract) {
        if (subtract) {
            return AdvancedSimd.sqsubOp(cpu, d & mask(wes), p & mask(wes), wes);
        }
        return AdvancedSimd.sqaddOp(cpu, d & mask(wes), p & mask(wes), wes);
    }

    static long sqdmullOp(Cpu cpu, long d, long a, long b, int wes) {
        return doublingProduct(cpu, a, b, wes);
    }

    static long sqdmlalOp(Cpu cpu, long d, long a, long b, int wes) {
        return accumulate(cpu, d, doublingProduct(cpu, a, b, wes), wes, false);
    }

    static long sqdmlslOp(Cpu cpu, long d, long a, long b, int wes) {
        return accumulate(cpu, d, doublingProduct(cpu, a, b, wes), wes, true);
    }

    private static void longVector(Cpu cpu, int insn, AdvancedSimd.Op3 f) {
        mulEsize(cpu, insn);
        AdvancedSimd.widen(cpu, insn, false, true, f);
    }

    static void sqdmullVector(Cpu cpu, int insn) {
        longVector(cpu, insn, SimdSaturating::sqdmullOp);
    }

    static void sqdmlalVector(Cpu cpu, int insn) {
        longVector(cpu, insn, SimdSaturating::sqdmlalOp);
    }

    static void sqdmlslVector(Cpu cpu, int insn) {
        longVector(cpu, insn, SimdSaturating::sqdmlslOp);
    }

    private static void longScalar(Cpu cpu, int insn, long element, AdvancedSimd.Op3 f) {
        int es = 8 << size(insn);
        int d = rd(insn);
        long a = sx(SimdRegs.scalar(cpu, rn(insn), es), es);
        long r = f.apply(cpu, SimdRegs.scalar(cpu, d, 2 * es), a, sx(element, es), 2 * es);
        SimdRegs.setScalar(cpu, d, r, 2 * es);
    }

    private static void longScalarRegister(Cpu cpu, int insn, AdvancedSimd.Op3 f) {
        int es = mulEsize(cpu, insn);
        cpu.checkFpAccess();
        longScalar(cpu, insn, SimdRegs.scalar(cpu, Fields.rm(insn), es), f);
    }

    static void sqdmullScalar(Cpu cpu, int insn) {
        longScalarRegister(cpu, insn, SimdSaturating::sqdmullOp);
    }

    static void sqdmlalScalar(Cpu cpu, int insn) {
        longScalarRegister(cpu, insn, SimdSaturating::sqdmlalOp);
    }

    static void sqdmlslScalar(Cpu cpu, int insn) {
        longScalarRegister(cpu, insn, SimdSaturating::sqdmlslOp);
    }

    /** Long by-element forms: Vn's half selected by Q times the indexed element. */
    private static void longByElement(Cpu cpu, int insn, AdvancedSimd.Op3 f) {
        long e = sx(AdvancedSimd.indexedElement(cpu, insn), 8 << size(insn));
        int es = 8 << size(insn), wes = 2 * es, lanes = 64 / es;
        long[] v = cpu.vreg;
        int n = rn(insn), d = rd(insn);
        long nw = v[2 * n + (q(insn) ? 1 : 0)];
        long wm = mask(wes);
        long d0 = v[2 * d], d1 = v[2 * d + 1];
        long r0 = 0, r1 = 0;
        for (int i = 0; i < lanes; i++) {
            long a = sx((nw >>> (i * es)) & mask(es), es);
            int sh = (i % (lanes / 2)) * wes;
            if (i < lanes / 2) {
                r0 |= (f.apply(cpu, wes == 64 ? d0 : (d0 >>> sh) & wm, a, e, wes) & wm) << sh;
            } else {
                r1 |= (f.apply(cpu, wes == 64 ? d1 : (d1 >>> sh) & wm, a, e, wes) & wm) << sh;
            }
        }
        AdvancedSimd.write(cpu, d, r0, r1, true);
    }

    static void sqdmullByElement(Cpu cpu, int insn) {
        longByElement(cpu, insn, SimdSaturating::sqdmullOp);
    }

    static void sqdmlalByElement(Cpu cpu, int insn) {
        longByElement(cpu, insn, SimdSaturating::sqdmlalOp);
    }

    static void sqdmlslByElement(Cpu cpu, int insn) {
        longByElement(cpu, insn, SimdSaturating::sqdmlslOp);
    }

    static void sqdmullByElementScalar(Cpu cpu, int insn) {
        longScalar(cpu, insn, AdvancedSimd.indexedElement(cpu, insn), SimdSaturating::sqdmullOp);
    }

    static void sqdmlalByElementScalar(Cpu cpu, int insn) {
        longScalar(cpu, insn, AdvancedSimd.indexedElement(cpu, insn), SimdSaturating::sqdmlalOp);
    }

    static void sqdmlslByElementScalar(Cpu cpu, int insn) {
        longScalar(cpu, insn, AdvancedSimd.indexedElement(cpu, insn), SimdSaturating::sqdmlslOp);
    }

    private static void mulHighByElement(Cpu cpu, int insn, boolean round) {
        long e = AdvancedSimd.indexedElement(cpu, insn);
        int es = 8 << size(insn);
        long[] v = cpu.vreg;
        int n = rn(insn);
        boolean q = q(insn);
        long lo = mulHighWord(cpu, v[2 * n], e, es, round);
        long hi = q ? mulHighWord(cpu, v[2 * n + 1], e, es, round) : 0;
        AdvancedSimd.write(cpu, rd(insn), lo, hi, q);
    }

    private static long mulHighWord(Cpu cpu, long w, long e, int es, boolean round) {
        long m = mask(es);
        long r = 0;
        for (int sh = 0; sh < 64; sh += es) {
            r |= (doublingMulHigh(cpu, (w >>> sh) & m, e, es, round) & m) << sh;
        }
        return r;
    }

    static void sqdmulhByElement(Cpu cpu, int insn) {
        mulHighByElement(cpu, insn, false);
    }

    static void sqrdmulhByElement(Cpu cpu, int insn) {
        mulHighByElement(cpu, insn, true);
    }

    private static void mulHighByElementScalar(Cpu cpu, int insn, boolean round) {
        long e = AdvancedSimd.indexedElement(cpu, insn);
        int es = 8 << size(insn);
        long r = doublingMulHigh(cpu, SimdRegs.scalar(cpu, rn(insn), es), e, es, round);
        SimdRegs.setScalar(cpu, rd(insn), r, es);
    }

    static void sqdmulhByElementScalar(Cpu cpu, int insn) {
        mulHighByElementScalar(cpu, insn, false);
    }

    static void sqrdmulhByElementScalar(Cpu cpu, int insn) {
        mulHighByElementScalar(cpu, insn, true);
    }

    /** PMULL/PMULL2 with 8-bit elements; the 64-bit (1Q) form needs the Cryptographic Extension, absent on the BCM2837. */
    static void pmull(Cpu cpu, int insn) {
        if (size(insn) != 0) {
            cpu.undefined();
        }
        AdvancedSimd.widen(cpu, insn, false, false, (c, d, a, b, es) -> AdvancedSimd.pmulOp(c, a, b, 8));
    }

    // ---- Saturating unary ------------------------------------------------------------------------------------

    static long sqabsOp(Cpu cpu, long a, int es) {
        long v = sx(a, es);
        if (v == (es == 64 ? Long.MIN_VALUE : -(1L << (es - 1)))) {
            return saturate(cpu, es == 64 ? Long.MAX_VALUE : (1L << (es - 1)) - 1);
        }
        return Math.abs(v);
    }

    static long sqnegOp(Cpu cpu, long a, int es) {
        long v = sx(a, es);
        if (v == (es == 64 ? Long.MIN_VALUE : -(1L << (es - 1)))) {
            return saturate(cpu, es == 64 ? Long.MAX_VALUE : (1L << (es - 1)) - 1);
        }
        return -v;
    }

    static void sqabs(Cpu cpu, int insn) {
        AdvancedSimd.unary(cpu, insn, true, SimdSaturating::sqabsOp);
    }

    static void sqneg(Cpu cpu, int insn) {
        AdvancedSimd.unary(cpu, insn, true, SimdSaturating::sqnegOp);
    }

    private static void scalarUnaryAnySize(Cpu cpu, int insn, AdvancedSimd.Op1 f) {
        cpu.checkFpAccess();
        int es = 8 << size(insn);
        SimdRegs.setScalar(cpu, rd(insn), f.apply(cpu, SimdRegs.scalar(cpu, rn(insn), es), es), es);
    }

    static void sqabsScalar(Cpu cpu, int insn) {
        scalarUnaryAnySize(cpu, insn, SimdSaturating::sqabsOp);
    }

    static void sqnegScalar(Cpu cpu, int insn) {
        scalarUnaryAnySize(cpu, insn, SimdSaturating::sqnegOp);
    }

    /** SUQADD: SignedSat(SInt(Vd) + UInt(Vn)). */
    static long suqaddOp(Cpu cpu, long d, long n, int es) {
        if (es == 64) {
            long r = d + n;
            // The exact sum d + UInt(n) exceeds 2^63 - 1: for d >= 0 when n >= 2^63 or the add wraps
            // negative; for d < 0 only when n >= 2^63 and d + n did not wrap (so it stayed negative).
            if ((d >= 0 && (n < 0 || r < 0)) || (d < 0 && n < 0 && r < 0)) {
                return saturate(cpu, Long.MAX_VALUE);
            }
            return r;
        }
        return signedSat(cpu, sx(d, es) + n, es);
    }

    /** USQADD: UnsignedSat(UInt(Vd) + SInt(Vn)). */
    static long usqaddOp(Cpu cpu, long d, long n, int es) {
        if (es == 64) {
            long r = d + n;
            if (n >= 0 && Long.compareUnsigned(r, d) < 0) {
                return saturate(cpu, -1L);
            } else if (n < 0 && Long.compareUnsigned(d, -n) < 0) {
                return saturate(cpu, 0);
            }
            return r;
        }
        return unsignedSat(cpu, d + sx(n, es), es);
    }

    private static void accumulateUnary(Cpu cpu, int insn, AdvancedSimd.Op2 f) {
        int es = AdvancedSimd.esize(cpu, insn, true);
        long[] v = cpu.vreg;
        int n = rn(insn), d = rd(insn);
        boolean q = q(insn);
        long lo = AdvancedSimd.map(cpu, v[2 * d], v[2 * n], es, f);
        long hi = q ? AdvancedSimd.map(cpu, v[2 * d + 1], v[2 * n + 1], es, f) : 0;
        AdvancedSimd.write(cpu, d, lo, hi, q);
    }

    private static void accumulateScalar(Cpu cpu, int insn, AdvancedSimd.Op2 f) {
        cpu.checkFpAccess();
        int es = 8 << size(insn);
        int d = rd(insn);
        long r = f.apply(cpu, SimdRegs.scalar(cpu, d, es), SimdRegs.scalar(cpu, rn(insn), es), es);
        SimdRegs.setScalar(cpu, d, r, es);
    }

    static void suqadd(Cpu cpu, int insn) {
        accumulateUnary(cpu, insn, SimdSaturating::suqaddOp);
    }

    static void usqadd(Cpu cpu, int insn) {
        accumulateUnary(cpu, insn, SimdSaturating::usqaddOp);
    }

    static void suqaddScalar(Cpu cpu, int insn) {
        accumulateScalar(cpu, insn, SimdSaturating::suqaddOp);
    }

    static void usqaddScalar(Cpu cpu, int insn) {
        accumulateScalar(cpu, insn, SimdSaturating::usqaddOp);
    }
}
