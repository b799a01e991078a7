package visor.cpu.a64;

import static visor.cpu.a64.Fields.rd;
import static visor.cpu.a64.Fields.rm;
import static visor.cpu.a64.Fields.rn;
import static visor.cpu.a64.SimdRegs.scalar;
import static visor.cpu.a64.SimdRegs.setScalar;

import java.util.List;
import visor.cpu.Cpu;

/**
 * Scalar floating point (ARM ARM C4.1.6, C7.2): data processing with one, two and three sources,
 * compares, conditional compare and select, FMOV, precision conversions and conversions to and from
 * integer and fixed point. Single and double precision; half precision only as an FCVT source or
 * destination (ARMv8.0). Arithmetic is in {@link FpCore}.
 */
public final class FloatingPoint {
    private FloatingPoint() {
    }

    public static final List<Row> ROWS = List.of(
            new Row("FMOV (register)", "000 11110 tt 1 0000 00 10000 nnnnn ddddd", FloatingPoint::fmovRegister),
            new Row("FABS (scalar)", "000 11110 tt 1 0000 01 10000 nnnnn ddddd", FloatingPoint::fabsScalar),
            new Row("FNEG (scalar)", "000 11110 tt 1 0000 10 10000 nnnnn ddddd", FloatingPoint::fnegScalar),
            new Row("FSQRT (scalar)", "000 11110 tt 1 0000 11 10000 nnnnn ddddd", FloatingPoint::fsqrtScalar),
            new Row("FCVT", "000 11110 tt 1 0001 oo 10000 nnnnn ddddd", FloatingPoint::fcvt),
            new Row("FRINTN (scalar)", "000 11110 tt 1 001 000 10000 nnnnn ddddd", FloatingPoint::frintnScalar),
            new Row("FRINTP (scalar)", "000 11110 tt 1 001 001 10000 nnnnn ddddd", FloatingPoint::frintpScalar),
            new Row("FRINTM (scalar)", "000 11110 tt 1 001 010 10000 nnnnn ddddd", FloatingPoint::frintmScalar),
            new Row("FRINTZ (scalar)", "000 11110 tt 1 001 011 10000 nnnnn ddddd", FloatingPoint::frintzScalar),
            new Row("FRINTA (scalar)", "000 11110 tt 1 001 100 10000 nnnnn ddddd", FloatingPoint::frintaScalar),
            new Row("FRINTX (scalar)", "000 11110 tt 1 001 110 10000 nnnnn ddddd", FloatingPoint::frintxScalar),
            new Row("FRINTI (scalar)", "000 11110 tt 1 001 111 10000 nnnnn ddddd", FloatingPoint::frintiScalar),

            new Row("FCMP", "000 11110 tt 1 mmmmm 00 1000 nnnnn 0 z 000", FloatingPoint::fcmp),
            new Row("FCMPE", "000 11110 tt 1 mmmmm 00 1000 nnnnn 1 z 000", FloatingPoint::fcmpe),
            new Row("FMOV (scalar, immediate)", "000 11110 tt 1 iiiiiiii 100 00000 ddddd", FloatingPoint::fmovImmediate),
            new Row("FCCMP", "000 11110 tt 1 mmmmm cccc 01 nnnnn 0 ffff", FloatingPoint::fccmp),
            new Row("FCCMPE", "000 11110 tt 1 mmmmm cccc 01 nnnnn 1 ffff", FloatingPoint::fccmpe),

            new Row("FMUL (scalar)", "000 11110 tt 1 mmmmm 0000 10 nnnnn ddddd", FloatingPoint::fmulScalar),
            new Row("FDIV (scalar)", "000 11110 tt 1 mmmmm 0001 10 nnnnn ddddd", FloatingPoint::fdivScalar),
            new Row("FADD (scalar)", "000 11110 tt 1 mmmmm 0010 10 nnnnn ddddd", FloatingPoint::faddScalar),
            new Row("FSUB (scalar)", "000 11110 tt 1 mmmmm 0011 10 nnnnn ddddd", FloatingPoint::fsubScalar),
            new Row("FMAX (scalar)", "000 11110 tt 1 mmmmm 0100 10 nnnnn ddddd", FloatingPoint::fmaxScalar),
            new Row("FMIN (scalar)", "000 11110 tt 1 mmmmm 0101 10 nnnnn ddddd", FloatingPoint::fminScalar),
            new Row("FMAXNM (scalar)", "000 11110 tt 1 mmmmm 0110 10 nnnnn ddddd", FloatingPoint::fmaxnmScalar),
            new Row("FMINNM (scalar)", "000 11110 tt 1 mmmmm 0111 10 nnnnn ddddd", FloatingPoint::fminnmScalar),
            new Row("FNMUL (scalar)", "000 11110 tt 1 mmmmm 1000 10 nnnnn ddddd", FloatingPoint::fnmulScalar),
            new Row("FCSEL", "000 11110 tt 1 mmmmm cccc 11 nnnnn ddddd", FloatingPoint::fcsel),

            new Row("FMADD", "000 11111 tt 0 mmmmm 0 aaaaa nnnnn ddddd", FloatingPoint::fmadd),
            new Row("FMSUB", "000 11111 tt 0 mmmmm 1 aaaaa nnnnn ddddd", FloatingPoint::fmsub),
            new Row("FNMADD", "000 11111 tt 1 mmmmm 0 aaaaa nnnnn ddddd", FloatingPoint::fnmadd),
            new Row("FNMSUB", "000 11111 tt 1 mmmmm 1 aaaaa nnnnn ddddd", FloatingPoint::fnmsub),

            new Row("FCVTNS (scalar)", "s 0011110 tt 1 00 000 000000 nnnnn ddddd", FloatingPoint::fcvtnsScalar),
            new Row("FCVTNU (scalar)", "s 0011110 tt 1 00 001 000000 nnnnn ddddd", FloatingPoint::fcvtnuScalar),
            new Row("SCVTF (scalar, integer)", "s 0011110 tt 1 00 010 000000 nnnnn ddddd", FloatingPoint::scvtfScalarInteger),
            new Row("UCVTF (scalar, integer)", "s 0011110 tt 1 00 011 000000 nnnnn ddddd", FloatingPoint::ucvtfScalarInteger),
            new Row("FCVTAS (scalar)", "s 0011110 tt 1 00 100 000000 nnnnn ddddd", FloatingPoint::fcvtasScalar),
            new Row("FCVTAU (scalar)", "s 0011110 tt 1 00 101 000000 nnnnn ddddd", FloatingPoint::fcvtauScalar),
            new Row("FMOV (general, to general)", "s 0011110 tt 1 00 110 000000 nnnnn ddddd", FloatingPoint::fmovToGeneral),
            new Row("FMOV (general, from general)", "s 0011110 tt 1 00 111 000000 nnnnn ddddd", FloatingPoint::fmovFromGeneral),
            new Row("FMOV (general, Xd = Vn.D[1])", "1 0011110 10 1 01 110 000000 nnnnn ddddd", FloatingPoint::fmovToGeneralTop),
            new Row("FMOV (general, Vd.D[1] = Xn)", "1 0011110 10 1 01 111 000000 nnnnn ddddd", FloatingPoint::fmovFromGeneralTop),
            new Row("FCVTPS (scalar)", "s 0011110 tt 1 01 000 000000 nnnnn ddddd", FloatingPoint::fcvtpsScalar),
            new Row("FCVTPU (scalar)", "s 0011110 tt 1 01 001 000000 nnnnn ddddd", FloatingPoint::fcvtpuScalar),
            new Row("FCVTMS (scalar)", "s 0011110 tt 1 10 000 000000 nnnnn ddddd", FloatingPoint::fcvtmsScalar),
            new Row("FCVTMU (scalar)", "s 0011110 tt 1 10 001 000000 nnnnn ddddd", FloatingPoint::fcvtmuScalar),
            new Row("FCVTZS (scalar, integer)", "s 0011110 tt 1 11 000 000000 nnnnn ddddd", FloatingPoint::fcvtzsScalarInteger),
            new Row("FCVTZU (scalar, integer)", "s 0011110 tt 1 11 001 000000 nnnnn ddddd", FloatingPoint::fcvtzuScalarInteger),

            new Row("FCVTZS (scalar, fixed-point)", "s 0011110 tt 0 11 000 xxxxxx nnnnn ddddd", FloatingPoint::fcvtzsScalarFixed),
            new Row("FCVTZU (scalar, fixed-point)", "s 0011110 tt 0 11 001 xxxxxx nnnnn ddddd", FloatingPoint::fcvtzuScalarFixed),
            new Row("SCVTF (scalar, fixed-point)", "s 0011110 tt 0 00 010 xxxxxx nnnnn ddddd", FloatingPoint::scvtfScalarFixed),
            new Row("UCVTF (scalar, fixed-point)", "s 0011110 tt 0 00 011 xxxxxx nnnnn ddddd", FloatingPoint::ucvtfScalarFixed));

    /** The datasize selected by ftype (bits 23:22): 00 single, 01 double; others UNDEFINED in ARMv8.0. */
    static int width(Cpu cpu, int insn) {
        int ftype = (insn >>> 22) & 3;
        if (ftype > 1) {
            cpu.undefined();
        }
        cpu.checkFpAccess();
        return ftype == 0 ? 32 : 64;
    }

    // ---- One source ---------------------------------------------------------------------------------------

    static void fmovRegister(Cpu cpu, int insn) {
        int n = width(cpu, insn);
        setScalar(cpu, rd(insn), scalar(cpu, rn(insn), n), n);
    }

    static void fabsScalar(Cpu cpu, int insn) {
        int n = width(cpu, insn);
        setScalar(cpu, rd(insn), FpCore.abs(n, scalar(cpu, rn(insn), n)), n);
    }

    static void fnegScalar(Cpu cpu, int insn) {
        int n = width(cpu, insn);
        setScalar(cpu, rd(insn), FpCore.neg(n, scalar(cpu, rn(insn), n)), n);
    }

    static void fsqrtScalar(Cpu cpu, int insn) {
        int n = width(cpu, insn);
        setScalar(cpu, rd(insn), FpCore.sqrt(cpu, n, scalar(cpu, rn(insn), n)), n);
    }

    /** FCVT: ftype is the source precision, opc the destination (00 S, 01 D, 11 H); equal ones UNDEFINED. */
    static void fcvt(Cpu cpu, int insn) {
        int from = precision((insn >>> 22) & 3);
        int to = precision((insn >>> 15) & 3);
        if (from == 0 || to == 0 || from == to) {
            cpu.undefined();
        }
        cpu.checkFpAccess();
        setScalar(cpu, rd(insn), FpCore.convert(cpu, from, to, scalar(cpu, rn(insn), from)), to);
    }

    private static int precision(int type) {
        return switch (type) {
            case 0 -> 32;
            case 1 -> 64;
            case 3 -> 16;
            default -> 0;
        };
    }

    private static void frint(Cpu cpu, int insn, int rounding, boolean exact) {
        int n = width(cpu, insn);
        setScalar(cpu, rd(insn), FpCore.roundInt(cpu, n, scalar(cpu, rn(insn), n), rounding, exact), n);
    }

    static void frintnScalar(Cpu cpu, int insn) {
        frint(cpu, insn, FpCore.RN, false);
    }

    static void frintpScalar(Cpu cpu, int insn) {
        frint(cpu, insn, FpCore.RP, false);
    }

    static void frintmScalar(Cpu cpu, int insn) {
        frint(cpu, insn, FpCore.RM, false);
    }

    static void frintzScalar(Cpu cpu, int insn) {
        frint(cpu, insn, FpCore.RZ, false);
    }

    static void frintaScalar(Cpu cpu, int insn) {
        frint(cpu, insn, FpCore.RNA, false);
    }

    static void frintxScalar(Cpu cpu, int insn) {
        frint(cpu, insn, FpCore.rmode(cpu.fpcr), true);
    }

    static void frintiScalar(Cpu cpu, int insn) {
        frint(cpu, insn, FpCore.rmode(cpu.fpcr), false);
    }

    // ---- Compare, select, immediate -----------------------------------------------------------------------

    private static void compare(Cpu cpu, int insn, boolean signalNaNs) {
        int n = width(cpu, insn);
        long op1 = scalar(cpu, rn(insn), n);
        long op2 = (insn & (1 << 3)) != 0 ? 0 : scalar(cpu, rm(insn), n);
        cpu.setNzcv((long) FpCore.compare(cpu, n, op1, op2, signalNaNs) << 28);
    }

    static void fcmp(Cpu cpu, int insn) {
        compare(cpu, insn, false);
    }

    static void fcmpe(Cpu cpu, int insn) {
        compare(cpu, insn, true);
    }

    private static void condCompare(Cpu cpu, int insn, boolean signalNaNs) {
        int n = width(cpu, insn);
        if (cpu.conditionHolds((insn >>> 12) & 15)) {
            long op1 = scalar(cpu, rn(insn), n), op2 = scalar(cpu, rm(insn), n);
            cpu.setNzcv((long) FpCore.compare(cpu, n, op1, op2, signalNaNs) << 28);
        } else {
            cpu.setNzcv((long) (insn & 15) << 28);
        }
    }

    static void fccmp(Cpu cpu, int insn) {
        condCompare(cpu, insn, false);
    }

    static void fccmpe(Cpu cpu, int insn) {
        condCompare(cpu, insn, true);
    }

    static void fcsel(Cpu cpu, int insn) {
        int n = width(cpu, insn);
        int src = cpu.conditionHolds((insn >>> 12) & 15) ? rn(insn) : rm(insn);
        setScalar(cpu, rd(insn), scalar(cpu, src, n), n);
    }

    /** VFPExpandImm. */
    static long vfpExpandImm(int imm8, int n) {
        int e = FpCore.expBits(n), f = FpCore.fracBits(n);
        long sign = (imm8 >>> 7) & 1;
        long b6 = (imm8 >>> 6) & 1;
        long exp = ((b6 ^ 1) << (e - 1)) | ((b6 == 1 ? (1L << (e - 3)) - 1 : 0) << 2) | ((imm8 >>> 4) & 3);
        long frac = (long) (imm8 & 15) << (f - 4);
        return (sign << (n - 1)) | (exp << f) | frac;
    }

    static void fmovImmediate(Cpu cpu, int insn) {
        int n = width(cpu, insn);
        setScalar(cpu, rd(insn), vfpExpandImm((insn >>> 13) & 0xFF, n), n);
    }

    // ---- Two and three sources ----------------------------------------------------------------------------

    static void fmulScalar(Cpu cpu, int insn) {
        int n = width(cpu, insn);
        setScalar(cpu, rd(insn), FpCore.mul(cpu, n, scalar(cpu, rn(insn), n), scalar(cpu, rm(insn), n)), n);
    }

    static void fnmulScalar(Cpu cpu, int insn) {
        int n = width(cpu, insn);
        long product = FpCore.mul(cpu, n, scalar(cpu, rn(insn), n), scalar(cpu, rm(insn), n));
        setScalar(cpu, rd(insn), FpCore.neg(n, product), n);
    }

    static void fdivScalar(Cpu cpu, int insn) {
        int n = width(cpu, insn);
        setScalar(cpu, rd(insn), FpCore.div(cpu, n, scalar(cpu, rn(insn), n), scalar(cpu, rm(insn), n)), n);
    }

    static void faddScalar(Cpu cpu, int insn) {
        int n = width(cpu, insn);
        setScalar(cpu, rd(insn), FpCore.add(cpu, n, scalar(cpu, rn(insn), n), scalar(cpu, rm(insn), n), false), n);
    }

    static void fsubScalar(Cpu cpu, int insn) {
        int n = width(cpu, insn);
        setScalar(cpu, rd(insn), FpCore.add(cpu, n, scalar(cpu, rn(insn), n), scalar(cpu, rm(insn), n), true), n);
    }

    static void fmaxScalar(Cpu cpu, int insn) {
        int n = width(cpu, insn);
        setScalar(cpu, rd(insn), FpCore.maxMin(cpu, n, scalar(cpu, rn(insn), n), scalar(cpu, rm(insn), n), true), n);
    }

    static void fminScalar(Cpu cpu, int insn) {
        int n = width(cpu, insn);
        setScalar(cpu, rd(insn), FpCore.maxMin(cpu, n, scalar(cpu, rn(insn), n), scalar(cpu, rm(insn), n), false), n);
    }

    static void fmaxnmScalar(Cpu cpu, int insn) {
        int n = width(cpu, insn);
        long r = FpCore.maxMinNum(cpu, n, scalar(cpu, rn(insn), n), scalar(cpu, rm(insn), n), true);
        setScalar(cpu, rd(insn), r, n);
    }

    static void fminnmScalar(Cpu cpu, int insn) {
        int n = width(cpu, insn);
        long r = FpCore.maxMinNum(cpu, n, scalar(cpu, rn(insn), n), scalar(cpu, rm(insn), n), false);
        setScalar(cpu, rd(insn), r, n);
    }

    /** FMADD family: opa_neg negates the addend, op1_neg the first multiplicand, before FPMulAdd. */
    private static void mulAdd(Cpu cpu, int insn, boolean opaNeg, boolean op1Neg) {
        int n = width(cpu, insn);
        long a = scalar(cpu, (insn >>> 10) & 31, n);
        long op1 = scalar(cpu, rn(insn), n), op2 = scalar(cpu, rm(insn), n);
        if (opaNeg) {
            a = FpCore.neg(n, a);
        }
        if (op1Neg) {
            op1 = FpCore.neg(n, op1);
        }
        setScalar(cpu, rd(insn), FpCore.mulAdd(cpu, n, a, op1, op2), n);
    }

    static void fmadd(Cpu cpu, int insn) {
        mulAdd(cpu, insn, false, false);
    }

    static void fmsub(Cpu cpu, int insn) {
        mulAdd(cpu, insn, false, true);
    }

    static void fnmadd(Cpu cpu, int insn) {
        mulAdd(cpu, insn, true, true);
    }

    static void fnmsub(Cpu cpu, int insn) {
        mulAdd(cpu, insn, true, false);
    }

    // ---- Conversions to and from integer ------------------------------------------------------------------

    private static int intSize(int insn) {
        return insn < 0 ? 64 : 32;
    }

    private static void fpToInt(Cpu cpu, int insn, int rounding, boolean unsigned, int fbits) {
        int n = width(cpu, insn);
        int m = intSize(insn);
        long r = FpCore.toFixed(cpu, n, scalar(cpu, rn(insn), n), fbits, unsigned, rounding, m);
        if (m == 64) {
            cpu.setX(rd(insn), r);
        } else {
            cpu.setW(rd(insn), r);
        }
    }

    private static void intToFp(Cpu cpu, int insn, boolean unsigned, int fbits) {
        int n = width(cpu, insn);
        long v = cpu.x(rn(insn));
        if (intSize(insn) == 32) {
            v = unsigned ? v & 0xFFFF_FFFFL : (int) v;
        }
        setScalar(cpu, rd(insn), FpCore.fixedToFp(cpu, n, v, fbits, unsigned, FpCore.rmode(cpu.fpcr)), n);
    }

    /** fbits = 64 - scale; a 32-bit form with scale<5> = 0 is UNDEFINED. */
    private static int fbits(Cpu cpu, int insn) {
        int scale = (insn >>> 10) & 63;
        if (insn >= 0 && scale < 32) {
            cpu.undefined();
        }
        return 64 - scale;
    }

    static void fcvtnsScalar(Cpu cpu, int insn) {
        fpToInt(cpu, insn, FpCore.RN, false, 0);
    }

    static void fcvtnuScalar(Cpu cpu, int insn) {
        fpToInt(cpu, insn, FpCore.RN, true, 0);
    }

    static void fcvtasScalar(Cpu cpu, int insn) {
        fpToInt(cpu, insn, FpCore.RNA, false, 0);
    }

    static void fcvtauScalar(Cpu cpu, int insn) {
        fpToInt(cpu, insn, FpCore.RNA, true, 0);
    }

    static void fcvtpsScalar(Cpu cpu, int insn) {
        fpToInt(cpu, insn, FpCore.RP, false, 0);
    }

    static void fcvtpuScalar(Cpu cpu, int insn) {
        fpToInt(cpu, insn, FpCore.RP, true, 0);
    }

    static void fcvtmsScalar(Cpu cpu, int insn) {
        fpToInt(cpu, insn, FpCore.RM, false, 0);
    }

    static void fcvtmuScalar(Cpu cpu, int insn) {
        fpToInt(cpu, insn, FpCore.RM, true, 0);
    }

    static void fcvtzsScalarInteger(Cpu cpu, int insn) {
        fpToInt(cpu, insn, FpCore.RZ, false, 0);
    }

    static void fcvtzuScalarInteger(Cpu cpu, int insn) {
        fpToInt(cpu, insn, FpCore.RZ, true, 0);
    }

    static void fcvtzsScalarFixed(Cpu cpu, int insn) {
        fpToInt(cpu, insn, FpCore.RZ, false, fbits(cpu, insn));
    }

    static void fcvtzuScalarFixed(Cpu cpu, int insn) {
        fpToInt(cpu, insn, FpCore.RZ, true, fbits(cpu, insn));
    }

    static void scvtfScalarInteger(Cpu cpu, int insn) {
        intToFp(cpu, insn, false, 0);
    }

    static void ucvtfScalarInteger(Cpu cpu, int insn) {
        intToFp(cpu, insn, true, 0);
    }

    static void scvtfScalarFixed(Cpu cpu, int insn) {
        intToFp(cpu, insn, false, fbits(cpu, insn));
    }

    static void ucvtfScalarFixed(Cpu cpu, int insn) {
        intToFp(cpu, insn, true, fbits(cpu, insn));
    }

    /** FMOV between general and FP registers: only W<->S (sf=0, ftype=00) and X<->D (sf=1, ftype=01). */
    private static int fmovWidth(Cpu cpu, int insn) {
        int ftype = (insn >>> 22) & 3;
        if (ftype != (insn >>> 31)) {
            cpu.undefined();
        }
        cpu.checkFpAccess();
        return ftype == 0 ? 32 : 64;
    }

    static void fmovToGeneral(Cpu cpu, int insn) {
        int n = fmovWidth(cpu, insn);
        long v = scalar(cpu, rn(insn), n);
        cpu.setX(rd(insn), v);
    }

    static void fmovFromGeneral(Cpu cpu, int insn) {
        int n = fmovWidth(cpu, insn);
        setScalar(cpu, rd(insn), cpu.x(rn(insn)), n);
    }

    static void fmovToGeneralTop(Cpu cpu, int insn) {
        cpu.checkFpAccess();
        cpu.setX(rd(insn), cpu.vreg[2 * rn(insn) + 1]);
    }

    /** Writes only V[d]<127:64>; the low half is preserved. */
    static void fmovFromGeneralTop(Cpu cpu, int insn) {
        cpu.checkFpAccess();
        cpu.vreg[2 * rd(insn) + 1] = cpu.x(rn(insn));
    }
}
