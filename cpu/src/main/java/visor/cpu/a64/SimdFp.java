package visor.cpu.a64;

import static visor.cpu.a64.AdvancedSimd.q;
import static visor.cpu.a64.AdvancedSimd.write;
import static visor.cpu.a64.Fields.rd;
import static visor.cpu.a64.Fields.rm;
import static visor.cpu.a64.Fields.rn;
import static visor.cpu.a64.SimdRegs.mask;

import java.util.List;
import visor.cpu.Cpu;
import visor.cpu.Insn;

/**
 * Advanced SIMD floating point (ARM ARM C4.1.6): vector and scalar three same, two-register
 * miscellaneous, pairwise and across-lanes, by element, FCVTL/FCVTN, fixed-point conversions and FMOV
 * (vector, immediate). Single and double precision lanes; arithmetic in {@link FpCore}. The {@code sz}
 * bit (22) selects 32- or 64-bit lanes, and 64-bit lanes need Q=1 in vector forms.
 */
public final class SimdFp {
    private SimdFp() {
    }

    /** A floating-point lane function on n-bit (32 or 64) raw values. */
    @FunctionalInterface
    interface FOp2 {
        long apply(Cpu cpu, int n, long a, long b);
    }

    @FunctionalInterface
    interface FOp3 {
        long apply(Cpu cpu, int n, long d, long a, long b);
    }

    @FunctionalInterface
    interface FOp1 {
        long apply(Cpu cpu, int n, long a);
    }

    public static final List<Row> ROWS = List.of(
            same("FMAXNM (vector)", 0, 0, "11000", SimdFp::fmaxnmVector),
            same("FMLA (vector)", 0, 0, "11001", SimdFp::fmlaVector),
            same("FADD (vector)", 0, 0, "11010", SimdFp::faddVector),
            same("FMULX (vector)", 0, 0, "11011", SimdFp::fmulxVector),
            same("FCMEQ (register)", 0, 0, "11100", SimdFp::fcmeqRegister),
            same("FMAX (vector)", 0, 0, "11110", SimdFp::fmaxVector),
            same("FRECPS", 0, 0, "11111", SimdFp::frecps),
            same("FRSQRTS", 0, 1, "11111", SimdFp::frsqrts),
            same("FMINNM (vector)", 0, 1, "11000", SimdFp::fminnmVector),
            same("FMLS (vector)", 0, 1, "11001", SimdFp::fmlsVector),
            same("FSUB (vector)", 0, 1, "11010", SimdFp::fsubVector),
            same("FMIN (vector)", 0, 1, "11110", SimdFp::fminVector),
            same("FMAXNMP (vector)", 1, 0, "11000", SimdFp::fmaxnmpVector),
            same("FADDP (vector)", 1, 0, "11010", SimdFp::faddpVector),
            same("FMUL (vector)", 1, 0, "11011", SimdFp::fmulVector),
            same("FCMGE (register)", 1, 0, "11100", SimdFp::fcmgeRegister),
            same("FACGE", 1, 0, "11101", SimdFp::facge),
            same("FMAXP (vector)", 1, 0, "11110", SimdFp::fmaxpVector),
            same("FDIV (vector)", 1, 0, "11111", SimdFp::fdivVector),
            same("FMINNMP (vector)", 1, 1, "11000", SimdFp::fminnmpVector),
            same("FABD", 1, 1, "11010", SimdFp::fabd),
            same("FCMGT (register)", 1, 1, "11100", SimdFp::fcmgtRegister),
            same("FACGT", 1, 1, "11101", SimdFp::facgt),
            same("FMINP (vector)", 1, 1, "11110", SimdFp::fminpVector),

            scalarSame("FMULX (scalar)", 0, 0, "11011", SimdFp::fmulxScalar),
            scalarSame("FRECPS (scalar)", 0, 0, "11111", SimdFp::frecpsScalar),
            scalarSame("FRSQRTS (scalar)", 0, 1, "11111", SimdFp::frsqrtsScalar),
            scalarSame("FCMEQ (register, scalar)", 0, 0, "11100", SimdFp::fcmeqRegisterScalar),
            scalarSame("FCMGE (register, scalar)", 1, 0, "11100", SimdFp::fcmgeRegisterScalar),
            scalarSame("FACGE (scalar)", 1, 0, "11101", SimdFp::facgeScalar),
            scalarSame("FABD (scalar)", 1, 1, "11010", SimdFp::fabdScalar),
            scalarSame("FCMGT (register, scalar)", 1, 1, "11100", SimdFp::fcmgtRegisterScalar),
            scalarSame("FACGT (scalar)", 1, 1, "11101", SimdFp::facgtScalar),

            new Row("FMAXNMP (scalar)", "01 1 11110 0 s 11000 01100 10 nnnnn ddddd", SimdFp::fmaxnmpScalar),
            new Row("FADDP (scalar)", "01 1 11110 0 s 11000 01101 10 nnnnn ddddd", SimdFp::faddpScalar),
            new Row("FMAXP (scalar)", "01 1 11110 0 s 11000 01111 10 nnnnn ddddd", SimdFp::fmaxpScalar),
            new Row("FMINNMP (scalar)", "01 1 11110 1 s 11000 01100 10 nnnnn ddddd", SimdFp::fminnmpScalar),
            new Row("FMINP (scalar)", "01 1 11110 1 s 11000 01111 10 nnnnn ddddd", SimdFp::fminpScalar),

            new Row("FMAXNMV", "0 q 1 01110 0 s 11000 01100 10 nnnnn ddddd", SimdFp::fmaxnmv),
            new Row("FMAXV", "0 q 1 01110 0 s 11000 01111 10 nnnnn ddddd", SimdFp::fmaxv),
            new Row("FMINNMV", "0 q 1 01110 1 s 11000 01100 10 nnnnn ddddd", SimdFp::fminnmv),
            new Row("FMINV", "0 q 1 01110 1 s 11000 01111 10 nnnnn ddddd", SimdFp::fminv),

            misc("FCMGT (zero)", 0, 1, "01100", SimdFp::fcmgtZero),
            misc("FCMEQ (zero)", 0, 1, "01101", SimdFp::fcmeqZero),
            misc("FCMLT (zero)", 0, 1, "01110", SimdFp::fcmltZero),
            misc("FABS (vector)", 0, 1, "01111", SimdFp::fabsVector),
            misc("FCMGE (zero)", 1, 1, "01100", SimdFp::fcmgeZero),
            misc("FCMLE (zero)", 1, 1, "01101", SimdFp::fcmleZero),
            misc("FNEG (vector)", 1, 1, "01111", SimdFp::fnegVector),
            misc("FSQRT (vector)", 1, 1, "11111", SimdFp::fsqrtVector),
            misc("FCVTN", 0, 0, "10110", SimdFp::fcvtn),
            misc("FCVTL", 0, 0, "10111", SimdFp::fcvtl),
            misc("FRINTN (vector)", 0, 0, "11000", SimdFp::frintnVector),
            misc("FRINTM (vector)", 0, 0, "11001", SimdFp::frintmVector),
            misc("FRINTP (vector)", 0, 1, "11000", SimdFp::frintpVector),
            misc("FRINTZ (vector)", 0, 1, "11001", SimdFp::frintzVector),
            misc("FRINTA (vector)", 1, 0, "11000", SimdFp::frintaVector),
            misc("FRINTX (vector)", 1, 0, "11001", SimdFp::frintxVector),
            misc("FRINTI (vector)", 1, 1, "11001", SimdFp::frintiVector),
            misc("FCVTNS (vector)", 0, 0, "11010", SimdFp::fcvtnsVector),
            misc("FCVTMS (vector)", 0, 0, "11011", SimdFp::fcvtmsVector),
            misc("FCVTAS (vector)", 0, 0, "11100", SimdFp::fcvtasVector),
            misc("SCVTF (vector, integer)", 0, 0, "11101", SimdFp::scvtfVectorInteger),
            misc("FCVTPS (vector)", 0, 1, "11010", SimdFp::fcvtpsVector),
            misc("FCVTZS (vector, integer)", 0, 1, "11011", SimdFp::fcvtzsVectorInteger),
            misc("FCVTNU (vector)", 1, 0, "11010", SimdFp::fcvtnuVector),
            misc("FCVTMU (vector)", 1, 0, "11011", SimdFp::fcvtmuVector),
            misc("FCVTAU (vector)", 1, 0, "11100", SimdFp::fcvtauVector),
            misc("UCVTF (vector, integer)", 1, 0, "11101", SimdFp::ucvtfVectorInteger),
            misc("FCVTPU (vector)", 1, 1, "11010", SimdFp::fcvtpuVector),
            misc("FCVTZU (vector, integer)", 1, 1, "11011", SimdFp::fcvtzuVectorInteger),
            misc("FRECPE", 0, 1, "11101", SimdFp::frecpe),
            misc("FRSQRTE", 1, 1, "11101", SimdFp::frsqrte),
            misc("URECPE", 0, 1, "11100", SimdFp::urecpe),
            misc("URSQRTE", 1, 1, "11100", SimdFp::ursqrte),
            misc("FCVTXN", 1, 0, "10110", SimdFp::fcvtxn),
            scalarMisc("FRECPE (scalar)", 0, 1, "11101", SimdFp::frecpeScalar),
            scalarMisc("FRSQRTE (scalar)", 1, 1, "11101", SimdFp::frsqrteScalar),
            scalarMisc("FRECPX", 0, 1, "11111", SimdFp::frecpx),
            scalarMisc("FCVTXN (scalar)", 1, 0, "10110", SimdFp::fcvtxnScalar),

            scalarMisc("FCMGT (zero, scalar)", 0, 1, "01100", SimdFp::fcmgtZeroScalar),
            scalarMisc("FCMEQ (zero, scalar)", 0, 1, "01101", SimdFp::fcmeqZeroScalar),
            scalarMisc("FCMLT (zero, scalar)", 0, 1, "01110", SimdFp::fcmltZeroScalar),
            scalarMisc("FCMGE (zero, scalar)", 1, 1, "01100", SimdFp::fcmgeZeroScalar),
            scalarMisc("FCMLE (zero, scalar)", 1, 1, "01101", SimdFp::fcmleZeroScalar),
            scalarMisc("FCVTNS (scalar, SIMD)", 0, 0, "11010", SimdFp::fcvtnsScalarSimd),
            scalarMisc("FCVTMS (scalar, SIMD)", 0, 0, "11011", SimdFp::fcvtmsScalarSimd),
            scalarMisc("FCVTAS (scalar, SIMD)", 0, 0, "11100", SimdFp::fcvtasScalarSimd),
            scalarMisc("SCVTF (scalar, SIMD integer)", 0, 0, "11101", SimdFp::scvtfScalarSimd),
            scalarMisc("FCVTPS (scalar, SIMD)", 0, 1, "11010", SimdFp::fcvtpsScalarSimd),
            scalarMisc("FCVTZS (scalar, SIMD integer)", 0, 1, "11011", SimdFp::fcvtzsScalarSimd),
            scalarMisc("FCVTNU (scalar, SIMD)", 1, 0, "11010", SimdFp::fcvtnuScalarSimd),
            scalarMisc("FCVTMU (scalar, SIMD)", 1, 0, "11011", SimdFp::fcvtmuScalarSimd),
            scalarMisc("FCVTAU (scalar, SIMD)", 1, 0, "11100", SimdFp::fcvtauScalarSimd),
            scalarMisc("UCVTF (scalar, SIMD integer)", 1, 0, "11101", SimdFp::ucvtfScalarSimd),
            scalarMisc("FCVTPU (scalar, SIMD)", 1, 1, "11010", SimdFp::fcvtpuScalarSimd),
            scalarMisc("FCVTZU (scalar, SIMD integer)", 1, 1, "11011", SimdFp::fcvtzuScalarSimd),

            new Row("FMLA (by element)", "0 q 0 01111 1 s l m mmmm 0001 h 0 nnnnn ddddd", SimdFp::fmlaByElement),
            new Row("FMLS (by element)", "0 q 0 01111 1 s l m mmmm 0101 h 0 nnnnn ddddd", SimdFp::fmlsByElement),
            new Row("FMUL (by element)", "0 q 0 01111 1 s l m mmmm 1001 h 0 nnnnn ddddd", SimdFp::fmulByElement),
            new Row("FMULX (by element)", "0 q 1 01111 1 s l m mmmm 1001 h 0 nnnnn ddddd", SimdFp::fmulxByElement),
            new Row("FMLA (by element, scalar)", "01 0 11111 1 s l m mmmm 0001 h 0 nnnnn ddddd", SimdFp::fmlaByElementScalar),
            new Row("FMLS (by element, scalar)", "01 0 11111 1 s l m mmmm 0101 h 0 nnnnn ddddd", SimdFp::fmlsByElementScalar),
            new Row("FMUL (by element, scalar)", "01 0 11111 1 s l m mmmm 1001 h 0 nnnnn ddddd", SimdFp::fmulByElementScalar),
            new Row("FMULX (by element, scalar)", "01 1 11111 1 s l m mmmm 1001 h 0 nnnnn ddddd", SimdFp::fmulxByElementScalar),

            new Row("SCVTF (vector, fixed-point)", "0 q 0 011110 hhhh bbb 11100 1 nnnnn ddddd", SimdFp::scvtfVectorFixed),
            new Row("UCVTF (vector, fixed-point)", "0 q 1 011110 hhhh bbb 11100 1 nnnnn ddddd", SimdFp::ucvtfVectorFixed),
            new Row("FCVTZS (vector, fixed-point)", "0 q 0 011110 hhhh bbb 11111 1 nnnnn ddddd", SimdFp::fcvtzsVectorFixed),
            new Row("FCVTZU (vector, fixed-point)", "0 q 1 011110 hhhh bbb 11111 1 nnnnn ddddd", SimdFp::fcvtzuVectorFixed),
            new Row("SCVTF (scalar, SIMD fixed-point)", "01 0 111110 hhhh bbb 11100 1 nnnnn ddddd", SimdFp::scvtfScalarSimdFixed),
            new Row("UCVTF (scalar, SIMD fixed-point)", "01 1 111110 hhhh bbb 11100 1 nnnnn ddddd", SimdFp::ucvtfScalarSimdFixed),
            new Row("FCVTZS (scalar, SIMD fixed-point)", "01 0 111110 hhhh bbb 11111 1 nnnnn ddddd", SimdFp::fcvtzsScalarSimdFixed),
            new Row("FCVTZU (scalar, SIMD fixed-point)", "01 1 111110 hhhh bbb 11111 1 nnnnn ddddd", SimdFp::fcvtzuScalarSimdFixed),

            new Row("FMOV (vector, immediate, single)", "0 q 0 0111100000 xxx 1111 01 xxxxx ddddd", SimdFp::fmovVectorImmediate),
            new Row("FMOV (vector, immediate, double)", "0 q 1 0111100000 xxx 1111 01 xxxxx ddddd", SimdFp::fmovVectorImmediate));

    private static Row same(String name, int u, int a, String opcode, Insn h) {
        return new Row(name, "0 q " + u + " 01110 " + a + " s 1 mmmmm " + opcode + " 1 nnnnn ddddd", h);
    }

    private static Row scalarSame(String name, int u, int a, String opcode, Insn h) {
        return new Row(name, "01 " + u + " 11110 " + a + " s 1 mmmmm " + opcode + " 1 nnnnn ddddd", h);
    }

    private static Row misc(String name, int u, int a, String opcode, Insn h) {
        return new Row(name, "0 q " + u + " 01110 " + a + " s 10000 " + opcode + " 10 nnnnn ddddd", h);
    }

    private static Row scalarMisc(String name, int u, int a, String opcode, Insn h) {
        return new Row(name, "01 " + u + " 11110 " + a + " s 10000 " + opcode + " 10 nnnnn ddddd", h);
    }

    // ---- Shapes --------------------------------------------------------------------------------------------

    /** Lane width from sz (bit 22); sz=1 with Q=0 is reserved in vector forms. */
    static int vectorWidth(Cpu cpu, int insn) {
        boolean sz = (insn & (1 << 22)) != 0;
        if (sz && !q(insn)) {
            cpu.undefined();
        }
        cpu.checkFpAccess();
        return sz ? 64 : 32;
    }

    static int scalarWidth(Cpu cpu, int insn) {
        cpu.checkFpAccess();
        return (insn & (1 << 22)) != 0 ? 64 : 32;
    }

    static long map(Cpu cpu, int n, long a, long b, FOp2 f) {
        if (n == 64) {
            return f.apply(cpu, 64, a, b);
        }
        long lo = f.apply(cpu, 32, a & 0xFFFF_FFFFL, b & 0xFFFF_FFFFL) & 0xFFFF_FFFFL;
        return lo | (f.apply(cpu, 32, a >>> 32, b >>> 32) << 32);
    }

    static long map3(Cpu cpu, int n, long d, long a, long b, FOp3 f) {
        if (n == 64) {
            return f.apply(cpu, 64, d, a, b);
        }
        long lo = f.apply(cpu, 32, d & 0xFFFF_FFFFL, a & 0xFFFF_FFFFL, b & 0xFFFF_FFFFL) & 0xFFFF_FFFFL;
        return lo | (f.apply(cpu, 32, d >>> 32, a >>> 32, b >>> 32) << 32);
    }

    static long map1(Cpu cpu, int n, long a, FOp1 f) {
        if (n == 64) {
            return f.apply(cpu, 64, a);
        }
        long lo = f.apply(cpu, 32, a & 0xFFFF_FFFFL) & 0xFFFF_FFFFL;
        return lo | (f.apply(cpu, 32, a >>> 32) << 32);
    }

    private static void threeSame(Cpu cpu, int insn, FOp2 f) {
        int w = vectorWidth(cpu, insn);
        long[] v = cpu.vreg;
        int n = rn(insn), m = rm(insn);
        boolean q = q(insn);
        long lo = map(cpu, w, v[2 * n], v[2 * m], f);
        long hi = q ? map(cpu, w, v[2 * n + 1], v[2 * m + 1], f) : 0;
        write(cpu, rd(insn), lo, hi, q);
    }

    private static void threeSameAcc(Cpu cpu, int insn, FOp3 f) {
        int w = vectorWidth(cpu, insn);
        long[] v = cpu.vreg;
        int n = rn(insn), m = rm(insn), d = rd(insn);
        boolean q = q(insn);
        long lo = map3(cpu, w, v[2 * d], v[2 * n], v[2 * m], f);
        long hi = q ? map3(cpu, w, v[2 * d + 1], v[2 * n + 1], v[2 * m + 1], f) : 0;
        write(cpu, d, lo, hi, q);
    }

    private static void scalarSame(Cpu cpu, int insn, FOp2 f) {
        int w = scalarWidth(cpu, insn);
        long r = f.apply(cpu, w, SimdRegs.scalar(cpu, rn(insn), w), SimdRegs.scalar(cpu, rm(insn), w));
        SimdRegs.setScalar(cpu, rd(insn), r, w);
    }

    private static void unary(Cpu cpu, int insn, FOp1 f) {
        int w = vectorWidth(cpu, insn);
        long[] v = cpu.vreg;
        int n = rn(insn);
        boolean q = q(insn);
        long lo = map1(cpu, w, v[2 * n], f);
        long hi = q ? map1(cpu, w, v[2 * n + 1], f) : 0;
        write(cpu, rd(insn), lo, hi, q);
    }

    private static void scalarUnary(Cpu cpu, int insn, FOp1 f) {
        int w = scalarWidth(cpu, insn);
        SimdRegs.setScalar(cpu, rd(insn), f.apply(cpu, w, SimdRegs.scalar(cpu, rn(insn), w)), w);
    }

    // ---- Lane functions ------------------------------------------------------------------------------------

    static long fadd(Cpu cpu, int n, long a, long b) {
        return FpCore.add(cpu, n, a, b, false);
    }

    static long fsub(Cpu cpu, int n, long a, long b) {
        return FpCore.add(cpu, n, a, b, true);
    }

    static long fmul(Cpu cpu, int n, long a, long b) {
        return FpCore.mul(cpu, n, a, b);
    }

    static long fdiv(Cpu cpu, int n, long a, long b) {
        return FpCore.div(cpu, n, a, b);
    }

    static long fmax(Cpu cpu, int n, long a, long b) {
        return FpCore.maxMin(cpu, n, a, b, true);
    }

    static long fmin(Cpu cpu, int n, long a, long b) {
        return FpCore.maxMin(cpu, n, a, b, false);
    }

    static long fmaxnm(Cpu cpu, int n, long a, long b) {
        return FpCore.maxMinNum(cpu, n, a, b, true);
    }

    static long fminnm(Cpu cpu, int n, long a, long b) {
        return FpCore.maxMinNum(cpu, n, a, b, false);
    }

    static long fabdOp(Cpu cpu, int n, long a, long b) {
        return FpCore.abs(n, FpCore.add(cpu, n, a, b, true));
    }

    static long fcmeq(Cpu cpu, int n, long a, long b) {
        return FpCore.compareEq(cpu, n, a, b) ? mask(n) : 0;
    }

    static long fcmge(Cpu cpu, int n, long a, long b) {
        return FpCore.compareGe(cpu, n, a, b) ? mask(n) : 0;
    }

    static long fcmgt(Cpu cpu, int n, long a, long b) {
        return FpCore.compareGt(cpu, n, a, b) ? mask(n) : 0;
    }

    static long facgeOp(Cpu cpu, int n, long a, long b) {
        return FpCore.compareGe(cpu, n, FpCore.abs(n, a), FpCore.abs(n, b)) ? mask(n) : 0;
    }

    static long facgtOp(Cpu cpu, int n, long a, long b) {
        return FpCore.compareGt(cpu, n, FpCore.abs(n, a), FpCore.abs(n, b)) ? mask(n) : 0;
    }

    /** FPMulX: like FPMul but infinity times zero gives 2.0 with the product's sign. */
    static long fmulx(Cpu cpu, int n, long a, long b) {
        int fpcr = cpu.fpcr;
        long fa = FpCore.flush(cpu, fpcr, n, a), fb = FpCore.flush(cpu, fpcr, n, b);
        if (!FpCore.isNaN(n, fa) && !FpCore.isNaN(n, fb)
                && ((FpCore.isInf(n, fa) && FpCore.isZero(n, fb)) || (FpCore.isZero(n, fa) && FpCore.isInf(n, fb)))) {
            long two = n == 64 ? 0x4000_0000_0000_0000L : 0x4000_0000L;
            return ((fa ^ fb) & FpCore.signBit(n)) | two;
        }
        return FpCore.mul(cpu, n, a, b);
    }

    static long fmla(Cpu cpu, int n, long d, long a, long b) {
        return FpCore.mulAdd(cpu, n, d, a, b);
    }

    static long fmls(Cpu cpu, int n, long d, long a, long b) {
        return FpCore.mulAdd(cpu, n, d, FpCore.neg(n, a), b);
    }

    // ---- Three same ----------------------------------------------------------------------------------------

    static void faddVector(Cpu cpu, int insn) {
        threeSame(cpu, insn, SimdFp::fadd);
    }

    static void fsubVector(Cpu cpu, int insn) {
        threeSame(cpu, insn, SimdFp::fsub);
    }

    static void fmulVector(Cpu cpu, int insn) {
        threeSame(cpu, insn, SimdFp::fmul);
    }

    static void fmulxVector(Cpu cpu, int insn) {
        threeSame(cpu, insn, SimdFp::fmulx);
    }

    static void fdivVector(Cpu cpu, int insn) {
        threeSame(cpu, insn, SimdFp::fdiv);
    }

    static void fmaxVector(Cpu cpu, int insn) {
        threeSame(cpu, insn, SimdFp::fmax);
    }

    static void fminVector(Cpu cpu, int insn) {
        threeSame(cpu, insn, SimdFp::fmin);
    }

    static void fmaxnmVector(Cpu cpu, int insn) {
        threeSame(cpu, insn, SimdFp::fmaxnm);
    }

    static void fminnmVector(Cpu cpu, int insn) {
        threeSame(cpu, insn, SimdFp::fminnm);
    }

    static void fabd(Cpu cpu, int insn) {
        threeSame(cpu, insn, SimdFp::fabdOp);
    }

    static void fcmeqRegister(Cpu cpu, int insn) {
        threeSame(cpu, insn, SimdFp::fcmeq);
    }

    static void fcmgeRegister(Cpu cpu, int insn) {
        threeSame(cpu, insn, SimdFp::fcmge);
    }

    static void fcmgtRegister(Cpu cpu, int insn) {
        threeSame(cpu, insn, SimdFp::fcmgt);
    }

    static void facge(Cpu cpu, int insn) {
        threeSame(cpu, insn, SimdFp::facgeOp);
    }

    static void facgt(Cpu cpu, int insn) {
        threeSame(cpu, insn, SimdFp::facgtOp);
    }

    static void fmlaVector(Cpu cpu, int insn) {
        threeSameAcc(cpu, insn, SimdFp::fmla);
    }

    static void fmlsVector(Cpu cpu, int insn) {
        threeSameAcc(cpu, insn, SimdFp::fmls);
    }

    static void fmulxScalar(Cpu cpu, int insn) {
        scalarSame(cpu, insn, SimdFp::fmulx);
    }

    static void fcmeqRegisterScalar(Cpu cpu, int insn) {
        scalarSame(cpu, insn, SimdFp::fcmeq);
    }

    static void fcmgeRegisterScalar(Cpu cpu, int insn) {
        scalarSame(cpu, insn, SimdFp::fcmge);
    }

    static void fcmgtRegisterScalar(Cpu cpu, int insn) {
        scalarSame(cpu, insn, SimdFp::fcmgt);
    }

    static void facgeScalar(Cpu cpu, int insn) {
        scalarSame(cpu, insn, SimdFp::facgeOp);
    }

    static void facgtScalar(Cpu cpu, int insn) {
        scalarSame(cpu, insn, SimdFp::facgtOp);
    }

    static void fabdScalar(Cpu cpu, int insn) {
        scalarSame(cpu, insn, SimdFp::fabdOp);
    }

    // ---- Pairwise and across lanes ---------------------------------------------------------------------------

    /** Pairwise over Vm:Vn: result lane j = f(lane 2j, lane 2j+1) of the concatenation (Vn low). */
    private static void pairwise(Cpu cpu, int insn, FOp2 f) {
        int w = vectorWidth(cpu, insn);
        long[] v = cpu.vreg;
        int n = rn(insn), m = rm(insn);
        if (q(insn)) {
            long lo = pairs(cpu, w, v[2 * n], v[2 * n + 1], f);
            long hi = pairs(cpu, w, v[2 * m], v[2 * m + 1], f);
            write(cpu, rd(insn), lo, hi, true);
        } else {
            write(cpu, rd(insn), pairs(cpu, w, v[2 * n], v[2 * m], f), 0, false);
        }
    }

    private static long pairs(Cpu cpu, int w, long lo, long hi, FOp2 f) {
        if (w == 64) {
            return f.apply(cpu, 64, lo, hi);
        }
        long r0 = f.apply(cpu, 32, lo & 0xFFFF_FFFFL, lo >>> 32) & 0xFFFF_FFFFL;
        return r0 | (f.apply(cpu, 32, hi & 0xFFFF_FFFFL, hi >>> 32) << 32);
    }

    static void faddpVector(Cpu cpu, int insn) {
        pairwise(cpu, insn, SimdFp::fadd);
    }

    static void fmaxpVector(Cpu cpu, int insn) {
        pairwise(cpu, insn, SimdFp::fmax);
    }

    static void fminpVector(Cpu cpu, int insn) {
        pairwise(cpu, insn, SimdFp::fmin);
    }

    static void fmaxnmpVector(Cpu cpu, int insn) {
        pairwise(cpu, insn, SimdFp::fmaxnm);
    }

    static void fminnmpVector(Cpu cpu, int insn) {
        pairwise(cpu, insn, SimdFp::fminnm);
    }

    /** Scalar pairwise: the two lanes of Vn (2S when sz=0, 2D when sz=1). */
    private static void pairScalar(Cpu cpu, int insn, FOp2 f) {
        int w = scalarWidth(cpu, insn);
        long[] v = cpu.vreg;
        int n = rn(insn);
        long r = w == 64 ? f.apply(cpu, 64, v[2 * n], v[2 * n + 1])
                : f.apply(cpu, 32, v[2 * n] & 0xFFFF_FFFFL, v[2 * n] >>> 32);
        SimdRegs.setScalar(cpu, rd(insn), r, w);
    }

    static void faddpScalar(Cpu cpu, int insn) {
        pairScalar(cpu, insn, SimdFp::fadd);
    }

    static void fmaxpScalar(Cpu cpu, int insn) {
        pairScalar(cpu, insn, SimdFp::fmax);
    }

    static void fminpScalar(Cpu cpu, int insn) {
        pairScalar(cpu, insn, SimdFp::fmin);
    }

    static void fmaxnmpScalar(Cpu cpu, int insn) {
        pairScalar(cpu, insn, SimdFp::fmaxnm);
    }

    static void fminnmpScalar(Cpu cpu, int insn) {
        pairScalar(cpu, insn, SimdFp::fminnm);
    }

    /** Across lanes (4S only in ARMv8.0): Reduce() pairs the halves recursively. */
    private static void across(Cpu cpu, int insn, FOp2 f) {
        if ((insn & (1 << 22)) != 0 || !q(insn)) {
            cpu.undefined();
        }
        cpu.checkFpAccess();
        int n = rn(insn);
        long lo = cpu.vreg[2 * n], hi = cpu.vreg[2 * n + 1];
        long a = f.apply(cpu, 32, lo & 0xFFFF_FFFFL, lo >>> 32);
        long b = f.apply(cpu, 32, hi & 0xFFFF_FFFFL, hi >>> 32);
        SimdRegs.setScalar(cpu, rd(insn), f.apply(cpu, 32, a, b), 32);
    }

    static void fmaxv(Cpu cpu, int insn) {
        across(cpu, insn, SimdFp::fmax);
    }

    static void fminv(Cpu cpu, int insn) {
        across(cpu, insn, SimdFp::fmin);
    }

    static void fmaxnmv(Cpu cpu, int insn) {
        across(cpu, insn, SimdFp::fmaxnm);
    }

    static void fminnmv(Cpu cpu, int insn) {
        across(cpu, insn, SimdFp::fminnm);
    }

    // ---- Two-register miscellaneous --------------------------------------------------------------------------

    static long fcmgtZeroOp(Cpu cpu, int n, long a) {
        return FpCore.compareGt(cpu, n, a, 0) ? mask(n) : 0;
    }

    static long fcmgeZeroOp(Cpu cpu, int n, long a) {
        return FpCore.compareGe(cpu, n, a, 0) ? mask(n) : 0;
    }

    static long fcmeqZeroOp(Cpu cpu, int n, long a) {
        return FpCore.compareEq(cpu, n, a, 0) ? mask(n) : 0;
    }

    static long fcmleZeroOp(Cpu cpu, int n, long a) {
        return FpCore.compareGe(cpu, n, 0, a) ? mask(n) : 0;
    }

    static long fcmltZeroOp(Cpu cpu, int n, long a) {
        return FpCore.compareGt(cpu, n, 0, a) ? mask(n) : 0;
    }

    static void fcmgtZero(Cpu cpu, int insn) {
        unary(cpu, insn, SimdFp::fcmgtZeroOp);
    }

    static void fcmgeZero(Cpu cpu, int insn) {
        unary(cpu, insn, SimdFp::fcmgeZeroOp);
    }

    static void fcmeqZero(Cpu cpu, int insn) {
        unary(cpu, insn, SimdFp::fcmeqZeroOp);
    }

    static void fcmleZero(Cpu cpu, int insn) {
        unary(cpu, insn, SimdFp::fcmleZeroOp);
    }

    static void fcmltZero(Cpu cpu, int insn) {
        unary(cpu, insn, SimdFp::fcmltZeroOp);
    }

    static void fcmgtZeroScalar(Cpu cpu, int insn) {
        scalarUnary(cpu, insn, SimdFp::fcmgtZeroOp);
    }

    static void fcmgeZeroScalar(Cpu cpu, int insn) {
        scalarUnary(cpu, insn, SimdFp::fcmgeZeroOp);
    }

    static void fcmeqZeroScalar(Cpu cpu, int insn) {
        scalarUnary(cpu, insn, SimdFp::fcmeqZeroOp);
    }

    static void fcmleZeroScalar(Cpu cpu, int insn) {
        scalarUnary(cpu, insn, SimdFp::fcmleZeroOp);
    }

    static void fcmltZeroScalar(Cpu cpu, int insn) {
        scalarUnary(cpu, insn, SimdFp::fcmltZeroOp);
    }

    static void fabsVector(Cpu cpu, int insn) {
        unary(cpu, insn, (c, n, a) -> FpCore.abs(n, a));
    }

    static void fnegVector(Cpu cpu, int insn) {
        unary(cpu, insn, (c, n, a) -> FpCore.neg(n, a));
    }

    static void fsqrtVector(Cpu cpu, int insn) {
        unary(cpu, insn, FpCore::sqrt);
    }

    static void frintnVector(Cpu cpu, int insn) {
        unary(cpu, insn, (c, n, a) -> FpCore.roundInt(c, n, a, FpCore.RN, false));
    }

    static void frintmVector(Cpu cpu, int insn) {
        unary(cpu, insn, (c, n, a) -> FpCore.roundInt(c, n, a, FpCore.RM, false));
    }

    static void frintpVector(Cpu cpu, int insn) {
        unary(cpu, insn, (c, n, a) -> FpCore.roundInt(c, n, a, FpCore.RP, false));
    }

    static void frintzVector(Cpu cpu, int insn) {
        unary(cpu, insn, (c, n, a) -> FpCore.roundInt(c, n, a, FpCore.RZ, false));
    }

    static void frintaVector(Cpu cpu, int insn) {
        unary(cpu, insn, (c, n, a) -> FpCore.roundInt(c, n, a, FpCore.RNA, false));
    }

    static void frintxVector(Cpu cpu, int insn) {
        unary(cpu, insn, (c, n, a) -> FpCore.roundInt(c, n, a, FpCore.rmode(c.fpcr), true));
    }

    static void frintiVector(Cpu cpu, int insn) {
        unary(cpu, insn, (c, n, a) -> FpCore.roundInt(c, n, a, FpCore.rmode(c.fpcr), false));
    }

    static long cvtNs(Cpu c, int n, long a) {
        return FpCore.toFixed(c, n, a, 0, false, FpCore.RN, n);
    }

    static long cvtNu(Cpu c, int n, long a) {
        return FpCore.toFixed(c, n, a, 0, true, FpCore.RN, n);
    }

    static long cvtMs(Cpu c, int n, long a) {
        return FpCore.toFixed(c, n, a, 0, false, FpCore.RM, n);
    }

    static long cvtMu(Cpu c, int n, long a) {
        return FpCore.toFixed(c, n, a, 0, true, FpCore.RM, n);
    }

    static long cvtAs(Cpu c, int n, long a) {
        return FpCore.toFixed(c, n, a, 0, false, FpCore.RNA, n);
    }

    static long cvtAu(Cpu c, int n, long a) {
        return FpCore.toFixed(c, n, a, 0, true, FpCore.RNA, n);
    }

    static long cvtPs(Cpu c, int n, long a) {
        return FpCore.toFixed(c, n, a, 0, false, FpCore.RP, n);
    }

    static long cvtPu(Cpu c, int n, long a) {
        return FpCore.toFixed(c, n, a, 0, true, FpCore.RP, n);
    }

    static long cvtZs(Cpu c, int n, long a) {
        return FpCore.toFixed(c, n, a, 0, false, FpCore.RZ, n);
    }

    static long cvtZu(Cpu c, int n, long a) {
        return FpCore.toFixed(c, n, a, 0, true, FpCore.RZ, n);
    }

    static long scvtf(Cpu c, int n, long a) {
        return FpCore.fixedToFp(c, n, n == 32 ? (int) a : a, 0, false, FpCore.rmode(c.fpcr));
    }

    static long ucvtf(Cpu c, int n, long a) {
        return FpCore.fixedToFp(c, n, a, 0, true, FpCore.rmode(c.fpcr));
    }

    static void fcvtnsVector(Cpu cpu, int insn) {
        unary(cpu, insn, SimdFp::cvtNs);
    }

    static void fcvtnuVector(Cpu cpu, int insn) {
        unary(cpu, insn, SimdFp::cvtNu);
    }

    static void fcvtmsVector(Cpu cpu, int insn) {
        unary(cpu, insn, SimdFp::cvtMs);
    }

    static void fcvtmuVector(Cpu cpu, int insn) {
        unary(cpu, insn, SimdFp::cvtMu);
    }

    static void fcvtasVector(Cpu cpu, int insn) {
        unary(cpu, insn, SimdFp::cvtAs);
    }

    static void fcvtauVector(Cpu cpu, int insn) {
        unary(cpu, insn, SimdFp::cvtAu);
    }

    static void fcvtpsVector(Cpu cpu, int insn) {
        unary(cpu, insn, SimdFp::cvtPs);
    }

    static void fcvtpuVector(Cpu cpu, int insn) {
        unary(cpu, insn, SimdFp::cvtPu);
    }

    static void fcvtzsVectorInteger(Cpu cpu, int insn) {
        unary(cpu, insn, SimdFp::cvtZs);
    }

    static void fcvtzuVectorInteger(Cpu cpu, int insn) {
        unary(cpu, insn, SimdFp::cvtZu);
    }

    static void scvtfVectorInteger(Cpu cpu, int insn) {
        unary(cpu, insn, SimdFp::scvtf);
    }

    static void ucvtfVectorInteger(Cpu cpu, int insn) {
        unary(cpu, insn, SimdFp::ucvtf);
    }

    static void fcvtnsScalarSimd(Cpu cpu, int insn) {
        scalarUnary(cpu, insn, SimdFp::cvtNs);
    }

    static void fcvtnuScalarSimd(Cpu cpu, int insn) {
        scalarUnary(cpu, insn, SimdFp::cvtNu);
    }

    static void fcvtmsScalarSimd(Cpu cpu, int insn) {
        scalarUnary(cpu, insn, SimdFp::cvtMs);
    }

    static void fcvtmuScalarSimd(Cpu cpu, int insn) {
        scalarUnary(cpu, insn, SimdFp::cvtMu);
    }

    static void fcvtasScalarSimd(Cpu cpu, int insn) {
        scalarUnary(cpu, insn, SimdFp::cvtAs);
    }

    static void fcvtauScalarSimd(Cpu cpu, int insn) {
        scalarUnary(cpu, insn, SimdFp::cvtAu);
    }

    static void fcvtpsScalarSimd(Cpu cpu, int insn) {
        scalarUnary(cpu, insn, SimdFp::cvtPs);
    }

    static void fcvtpuScalarSimd(Cpu cpu, int insn) {
        scalarUnary(cpu, insn, SimdFp::cvtPu);
    }

    static void fcvtzsScalarSimd(Cpu cpu, int insn) {
        scalarUnary(cpu, insn, SimdFp::cvtZs);
    }

    static void fcvtzuScalarSimd(Cpu cpu, int insn) {
        scalarUnary(cpu, insn, SimdFp::cvtZu);
    }

    static void scvtfScalarSimd(Cpu cpu, int insn) {
        scalarUnary(cpu, insn, SimdFp::scvtf);
    }

    static void ucvtfScalarSimd(Cpu cpu, int insn) {
        scalarUnary(cpu, insn, SimdFp::ucvtf);
    }

    /** FCVTN/FCVTN2: 4S to 4H (sz=0) or 2D to 2S (sz=1) into the lower half, or the upper half for Q=1. */
    static void fcvtn(Cpu cpu, int insn) {
        cpu.checkFpAccess();
        boolean sz = (insn & (1 << 22)) != 0;
        int from = sz ? 64 : 32, to = from / 2;
        int n = rn(insn);
        long r = 0;
        for (int i = 0; i < 64 / to; i++) {
            long e = SimdRegs.elem(cpu, n, i, from);
            r |= FpCore.convert(cpu, from, to, e) << (i * to);
        }
        AdvancedSimd.writeNarrow(cpu, rd(insn), r, q(insn));
    }

    /** FCVTL/FCVTL2: the lower (Q=0) or upper half's 4H to 4S (sz=0) or 2S to 2D (sz=1). */
    static void fcvtl(Cpu cpu, int insn) {
        cpu.checkFpAccess();
        boolean sz = (insn & (1 << 22)) != 0;
        int to = sz ? 64 : 32, from = to / 2;
        long w = cpu.vreg[2 * rn(insn) + (q(insn) ? 1 : 0)];
        long lo = 0, hi = 0;
        int lanes = 64 / from, half = lanes / 2;
        for (int i = 0; i < lanes; i++) {
            long e = FpCore.convert(cpu, from, to, (w >>> (i * from)) & mask(from));
            if (i < half) {
                lo |= to == 64 ? e : e << (i * to);
            } else {
                hi |= to == 64 ? e : e << ((i - half) * to);
            }
        }
        write(cpu, rd(insn), lo, hi, true);
    }

    // ---- By element ------------------------------------------------------------------------------------------

    /** The indexed element: sz=0 index H:L (S), sz=1 index H with L=0 (D); Rm is M:Rm. */
    private static long indexed(Cpu cpu, int insn, int w) {
        int h = (insn >>> 11) & 1, l = (insn >>> 21) & 1;
        int m = (insn >>> 16) & 31;
        if (w == 64 && l == 1) {
            cpu.undefined();
        }
        int index = w == 64 ? h : (h << 1) | l;
        return SimdRegs.elem(cpu, m, index, w);
    }

    private static void byElement(Cpu cpu, int insn, FOp3 f) {
        int w = vectorWidth(cpu, insn);
        long e = indexed(cpu, insn, w);
        long rep = w == 64 ? e : e | (e << 32);
        long[] v = cpu.vreg;
        int n = rn(insn), d = rd(insn);
        boolean q = q(insn);
        long lo = map3(cpu, w, v[2 * d], v[2 * n], rep, f);
        long hi = q ? map3(cpu, w, v[2 * d + 1], v[2 * n + 1], rep, f) : 0;
        write(cpu, d, lo, hi, q);
    }

    private static void byElementScalar(Cpu cpu, int insn, FOp3 f) {
        int w = scalarWidth(cpu, insn);
        long e = indexed(cpu, insn, w);
        int d = rd(insn);
        long r = f.apply(cpu, w, SimdRegs.scalar(cpu, d, w), SimdRegs.scalar(cpu, rn(insn), w), e);
        SimdRegs.setScalar(cpu, d, r, w);
    }

    static void fmlaByElement(Cpu cpu, int insn) {
        byElement(cpu, insn, SimdFp::fmla);
    }

    static void fmlsByElement(Cpu cpu, int insn) {
        byElement(cpu, insn, SimdFp::fmls);
    }

    static void fmulByElement(Cpu cpu, int insn) {
        byElement(cpu, insn, (c, n, d, a, b) -> fmul(c, n, a, b));
    }

    static void fmulxByElement(Cpu cpu, int insn) {
        byElement(cpu, insn, (c, n, d, a, b) -> fmulx(c, n, a, b));
    }

    static void fmlaByElementScalar(Cpu cpu, int insn) {
        byElementScalar(cpu, insn, SimdFp::fmla);
    }

    static void fmlsByElementScalar(Cpu cpu, int insn) {
        byElementScalar(cpu, insn, SimdFp::fmls);
    }

    static void fmulByElementScalar(Cpu cpu, int insn) {
        byElementScalar(cpu, insn, (c, n, d, a, b) -> fmul(c, n, a, b));
    }

    static void fmulxByElementScalar(Cpu cpu, int insn) {
        byElementScalar(cpu, insn, (c, n, d, a, b) -> fmulx(c, n, a, b));
    }

    // ---- Fixed-point conversions (shift by immediate encodings) ----------------------------------------------

    /** immh 01xx gives 32-bit lanes, 1xxx 64-bit; fbits = 2*esize - immh:immb. Others reserved. */
    private static int fixedWidth(Cpu cpu, int insn, boolean vector) {
        int immh = (insn >>> 19) & 15;
        int w = immh >= 8 ? 64 : immh >= 4 ? 32 : 0;
        if (w == 0 || (vector && w == 64 && !q(insn))) {
            cpu.undefined();
        }
        cpu.checkFpAccess();
        return w;
    }

    private static void fixedVector(Cpu cpu, int insn, boolean toFp, boolean unsigned) {
        int w = fixedWidth(cpu, insn, true);
        int fbits = 2 * w - ((insn >>> 16) & 127);
        int n = rn(insn);
        boolean q = q(insn);
        long lo = fixedWord(cpu, w, cpu.vreg[2 * n], fbits, toFp, unsigned);
        long hi = q ? fixedWord(cpu, w, cpu.vreg[2 * n + 1], fbits, toFp, unsigned) : 0;
        write(cpu, rd(insn), lo, hi, q);
    }

    private static long fixedWord(Cpu cpu, int w, long word, int fbits, boolean toFp, boolean unsigned) {
        if (w == 64) {
            return fixedOne(cpu, 64, word, fbits, toFp, unsigned);
        }
        long lo = fixedOne(cpu, 32, word & 0xFFFF_FFFFL, fbits, toFp, unsigned) & 0xFFFF_FFFFL;
        return lo | (fixedOne(cpu, 32, word >>> 32, fbits, toFp, unsigned) << 32);
    }

    private static long fixedOne(Cpu cpu, int w, long e, int fbits, boolean toFp, boolean unsigned) {
        if (toFp) {
            long value = w == 32 && !unsigned ? (int) e : e;
            return FpCore.fixedToFp(cpu, w, value, fbits, unsigned, FpCore.rmode(cpu.fpcr));
        }
        return FpCore.toFixed(cpu, w, e, fbits, unsigned, FpCore.RZ, w);
    }

    private static void fixedScalar(Cpu cpu, int insn, boolean toFp, boolean unsigned) {
        int w = fixedWidth(cpu, insn, false);
        int fbits = 2 * w - ((insn >>> 16) & 127);
        long r = fixedOne(cpu, w, SimdRegs.scalar(cpu, rn(insn), w), fbits, toFp, unsigned);
        SimdRegs.setScalar(cpu, rd(insn), r, w);
    }

    static void scvtfVectorFixed(Cpu cpu, int insn) {
        fixedVector(cpu, insn, true, false);
    }

    static void ucvtfVectorFixed(Cpu cpu, int insn) {
        fixedVector(cpu, insn, true, true);
    }

    static void fcvtzsVectorFixed(Cpu cpu, int insn) {
        fixedVector(cpu, insn, false, false);
    }

    static void fcvtzuVectorFixed(Cpu cpu, int insn) {
        fixedVector(cpu, insn, false, true);
    }

    static void scvtfScalarSimdFixed(Cpu cpu, int insn) {
        fixedScalar(cpu, insn, true, false);
    }

    static void ucvtfScalarSimdFixed(Cpu cpu, int insn) {
        fixedScalar(cpu, insn, true, true);
    }

    static void fcvtzsScalarSimdFixed(Cpu cpu, int insn) {
        fixedScalar(cpu, insn, false, false);
    }

    static void fcvtzuScalarSimdFixed(Cpu cpu, int insn) {
        fixedScalar(cpu, insn, false, true);
    }

    /** FMOV (vector, immediate): single lanes (op=0) or, with Q=1 only, double lanes (op=1). */
    static void fmovVectorImmediate(Cpu cpu, int insn) {
        int op = (insn >>> 29) & 1;
        if (op == 1 && !q(insn)) {
            cpu.undefined();
        }
        cpu.checkFpAccess();
        long imm = AdvancedSimd.expandImm(op, 15, AdvancedSimd.imm8(insn));
        write(cpu, rd(insn), imm, imm, q(insn));
    }

    // ---- Estimates and Newton-Raphson steps ------------------------------------------------------------------

    static long frecpsOp(Cpu cpu, int n, long a, long b) {
        return FpCore.stepFused(cpu, n, a, b, false);
    }

    static long frsqrtsOp(Cpu cpu, int n, long a, long b) {
        return FpCore.stepFused(cpu, n, a, b, true);
    }

    static void frecps(Cpu cpu, int insn) {
        threeSame(cpu, insn, SimdFp::frecpsOp);
    }

    static void frsqrts(Cpu cpu, int insn) {
        threeSame(cpu, insn, SimdFp::frsqrtsOp);
    }

    static void frecpsScalar(Cpu cpu, int insn) {
        scalarSame(cpu, insn, SimdFp::frecpsOp);
    }

    static void frsqrtsScalar(Cpu cpu, int insn) {
        scalarSame(cpu, insn, SimdFp::frsqrtsOp);
    }

    static void frecpe(Cpu cpu, int insn) {
        unary(cpu, insn, FpCore::recipEstimate);
    }

    static void frsqrte(Cpu cpu, int insn) {
        unary(cpu, insn, FpCore::rsqrtEstimate);
    }

    static void frecpeScalar(Cpu cpu, int insn) {
        scalarUnary(cpu, insn, FpCore::recipEstimate);
    }

    static void frsqrteScalar(Cpu cpu, int insn) {
        scalarUnary(cpu, insn, FpCore::rsqrtEstimate);
    }

    static void frecpx(Cpu cpu, int insn) {
        scalarUnary(cpu, insn, FpCore::recpX);
    }

    /** UnsignedRecipEstimate: all ones below 0.5, else RecipEstimate of the top 9 bits. */
    static long urecpeOp(Cpu cpu, int n, long a) {
        if ((a & 0x8000_0000L) == 0) {
            return 0xFFFF_FFFFL;
        }
        return (long) FpCore.recipEstimate((int) (a >>> 23) & 0x1FF) << 23;
    }

    /** UnsignedRSqrtEstimate: all ones below 0.25, else RecipSqrtEstimate of the top 9 bits. */
    static long ursqrteOp(Cpu cpu, int n, long a) {
        if ((a & 0xC000_0000L) == 0) {
            return 0xFFFF_FFFFL;
        }
        return (long) FpCore.recipSqrtEstimate((int) (a >>> 23) & 0x1FF) << 23;
    }

    static void urecpe(Cpu cpu, int insn) {
        if ((insn & (1 << 22)) != 0) {
            cpu.undefined();
        }
        unary(cpu, insn, SimdFp::urecpeOp);
    }

    static void ursqrte(Cpu cpu, int insn) {
        if ((insn & (1 << 22)) != 0) {
            cpu.undefined();
        }
        unary(cpu, insn, SimdFp::ursqrteOp);
    }

    /** FCVTXN/FCVTXN2: 2D to 2S rounding to odd; sz must be 1. */
    static void fcvtxn(Cpu cpu, int insn) {
        if ((insn & (1 << 22)) == 0) {
            cpu.undefined();
        }
        cpu.checkFpAccess();
        int n = rn(insn);
        long lo = FpCore.convertRoundToOdd(cpu, 64, 32, cpu.vreg[2 * n]);
        long hi = FpCore.convertRoundToOdd(cpu, 64, 32, cpu.vreg[2 * n + 1]);
        AdvancedSimd.writeNarrow(cpu, rd(insn), lo | (hi << 32), q(insn));
    }

    static void fcvtxnScalar(Cpu cpu, int insn) {
        if ((insn & (1 << 22)) == 0) {
            cpu.undefined();
        }
        cpu.checkFpAccess();
        SimdRegs.setScalar(cpu, rd(insn), FpCore.convertRoundToOdd(cpu, 64, 32, cpu.vreg[2 * rn(insn)]), 32);
    }
}
