package visor.cpu.a64;

import static visor.cpu.a64.Fields.rd;
import static visor.cpu.a64.Fields.rm;
import static visor.cpu.a64.Fields.rn;
import static visor.cpu.a64.SimdRegs.mask;

import java.util.List;
import visor.cpu.Cpu;

/**
 * Advanced SIMD integer data processing (ARM ARM C4.1.6): three same, three different, two-register
 * miscellaneous, across lanes, shift by immediate, modified immediate and indexed element, vector and
 * scalar forms. Lanes are processed a 64-bit word at a time; each instruction is one lane function
 * handed to a shape helper ({@link #threeSame}, {@link #widen}, {@link #writeNarrow}, ...).
 * Permutes and copies are in {@link SimdPermute}, floating point in {@link SimdFp}, saturating shifts and
 * doubling multiplies in {@link SimdSaturating}.
 */
public final class AdvancedSimd {
    private AdvancedSimd() {
    }

    /** A lane function of two elements (zero-extended raw bits); the result is truncated to the lane. */
    @FunctionalInterface
    interface Op2 {
        long apply(Cpu cpu, long a, long b, int esize);
    }

    /** A lane function that also reads the destination element (accumulate, bitwise insert). */
    @FunctionalInterface
    interface Op3 {
        long apply(Cpu cpu, long d, long a, long b, int esize);
    }

    private static final String SAME = " 1 mmmmm ";

    public static final List<Row> ROWS = List.of(
            // Three same (vector): 0 Q U 01110 size 1 Rm opcode 1 Rn Rd
            same("SHADD", 0, "00000", AdvancedSimd::shadd),
            same("UHADD", 1, "00000", AdvancedSimd::uhadd),
            same("SQADD", 0, "00001", AdvancedSimd::sqadd),
            same("UQADD", 1, "00001", AdvancedSimd::uqadd),
            same("SRHADD", 0, "00010", AdvancedSimd::srhadd),
            same("URHADD", 1, "00010", AdvancedSimd::urhadd),
            new Row("AND (vector)", "0 q 0 01110 00 1 mmmmm 00011 1 nnnnn ddddd", AdvancedSimd::andVector),
            new Row("BIC (vector, register)", "0 q 0 01110 01 1 mmmmm 00011 1 nnnnn ddddd", AdvancedSimd::bicVector),
            new Row("ORR (vector, register)", "0 q 0 01110 10 1 mmmmm 00011 1 nnnnn ddddd", AdvancedSimd::orrVector),
            new Row("ORN (vector)", "0 q 0 01110 11 1 mmmmm 00011 1 nnnnn ddddd", AdvancedSimd::ornVector),
            new Row("EOR (vector)", "0 q 1 01110 00 1 mmmmm 00011 1 nnnnn ddddd", AdvancedSimd::eorVector),
            new Row("BSL", "0 q 1 01110 01 1 mmmmm 00011 1 nnnnn ddddd", AdvancedSimd::bsl),
            new Row("BIT", "0 q 1 01110 10 1 mmmmm 00011 1 nnnnn ddddd", AdvancedSimd::bit),
            new Row("BIF", "0 q 1 01110 11 1 mmmmm 00011 1 nnnnn ddddd", AdvancedSimd::bif),
            same("SHSUB", 0, "00100", AdvancedSimd::shsub),
            same("UHSUB", 1, "00100", AdvancedSimd::uhsub),
            same("SQSUB", 0, "00101", AdvancedSimd::sqsub),
            same("UQSUB", 1, "00101", AdvancedSimd::uqsub),
            same("CMGT (register)", 0, "00110", AdvancedSimd::cmgtRegister),
            same("CMHI (register)", 1, "00110", AdvancedSimd::cmhiRegister),
            same("CMGE (register)", 0, "00111", AdvancedSimd::cmgeRegister),
            same("CMHS (register)", 1, "00111", AdvancedSimd::cmhsRegister),
            same("SSHL", 0, "01000", AdvancedSimd::sshl),
            same("USHL", 1, "01000", AdvancedSimd::ushl),
            same("SRSHL", 0, "01010", AdvancedSimd::srshl),
            same("URSHL", 1, "01010", AdvancedSimd::urshl),
            same("SMAX", 0, "01100", AdvancedSimd::smax),
            same("UMAX", 1, "01100", AdvancedSimd::umax),
            same("SMIN", 0, "01101", AdvancedSimd::smin),
            same("UMIN", 1, "01101", AdvancedSimd::umin),
            same("SABD", 0, "01110", AdvancedSimd::sabd),
            same("UABD", 1, "01110", AdvancedSimd::uabd),
            same("SABA", 0, "01111", AdvancedSimd::saba),
            same("UABA", 1, "01111", AdvancedSimd::uaba),
            same("ADD (vector)", 0, "10000", AdvancedSimd::addVector),
            same("SUB (vector)", 1, "10000", AdvancedSimd::subVector),
            same("CMTST", 0, "10001", AdvancedSimd::cmtst),
            same("CMEQ (register)", 1, "10001", AdvancedSimd::cmeqRegister),
            same("MLA (vector)", 0, "10010", AdvancedSimd::mlaVector),
            same("MLS (vector)", 1, "10010", AdvancedSimd::mlsVector),
            same("MUL (vector)", 0, "10011", AdvancedSimd::mulVector),
            same("PMUL", 1, "10011", AdvancedSimd::pmul),
            same("SMAXP", 0, "10100", AdvancedSimd::smaxp),
            same("UMAXP", 1, "10100", AdvancedSimd::umaxp),
            same("SMINP", 0, "10101", AdvancedSimd::sminp),
            same("UMINP", 1, "10101", AdvancedSimd::uminp),
            same("ADDP (vector)", 0, "10111", AdvancedSimd::addpVector),

            // Scalar three same: 01 U 11110 size 1 Rm opcode 1 Rn Rd
            scalarSame("SQADD (scalar)", 0, "00001", AdvancedSimd::sqaddScalar),
            scalarSame("UQADD (scalar)", 1, "00001", AdvancedSimd::uqaddScalar),
            scalarSame("SQSUB (scalar)", 0, "00101", AdvancedSimd::sqsubScalar),
            scalarSame("UQSUB (scalar)", 1, "00101", AdvancedSimd::uqsubScalar),
            scalarSame("CMGT (register, scalar)", 0, "00110", AdvancedSimd::cmgtRegisterScalar),
            scalarSame("CMHI (register, scalar)", 1, "00110", AdvancedSimd::cmhiRegisterScalar),
            scalarSame("CMGE (register, scalar)", 0, "00111", AdvancedSimd::cmgeRegisterScalar),
            scalarSame("CMHS (register, scalar)", 1, "00111", AdvancedSimd::cmhsRegisterScalar),
            scalarSame("SSHL (scalar)", 0, "01000", AdvancedSimd::sshlScalar),
            scalarSame("USHL (scalar)", 1, "01000", AdvancedSimd::ushlScalar),
            scalarSame("SRSHL (scalar)", 0, "01010", AdvancedSimd::srshlScalar),
            scalarSame("URSHL (scalar)", 1, "01010", AdvancedSimd::urshlScalar),
            scalarSame("ADD (scalar)", 0, "10000", AdvancedSimd::addScalar),
            scalarSame("SUB (scalar)", 1, "10000", AdvancedSimd::subScalar),
            scalarSame("CMTST (scalar)", 0, "10001", AdvancedSimd::cmtstScalar),
            scalarSame("CMEQ (register, scalar)", 1, "10001", AdvancedSimd::cmeqRegisterScalar),

            // Three different: 0 Q U 01110 size 1 Rm opcode 00 Rn Rd
            diff("SADDL", 0, "0000", AdvancedSimd::saddl),
            diff("UADDL", 1, "0000", AdvancedSimd::uaddl),
            diff("SADDW", 0, "0001", AdvancedSimd::saddw),
            diff("UADDW", 1, "0001", AdvancedSimd::uaddw),
            diff("SSUBL", 0, "0010", AdvancedSimd::ssubl),
            diff("USUBL", 1, "0010", AdvancedSimd::usubl),
            diff("SSUBW", 0, "0011", AdvancedSimd::ssubw),
            diff("USUBW", 1, "0011", AdvancedSimd::usubw),
            diff("ADDHN", 0, "0100", AdvancedSimd::addhn),
            diff("RADDHN", 1, "0100", AdvancedSimd::raddhn),
            diff("SABAL", 0, "0101", AdvancedSimd::sabal),
            diff("UABAL", 1, "0101", AdvancedSimd::uabal),
            diff("SUBHN", 0, "0110", AdvancedSimd::subhn),
            diff("RSUBHN", 1, "0110", AdvancedSimd::rsubhn),
            diff("SABDL", 0, "0111", AdvancedSimd::sabdl),
            diff("UABDL", 1, "0111", AdvancedSimd::uabdl),
            diff("SMLAL (vector)", 0, "1000", AdvancedSimd::smlalVector),
            diff("UMLAL (vector)", 1, "1000", AdvancedSimd::umlalVector),
            diff("SMLSL (vector)", 0, "1010", AdvancedSimd::smlslVector),
            diff("UMLSL (vector)", 1, "1010", AdvancedSimd::umlslVector),
            diff("SMULL (vector)", 0, "1100", AdvancedSimd::smullVector),
            diff("UMULL (vector)", 1, "1100", AdvancedSimd::umullVector),

            // Two-register miscellaneous: 0 Q U 01110 size 10000 opcode 10 Rn Rd
            misc("REV64", 0, "00000", AdvancedSimd::rev64),
            misc("REV32 (vector)", 1, "00000", AdvancedSimd::rev32),
            misc("REV16 (vector)", 0, "00001", AdvancedSimd::rev16),
            misc("SADDLP", 0, "00010", AdvancedSimd::saddlp),
            misc("UADDLP", 1, "00010", AdvancedSimd::uaddlp),
            misc("CLS (vector)", 0, "00100", AdvancedSimd::clsVector),
            misc("CLZ (vector)", 1, "00100", AdvancedSimd::clzVector),
            misc("CNT", 0, "00101", AdvancedSimd::cnt),
            new Row("NOT", "0 q 1 01110 00 10000 00101 10 nnnnn ddddd", AdvancedSimd::not),
            new Row("RBIT (vector)", "0 q 1 01110 01 10000 00101 10 nnnnn ddddd", AdvancedSimd::rbitVector),
            misc("SADALP", 0, "00110", AdvancedSimd::sadalp),
            misc("UADALP", 1, "00110", AdvancedSimd::uadalp),
            misc("CMGT (zero)", 0, "01000", AdvancedSimd::cmgtZero),
            misc("CMGE (zero)", 1, "01000", AdvancedSimd::cmgeZero),
            misc("CMEQ (zero)", 0, "01001", AdvancedSimd::cmeqZero),
            misc("CMLE (zero)", 1, "01001", AdvancedSimd::cmleZero),
            misc("CMLT (zero)", 0, "01010", AdvancedSimd::cmltZero),
            misc("ABS", 0, "01011", AdvancedSimd::abs),
            misc("NEG (vector)", 1, "01011", AdvancedSimd::negVector),
            misc("XTN", 0, "10010", AdvancedSimd::xtn),
            misc("SQXTUN", 1, "10010", AdvancedSimd::sqxtun),
            misc("SHLL", 1, "10011", AdvancedSimd::shll),
            misc("SQXTN", 0, "10100", AdvancedSimd::sqxtn),
            misc("UQXTN", 1, "10100", AdvancedSimd::uqxtn),

            // Scalar two-register miscellaneous: 01 U 11110 size 10000 opcode 10 Rn Rd
            scalarMisc("CMGT (zero, scalar)", 0, "01000", AdvancedSimd::cmgtZeroScalar),
            scalarMisc("CMGE (zero, scalar)", 1, "01000", AdvancedSimd::cmgeZeroScalar),
            scalarMisc("CMEQ (zero, scalar)", 0, "01001", AdvancedSimd::cmeqZeroScalar),
            scalarMisc("CMLE (zero, scalar)", 1, "01001", AdvancedSimd::cmleZeroScalar),
            scalarMisc("CMLT (zero, scalar)", 0, "01010", AdvancedSimd::cmltZeroScalar),
            scalarMisc("ABS (scalar)", 0, "01011", AdvancedSimd::absScalar),
            scalarMisc("NEG (scalar)", 1, "01011", AdvancedSimd::negScalar),
            scalarMisc("SQXTUN (scalar)", 1, "10010", AdvancedSimd::sqxtunScalar),
            scalarMisc("SQXTN (scalar)", 0, "10100", AdvancedSimd::sqxtnScalar),
            scalarMisc("UQXTN (scalar)", 1, "10100", AdvancedSimd::uqxtnScalar),

            // Across lanes: 0 Q U 01110 size 11000 opcode 10 Rn Rd
            new Row("SADDLV", "0 q 0 01110 zz 11000 00011 10 nnnnn ddddd", AdvancedSimd::saddlv),
            new Row("UADDLV", "0 q 1 01110 zz 11000 00011 10 nnnnn ddddd", AdvancedSimd::uaddlv),
            new Row("SMAXV", "0 q 0 01110 zz 11000 01010 10 nnnnn ddddd", AdvancedSimd::smaxv),
            new Row("UMAXV", "0 q 1 01110 zz 11000 01010 10 nnnnn ddddd", AdvancedSimd::umaxv),
            new Row("SMINV", "0 q 0 01110 zz 11000 11010 10 nnnnn ddddd", AdvancedSimd::sminv),
            new Row("UMINV", "0 q 1 01110 zz 11000 11010 10 nnnnn ddddd", AdvancedSimd::uminv),
            new Row("ADDV", "0 q 0 01110 zz 11000 11011 10 nnnnn ddddd", AdvancedSimd::addv),

            // Scalar pairwise: 01 U 11110 size 11000 opcode 10 Rn Rd
            new Row("ADDP (scalar)", "01 0 11110 zz 11000 11011 10 nnnnn ddddd", AdvancedSimd::addpScalar),

            // Shift by immediate: 0 Q U 011110 immh immb opcode 1 Rn Rd (immh != 0)
            shift("SSHR", 0, "00000", AdvancedSimd::sshr),
            shift("USHR", 1, "00000", AdvancedSimd::ushr),
            shift("SSRA", 0, "00010", AdvancedSimd::ssra),
            shift("USRA", 1, "00010", AdvancedSimd::usra),
            shift("SRSHR", 0, "00100", AdvancedSimd::srshr),
            shift("URSHR", 1, "00100", AdvancedSimd::urshr),
            shift("SRSRA", 0, "00110", AdvancedSimd::srsra),
            shift("URSRA", 1, "00110", AdvancedSimd::ursra),
            shift("SRI", 1, "01000", AdvancedSimd::sri),
            shift("SHL", 0, "01010", AdvancedSimd::shl),
            shift("SLI", 1, "01010", AdvancedSimd::sli),
            shift("SHRN", 0, "10000", AdvancedSimd::shrn),
            shift("RSHRN", 0, "10001", AdvancedSimd::rshrn),
            shift("SSHLL", 0, "10100", AdvancedSimd::sshll),
            shift("USHLL", 1, "10100", AdvancedSimd::ushll),

            // Scalar shift by immediate: 01 U 111110 immh immb opcode 1 Rn Rd
            scalarShift("SSHR (scalar)", 0, "00000", AdvancedSimd::sshrScalar),
            scalarShift("USHR (scalar)", 1, "00000", AdvancedSimd::ushrScalar),
            scalarShift("SSRA (scalar)", 0, "00010", AdvancedSimd::ssraScalar),
            scalarShift("USRA (scalar)", 1, "00010", AdvancedSimd::usraScalar),
            scalarShift("SRSHR (scalar)", 0, "00100", AdvancedSimd::srshrScalar),
            scalarShift("URSHR (scalar)", 1, "00100", AdvancedSimd::urshrScalar),
            scalarShift("SRSRA (scalar)", 0, "00110", AdvancedSimd::srsraScalar),
            scalarShift("URSRA (scalar)", 1, "00110", AdvancedSimd::ursraScalar),
            scalarShift("SRI (scalar)", 1, "01000", AdvancedSimd::sriScalar),
            scalarShift("SHL (scalar)", 0, "01010", AdvancedSimd::shlScalar),
            scalarShift("SLI (scalar)", 1, "01010", AdvancedSimd::sliScalar),

            // Modified immediate: 0 Q op 0111100000 abc cmode o2=0 1 defgh Rd
            new Row("MOVI (32-bit shifted)", "0 q 0 0111100000 xxx 0ss0 01 xxxxx ddddd", AdvancedSimd::movi),
            new Row("MOVI (16-bit shifted)", "0 q 0 0111100000 xxx 10s0 01 xxxxx ddddd", AdvancedSimd::movi),
            new Row("MOVI (32-bit shifting ones)", "0 q 0 0111100000 xxx 110s 01 xxxxx ddddd", AdvancedSimd::movi),
            new Row("MOVI (8-bit)", "0 q 0 0111100000 xxx 1110 01 xxxxx ddddd", AdvancedSimd::movi),
            new Row("MOVI (64-bit)", "0 q 1 0111100000 xxx 1110 01 xxxxx ddddd", AdvancedSimd::movi),
            new Row("MVNI (32-bit shifted)", "0 q 1 0111100000 xxx 0ss0 01 xxxxx ddddd", AdvancedSimd::mvni),
            new Row("MVNI (16-bit shifted)", "0 q 1 0111100000 xxx 10s0 01 xxxxx ddddd", AdvancedSimd::mvni),
            new Row("MVNI (32-bit shifting ones)", "0 q 1 0111100000 xxx 110s 01 xxxxx ddddd", AdvancedSimd::mvni),
            new Row("ORR (vector, immediate, 32-bit)", "0 q 0 0111100000 xxx 0ss1 01 xxxxx ddddd", AdvancedSimd::orrVectorImmediate),
            new Row("ORR (vector, immediate, 16-bit)", "0 q 0 0111100000 xxx 10s1 01 xxxxx ddddd", AdvancedSimd::orrVectorImmediate),
            new Row("BIC (vector, immediate, 32-bit)", "0 q 1 0111100000 xxx 0ss1 01 xxxxx ddddd", AdvancedSimd::bicVectorImmediate),
            new Row("BIC (vector, immediate, 16-bit)", "0 q 1 0111100000 xxx 10s1 01 xxxxx ddddd", AdvancedSimd::bicVectorImmediate),

            // Vector x indexed element: 0 Q U 01111 size L M Rm opcode H 0 Rn Rd
            new Row("MUL (by element)", "0 q 0 01111 zz l m mmmm 1000 h 0 nnnnn ddddd", AdvancedSimd::mulByElement),
            new Row("MLA (by element)", "0 q 1 01111 zz l m mmmm 0000 h 0 nnnnn ddddd", AdvancedSimd::mlaByElement),
            new Row("MLS (by element)", "0 q 1 01111 zz l m mmmm 0100 h 0 nnnnn ddddd", AdvancedSimd::mlsByElement),
            new Row("SMULL (by element)", "0 q 0 01111 zz l m mmmm 1010 h 0 nnnnn ddddd", AdvancedSimd::smullByElement),
            new Row("UMULL (by element)", "0 q 1 01111 zz l m mmmm 1010 h 0 nnnnn ddddd", AdvancedSimd::umullByElement),
            new Row("SMLAL (by element)", "0 q 0 01111 zz l m mmmm 0010 h 0 nnnnn ddddd", AdvancedSimd::smlalByElement),
            new Row("UMLAL (by element)", "0 q 1 01111 zz l m mmmm 0010 h 0 nnnnn ddddd", AdvancedSimd::umlalByElement),
            new Row("SMLSL (by element)", "0 q 0 01111 zz l m mmmm 0110 h 0 nnnnn ddddd", AdvancedSimd::smlslByElement),
            new Row("UMLSL (by element)", "0 q 1 01111 zz l m mmmm 0110 h 0 nnnnn ddddd", AdvancedSimd::umlslByElement));

    private static Row same(String name, int u, String opcode, visor.cpu.Insn h) {
        return new Row(name, "0 q " + u + " 01110 zz" + SAME + opcode + " 1 nnnnn ddddd", h);
    }

    private static Row scalarSame(String name, int u, String opcode, visor.cpu.Insn h) {
        return new Row(name, "01 " + u + " 11110 zz" + SAME + opcode + " 1 nnnnn ddddd", h);
    }

    private static Row diff(String name, int u, String opcode, visor.cpu.Insn h) {
        return new Row(name, "0 q " + u + " 01110 zz 1 mmmmm " + opcode + " 00 nnnnn ddddd", h);
    }

    private static Row misc(String name, int u, String opcode, visor.cpu.Insn h) {
        return new Row(name, "0 q " + u + " 01110 zz 10000 " + opcode + " 10 nnnnn ddddd", h);
    }

    private static Row scalarMisc(String name, int u, String opcode, visor.cpu.Insn h) {
        return new Row(name, "01 " + u + " 11110 zz 10000 " + opcode + " 10 nnnnn ddddd", h);
    }

    private static Row shift(String name, int u, String opcode, visor.cpu.Insn h) {
        return new Row(name, "0 q " + u + " 011110 hhhh bbb " + opcode + " 1 nnnnn ddddd", h);
    }

    private static Row scalarShift(String name, int u, String opcode, visor.cpu.Insn h) {
        return new Row(name, "01 " + u + " 111110 hhhh bbb " + opcode + " 1 nnnnn ddddd", h);
    }

    // ---- Field and lane helpers --------------------------------------------------------------------------

    static int size(int insn) {
        return (insn >>> 22) & 3;
    }

    static boolean q(int insn) {
        return (insn & (1 << 30)) != 0;
    }

    /** SInt of an esize-bit element. */
    static long sx(long v, int esize) {
        return (v << (64 - esize)) >> (64 - esize);
    }

    /** Applies {@code f} to each lane of two 64-bit words. */
    static long map(Cpu cpu, long a, long b, int esize, Op2 f) {
        if (esize == 64) {
            return f.apply(cpu, a, b, 64);
        }
        long m = mask(esize);
        long r = 0;
        for (int sh = 0; sh < 64; sh += esize) {
            r |= (f.apply(cpu, (a >>> sh) & m, (b >>> sh) & m, esize) & m) << sh;
        }
        return r;
    }

    static long map3(Cpu cpu, long d, long a, long b, int esize, Op3 f) {
        if (esize == 64) {
            return f.apply(cpu, d, a, b, 64);
        }
        long m = mask(esize);
        long r = 0;
        for (int sh = 0; sh < 64; sh += esize) {
            r |= (f.apply(cpu, (d >>> sh) & m, (a >>> sh) & m, (b >>> sh) & m, esize) & m) << sh;
        }
        return r;
    }

    /** Writes a vector result: the upper half is cleared for 64-bit (Q=0) forms. */
    static void write(Cpu cpu, int d, long lo, long hi, boolean q) {
        cpu.vreg[2 * d] = lo;
        cpu.vreg[2 * d + 1] = q ? hi : 0;
    }

    /** Decodes size:Q for a vector form; {@code allow2d} says whether size=11 (with Q=1 only) exists. */
    static int esize(Cpu cpu, int insn, boolean allow2d) {
        int size = size(insn);
        if (size == 3 && (!allow2d || !q(insn))) {
            cpu.undefined();
        }
        cpu.checkFpAccess();
        return 8 << size;
    }

    static void threeSame(Cpu cpu, int insn, boolean allow2d, Op2 f) {
        int es = esize(cpu, insn, allow2d);
        long[] v = cpu.vreg;
        int n = rn(insn), m = rm(insn);
        boolean q = q(insn);
        long lo = map(cpu, v[2 * n], v[2 * m], es, f);
        long hi = q ? map(cpu, v[2 * n + 1], v[2 * m + 1], es, f) : 0;
        write(cpu, rd(insn), lo, hi, q);
    }

    static void threeSameAcc(Cpu cpu, int insn, boolean allow2d, Op3 f) {
        int es = esize(cpu, insn, allow2d);
        long[] v = cpu.vreg;
        int n = rn(insn), m = rm(insn), d = rd(insn);
        boolean q = q(insn);
        long lo = map3(cpu, v[2 * d], v[2 * n], v[2 * m], es, f);
        long hi = q ? map3(cpu, v[2 * d + 1], v[2 * n + 1], v[2 * m + 1], es, f) : 0;
        write(cpu, d, lo, hi, q);
    }

    /** Scalar three same on the D register (size = 11 only) or, when {@code anySize}, on B/H/S/D. */
    static void scalarSame(Cpu cpu, int insn, boolean anySize, Op2 f) {
        int size = size(insn);
        if (!anySize && size != 3) {
            cpu.undefined();
        }
        cpu.checkFpAccess();
        int es = 8 << size;
        long[] v = cpu.vreg;
        long r = f.apply(cpu, v[2 * rn(insn)] & mask(es), v[2 * rm(insn)] & mask(es), es);
        SimdRegs.setScalar(cpu, rd(insn), r, es);
    }

    // ---- Saturation --------------------------------------------------------------------------------------

    /** SignedSatQ: clamps to esize bits and sets FPSR.QC on saturation. */
    static long signedSat(Cpu cpu, long v, int esize) {
        long max = (1L << (esize - 1)) - 1, min = -max - 1;
        if (v > max) {
            cpu.fpsr |= FpCore.QC;
            return max;
        } else if (v < min) {
            cpu.fpsr |= FpCore.QC;
            return min;
        }
        return v;
    }

    /** UnsignedSatQ of a signed value (esize < 64). */
    static long unsignedSat(Cpu cpu, long v, int esize) {
        long max = mask(esize);
        if (v > max) {
            cpu.fpsr |= FpCore.QC;
            return max;
        } else if (v < 0) {
            cpu.fpsr |= FpCore.QC;
            return 0;
        }
        return v;
    }

    // ---- Three same lane functions -----------------------------------------------------------------------

    static long hadd(Cpu cpu, long a, long b, int es) {
        return (sx(a, es) + sx(b, es)) >> 1;
    }

    static long uhaddOp(Cpu cpu, long a, long b, int es) {
        return (a + b) >>> 1;
    }

    static long rhadd(Cpu cpu, long a, long b, int es) {
        return (sx(a, es) + sx(b, es) + 1) >> 1;
    }

    static long urhaddOp(Cpu cpu, long a, long b, int es) {
        return (a + b + 1) >>> 1;
    }

    static long hsub(Cpu cpu, long a, long b, int es) {
        return (sx(a, es) - sx(b, es)) >> 1;
    }

    static long uhsubOp(Cpu cpu, long a, long b, int es) {
        return (a - b) >> 1;
    }

    static long sqaddOp(Cpu cpu, long a, long b, int es) {
        if (es == 64) {
            long r = a + b;
            if (((a ^ r) & (b ^ r)) < 0) {
                cpu.fpsr |= FpCore.QC;
                return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
            }
            return r;
        }
        return signedSat(cpu, sx(a, es) + sx(b, es), es);
    }

    static long uqaddOp(Cpu cpu, long a, long b, int es) {
        if (es == 64) {
            long r = a + b;
            if (Long.compareUnsigned(r, a) < 0) {
                cpu.fpsr |= FpCore.QC;
                return -1L;
            }
            return r;
        }
        return unsignedSat(cpu, a + b, es);
    }

    static long sqsubOp(Cpu cpu, long a, long b, int es) {
        if (es == 64) {
            long r = a - b;
            if (((a ^ b) & (a ^ r)) < 0) {
                cpu.fpsr |= FpCore.QC;
                return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
            }
            return r;
        }
        return signedSat(cpu, sx(a, es) - sx(b, es), es);
    }

    static long uqsubOp(Cpu cpu, long a, long b, int es) {
        if (es == 64) {
            if (Long.compareUnsigned(a, b) < 0) {
                cpu.fpsr |= FpCore.QC;
                return 0;
            }
            return a - b;
        }
        return unsignedSat(cpu, a - b, es);
    }

    static long cmgtOp(Cpu cpu, long a, long b, int es) {
        return sx(a, es) > sx(b, es) ? -1L : 0;
    }

    static long cmhiOp(Cpu cpu, long a, long b, int es) {
        return Long.compareUnsigned(a, b) > 0 ? -1L : 0;
    }

    static long cmgeOp(Cpu cpu, long a, long b, int es) {
        return sx(a, es) >= sx(b, es) ? -1L : 0;
    }

    static long cmhsOp(Cpu cpu, long a, long b, int es) {
        return Long.compareUnsigned(a, b) >= 0 ? -1L : 0;
    }

    static long cmtstOp(Cpu cpu, long a, long b, int es) {
        return (a & b) != 0 ? -1L : 0;
    }

    static long cmeqOp(Cpu cpu, long a, long b, int es) {
        return a == b ? -1L : 0;
    }

    /** Shifts right by {@code s} >= 0 (any size), arithmetic or logical, as with unbounded precision. */
    static long shiftRight(long a, int s, boolean unsigned) {
        if (s >= 64) {
            return unsigned ? 0 : a >> 63;
        }
        return unsigned ? a >>> s : a >> s;
    }

    /** Shift right by s >= 1 with rounding: (a + 2^(s-1)) >> s without overflow. */
    static long roundingShiftRight(long a, int s, boolean unsigned) {
        return shiftRight(a, s, unsigned) + (shiftRight(a, s - 1, unsigned) & 1);
    }

    /** SSHL/USHL/SRSHL/URSHL: shift by the signed low byte of the second operand. */
    static long shiftByRegister(long a, long b, int es, boolean unsigned, boolean round) {
        int shift = (byte) b;
        long element = unsigned ? a : sx(a, es);
        if (shift >= 0) {
            return shift >= 64 ? 0 : element << shift;
        }
        return round ? roundingShiftRight(element, -shift, unsigned) : shiftRight(element, -shift, unsigned);
    }

    static long sshlOp(Cpu cpu, long a, long b, int es) {
        return shiftByRegister(a, b, es, false, false);
    }

    static long ushlOp(Cpu cpu, long a, long b, int es) {
        return shiftByRegister(a, b, es, true, false);
    }

    static long srshlOp(Cpu cpu, long a, long b, int es) {
        return shiftByRegister(a, b, es, false, true);
    }

    static long urshlOp(Cpu cpu, long a, long b, int es) {
        return shiftByRegister(a, b, es, true, true);
    }

    static long smaxOp(Cpu cpu, long a, long b, int es) {
        return Math.max(sx(a, es), sx(b, es));
    }

    static long umaxOp(Cpu cpu, long a, long b, int es) {
        return Math.max(a, b);
    }

    static long sminOp(Cpu cpu, long a, long b, int es) {
        return Math.min(sx(a, es), sx(b, es));
    }

    static long uminOp(Cpu cpu, long a, long b, int es) {
        return Math.min(a, b);
    }

    static long sabdOp(Cpu cpu, long a, long b, int es) {
        return Math.abs(sx(a, es) - sx(b, es));
    }

    static long uabdOp(Cpu cpu, long a, long b, int es) {
        return Math.abs(a - b);
    }

    static long addOp(Cpu cpu, long a, long b, int es) {
        return a + b;
    }

    static long subOp(Cpu cpu, long a, long b, int es) {
        return a - b;
    }

    static long mulOp(Cpu cpu, long a, long b, int es) {
        return a * b;
    }

    /** PolynomialMult of two bytes (carry-less). */
    static long pmulOp(Cpu cpu, long a, long b, int es) {
        long r = 0;
        for (int i = 0; i < es; i++) {
            if ((a & (1L << i)) != 0) {
                r ^= b << i;
            }
        }
        return r;
    }

    static void shadd(Cpu cpu, int insn) {
        threeSame(cpu, insn, false, AdvancedSimd::hadd);
    }

    static void uhadd(Cpu cpu, int insn) {
        threeSame(cpu, insn, false, AdvancedSimd::uhaddOp);
    }

    static void srhadd(Cpu cpu, int insn) {
        threeSame(cpu, insn, false, AdvancedSimd::rhadd);
    }

    static void urhadd(Cpu cpu, int insn) {
        threeSame(cpu, insn, false, AdvancedSimd::urhaddOp);
    }

    static void shsub(Cpu cpu, int insn) {
        threeSame(cpu, insn, false, AdvancedSimd::hsub);
    }

    static void uhsub(Cpu cpu, int insn) {
        threeSame(cpu, insn, false, AdvancedSimd::uhsubOp);
    }

    static void sqadd(Cpu cpu, int insn) {
        threeSame(cpu, insn, true, AdvancedSimd::sqaddOp);
    }

    static void uqadd(Cpu cpu, int insn) {
        threeSame(cpu, insn, true, AdvancedSimd::uqaddOp);
    }

    static void sqsub(Cpu cpu, int insn) {
        threeSame(cpu, insn, true, AdvancedSimd::sqsubOp);
    }

    static void uqsub(Cpu cpu, int insn) {
        threeSame(cpu, insn, true, AdvancedSimd::uqsubOp);
    }

    static void cmgtRegister(Cpu cpu, int insn) {
        threeSame(cpu, insn, true, AdvancedSimd::cmgtOp);
    }

    static void cmhiRegister(Cpu cpu, int insn) {
        threeSame(cpu, insn, true, AdvancedSimd::cmhiOp);
    }

    static void cmgeRegister(Cpu cpu, int insn) {
        threeSame(cpu, insn, true, AdvancedSimd::cmgeOp);
    }

    static void cmhsRegister(Cpu cpu, int insn) {
        threeSame(cpu, insn, true, AdvancedSimd::cmhsOp);
    }

    static void cmtst(Cpu cpu, int insn) {
        threeSame(cpu, insn, true, AdvancedSimd::cmtstOp);
    }

    static void cmeqRegister(Cpu cpu, int insn) {
        threeSame(cpu, insn, true, AdvancedSimd::cmeqOp);
    }

    static void sshl(Cpu cpu, int insn) {
        threeSame(cpu, insn, true, AdvancedSimd::sshlOp);
    }

    static void ushl(Cpu cpu, int insn) {
        threeSame(cpu, insn, true, AdvancedSimd::ushlOp);
    }

    static void srshl(Cpu cpu, int insn) {
        threeSame(cpu, insn, true, AdvancedSimd::srshlOp);
    }

    static void urshl(Cpu cpu, int insn) {
        threeSame(cpu, insn, true, AdvancedSimd::urshlOp);
    }

    static void smax(Cpu cpu, int insn) {
        threeSame(cpu, insn, false, AdvancedSimd::smaxOp);
    }

    static void umax(Cpu cpu, int insn) {
        threeSame(cpu, insn, false, AdvancedSimd::umaxOp);
    }

    static void smin(Cpu cpu, int insn) {
        threeSame(cpu, insn, false, AdvancedSimd::sminOp);
    }

    static void umin(Cpu cpu, int insn) {
        threeSame(cpu, insn, false, AdvancedSimd::uminOp);
    }

    static void sabd(Cpu cpu, int insn) {
        threeSame(cpu, insn, false, AdvancedSimd::sabdOp);
    }

    static void uabd(Cpu cpu, int insn) {
        threeSame(cpu, insn, false, AdvancedSimd::uabdOp);
    }

    static void saba(Cpu cpu, int insn) {
        threeSameAcc(cpu, insn, false, (c, d, a, b, es) -> d + sabdOp(c, a, b, es));
    }

    static void uaba(Cpu cpu, int insn) {
        threeSameAcc(cpu, insn, false, (c, d, a, b, es) -> d + Math.abs(a - b));
    }

    /** ADD and SUB work on whole words: lane carries are cut at each lane's top bit (SWAR). */
    static void addVector(Cpu cpu, int insn) {
        addSub(cpu, insn, false);
    }

    static void subVector(Cpu cpu, int insn) {
        addSub(cpu, insn, true);
    }

    private static void addSub(Cpu cpu, int insn, boolean sub) {
        int es = esize(cpu, insn, true);
        long[] v = cpu.vreg;
        int n = rn(insn), m = rm(insn);
        boolean q = q(insn);
        long lo = laneAddSub(v[2 * n], v[2 * m], es, sub);
        long hi = q ? laneAddSub(v[2 * n + 1], v[2 * m + 1], es, sub) : 0;
        write(cpu, rd(insn), lo, hi, q);
    }

    /** Lane-wise a + b or a - b of a 64-bit word; {@code h} holds each lane's top bit. */
    static long laneAddSub(long a, long b, int es, boolean sub) {
        if (es == 64) {
            return sub ? a - b : a + b;
        }
        long h = es == 8 ? 0x8080_8080_8080_8080L : es == 16 ? 0x8000_8000_8000_8000L : 0x8000_0000_8000_0000L;
        if (sub) {
            return ((a | h) - (b & ~h)) ^ ((a ^ ~b) & h);
        }
        return ((a & ~h) + (b & ~h)) ^ ((a ^ b) & h);
    }

    static void mlaVector(Cpu cpu, int insn) {
        threeSameAcc(cpu, insn, false, (c, d, a, b, es) -> d + a * b);
    }

    static void mlsVector(Cpu cpu, int insn) {
        threeSameAcc(cpu, insn, false, (c, d, a, b, es) -> d - a * b);
    }

    static void mulVector(Cpu cpu, int insn) {
        threeSame(cpu, insn, false, AdvancedSimd::mulOp);
    }

    static void pmul(Cpu cpu, int insn) {
        if (size(insn) != 0) {
            cpu.undefined();
        }
        threeSame(cpu, insn, false, AdvancedSimd::pmulOp);
    }

    // Bitwise: whole words, no lanes.
    private static void logical(Cpu cpu, int insn, int op) {
        cpu.checkFpAccess();
        long[] v = cpu.vreg;
        int n = rn(insn), m = rm(insn), d = rd(insn);
        boolean q = q(insn);
        long lo = logic(op, v[2 * d], v[2 * n], v[2 * m]);
        long hi = q ? logic(op, v[2 * d + 1], v[2 * n + 1], v[2 * m + 1]) : 0;
        write(cpu, d, lo, hi, q);
    }

    private static long logic(int op, long d, long n, long m) {
        return switch (op) {
            case 0 -> n & m;
            case 1 -> n & ~m;
            case 2 -> n | m;
            case 3 -> n | ~m;
            case 4 -> n ^ m;
            case 5 -> (d & n) | (~d & m);   // BSL: operand1 = Vm, operand3 = Vd as select
            case 6 -> (d & ~m) | (n & m);   // BIT: insert Vn where Vm is 1
            default -> (d & m) | (n & ~m);  // BIF: insert Vn where Vm is 0
        };
    }

    static void andVector(Cpu cpu, int insn) {
        logical(cpu, insn, 0);
    }

    static void bicVector(Cpu cpu, int insn) {
        logical(cpu, insn, 1);
    }

    static void orrVector(Cpu cpu, int insn) {
        logical(cpu, insn, 2);
    }

    static void ornVector(Cpu cpu, int insn) {
        logical(cpu, insn, 3);
    }

    static void eorVector(Cpu cpu, int insn) {
        logical(cpu, insn, 4);
    }

    static void bsl(Cpu cpu, int insn) {
        logical(cpu, insn, 5);
    }

    static void bit(Cpu cpu, int insn) {
        logical(cpu, insn, 6);
    }

    static void bif(Cpu cpu, int insn) {
        logical(cpu, insn, 7);
    }

    // Pairwise: the lanes of Vm:Vn are combined in adjacent pairs.
    private static long pairs(Cpu cpu, long lo, long hi, int es, Op2 f) {
        long m = mask(es);
        int perWord = 64 / es;
        long r = 0;
        for (int j = 0; j < perWord; j++) {
            int i = 2 * j;
            long w = i < perWord ? lo : hi;
            int sh = (i % perWord) * es;
            long a = es == 64 ? w : (w >>> sh) & m;
            long b = es == 64 ? hi : (w >>> (sh + es)) & m;
            r |= (f.apply(cpu, a, b, es) & m) << (j * es);
        }
        return r;
    }

    static void pairwise(Cpu cpu, int insn, boolean allow2d, Op2 f) {
        int es = esize(cpu, insn, allow2d);
        long[] v = cpu.vreg;
        int n = rn(insn), m = rm(insn);
        if (q(insn)) {
            long lo = pairs(cpu, v[2 * n], v[2 * n + 1], es, f);
            long hi = pairs(cpu, v[2 * m], v[2 * m + 1], es, f);
            write(cpu, rd(insn), lo, hi, true);
        } else {
            write(cpu, rd(insn), pairs(cpu, v[2 * n], v[2 * m], es, f), 0, false);
        }
    }

    static void smaxp(Cpu cpu, int insn) {
        pairwise(cpu, insn, false, AdvancedSimd::smaxOp);
    }

    static void umaxp(Cpu cpu, int insn) {
        pairwise(cpu, insn, false, AdvancedSimd::umaxOp);
    }

    static void sminp(Cpu cpu, int insn) {
        pairwise(cpu, insn, false, AdvancedSimd::sminOp);
    }

    static void uminp(Cpu cpu, int insn) {
        pairwise(cpu, insn, false, AdvancedSimd::uminOp);
    }

    static void addpVector(Cpu cpu, int insn) {
        pairwise(cpu, insn, true, AdvancedSimd::addOp);
    }

    /** ADDP (scalar): Dd = Vn.D[0] + Vn.D[1]; only size = 11. */
    static void addpScalar(Cpu cpu, int insn) {
        if (size(insn) != 3) {
            cpu.undefined();
        }
        cpu.checkFpAccess();
        int n = rn(insn);
        SimdRegs.setScalar(cpu, rd(insn), cpu.vreg[2 * n] + cpu.vreg[2 * n + 1], 64);
    }

    // ---- Scalar three same -------------------------------------------------------------------------------

    static void sqaddScalar(Cpu cpu, int insn) {
        scalarSame(cpu, insn, true, AdvancedSimd::sqaddOp);
    }

    static void uqaddScalar(Cpu cpu, int insn) {
        scalarSame(cpu, insn, true, AdvancedSimd::uqaddOp);
    }

    static void sqsubScalar(Cpu cpu, int insn) {
        scalarSame(cpu, insn, true, AdvancedSimd::sqsubOp);
    }

    static void uqsubScalar(Cpu cpu, int insn) {
        scalarSame(cpu, insn, true, AdvancedSimd::uqsubOp);
    }

    static void cmgtRegisterScalar(Cpu cpu, int insn) {
        scalarSame(cpu, insn, false, AdvancedSimd::cmgtOp);
    }

    static void cmhiRegisterScalar(Cpu cpu, int insn) {
        scalarSame(cpu, insn, false, AdvancedSimd::cmhiOp);
    }

    static void cmgeRegisterScalar(Cpu cpu, int insn) {
        scalarSame(cpu, insn, false, AdvancedSimd::cmgeOp);
    }

    static void cmhsRegisterScalar(Cpu cpu, int insn) {
        scalarSame(cpu, insn, false, AdvancedSimd::cmhsOp);
    }

    static void sshlScalar(Cpu cpu, int insn) {
        scalarSame(cpu, insn, false, AdvancedSimd::sshlOp);
    }

    static void ushlScalar(Cpu cpu, int insn) {
        scalarSame(cpu, insn, false, AdvancedSimd::ushlOp);
    }

    static void srshlScalar(Cpu cpu, int insn) {
        scalarSame(cpu, insn, false, AdvancedSimd::srshlOp);
    }

    static void urshlScalar(Cpu cpu, int insn) {
        scalarSame(cpu, insn, false, AdvancedSimd::urshlOp);
    }

    static void addScalar(Cpu cpu, int insn) {
        scalarSame(cpu, insn, false, AdvancedSimd::addOp);
    }

    static void subScalar(Cpu cpu, int insn) {
        scalarSame(cpu, insn, false, AdvancedSimd::subOp);
    }

    static void cmtstScalar(Cpu cpu, int insn) {
        scalarSame(cpu, insn, false, AdvancedSimd::cmtstOp);
    }

    static void cmeqRegisterScalar(Cpu cpu, int insn) {
        scalarSame(cpu, insn, false, AdvancedSimd::cmeqOp);
    }

    // ---- Three different ---------------------------------------------------------------------------------

    /**
     * Long and wide forms: the result lanes are 2*esize wide. Operand 1 is Vn's half selected by Q
     * (or all of Vn when {@code wideN}), operand 2 Vm's half; {@code f} sees sign- or zero-extended
     * elements and the destination lane (for accumulates).
     */
    static void widen(Cpu cpu, int insn, boolean wideN, boolean signed, Op3 f) {
        int size = size(insn);
        if (size == 3) {
            cpu.undefined();
        }
        cpu.checkFpAccess();
        int es = 8 << size, wes = 2 * es;
        int part = q(insn) ? 1 : 0;
        long[] v = cpu.vreg;
        int n = rn(insn), m = rm(insn), d = rd(insn);
        long n0 = v[2 * n], n1 = v[2 * n + 1], mw = v[2 * m + part], nw = v[2 * n + part];
        long d0 = v[2 * d], d1 = v[2 * d + 1];
        int lanes = 64 / es;
        long r0 = 0, r1 = 0;
        long wm = mask(wes);
        for (int i = 0; i < lanes; i++) {
            long b = ext((mw >>> (i * es)) & mask(es), es, signed);
            long a;
            if (wideN) {
                long w = i < lanes / 2 ? n0 : n1;
                a = ext(wes == 64 ? w : (w >>> ((i % (lanes / 2)) * wes)) & wm, wes, signed);
            } else {
                a = ext((nw >>> (i * es)) & mask(es), es, signed);
            }
            int sh = (i % (lanes / 2)) * wes;
            if (i < lanes / 2) {
                long dv = wes == 64 ? d0 : (d0 >>> sh) & wm;
                r0 |= (f.apply(cpu, dv, a, b, wes) & wm) << sh;
            } else {
                long dv = wes == 64 ? d1 : (d1 >>> sh) & wm;
                r1 |= (f.apply(cpu, dv, a, b, wes) & wm) << sh;
            }
        }
        write(cpu, d, r0, r1, true);
    }

    private static long ext(long v, int es, boolean signed) {
        return signed ? sx(v, es) : v;
    }

    static void saddl(Cpu cpu, int insn) {
        widen(cpu, insn, false, true, (c, d, a, b, es) -> a + b);
    }

    static void uaddl(Cpu cpu, int insn) {
        widen(cpu, insn, false, false, (c, d, a, b, es) -> a + b);
    }

    static void saddw(Cpu cpu, int insn) {
        widen(cpu, insn, true, true, (c, d, a, b, es) -> a + b);
    }

    static void uaddw(Cpu cpu, int insn) {
        widen(cpu, insn, true, false, (c, d, a, b, es) -> a + b);
    }

    static void ssubl(Cpu cpu, int insn) {
        widen(cpu, insn, false, true, (c, d, a, b, es) -> a - b);
    }

    static void usubl(Cpu cpu, int insn) {
        widen(cpu, insn, false, false, (c, d, a, b, es) -> a - b);
    }

    static void ssubw(Cpu cpu, int insn) {
        widen(cpu, insn, true, true, (c, d, a, b, es) -> a - b);
    }

    static void usubw(Cpu cpu, int insn) {
        widen(cpu, insn, true, false, (c, d, a, b, es) -> a - b);
    }

    static void sabal(Cpu cpu, int insn) {
        widen(cpu, insn, false, true, (c, d, a, b, es) -> d + Math.abs(a - b));
    }

    static void uabal(Cpu cpu, int insn) {
        widen(cpu, insn, false, false, (c, d, a, b, es) -> d + Math.abs(a - b));
    }

    static void sabdl(Cpu cpu, int insn) {
        widen(cpu, insn, false, true, (c, d, a, b, es) -> Math.abs(a - b));
    }

    static void uabdl(Cpu cpu, int insn) {
        widen(cpu, insn, false, false, (c, d, a, b, es) -> Math.abs(a - b));
    }

    static void smlalVector(Cpu cpu, int insn) {
        widen(cpu, insn, false, true, (c, d, a, b, es) -> d + a * b);
    }

    static void umlalVector(Cpu cpu, int insn) {
        widen(cpu, insn, false, false, (c, d, a, b, es) -> d + a * b);
    }

    static void smlslVector(Cpu cpu, int insn) {
        widen(cpu, insn, false, true, (c, d, a, b, es) -> d - a * b);
    }

    static void umlslVector(Cpu cpu, int insn) {
        widen(cpu, insn, false, false, (c, d, a, b, es) -> d - a * b);
    }

    static void smullVector(Cpu cpu, int insn) {
        widen(cpu, insn, false, true, (c, d, a, b, es) -> a * b);
    }

    static void umullVector(Cpu cpu, int insn) {
        widen(cpu, insn, false, false, (c, d, a, b, es) -> a * b);
    }

    /** Writes a 64-bit narrowed result to the lower half (clearing the upper) or, for "2" forms, the upper half. */
    static void writeNarrow(Cpu cpu, int d, long r, boolean upper) {
        if (upper) {
            cpu.vreg[2 * d + 1] = r;
        } else {
            cpu.vreg[2 * d] = r;
            cpu.vreg[2 * d + 1] = 0;
        }
    }

    /** ADDHN/SUBHN and rounding forms: the high half of each 2*esize sum or difference. */
    private static void highNarrow(Cpu cpu, int insn, boolean sub, boolean round) {
        int size = size(insn);
        if (size == 3) {
            cpu.undefined();
        }
        cpu.checkFpAccess();
        int es = 8 << size, wes = 2 * es;
        long[] v = cpu.vreg;
        int n = rn(insn), m = rm(insn);
        long r = 0;
        for (int i = 0; i < 64 / es; i++) {
            long a = SimdRegs.elem(cpu, n, i, wes), b = SimdRegs.elem(cpu, m, i, wes);
            long s = sub ? a - b : a + b;
            if (round) {
                s += 1L << (es - 1);
            }
            r |= ((s >>> es) & mask(es)) << (i * es);
        }
        writeNarrow(cpu, rd(insn), r, q(insn));
    }

    static void addhn(Cpu cpu, int insn) {
        highNarrow(cpu, insn, false, false);
    }

    static void raddhn(Cpu cpu, int insn) {
        highNarrow(cpu, insn, false, true);
    }

    static void subhn(Cpu cpu, int insn) {
        highNarrow(cpu, insn, true, false);
    }

    static void rsubhn(Cpu cpu, int insn) {
        highNarrow(cpu, insn, true, true);
    }

    // ---- Two-register miscellaneous ----------------------------------------------------------------------

    @FunctionalInterface
    interface Op1 {
        long apply(Cpu cpu, long a, int esize);
    }

    static void unary(Cpu cpu, int insn, boolean allow2d, Op1 f) {
        int es = esize(cpu, insn, allow2d);
        long[] v = cpu.vreg;
        int n = rn(insn);
        boolean q = q(insn);
        long lo = map1(cpu, v[2 * n], es, f);
        long hi = q ? map1(cpu, v[2 * n + 1], es, f) : 0;
        write(cpu, rd(insn), lo, hi, q);
    }

    static long map1(Cpu cpu, long a, int es, Op1 f) {
        if (es == 64) {
            return f.apply(cpu, a, 64);
        }
        long m = mask(es);
        long r = 0;
        for (int sh = 0; sh < 64; sh += es) {
            r |= (f.apply(cpu, (a >>> sh) & m, es) & m) << sh;
        }
        return r;
    }

    static void scalarUnary(Cpu cpu, int insn, Op1 f) {
        if (size(insn) != 3) {
            cpu.undefined();
        }
        cpu.checkFpAccess();
        SimdRegs.setScalar(cpu, rd(insn), f.apply(cpu, cpu.vreg[2 * rn(insn)], 64), 64);
    }

    /** REV16/32/64: reverse the esize elements within each container of {@code container} bits. */
    private static void rev(Cpu cpu, int insn, int container) {
        int size = size(insn);
        int es = 8 << size;
        if (es >= container) {
            cpu.undefined();
        }
        cpu.checkFpAccess();
        long[] v = cpu.vreg;
        int n = rn(insn);
        boolean q = q(insn);
        long lo = revWord(v[2 * n], es, container);
        long hi = q ? revWord(v[2 * n + 1], es, container) : 0;
        write(cpu, rd(insn), lo, hi, q);
    }

    private static long revWord(long w, int es, int container) {
        long r = 0;
        long m = mask(es);
        for (int c = 0; c < 64; c += container) {
            for (int i = 0; i < container; i += es) {
                long e = (w >>> (c + i)) & m;
                r |= e << (c + container - es - i);
            }
        }
        return r;
    }

    static void rev64(Cpu cpu, int insn) {
        rev(cpu, insn, 64);
    }

    static void rev32(Cpu cpu, int insn) {
        rev(cpu, insn, 32);
    }

    static void rev16(Cpu cpu, int insn) {
        rev(cpu, insn, 16);
    }

    static void cnt(Cpu cpu, int insn) {
        if (size(insn) != 0) {
            cpu.undefined();
        }
        unary(cpu, insn, false, (c, a, es) -> Long.bitCount(a));
    }

    static void clsVector(Cpu cpu, int insn) {
        unary(cpu, insn, false, (c, a, es) -> Long.numberOfLeadingZeros((a ^ (sx(a, es) >> 1)) & mask(es)) - (64 - es) - 1);
    }

    static void clzVector(Cpu cpu, int insn) {
        unary(cpu, insn, false, (c, a, es) -> Long.numberOfLeadingZeros(a) - (64 - es));
    }

    static void not(Cpu cpu, int insn) {
        cpu.checkFpAccess();
        int n = rn(insn);
        boolean q = q(insn);
        write(cpu, rd(insn), ~cpu.vreg[2 * n], ~cpu.vreg[2 * n + 1], q);
    }

    static void rbitVector(Cpu cpu, int insn) {
        cpu.checkFpAccess();
        int n = rn(insn);
        boolean q = q(insn);
        write(cpu, rd(insn), Long.reverseBytes(Long.reverse(cpu.vreg[2 * n])),
                Long.reverseBytes(Long.reverse(cpu.vreg[2 * n + 1])), q);
    }

    /** SADDLP/UADDLP/SADALP/UADALP: adjacent pairs summed into double-width lanes. */
    private static void addLongPairwise(Cpu cpu, int insn, boolean signed, boolean accumulate) {
        int size = size(insn);
        if (size == 3) {
            cpu.undefined();
        }
        cpu.checkFpAccess();
        int es = 8 << size, wes = 2 * es;
        boolean q = q(insn);
        long[] v = cpu.vreg;
        int n = rn(insn), d = rd(insn);
        long lo = pairLong(v[2 * n], es, signed, accumulate ? v[2 * d] : 0);
        long hi = q ? pairLong(v[2 * n + 1], es, signed, accumulate ? v[2 * d + 1] : 0) : 0;
        write(cpu, d, lo, hi, q);
    }

    private static long pairLong(long w, int es, boolean signed, long acc) {
        int wes = 2 * es;
        long m = mask(es), wm = mask(wes);
        long r = 0;
        for (int sh = 0; sh < 64; sh += wes) {
            long a = ext((w >>> sh) & m, es, signed), b = ext((w >>> (sh + es)) & m, es, signed);
            long accLane = wes == 64 ? acc : (acc >>> sh) & wm;
            r |= ((a + b + accLane) & wm) << sh;
        }
        return r;
    }

    static void saddlp(Cpu cpu, int insn) {
        addLongPairwise(cpu, insn, true, false);
    }

    static void uaddlp(Cpu cpu, int insn) {
        addLongPairwise(cpu, insn, false, false);
    }

    static void sadalp(Cpu cpu, int insn) {
        addLongPairwise(cpu, insn, true, true);
    }

    static void uadalp(Cpu cpu, int insn) {
        addLongPairwise(cpu, insn, false, true);
    }

    static long cmgtZeroOp(Cpu cpu, long a, int es) {
        return sx(a, es) > 0 ? -1L : 0;
    }

    static long cmgeZeroOp(Cpu cpu, long a, int es) {
        return sx(a, es) >= 0 ? -1L : 0;
    }

    static long cmeqZeroOp(Cpu cpu, long a, int es) {
        return a == 0 ? -1L : 0;
    }

    static long cmleZeroOp(Cpu cpu, long a, int es) {
        return sx(a, es) <= 0 ? -1L : 0;
    }

    static long cmltZeroOp(Cpu cpu, long a, int es) {
        return sx(a, es) < 0 ? -1L : 0;
    }

    static long absOp(Cpu cpu, long a, int es) {
        return Math.abs(sx(a, es));
    }

    static long negOp(Cpu cpu, long a, int es) {
        return -a;
    }

    static void cmgtZero(Cpu cpu, int insn) {
        unary(cpu, insn, true, AdvancedSimd::cmgtZeroOp);
    }

    static void cmgeZero(Cpu cpu, int insn) {
        unary(cpu, insn, true, AdvancedSimd::cmgeZeroOp);
    }

    static void cmeqZero(Cpu cpu, int insn) {
        unary(cpu, insn, true, AdvancedSimd::cmeqZeroOp);
    }

    static void cmleZero(Cpu cpu, int insn) {
        unary(cpu, insn, true, AdvancedSimd::cmleZeroOp);
    }

    static void cmltZero(Cpu cpu, int insn) {
        unary(cpu, insn, true, AdvancedSimd::cmltZeroOp);
    }

    static void abs(Cpu cpu, int insn) {
        unary(cpu, insn, true, AdvancedSimd::absOp);
    }

    static void negVector(Cpu cpu, int insn) {
        unary(cpu, insn, true, AdvancedSimd::negOp);
    }

    static void cmgtZeroScalar(Cpu cpu, int insn) {
        scalarUnary(cpu, insn, AdvancedSimd::cmgtZeroOp);
    }

    static void cmgeZeroScalar(Cpu cpu, int insn) {
        scalarUnary(cpu, insn, AdvancedSimd::cmgeZeroOp);
    }

    static void cmeqZeroScalar(Cpu cpu, int insn) {
        scalarUnary(cpu, insn, AdvancedSimd::cmeqZeroOp);
    }

    static void cmleZeroScalar(Cpu cpu, int insn) {
        scalarUnary(cpu, insn, AdvancedSimd::cmleZeroOp);
    }

    static void cmltZeroScalar(Cpu cpu, int insn) {
        scalarUnary(cpu, insn, AdvancedSimd::cmltZeroOp);
    }

    static void absScalar(Cpu cpu, int insn) {
        scalarUnary(cpu, insn, AdvancedSimd::absOp);
    }

    static void negScalar(Cpu cpu, int insn) {
        scalarUnary(cpu, insn, AdvancedSimd::negOp);
    }

    /** XTN/SQXTN/UQXTN/SQXTUN: each 2*esize element of Vn narrowed to esize (mode 0 truncate, 1 signed, 2 unsigned, 3 signed to unsigned). */
    private static long narrowElements(Cpu cpu, int n, int es, int mode) {
        long r = 0;
        for (int i = 0; i < 64 / es; i++) {
            long e = SimdRegs.elem(cpu, n, i, 2 * es);
            r |= (narrowOne(cpu, e, es, mode) & mask(es)) << (i * es);
        }
        return r;
    }

    private static long narrowOne(Cpu cpu, long e, int es, int mode) {
        int wes = 2 * es;
        return switch (mode) {
            case 1 -> signedSat(cpu, sx(e, wes), es);
            case 2 -> {
                long max = mask(es);
                if (Long.compareUnsigned(e, max) > 0) {
                    cpu.fpsr |= FpCore.QC;
                    yield max;
                }
                yield e;
            }
            case 3 -> unsignedSat(cpu, sx(e, wes), es);
            default -> e;
        };
    }

    private static void narrowMisc(Cpu cpu, int insn, int mode) {
        int size = size(insn);
        if (size == 3) {
            cpu.undefined();
        }
        cpu.checkFpAccess();
        writeNarrow(cpu, rd(insn), narrowElements(cpu, rn(insn), 8 << size, mode), q(insn));
    }

    private static void narrowScalar(Cpu cpu, int insn, int mode) {
        int size = size(insn);
        if (size == 3) {
            cpu.undefined();
        }
        cpu.checkFpAccess();
        int es = 8 << size;
        long e = cpu.vreg[2 * rn(insn)] & mask(2 * es);
        SimdRegs.setScalar(cpu, rd(insn), narrowOne(cpu, e, es, mode), es);
    }

    static void xtn(Cpu cpu, int insn) {
        narrowMisc(cpu, insn, 0);
    }

    static void sqxtn(Cpu cpu, int insn) {
        narrowMisc(cpu, insn, 1);
    }

    static void uqxtn(Cpu cpu, int insn) {
        narrowMisc(cpu, insn, 2);
    }

    static void sqxtun(Cpu cpu, int insn) {
        narrowMisc(cpu, insn, 3);
    }

    static void sqxtnScalar(Cpu cpu, int insn) {
        narrowScalar(cpu, insn, 1);
    }

    static void uqxtnScalar(Cpu cpu, int insn) {
        narrowScalar(cpu, insn, 2);
    }

    static void sqxtunScalar(Cpu cpu, int insn) {
        narrowScalar(cpu, insn, 3);
    }

    /** SHLL: widen the selected half and shift left by esize. */
    static void shll(Cpu cpu, int insn) {
        int size = size(insn);
        if (size == 3) {
            cpu.undefined();
        }
        cpu.checkFpAccess();
        int es = 8 << size;
        widenShift(cpu, rd(insn), cpu.vreg[2 * rn(insn) + (q(insn) ? 1 : 0)], es, false, es);
    }

    /** Each esize lane of {@code w} extended to 2*esize and shifted left; writes the whole of V[d]. */
    static void widenShift(Cpu cpu, int d, long w, int es, boolean signed, int shift) {
        int wes = 2 * es, lanes = 64 / es;
        long wm = mask(wes);
        long r0 = 0, r1 = 0;
        for (int i = 0; i < lanes; i++) {
            long e = ext((w >>> (i * es)) & mask(es), es, signed) << shift;
            int sh = (i % (lanes / 2)) * wes;
            if (i < lanes / 2) {
                r0 |= (e & wm) << sh;
            } else {
                r1 |= (e & wm) << sh;
            }
        }
        write(cpu, d, r0, r1, true);
    }

    // ---- Across lanes ------------------------------------------------------------------------------------

    /** Elements of Vn for across-lanes forms: size:Q must give at least 4 lanes (no 2S, no D). */
    private static int acrossEsize(Cpu cpu, int insn) {
        int size = size(insn);
        if (size == 3 || (size == 2 && !q(insn))) {
            cpu.undefined();
        }
        cpu.checkFpAccess();
        return 8 << size;
    }

    private static void reduce(Cpu cpu, int insn, boolean signed, int op) {
        int es = acrossEsize(cpu, insn);
        int lanes = (q(insn) ? 128 : 64) / es;
        int n = rn(insn);
        long acc = signed ? SimdRegs.selem(cpu, n, 0, es) : SimdRegs.elem(cpu, n, 0, es);
        for (int i = 1; i < lanes; i++) {
            long e = signed ? SimdRegs.selem(cpu, n, i, es) : SimdRegs.elem(cpu, n, i, es);
            acc = switch (op) {
                case 0 -> acc + e;
                case 1 -> Math.max(acc, e);
                default -> Math.min(acc, e);
            };
        }
        SimdRegs.setScalar(cpu, rd(insn), acc, es);
    }

    static void addv(Cpu cpu, int insn) {
        reduce(cpu, insn, false, 0);
    }

    static void smaxv(Cpu cpu, int insn) {
        reduce(cpu, insn, true, 1);
    }

    static void umaxv(Cpu cpu, int insn) {
        reduce(cpu, insn, false, 1);
    }

    static void sminv(Cpu cpu, int insn) {
        reduce(cpu, insn, true, 2);
    }

    static void uminv(Cpu cpu, int insn) {
        reduce(cpu, insn, false, 2);
    }

    private static void addLongAcross(Cpu cpu, int insn, boolean signed) {
        int es = acrossEsize(cpu, insn);
        int lanes = (q(insn) ? 128 : 64) / es;
        int n = rn(insn);
        long sum = 0;
        for (int i = 0; i < lanes; i++) {
            sum += signed ? SimdRegs.selem(cpu, n, i, es) : SimdRegs.elem(cpu, n, i, es);
        }
        SimdRegs.setScalar(cpu, rd(insn), sum, 2 * es);
    }

    static void saddlv(Cpu cpu, int insn) {
        addLongAcross(cpu, insn, true);
    }

    static void uaddlv(Cpu cpu, int insn) {
        addLongAcross(cpu, insn, false);
    }

    // ---- Shift by immediate ------------------------------------------------------------------------------

    /** esize from immh (highest set bit); 0 when immh = 0. */
    static int shiftEsize(int insn) {
        int immh = (insn >>> 19) & 15;
        return immh == 0 ? 0 : 8 << (31 - Integer.numberOfLeadingZeros(immh));
    }

    static int immhb(int insn) {
        return (insn >>> 16) & 127;
    }

    /** Vector shift: immh=1xxx needs Q=1; immh=0000 is another encoding group (modified immediate). */
    private static int vectorShiftEsize(Cpu cpu, int insn) {
        int es = shiftEsize(insn);
        if (es == 0 || (es == 64 && !q(insn))) {
            cpu.undefined();
        }
        cpu.checkFpAccess();
        return es;
    }

    private static void shiftVector(Cpu cpu, int insn, boolean right, Op3 f) {
        int es = vectorShiftEsize(cpu, insn);
        int amount = right ? 2 * es - immhb(insn) : immhb(insn) - es;
        long[] v = cpu.vreg;
        int n = rn(insn), d = rd(insn);
        boolean q = q(insn);
        long lo = mapShift(cpu, v[2 * d], v[2 * n], amount, es, f);
        long hi = q ? mapShift(cpu, v[2 * d + 1], v[2 * n + 1], amount, es, f) : 0;
        write(cpu, d, lo, hi, q);
    }

    /** Like {@link #map3} but passes the shift amount unchanged to every lane. */
    private static long mapShift(Cpu cpu, long d, long a, int amount, int es, Op3 f) {
        if (es == 64) {
            return f.apply(cpu, d, a, amount, 64);
        }
        long m = mask(es);
        long r = 0;
        for (int sh = 0; sh < 64; sh += es) {
            r |= (f.apply(cpu, (d >>> sh) & m, (a >>> sh) & m, amount, es) & m) << sh;
        }
        return r;
    }

    private static void shiftScalar(Cpu cpu, int insn, boolean right, Op3 f) {
        if (((insn >>> 22) & 1) == 0) {
            cpu.undefined();
        }
        cpu.checkFpAccess();
        int amount = right ? 128 - immhb(insn) : immhb(insn) - 64;
        int d = rd(insn);
        SimdRegs.setScalar(cpu, d, f.apply(cpu, cpu.vreg[2 * d], cpu.vreg[2 * rn(insn)], amount, 64), 64);
    }

    static long sshrOp(Cpu cpu, long d, long a, long s, int es) {
        return shiftRight(sx(a, es), (int) s, false);
    }

    static long ushrOp(Cpu cpu, long d, long a, long s, int es) {
        return shiftRight(a, (int) s, true);
    }

    static long ssraOp(Cpu cpu, long d, long a, long s, int es) {
        return d + shiftRight(sx(a, es), (int) s, false);
    }

    static long usraOp(Cpu cpu, long d, long a, long s, int es) {
        return d + shiftRight(a, (int) s, true);
    }

    static long srshrOp(Cpu cpu, long d, long a, long s, int es) {
        return roundingShiftRight(sx(a, es), (int) s, false);
    }

    static long urshrOp(Cpu cpu, long d, long a, long s, int es) {
        return roundingShiftRight(a, (int) s, true);
    }

    static long srsraOp(Cpu cpu, long d, long a, long s, int es) {
        return d + roundingShiftRight(sx(a, es), (int) s, false);
    }

    static long ursraOp(Cpu cpu, long d, long a, long s, int es) {
        return d + roundingShiftRight(a, (int) s, true);
    }

    /** SRI: insert a >> s, keeping the top s bits of the destination. */
    static long sriOp(Cpu cpu, long d, long a, long s, int es) {
        long m = shiftRight(mask(es), (int) s, true);
        return (d & ~m) | (shiftRight(a, (int) s, true) & m);
    }

    static long shlOp(Cpu cpu, long d, long a, long s, int es) {
        return a << s;
    }

    /** SLI: insert a << s, keeping the low s bits of the destination. */
    static long sliOp(Cpu cpu, long d, long a, long s, int es) {
        long m = mask(es) << s;
        return (d & ~m) | ((a << s) & m);
    }

    static void sshr(Cpu cpu, int insn) {
        shiftVector(cpu, insn, true, AdvancedSimd::sshrOp);
    }

    static void ushr(Cpu cpu, int insn) {
        shiftVector(cpu, insn, true, AdvancedSimd::ushrOp);
    }

    static void ssra(Cpu cpu, int insn) {
        shiftVector(cpu, insn, true, AdvancedSimd::ssraOp);
    }

    static void usra(Cpu cpu, int insn) {
        shiftVector(cpu, insn, true, AdvancedSimd::usraOp);
    }

    static void srshr(Cpu cpu, int insn) {
        shiftVector(cpu, insn, true, AdvancedSimd::srshrOp);
    }

    static void urshr(Cpu cpu, int insn) {
        shiftVector(cpu, insn, true, AdvancedSimd::urshrOp);
    }

    static void srsra(Cpu cpu, int insn) {
        shiftVector(cpu, insn, true, AdvancedSimd::srsraOp);
    }

    static void ursra(Cpu cpu, int insn) {
        shiftVector(cpu, insn, true, AdvancedSimd::ursraOp);
    }

    static void sri(Cpu cpu, int insn) {
        shiftVector(cpu, insn, true, AdvancedSimd::sriOp);
    }

    static void shl(Cpu cpu, int insn) {
        shiftVector(cpu, insn, false, AdvancedSimd::shlOp);
    }

    static void sli(Cpu cpu, int insn) {
        shiftVector(cpu, insn, false, AdvancedSimd::sliOp);
    }

    static void sshrScalar(Cpu cpu, int insn) {
        shiftScalar(cpu, insn, true, AdvancedSimd::sshrOp);
    }

    static void ushrScalar(Cpu cpu, int insn) {
        shiftScalar(cpu, insn, true, AdvancedSimd::ushrOp);
    }

    static void ssraScalar(Cpu cpu, int insn) {
        shiftScalar(cpu, insn, true, AdvancedSimd::ssraOp);
    }

    static void usraScalar(Cpu cpu, int insn) {
        shiftScalar(cpu, insn, true, AdvancedSimd::usraOp);
    }

    static void srshrScalar(Cpu cpu, int insn) {
        shiftScalar(cpu, insn, true, AdvancedSimd::srshrOp);
    }

    static void urshrScalar(Cpu cpu, int insn) {
        shiftScalar(cpu, insn, true, AdvancedSimd::urshrOp);
    }

    static void srsraScalar(Cpu cpu, int insn) {
        shiftScalar(cpu, insn, true, AdvancedSimd::srsraOp);
    }

    static void ursraScalar(Cpu cpu, int insn) {
        shiftScalar(cpu, insn, true, AdvancedSimd::ursraOp);
    }

    static void sriScalar(Cpu cpu, int insn) {
        shiftScalar(cpu, insn, true, AdvancedSimd::sriOp);
    }

    static void shlScalar(Cpu cpu, int insn) {
        shiftScalar(cpu, insn, false, AdvancedSimd::shlOp);
    }

    static void sliScalar(Cpu cpu, int insn) {
        shiftScalar(cpu, insn, false, AdvancedSimd::sliOp);
    }

    /** SHRN/RSHRN: each 2*esize element shifted right and truncated into the lower or upper half. */
    private static void shiftNarrow(Cpu cpu, int insn, boolean round) {
        int es = shiftEsize(insn);
        if (es == 0 || es == 64) {
            cpu.undefined();
        }
        cpu.checkFpAccess();
        int shift = 2 * es - immhb(insn);
        int n = rn(insn);
        long r = 0;
        for (int i = 0; i < 64 / es; i++) {
            long e = SimdRegs.elem(cpu, n, i, 2 * es);
            long s = round ? roundingShiftRight(e, shift, true) : e >>> shift;
            r |= (s & mask(es)) << (i * es);
        }
        writeNarrow(cpu, rd(insn), r, q(insn));
    }

    static void shrn(Cpu cpu, int insn) {
        shiftNarrow(cpu, insn, false);
    }

    static void rshrn(Cpu cpu, int insn) {
        shiftNarrow(cpu, insn, true);
    }

    /** SSHLL/USHLL (and the SXTL/UXTL aliases with shift 0). */
    private static void shiftLong(Cpu cpu, int insn, boolean signed) {
        int es = shiftEsize(insn);
        if (es == 0 || es == 64) {
            cpu.undefined();
        }
        cpu.checkFpAccess();
        widenShift(cpu, rd(insn), cpu.vreg[2 * rn(insn) + (q(insn) ? 1 : 0)], es, signed, immhb(insn) - es);
    }

    static void sshll(Cpu cpu, int insn) {
        shiftLong(cpu, insn, true);
    }

    static void ushll(Cpu cpu, int insn) {
        shiftLong(cpu, insn, false);
    }

    // ---- Modified immediate ------------------------------------------------------------------------------

    /** AdvSIMDExpandImm(op, cmode, imm8): the 64-bit pattern replicated into each half. */
    static long expandImm(int op, int cmode, int imm8) {
        long imm = imm8 & 0xFFL;
        return switch (cmode >>> 1) {
            case 0 -> replicate32(imm);
            case 1 -> replicate32(imm << 8);
            case 2 -> replicate32(imm << 16);
            case 3 -> replicate32(imm << 24);
            case 4 -> replicate16(imm);
            case 5 -> replicate16(imm << 8);
            case 6 -> replicate32((cmode & 1) == 0 ? (imm << 8) | 0xFF : (imm << 16) | 0xFFFF);
            default -> {
                if ((cmode & 1) == 0 && op == 0) {
                    yield imm * 0x0101_0101_0101_0101L;
                } else if ((cmode & 1) == 0) {
                    long r = 0;
                    for (int i = 0; i < 8; i++) {
                        if ((imm8 & (1 << i)) != 0) {
                            r |= 0xFFL << (8 * i);
                        }
                    }
                    yield r;
                } else if (op == 0) {
                    yield replicate32(FloatingPoint.vfpExpandImm(imm8, 32));
                }
                yield FloatingPoint.vfpExpandImm(imm8, 64);
            }
        };
    }

    private static long replicate32(long v) {
        return (v & 0xFFFF_FFFFL) | (v << 32);
    }

    private static long replicate16(long v) {
        v &= 0xFFFF;
        return v | (v << 16) | (v << 32) | (v << 48);
    }

    static int imm8(int insn) {
        return (((insn >>> 16) & 7) << 5) | ((insn >>> 5) & 31);
    }

    static int cmode(int insn) {
        return (insn >>> 12) & 15;
    }

    static void movi(Cpu cpu, int insn) {
        cpu.checkFpAccess();
        int op = (insn >>> 29) & 1;
        long imm = expandImm(op, cmode(insn), imm8(insn));
        write(cpu, rd(insn), imm, imm, q(insn));
    }

    static void mvni(Cpu cpu, int insn) {
        cpu.checkFpAccess();
        long imm = ~expandImm(1, cmode(insn), imm8(insn));
        write(cpu, rd(insn), imm, imm, q(insn));
    }

    static void orrVectorImmediate(Cpu cpu, int insn) {
        cpu.checkFpAccess();
        long imm = expandImm(0, cmode(insn), imm8(insn));
        int d = rd(insn);
        write(cpu, d, cpu.vreg[2 * d] | imm, cpu.vreg[2 * d + 1] | imm, q(insn));
    }

    static void bicVectorImmediate(Cpu cpu, int insn) {
        cpu.checkFpAccess();
        long imm = expandImm(1, cmode(insn), imm8(insn));
        int d = rd(insn);
        write(cpu, d, cpu.vreg[2 * d] & ~imm, cpu.vreg[2 * d + 1] & ~imm, q(insn));
    }

    // ---- Indexed element -----------------------------------------------------------------------------------

    /** Integer by-element: size 01 uses H:L:M with Rm<3:0>, size 10 uses H:L with Rm = M:Rm; others UNDEFINED. */
    static long indexedElement(Cpu cpu, int insn) {
        int size = size(insn);
        int h = (insn >>> 11) & 1, l = (insn >>> 21) & 1, mbit = (insn >>> 20) & 1;
        int m = (insn >>> 16) & 15;
        int index;
        if (size == 1) {
            index = (h << 2) | (l << 1) | mbit;
        } else if (size == 2) {
            index = (h << 1) | l;
            m |= mbit << 4;
        } else {
            cpu.undefined();
            return 0;
        }
        cpu.checkFpAccess();
        return SimdRegs.elem(cpu, m, index, 8 << size);
    }

    private static void byElement(Cpu cpu, int insn, Op3 f) {
        long e = indexedElement(cpu, insn);
        int es = 8 << size(insn);
        long[] v = cpu.vreg;
        int n = rn(insn), d = rd(insn);
        boolean q = q(insn);
        long rep = es == 16 ? replicate16(e) : replicate32(e);
        long lo = map3(cpu, v[2 * d], v[2 * n], rep, es, f);
        long hi = q ? map3(cpu, v[2 * d + 1], v[2 * n + 1], rep, es, f) : 0;
        write(cpu, d, lo, hi, q);
    }

    static void mulByElement(Cpu cpu, int insn) {
        byElement(cpu, insn, (c, d, a, b, es) -> a * b);
    }

    static void mlaByElement(Cpu cpu, int insn) {
        byElement(cpu, insn, (c, d, a, b, es) -> d + a * b);
    }

    static void mlsByElement(Cpu cpu, int insn) {
        byElement(cpu, insn, (c, d, a, b, es) -> d - a * b);
    }

    /** Long by-element forms: Vn's half selected by Q times the element, into 2*esize lanes. */
    private static void longByElement(Cpu cpu, int insn, boolean signed, Op3 f) {
        long e = indexedElement(cpu, insn);
        int es = 8 << size(insn);
        long[] v = cpu.vreg;
        int n = rn(insn), d = rd(insn);
        long nw = v[2 * n + (q(insn) ? 1 : 0)];
        int wes = 2 * es, lanes = 64 / es;
        long wm = mask(wes);
        long d0 = v[2 * d], d1 = v[2 * d + 1];
        long b = ext(e, es, signed);
        long r0 = 0, r1 = 0;
        for (int i = 0; i < lanes; i++) {
            long a = ext((nw >>> (i * es)) & mask(es), es, signed);
            int sh = (i % (lanes / 2)) * wes;
            if (i < lanes / 2) {
                r0 |= (f.apply(cpu, wes == 64 ? d0 : (d0 >>> sh) & wm, a, b, wes) & wm) << sh;
            } else {
                r1 |= (f.apply(cpu, wes == 64 ? d1 : (d1 >>> sh) & wm, a, b, wes) & wm) << sh;
            }
        }
        write(cpu, d, r0, r1, true);
    }

    static void smullByElement(Cpu cpu, int insn) {
        longByElement(cpu, insn, true, (c, d, a, b, es) -> a * b);
    }

    static void umullByElement(Cpu cpu, int insn) {
        longByElement(cpu, insn, false, (c, d, a, b, es) -> a * b);
    }

    static void smlalByElement(Cpu cpu, int insn) {
        longByElement(cpu, insn, true, (c, d, a, b, es) -> d + a * b);
    }

    static void umlalByElement(Cpu cpu, int insn) {
        longByElement(cpu, insn, false, (c, d, a, b, es) -> d + a * b);
    }

    static void smlslByElement(Cpu cpu, int insn) {
        longByElement(cpu, insn, true, (c, d, a, b, es) -> d - a * b);
    }

    static void umlslByElement(Cpu cpu, int insn) {
        longByElement(cpu, insn, false, (c, d, a, b, es) -> d - a * b);
    }
}
