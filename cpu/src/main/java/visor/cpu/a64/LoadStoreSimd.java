package visor.cpu.a64;

import java.util.List;
import visor.cpu.Cpu;

/**
 * Loads and stores of SIMD&amp;FP registers B/H/S/D/Q (ARM ARM C4.1.4, C7.2 LDR/STR/LDUR/STUR/LDP/STP/
 * LDNP/STNP (SIMD&amp;FP)). The access size is 1 << (opc<1>:size); 16 bytes is done as two 64-bit
 * accesses, low half first. Loads of B/H/S/D zero the rest of the 128-bit register. None of these
 * report an instruction syndrome (ISV=0 is only for general-purpose registers, D13.2.39). Unallocated
 * sizes are UNDEFINED at decode, before the SIMD&amp;FP access check of the execute pseudocode.
 */
public final class LoadStoreSimd {
    private LoadStoreSimd() {
    }

    public static final List<Row> ROWS = List.of(
            new Row("STR (immediate, SIMD&FP, unsigned offset)", "zz 111 1 01 o0 iiiiiiiiiiii nnnnn ttttt", LoadStoreSimd::strSimdImmUnsignedOffset),
            new Row("LDR (immediate, SIMD&FP, unsigned offset)", "zz 111 1 01 o1 iiiiiiiiiiii nnnnn ttttt", LoadStoreSimd::ldrSimdImmUnsignedOffset),
            new Row("STR (immediate, SIMD&FP, pre-index)", "zz 111 1 00 o0 0 iiiiiiiii 11 nnnnn ttttt", LoadStoreSimd::strSimdImmPreIndex),
            new Row("LDR (immediate, SIMD&FP, pre-index)", "zz 111 1 00 o1 0 iiiiiiiii 11 nnnnn ttttt", LoadStoreSimd::ldrSimdImmPreIndex),
            new Row("STR (immediate, SIMD&FP, post-index)", "zz 111 1 00 o0 0 iiiiiiiii 01 nnnnn ttttt", LoadStoreSimd::strSimdImmPostIndex),
            new Row("LDR (immediate, SIMD&FP, post-index)", "zz 111 1 00 o1 0 iiiiiiiii 01 nnnnn ttttt", LoadStoreSimd::ldrSimdImmPostIndex),
            new Row("STUR (SIMD&FP)", "zz 111 1 00 o0 0 iiiiiiiii 00 nnnnn ttttt", LoadStoreSimd::sturSimd),
            new Row("LDUR (SIMD&FP)", "zz 111 1 00 o1 0 iiiiiiiii 00 nnnnn ttttt", LoadStoreSimd::ldurSimd),
            new Row("STR (register, SIMD&FP)", "zz 111 1 00 o0 1 mmmmm xxxS 10 nnnnn ttttt", LoadStoreSimd::strSimdReg),
            new Row("LDR (register, SIMD&FP)", "zz 111 1 00 o1 1 mmmmm xxxS 10 nnnnn ttttt", LoadStoreSimd::ldrSimdReg),
            new Row("LDR (literal, SIMD&FP, S)", "00 011 1 00 iiiiiiiiiiiiiiiiiii ttttt", LoadStoreSimd::ldrSimdLiteral),
            new Row("LDR (literal, SIMD&FP, D)", "01 011 1 00 iiiiiiiiiiiiiiiiiii ttttt", LoadStoreSimd::ldrSimdLiteral),
            new Row("LDR (literal, SIMD&FP, Q)", "10 011 1 00 iiiiiiiiiiiiiiiiiii ttttt", LoadStoreSimd::ldrSimdLiteral),
            new Row("STNP (SIMD&FP)", "oo 101 1 000 0 iiiiiii uuuuu nnnnn ttttt", LoadStoreSimd::stnpSimd),
            new Row("LDNP (SIMD&FP)", "oo 101 1 000 1 iiiiiii uuuuu nnnnn ttttt", LoadStoreSimd::ldnpSimd),
            new Row("STP (SIMD&FP, post-index)", "oo 101 1 001 0 iiiiiii uuuuu nnnnn ttttt", LoadStoreSimd::stpSimdPostIndex),
            new Row("LDP (SIMD&FP, post-index)", "oo 101 1 001 1 iiiiiii uuuuu nnnnn ttttt", LoadStoreSimd::ldpSimdPostIndex),
            new Row("STP (SIMD&FP, signed offset)", "oo 101 1 010 0 iiiiiii uuuuu nnnnn ttttt", LoadStoreSimd::stpSimdOffset),
            new Row("LDP (SIMD&FP, signed offset)", "oo 101 1 010 1 iiiiiii uuuuu nnnnn ttttt", LoadStoreSimd::ldpSimdOffset),
            new Row("STP (SIMD&FP, pre-index)", "oo 101 1 011 0 iiiiiii uuuuu nnnnn ttttt", LoadStoreSimd::stpSimdPreIndex),
            new Row("LDP (SIMD&FP, pre-index)", "oo 101 1 011 1 iiiiiii uuuuu nnnnn ttttt", LoadStoreSimd::ldpSimdPreIndex));

    /** log2 of the access size, opc<1>:size; values above 4 are unallocated. */
    private static int scale(Cpu cpu, int insn) {
        int scale = ((insn >>> 21) & 4) | (insn >>> 30);
        if (scale > 4) {
            cpu.undefined();
        }
        return scale;
    }

    /** log2 of the pair element size from opc (00 S, 01 D, 10 Q); 11 is unallocated. */
    private static int pairScale(Cpu cpu, int insn) {
        int opc = insn >>> 30;
        if (opc == 3) {
            cpu.undefined();
        }
        return opc + 2;
    }

    /** Loads V[t] from {@code address}: Q as two 64-bit reads, smaller sizes zero-extended to 128 bits. */
    static void load(Cpu cpu, int t, long address, int scale) {
        if (scale == 4) {
            long lo = cpu.read(address, 8);
            long hi = cpu.read(address + 8, 8);
            cpu.vreg[2 * t] = lo;
            cpu.vreg[2 * t + 1] = hi;
        } else {
            cpu.vreg[2 * t] = cpu.read(address, 1 << scale);
            cpu.vreg[2 * t + 1] = 0;
        }
    }

    static void store(Cpu cpu, int t, long address, int scale) {
        if (scale == 4) {
            cpu.write(address, 8, cpu.vreg[2 * t]);
            cpu.write(address + 8, 8, cpu.vreg[2 * t + 1]);
        } else {
            cpu.write(address, 1 << scale, cpu.vreg[2 * t]);
        }
    }

    /** Where the offset goes: added for the access only, or also written back to Rn before or after it. */
    private static final int OFFSET = 0, PRE_INDEX = 1, POST_INDEX = 2;

    /**
     * The execute pseudocode LDR/STR/LDUR/STUR (SIMD&amp;FP) share: the access uses base + offset, or the
     * base alone when post-indexed; pre- and post-index then write base + offset back to Rn.
     */
    private static void single(Cpu cpu, int insn, boolean isLoad, int indexing, int scale, long offset) {
        cpu.checkFpAccess();
        long base = LoadStore.base(cpu, insn);
        long address = indexing == POST_INDEX ? base : base + offset;
        cpu.lsSyndrome = 0;
        if (isLoad) {
            load(cpu, insn & 31, address, scale);
        } else {
            store(cpu, insn & 31, address, scale);
        }
        if (indexing != OFFSET) {
            cpu.setXsp(Fields.rn(insn), base + offset);
        }
    }

    /** imm12, scaled by the access size. */
    private static long uimm12(int insn, int scale) {
        return ((insn >>> 10) & 0xFFFL) << scale;
    }

    static void strSimdImmUnsignedOffset(Cpu cpu, int insn) {
        int scale = scale(cpu, insn);
        single(cpu, insn, false, OFFSET, scale, uimm12(insn, scale));
    }

    static void ldrSimdImmUnsignedOffset(Cpu cpu, int insn) {
        int scale = scale(cpu, insn);
        single(cpu, insn, true, OFFSET, scale, uimm12(insn, scale));
    }

    static void strSimdImmPreIndex(Cpu cpu, int insn) {
        single(cpu, insn, false, PRE_INDEX, scale(cpu, insn), LoadStore.simm9(insn));
    }

    static void ldrSimdImmPreIndex(Cpu cpu, int insn) {
        single(cpu, insn, true, PRE_INDEX, scale(cpu, insn), LoadStore.simm9(insn));
    }

    static void strSimdImmPostIndex(Cpu cpu, int insn) {
        single(cpu, insn, false, POST_INDEX, scale(cpu, insn), LoadStore.simm9(insn));
    }

    static void ldrSimdImmPostIndex(Cpu cpu, int insn) {
        single(cpu, insn, true, POST_INDEX, scale(cpu, insn), LoadStore.simm9(insn));
    }

    static void sturSimd(Cpu cpu, int insn) {
        single(cpu, insn, false, OFFSET, scale(cpu, insn), LoadStore.simm9(insn));
    }

    static void ldurSimd(Cpu cpu, int insn) {
        single(cpu, insn, true, OFFSET, scale(cpu, insn), LoadStore.simm9(insn));
    }

    static void strSimdReg(Cpu cpu, int insn) {
        int scale = scale(cpu, insn);
        single(cpu, insn, false, OFFSET, scale, LoadStore.registerOffsetOf(cpu, insn, scale));
    }

    static void ldrSimdReg(Cpu cpu, int insn) {
        int scale = scale(cpu, insn);
        single(cpu, insn, true, OFFSET, scale, LoadStore.registerOffsetOf(cpu, insn, scale));
    }

    /** LDR (literal, SIMD&FP): opc 00 S, 01 D, 10 Q. */
    static void ldrSimdLiteral(Cpu cpu, int insn) {
        cpu.checkFpAccess();
        cpu.lsSyndrome = 0;
        load(cpu, insn & 31, cpu.pc + LoadStore.literalOffset(insn), (insn >>> 30) + 2);
    }

    private static void storePair(Cpu cpu, int insn, long address, int scale) {
        int size = 1 << scale;
        cpu.lsSyndrome = 0;
        store(cpu, insn & 31, address, scale);
        store(cpu, (insn >>> 10) & 31, address + size, scale);
    }

    /**
     * Reads both registers' data before writing either. Rt == Rt2 is CONSTRAINED UNPREDICTABLE
     * (UNKNOWN value): Rt2's value wins, as in QEMU.
     */
    private static void loadPair(Cpu cpu, int insn, long address, int scale) {
        int t = insn & 31, t2 = (insn >>> 10) & 31;
        cpu.lsSyndrome = 0;
        long lo1, hi1 = 0, lo2, hi2 = 0;
        if (scale == 4) {
            lo1 = cpu.read(address, 8);
            hi1 = cpu.read(address + 8, 8);
            lo2 = cpu.read(address + 16, 8);
            hi2 = cpu.read(address + 24, 8);
        } else {
            int size = 1 << scale;
            lo1 = cpu.read(address, size);
            lo2 = cpu.read(address + size, size);
        }
        cpu.vreg[2 * t] = lo1;
        cpu.vreg[2 * t + 1] = hi1;
        cpu.vreg[2 * t2] = lo2;
        cpu.vreg[2 * t2 + 1] = hi2;
    }

    /** The pair counterpart of {@link #single}: the offset is imm7 scaled by the element size. */
    private static void pair(Cpu cpu, int insn, boolean isLoad, int indexing) {
        int scale = pairScale(cpu, insn);
        cpu.checkFpAccess();
        long base = LoadStore.base(cpu, insn);
        long offset = LoadStore.simm7(insn) << scale;
        long address = indexing == POST_INDEX ? base : base + offset;
        if (isLoad) {
            loadPair(cpu, insn, address, scale);
        } else {
            storePair(cpu, insn, address, scale);
        }
        if (indexing != OFFSET) {
            cpu.setXsp(Fields.rn(insn), base + offset);
        }
    }

    static void stpSimdOffset(Cpu cpu, int insn) {
        pair(cpu, insn, false, OFFSET);
    }

    static void ldpSimdOffset(Cpu cpu, int insn) {
        pair(cpu, insn, true, OFFSET);
    }

    static void stnpSimd(Cpu cpu, int insn) {
        pair(cpu, insn, false, OFFSET);
    }

    static void ldnpSimd(Cpu cpu, int insn) {
        pair(cpu, insn, true, OFFSET);
    }

    static void stpSimdPreIndex(Cpu cpu, int insn) {
        pair(cpu, insn, false, PRE_INDEX);
    }

    static void ldpSimdPreIndex(Cpu cpu, int insn) {
        pair(cpu, insn, true, PRE_INDEX);
    }

    static void stpSimdPostIndex(Cpu cpu, int insn) {
        pair(cpu, insn, false, POST_INDEX);
    }

    static void ldpSimdPostIndex(Cpu cpu, int insn) {
        pair(cpu, insn, true, POST_INDEX);
    }
}
