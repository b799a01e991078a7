package visor.cpu.a64;

import static visor.cpu.a64.Fields.rn;

import java.util.ArrayList;
import java.util.List;
import visor.cpu.Cpu;

/**
 * Loads and stores of general-purpose registers (ARM ARM C4.1.4, C6.2): single registers with every
 * addressing form (unsigned offset, pre/post-index, unscaled, register offset, literal, unprivileged),
 * PRFM and pairs. Exclusives and acquire/release are in {@link LoadStoreExclusive}, SIMD&amp;FP registers
 * in {@link LoadStoreSimd}, structures in {@link LoadStoreStructures}.
 *
 * <p>Each row's method passes the access size and kind as constants to a small shared helper, so that
 * once inlined the JIT folds the size switch of {@link Cpu#read}/{@link Cpu#write}.
 *
 * <p>Writeback with Rn == Rt (n != 31) is CONSTRAINED UNPREDICTABLE (ARM ARM K1.2, WBOVERLAPLD/ST). As
 * QEMU does, a store stores the register's value from before the writeback and a load is followed by the
 * writeback, so Rn ends up holding the updated address.
 */
public final class LoadStore {
    private LoadStore() {
    }

    static final int STORE = 0, LOAD = 1, LOAD_SX64 = 2, LOAD_SX32 = 3;

    /** ESR ISS.ISV (ARM ARM D13.2.39). */
    static final int ISV = 1 << 24;
    /** ESR ISS.AR: acquire/release semantics. */
    static final int AR = 1 << 14;

    public static final List<Row> ROWS = rows();

    private static List<Row> rows() {
        List<Row> r = new ArrayList<>(List.of(
            new Row("STRB (immediate, unsigned offset)", "00 111 0 01 00 iiiiiiiiiiii nnnnn ttttt", LoadStore::strbImmUnsignedOffset),
            new Row("STRB (immediate, pre-index)", "00 111 0 00 00 0 iiiiiiiii 11 nnnnn ttttt", LoadStore::strbImmPreIndex),
            new Row("STRB (immediate, post-index)", "00 111 0 00 00 0 iiiiiiiii 01 nnnnn ttttt", LoadStore::strbImmPostIndex),
            new Row("STRB (register)", "00 111 0 00 00 1 mmmmm xxxS 10 nnnnn ttttt", LoadStore::strbReg),
            new Row("STURB", "00 111 0 00 00 0 iiiiiiiii 00 nnnnn ttttt", LoadStore::sturb),
            new Row("STTRB", "00 111 0 00 00 0 iiiiiiiii 10 nnnnn ttttt", LoadStore::sttrb),
            new Row("LDRB (immediate, unsigned offset)", "00 111 0 01 01 iiiiiiiiiiii nnnnn ttttt", LoadStore::ldrbImmUnsignedOffset),
            new Row("LDRB (immediate, pre-index)", "00 111 0 00 01 0 iiiiiiiii 11 nnnnn ttttt", LoadStore::ldrbImmPreIndex),
            new Row("LDRB (immediate, post-index)", "00 111 0 00 01 0 iiiiiiiii 01 nnnnn ttttt", LoadStore::ldrbImmPostIndex),
            new Row("LDRB (register)", "00 111 0 00 01 1 mmmmm xxxS 10 nnnnn ttttt", LoadStore::ldrbReg),
            new Row("LDURB", "00 111 0 00 01 0 iiiiiiiii 00 nnnnn ttttt", LoadStore::ldurb),
            new Row("LDTRB", "00 111 0 00 01 0 iiiiiiiii 10 nnnnn ttttt", LoadStore::ldtrb),
            new Row("LDRSB (immediate, unsigned offset, 64-bit)", "00 111 0 01 10 iiiiiiiiiiii nnnnn ttttt", LoadStore::ldrsbXImmUnsignedOffset),
            new Row("LDRSB (immediate, pre-index, 64-bit)", "00 111 0 00 10 0 iiiiiiiii 11 nnnnn ttttt", LoadStore::ldrsbXImmPreIndex),
            new Row("LDRSB (immediate, post-index, 64-bit)", "00 111 0 00 10 0 iiiiiiiii 01 nnnnn ttttt", LoadStore::ldrsbXImmPostIndex),
            new Row("LDRSB (register, 64-bit)", "00 111 0 00 10 1 mmmmm xxxS 10 nnnnn ttttt", LoadStore::ldrsbXReg),
            new Row("LDURSB (64-bit)", "00 111 0 00 10 0 iiiiiiiii 00 nnnnn ttttt", LoadStore::ldursbX),
            new Row("LDTRSB (64-bit)", "00 111 0 00 10 0 iiiiiiiii 10 nnnnn ttttt", LoadStore::ldtrsbX),
            new Row("LDRSB (immediate, unsigned offset, 32-bit)", "00 111 0 01 11 iiiiiiiiiiii nnnnn ttttt", LoadStore::ldrsbWImmUnsignedOffset),
            new Row("LDRSB (immediate, pre-index, 32-bit)", "00 111 0 00 11 0 iiiiiiiii 11 nnnnn ttttt", LoadStore::ldrsbWImmPreIndex),
            new Row("LDRSB (immediate, post-index, 32-bit)", "00 111 0 00 11 0 iiiiiiiii 01 nnnnn ttttt", LoadStore::ldrsbWImmPostIndex),
            new Row("LDRSB (register, 32-bit)", "00 111 0 00 11 1 mmmmm xxxS 10 nnnnn ttttt", LoadStore::ldrsbWReg),
            new Row("LDURSB (32-bit)", "00 111 0 00 11 0 iiiiiiiii 00 nnnnn ttttt", LoadStore::ldursbW),
            new Row("LDTRSB (32-bit)", "00 111 0 00 11 0 iiiiiiiii 10 nnnnn ttttt", LoadStore::ldtrsbW),
            new Row("STRH (immediate, unsigned offset)", "01 111 0 01 00 iiiiiiiiiiii nnnnn ttttt", LoadStore::strhImmUnsignedOffset),
            new Row("STRH (immediate, pre-index)", "01 111 0 00 00 0 iiiiiiiii 11 nnnnn ttttt", LoadStore::strhImmPreIndex),
            new Row("STRH (immediate, post-index)", "01 111 0 00 00 0 iiiiiiiii 01 nnnnn ttttt", LoadStore::strhImmPostIndex),
            new Row("STRH (register)", "01 111 0 00 00 1 mmmmm xxxS 10 nnnnn ttttt", LoadStore::strhReg),
            new Row("STURH", "01 111 0 00 00 0 iiiiiiiii 00 nnnnn ttttt", LoadStore::sturh),
            new Row("STTRH", "01 111 0 00 00 0 iiiiiiiii 10 nnnnn ttttt", LoadStore::sttrh),
            new Row("LDRH (immediate, unsigned offset)", "01 111 0 01 01 iiiiiiiiiiii nnnnn ttttt", LoadStore::ldrhImmUnsignedOffset),
            new Row("LDRH (immediate, pre-index)", "01 111 0 00 01 0 iiiiiiiii 11 nnnnn ttttt", LoadStore::ldrhImmPreIndex),
            new Row("LDRH (immediate, post-index)", "01 111 0 00 01 0 iiiiiiiii 01 nnnnn ttttt", LoadStore::ldrhImmPostIndex),
            new Row("LDRH (register)", "01 111 0 00 01 1 mmmmm xxxS 10 nnnnn ttttt", LoadStore::ldrhReg),
            new Row("LDURH", "01 111 0 00 01 0 iiiiiiiii 00 nnnnn ttttt", LoadStore::ldurh),
            new Row("LDTRH", "01 111 0 00 01 0 iiiiiiiii 10 nnnnn ttttt", LoadStore::ldtrh),
            new Row("LDRSH (immediate, unsigned offset, 64-bit)", "01 111 0 01 10 iiiiiiiiiiii nnnnn ttttt", LoadStore::ldrshXImmUnsignedOffset),
            new Row("LDRSH (immediate, pre-index, 64-bit)", "01 111 0 00 10 0 iiiiiiiii 11 nnnnn ttttt", LoadStore::ldrshXImmPreIndex),
            new Row("LDRSH (immediate, post-index, 64-bit)", "01 111 0 00 10 0 iiiiiiiii 01 nnnnn ttttt", LoadStore::ldrshXImmPostIndex),
            new Row("LDRSH (register, 64-bit)", "01 111 0 00 10 1 mmmmm xxxS 10 nnnnn ttttt", LoadStore::ldrshXReg),
            new Row("LDURSH (64-bit)", "01 111 0 00 10 0 iiiiiiiii 00 nnnnn ttttt", LoadStore::ldurshX),
            new Row("LDTRSH (64-bit)", "01 111 0 00 10 0 iiiiiiiii 10 nnnnn ttttt", LoadStore::ldtrshX),
            new Row("LDRSH (immediate, unsigned offset, 32-bit)", "01 111 0 01 11 iiiiiiiiiiii nnnnn ttttt", LoadStore::ldrshWImmUnsignedOffset),
            new Row("LDRSH (immediate, pre-index, 32-bit)", "01 111 0 00 11 0 iiiiiiiii 11 nnnnn ttttt", LoadStore::ldrshWImmPreIndex),
            new Row("LDRSH (immediate, post-index, 32-bit)", "01 111 0 00 11 0 iiiiiiiii 01 nnnnn ttttt", LoadStore::ldrshWImmPostIndex),
            new Row("LDRSH (register, 32-bit)", "01 111 0 00 11 1 mmmmm xxxS 10 nnnnn ttttt", LoadStore::ldrshWReg),
            new Row("LDURSH (32-bit)", "01 111 0 00 11 0 iiiiiiiii 00 nnnnn ttttt", LoadStore::ldurshW),
            new Row("LDTRSH (32-bit)", "01 111 0 00 11 0 iiiiiiiii 10 nnnnn ttttt", LoadStore::ldtrshW),
            new Row("STR (immediate, unsigned offset, 32-bit)", "10 111 0 01 00 iiiiiiiiiiii nnnnn ttttt", LoadStore::strWImmUnsignedOffset),
            new Row("STR (immediate, pre-index, 32-bit)", "10 111 0 00 00 0 iiiiiiiii 11 nnnnn ttttt", LoadStore::strWImmPreIndex),
            new Row("STR (immediate, post-index, 32-bit)", "10 111 0 00 00 0 iiiiiiiii 01 nnnnn ttttt", LoadStore::strWImmPostIndex),
            new Row("STR (register, 32-bit)", "10 111 0 00 00 1 mmmmm xxxS 10 nnnnn ttttt", LoadStore::strWReg),
            new Row("STUR (32-bit)", "10 111 0 00 00 0 iiiiiiiii 00 nnnnn ttttt", LoadStore::sturW),
            new Row("STTR (32-bit)", "10 111 0 00 00 0 iiiiiiiii 10 nnnnn ttttt", LoadStore::sttrW),
            new Row("LDR (immediate, unsigned offset, 32-bit)", "10 111 0 01 01 iiiiiiiiiiii nnnnn ttttt", LoadStore::ldrWImmUnsignedOffset),
            new Row("LDR (immediate, pre-index, 32-bit)", "10 111 0 00 01 0 iiiiiiiii 11 nnnnn ttttt", LoadStore::ldrWImmPreIndex),
            new Row("LDR (immediate, post-index, 32-bit)", "10 111 0 00 01 0 iiiiiiiii 01 nnnnn ttttt", LoadStore::ldrWImmPostIndex),
            new Row("LDR (register, 32-bit)", "10 111 0 00 01 1 mmmmm xxxS 10 nnnnn ttttt", LoadStore::ldrWReg),
            new Row("LDUR (32-bit)", "10 111 0 00 01 0 iiiiiiiii 00 nnnnn ttttt", LoadStore::ldurW),
            new Row("LDTR (32-bit)", "10 111 0 00 01 0 iiiiiiiii 10 nnnnn ttttt", LoadStore::ldtrW),
            new Row("LDRSW (immediate, unsigned offset)", "10 111 0 01 10 iiiiiiiiiiii nnnnn ttttt", LoadStore::ldrswImmUnsignedOffset),
            new Row("LDRSW (immediate, pre-index)", "10 111 0 00 10 0 iiiiiiiii 11 nnnnn ttttt", LoadStore::ldrswImmPreIndex),
            new Row("LDRSW (immediate, post-index)", "10 111 0 00 10 0 iiiiiiiii 01 nnnnn ttttt", LoadStore::ldrswImmPostIndex),
            new Row("LDRSW (register)", "10 111 0 00 10 1 mmmmm xxxS 10 nnnnn ttttt", LoadStore::ldrswReg),
            new Row("LDURSW", "10 111 0 00 10 0 iiiiiiiii 00 nnnnn ttttt", LoadStore::ldursw),
            new Row("LDTRSW", "10 111 0 00 10 0 iiiiiiiii 10 nnnnn ttttt", LoadStore::ldtrsw),
            new Row("STR (immediate, unsigned offset, 64-bit)", "11 111 0 01 00 iiiiiiiiiiii nnnnn ttttt", LoadStore::strXImmUnsignedOffset),
            new Row("STR (immediate, pre-index, 64-bit)", "11 111 0 00 00 0 iiiiiiiii 11 nnnnn ttttt", LoadStore::strXImmPreIndex),
            new Row("STR (immediate, post-index, 64-bit)", "11 111 0 00 00 0 iiiiiiiii 01 nnnnn ttttt", LoadStore::strXImmPostIndex),
            new Row("STR (register, 64-bit)", "11 111 0 00 00 1 mmmmm xxxS 10 nnnnn ttttt", LoadStore::strXReg),
            new Row("STUR (64-bit)", "11 111 0 00 00 0 iiiiiiiii 00 nnnnn ttttt", LoadStore::sturX),
            new Row("STTR (64-bit)", "11 111 0 00 00 0 iiiiiiiii 10 nnnnn ttttt", LoadStore::sttrX),
            new Row("LDR (immediate, unsigned offset, 64-bit)", "11 111 0 01 01 iiiiiiiiiiii nnnnn ttttt", LoadStore::ldrXImmUnsignedOffset),
            new Row("LDR (immediate, pre-index, 64-bit)", "11 111 0 00 01 0 iiiiiiiii 11 nnnnn ttttt", LoadStore::ldrXImmPreIndex),
            new Row("LDR (immediate, post-index, 64-bit)", "11 111 0 00 01 0 iiiiiiiii 01 nnnnn ttttt", LoadStore::ldrXImmPostIndex),
            new Row("LDR (register, 64-bit)", "11 111 0 00 01 1 mmmmm xxxS 10 nnnnn ttttt", LoadStore::ldrXReg),
            new Row("LDUR (64-bit)", "11 111 0 00 01 0 iiiiiiiii 00 nnnnn ttttt", LoadStore::ldurX),
            new Row("LDTR (64-bit)", "11 111 0 00 01 0 iiiiiiiii 10 nnnnn ttttt", LoadStore::ldtrX)));
        r.addAll(List.of(
            new Row("LDR (literal, 32-bit)", "00 011 0 00 iiiiiiiiiiiiiiiiiii ttttt", LoadStore::ldrLiteralW),
            new Row("LDR (literal, 64-bit)", "01 011 0 00 iiiiiiiiiiiiiiiiiii ttttt", LoadStore::ldrLiteralX),
            new Row("LDRSW (literal)", "10 011 0 00 iiiiiiiiiiiiiiiiiii ttttt", LoadStore::ldrswLiteral),
            new Row("PRFM (literal)", "11 011 0 00 iiiiiiiiiiiiiiiiiii ttttt", LoadStore::prfmLiteral),
            new Row("PRFM (immediate)", "11 111 0 01 10 iiiiiiiiiiii nnnnn ttttt", LoadStore::prfmImm),
            new Row("PRFUM", "11 111 0 00 10 0 iiiiiiiii 00 nnnnn ttttt", LoadStore::prfum),
            new Row("PRFM (register)", "11 111 0 00 10 1 mmmmm xxxS 10 nnnnn ttttt", LoadStore::prfmReg)));
        r.addAll(List.of(
            new Row("STP (signed offset, 32-bit)", "00 101 0 010 0 iiiiiii uuuuu nnnnn ttttt", LoadStore::stpWOffset),
            new Row("STP (pre-index, 32-bit)", "00 101 0 011 0 iiiiiii uuuuu nnnnn ttttt", LoadStore::stpWPreIndex),
            new Row("STP (post-index, 32-bit)", "00 101 0 001 0 iiiiiii uuuuu nnnnn ttttt", LoadStore::stpWPostIndex),
            new Row("STNP (32-bit)", "00 101 0 000 0 iiiiiii uuuuu nnnnn ttttt", LoadStore::stnpW),
            new Row("LDP (signed offset, 32-bit)", "00 101 0 010 1 iiiiiii uuuuu nnnnn ttttt", LoadStore::ldpWOffset),
            new Row("LDP (pre-index, 32-bit)", "00 101 0 011 1 iiiiiii uuuuu nnnnn ttttt", LoadStore::ldpWPreIndex),
            new Row("LDP (post-index, 32-bit)", "00 101 0 001 1 iiiiiii uuuuu nnnnn ttttt", LoadStore::ldpWPostIndex),
            new Row("LDNP (32-bit)", "00 101 0 000 1 iiiiiii uuuuu nnnnn ttttt", LoadStore::ldnpW),
            new Row("LDPSW (signed offset)", "01 101 0 010 1 iiiiiii uuuuu nnnnn ttttt", LoadStore::ldpswOffset),
            new Row("LDPSW (pre-index)", "01 101 0 011 1 iiiiiii uuuuu nnnnn ttttt", LoadStore::ldpswPreIndex),
            new Row("LDPSW (post-index)", "01 101 0 001 1 iiiiiii uuuuu nnnnn ttttt", LoadStore::ldpswPostIndex),
            new Row("STP (signed offset, 64-bit)", "10 101 0 010 0 iiiiiii uuuuu nnnnn ttttt", LoadStore::stpXOffset),
            new Row("STP (pre-index, 64-bit)", "10 101 0 011 0 iiiiiii uuuuu nnnnn ttttt", LoadStore::stpXPreIndex),
            new Row("STP (post-index, 64-bit)", "10 101 0 001 0 iiiiiii uuuuu nnnnn ttttt", LoadStore::stpXPostIndex),
            new Row("STNP (64-bit)", "10 101 0 000 0 iiiiiii uuuuu nnnnn ttttt", LoadStore::stnpX),
            new Row("LDP (signed offset, 64-bit)", "10 101 0 010 1 iiiiiii uuuuu nnnnn ttttt", LoadStore::ldpXOffset),
            new Row("LDP (pre-index, 64-bit)", "10 101 0 011 1 iiiiiii uuuuu nnnnn ttttt", LoadStore::ldpXPreIndex),
            new Row("LDP (post-index, 64-bit)", "10 101 0 001 1 iiiiiii uuuuu nnnnn ttttt", LoadStore::ldpXPostIndex),
            new Row("LDNP (64-bit)", "10 101 0 000 1 iiiiiii uuuuu nnnnn ttttt", LoadStore::ldnpX)));
        return List.copyOf(r);
    }

    // ---- Shared address and access helpers ----------------------------------------------------------

    /** The base register Rn as an address: SP (after CheckSPAlignment) when n == 31. */
    static long base(Cpu cpu, int insn) {
        int n = (insn >>> 5) & 31;
        if (n == 31) {
            cpu.checkSpAlignment(cpu.sp);
            return cpu.sp;
        }
        return cpu.x[n];
    }

    /** SignExtend(imm9, 64) from bits [20:12]. */
    static long simm9(int insn) {
        return insn << 11 >> 23;
    }

    /** SignExtend(imm7, 64) from bits [21:15]. */
    static long simm7(int insn) {
        return insn << 10 >> 25;
    }

    /** SignExtend(imm19:'00', 64) from bits [23:5]: the PC-relative offset of the literal forms. */
    static long literalOffset(int insn) {
        return (long) (insn << 8 >> 13) << 2;
    }

    /** ExtendReg (ARM ARM J1.1.3) for the register-offset forms: option is x1x (UXTW, LSL, SXTW, SXTX). */
    static long extendReg(long value, int option, int shift) {
        long v = switch (option) {
            case 0b010 -> value & 0xFFFF_FFFFL;
            case 0b110 -> (int) value;
            default -> value;
        };
        return v << shift;
    }

    /** Offset of the register-offset forms, or UNDEFINED for option<1> == 0 (sub-word index). */
    static long registerOffsetOf(Cpu cpu, int insn, int scale) {
        int option = (insn >>> 13) & 7;
        if ((option & 0b010) == 0) {
            cpu.undefined();
        }
        int shift = (insn & (1 << 12)) != 0 ? scale : 0;
        return extendReg(cpu.x((insn >>> 16) & 31), option, shift);
    }

    static long signExtend(long value, int size) {
        int sh = 64 - 8 * size;
        return value << sh >> sh;
    }

    /** ISS[24:14] of a single general-purpose register access without writeback (ISV=1). */
    static int syndrome(int size, int op, int t) {
        int sas = Integer.numberOfTrailingZeros(size);
        int sse = op == LOAD_SX64 || op == LOAD_SX32 ? 1 << 21 : 0;
        int sf = size == 8 || op == LOAD_SX64 ? 1 << 15 : 0;
        return ISV | sas << 22 | sse | t << 16 | sf;
    }

    static void access(Cpu cpu, int t, long address, int size, int op) {
        switch (op) {
            case STORE -> cpu.write(address, size, cpu.x(t));
            case LOAD -> cpu.setX(t, cpu.read(address, size));
            case LOAD_SX64 -> cpu.setX(t, signExtend(cpu.read(address, size), size));
            default -> cpu.setW(t, signExtend(cpu.read(address, size), size));
        }
    }

    private static void unsignedOffset(Cpu cpu, int insn, int size, int op) {
        int t = insn & 31;
        long address = base(cpu, insn) + ((insn >>> 10) & 0xFFFL) * size;
        cpu.lsSyndrome = syndrome(size, op, t);
        access(cpu, t, address, size, op);
    }

    private static void unscaled(Cpu cpu, int insn, int size, int op) {
        int t = insn & 31;
        long address = base(cpu, insn) + simm9(insn);
        cpu.lsSyndrome = syndrome(size, op, t);
        access(cpu, t, address, size, op);
    }

    private static void preIndex(Cpu cpu, int insn, int size, int op) {
        long address = base(cpu, insn) + simm9(insn);
        cpu.lsSyndrome = 0;
        access(cpu, insn & 31, address, size, op);
        cpu.setXsp(rn(insn), address);
    }

    private static void postIndex(Cpu cpu, int insn, int size, int op) {
        long address = base(cpu, insn);
        cpu.lsSyndrome = 0;
        access(cpu, insn & 31, address, size, op);
        cpu.setXsp(rn(insn), address + simm9(insn));
    }

    private static void registerOffset(Cpu cpu, int insn, int size, int op) {
        int t = insn & 31;
        long offset = registerOffsetOf(cpu, insn, Integer.numberOfTrailingZeros(size));
        long address = base(cpu, insn) + offset;
        cpu.lsSyndrome = syndrome(size, op, t);
        access(cpu, t, address, size, op);
    }

    /** LDTR/STTR family: EL0 permissions when executed at EL1 (ARM ARM C6.2, AccType_UNPRIV). */
    private static void unprivileged(Cpu cpu, int insn, int size, int op) {
        int t = insn & 31;
        long address = base(cpu, insn) + simm9(insn);
        cpu.lsSyndrome = syndrome(size, op, t);
        switch (op) {
            case STORE -> cpu.writeUnprivileged(address, size, cpu.x(t));
            case LOAD -> cpu.setX(t, cpu.readUnprivileged(address, size));
            case LOAD_SX64 -> cpu.setX(t, signExtend(cpu.readUnprivileged(address, size), size));
            default -> cpu.setW(t, signExtend(cpu.readUnprivileged(address, size), size));
        }
    }

    // ---- Single register ------------------------------------------------------------------------------

    static void strbImmUnsignedOffset(Cpu cpu, int insn) {
        unsignedOffset(cpu, insn, 1, STORE);
    }

    static void strbImmPreIndex(Cpu cpu, int insn) {
        preIndex(cpu, insn, 1, STORE);
    }

    static void strbImmPostIndex(Cpu cpu, int insn) {
        postIndex(cpu, insn, 1, STORE);
    }

    static void strbReg(Cpu cpu, int insn) {
        registerOffset(cpu, insn, 1, STORE);
    }

    static void sturb(Cpu cpu, int insn) {
        unscaled(cpu, insn, 1, STORE);
    }

    static void sttrb(Cpu cpu, int insn) {
        unprivileged(cpu, insn, 1, STORE);
    }

    static void ldrbImmUnsignedOffset(Cpu cpu, int insn) {
        unsignedOffset(cpu, insn, 1, LOAD);
    }

    static void ldrbImmPreIndex(Cpu cpu, int insn) {
        preIndex(cpu, insn, 1, LOAD);
    }

    static void ldrbImmPostIndex(Cpu cpu, int insn) {
        postIndex(cpu, insn, 1, LOAD);
    }

    static void ldrbReg(Cpu cpu, int insn) {
        registerOffset(cpu, insn, 1, LOAD);
    }

    static void ldurb(Cpu cpu, int insn) {
        unscaled(cpu, insn, 1, LOAD);
    }

    static void ldtrb(Cpu cpu, int insn) {
        unprivileged(cpu, insn, 1, LOAD);
    }

    static void ldrsbXImmUnsignedOffset(Cpu cpu, int insn) {
        unsignedOffset(cpu, insn, 1, LOAD_SX64);
    }

    static void ldrsbXImmPreIndex(Cpu cpu, int insn) {
        preIndex(cpu, insn, 1, LOAD_SX64);
    }

    static void ldrsbXImmPostIndex(Cpu cpu, int insn) {
        postIndex(cpu, insn, 1, LOAD_SX64);
    }

    static void ldrsbXReg(Cpu cpu, int insn) {
        registerOffset(cpu, insn, 1, LOAD_SX64);
    }

    static void ldursbX(Cpu cpu, int insn) {
        unscaled(cpu, insn, 1, LOAD_SX64);
    }

    static void ldtrsbX(Cpu cpu, int insn) {
        unprivileged(cpu, insn, 1, LOAD_SX64);
    }

    static void ldrsbWImmUnsignedOffset(Cpu cpu, int insn) {
        unsignedOffset(cpu, insn, 1, LOAD_SX32);
    }

    static void ldrsbWImmPreIndex(Cpu cpu, int insn) {
        preIndex(cpu, insn, 1, LOAD_SX32);
    }

    static void ldrsbWImmPostIndex(Cpu cpu, int insn) {
        postIndex(cpu, insn, 1, LOAD_SX32);
    }

    static void ldrsbWReg(Cpu cpu, int insn) {
        registerOffset(cpu, insn, 1, LOAD_SX32);
    }

    static void ldursbW(Cpu cpu, int insn) {
        unscaled(cpu, insn, 1, LOAD_SX32);
    }

    static void ldtrsbW(Cpu cpu, int insn) {
        unprivileged(cpu, insn, 1, LOAD_SX32);
    }

    static void strhImmUnsignedOffset(Cpu cpu, int insn) {
        unsignedOffset(cpu, insn, 2, STORE);
    }

    static void strhImmPreIndex(Cpu cpu, int insn) {
        preIndex(cpu, insn, 2, STORE);
    }

    static void strhImmPostIndex(Cpu cpu, int insn) {
        postIndex(cpu, insn, 2, STORE);
    }

    static void strhReg(Cpu cpu, int insn) {
        registerOffset(cpu, insn, 2, STORE);
    }

    static void sturh(Cpu cpu, int insn) {
        unscaled(cpu, insn, 2, STORE);
    }

    static void sttrh(Cpu cpu, int insn) {
        unprivileged(cpu, insn, 2, STORE);
    }

    static void ldrhImmUnsignedOffset(Cpu cpu, int insn) {
        unsignedOffset(cpu, insn, 2, LOAD);
    }

    static void ldrhImmPreIndex(Cpu cpu, int insn) {
        preIndex(cpu, insn, 2, LOAD);
    }

    static void ldrhImmPostIndex(Cpu cpu, int insn) {
        postIndex(cpu, insn, 2, LOAD);
    }

    static void ldrhReg(Cpu cpu, int insn) {
        registerOffset(cpu, insn, 2, LOAD);
    }

    static void ldurh(Cpu cpu, int insn) {
        unscaled(cpu, insn, 2, LOAD);
    }

    static void ldtrh(Cpu cpu, int insn) {
        unprivileged(cpu, insn, 2, LOAD);
    }

    static void ldrshXImmUnsignedOffset(Cpu cpu, int insn) {
        unsignedOffset(cpu, insn, 2, LOAD_SX64);
    }

    static void ldrshXImmPreIndex(Cpu cpu, int insn) {
        preIndex(cpu, insn, 2, LOAD_SX64);
    }

    static void ldrshXImmPostIndex(Cpu cpu, int insn) {
        postIndex(cpu, insn, 2, LOAD_SX64);
    }

    static void ldrshXReg(Cpu cpu, int insn) {
        registerOffset(cpu, insn, 2, LOAD_SX64);
    }

    static void ldurshX(Cpu cpu, int insn) {
        unscaled(cpu, insn, 2, LOAD_SX64);
    }

    static void ldtrshX(Cpu cpu, int insn) {
        unprivileged(cpu, insn, 2, LOAD_SX64);
    }

    static void ldrshWImmUnsignedOffset(Cpu cpu, int insn) {
        unsignedOffset(cpu, insn, 2, LOAD_SX32);
    }

    static void ldrshWImmPreIndex(Cpu cpu, int insn) {
        preIndex(cpu, insn, 2, LOAD_SX32);
    }

    static void ldrshWImmPostIndex(Cpu cpu, int insn) {
        postIndex(cpu, insn, 2, LOAD_SX32);
    }

    static void ldrshWReg(Cpu cpu, int insn) {
        registerOffset(cpu, insn, 2, LOAD_SX32);
    }

    static void ldurshW(Cpu cpu, int insn) {
        unscaled(cpu, insn, 2, LOAD_SX32);
    }

    static void ldtrshW(Cpu cpu, int insn) {
        unprivileged(cpu, insn, 2, LOAD_SX32);
    }

    static void strWImmUnsignedOffset(Cpu cpu, int insn) {
        unsignedOffset(cpu, insn, 4, STORE);
    }

    static void strWImmPreIndex(Cpu cpu, int insn) {
        preIndex(cpu, insn, 4, STORE);
    }

    static void strWImmPostIndex(Cpu cpu, int insn) {
        postIndex(cpu, insn, 4, STORE);
    }

    static void strWReg(Cpu cpu, int insn) {
        registerOffset(cpu, insn, 4, STORE);
    }

    static void sturW(Cpu cpu, int insn) {
        unscaled(cpu, insn, 4, STORE);
    }

    static void sttrW(Cpu cpu, int insn) {
        unprivileged(cpu, insn, 4, STORE);
    }

    static void ldrWImmUnsignedOffset(Cpu cpu, int insn) {
        unsignedOffset(cpu, insn, 4, LOAD);
    }

    static void ldrWImmPreIndex(Cpu cpu, int insn) {
        preIndex(cpu, insn, 4, LOAD);
    }

    static void ldrWImmPostIndex(Cpu cpu, int insn) {
        postIndex(cpu, insn, 4, LOAD);
    }

    static void ldrWReg(Cpu cpu, int insn) {
        registerOffset(cpu, insn, 4, LOAD);
    }

    static void ldurW(Cpu cpu, int insn) {
        unscaled(cpu, insn, 4, LOAD);
    }

    static void ldtrW(Cpu cpu, int insn) {
        unprivileged(cpu, insn, 4, LOAD);
    }

    static void ldrswImmUnsignedOffset(Cpu cpu, int insn) {
        unsignedOffset(cpu, insn, 4, LOAD_SX64);
    }

    static void ldrswImmPreIndex(Cpu cpu, int insn) {
        preIndex(cpu, insn, 4, LOAD_SX64);
    }

    static void ldrswImmPostIndex(Cpu cpu, int insn) {
        postIndex(cpu, insn, 4, LOAD_SX64);
    }

    static void ldrswReg(Cpu cpu, int insn) {
        registerOffset(cpu, insn, 4, LOAD_SX64);
    }

    static void ldursw(Cpu cpu, int insn) {
        unscaled(cpu, insn, 4, LOAD_SX64);
    }

    static void ldtrsw(Cpu cpu, int insn) {
        unprivileged(cpu, insn, 4, LOAD_SX64);
    }

    static void strXImmUnsignedOffset(Cpu cpu, int insn) {
        unsignedOffset(cpu, insn, 8, STORE);
    }

    static void strXImmPreIndex(Cpu cpu, int insn) {
        preIndex(cpu, insn, 8, STORE);
    }

    static void strXImmPostIndex(Cpu cpu, int insn) {
        postIndex(cpu, insn, 8, STORE);
    }

    static void strXReg(Cpu cpu, int insn) {
        registerOffset(cpu, insn, 8, STORE);
    }

    static void sturX(Cpu cpu, int insn) {
        unscaled(cpu, insn, 8, STORE);
    }

    static void sttrX(Cpu cpu, int insn) {
        unprivileged(cpu, insn, 8, STORE);
    }

    static void ldrXImmUnsignedOffset(Cpu cpu, int insn) {
        unsignedOffset(cpu, insn, 8, LOAD);
    }

    static void ldrXImmPreIndex(Cpu cpu, int insn) {
        preIndex(cpu, insn, 8, LOAD);
    }

    static void ldrXImmPostIndex(Cpu cpu, int insn) {
        postIndex(cpu, insn, 8, LOAD);
    }

    static void ldrXReg(Cpu cpu, int insn) {
        registerOffset(cpu, insn, 8, LOAD);
    }

    static void ldurX(Cpu cpu, int insn) {
        unscaled(cpu, insn, 8, LOAD);
    }

    static void ldtrX(Cpu cpu, int insn) {
        unprivileged(cpu, insn, 8, LOAD);
    }

    // ---- Literal and prefetch ---------------------------------------------------------------------------

    static void ldrLiteralW(Cpu cpu, int insn) {
        literal(cpu, insn, 4, LOAD);
    }

    static void ldrLiteralX(Cpu cpu, int insn) {
        literal(cpu, insn, 8, LOAD);
    }

    static void ldrswLiteral(Cpu cpu, int insn) {
        literal(cpu, insn, 4, LOAD_SX64);
    }

    private static void literal(Cpu cpu, int insn, int size, int op) {
        int t = insn & 31;
        cpu.lsSyndrome = syndrome(size, op, t);
        access(cpu, t, cpu.pc + literalOffset(insn), size, op);
    }

    /** Prefetches are hints: no access, no fault, and no SP alignment check (ARM ARM C6.2 PRFM). */
    static void prfmLiteral(Cpu cpu, int insn) {
    }

    static void prfmImm(Cpu cpu, int insn) {
    }

    static void prfum(Cpu cpu, int insn) {
    }

    static void prfmReg(Cpu cpu, int insn) {
        if ((insn & (0b010 << 13)) == 0) {
            cpu.undefined();
        }
    }

    // ---- Pairs ----------------------------------------------------------------------------------------

    /**
     * LDP/STP/LDPSW/LDNP/STNP after address calculation. A load reads both words before writing either
     * register. LDP with Rt == Rt2 is CONSTRAINED UNPREDICTABLE (UNKNOWN value): as in QEMU, Rt's value
     * (the first word) wins.
     */
    private static void pair(Cpu cpu, int insn, long address, int size, int op) {
        int t = insn & 31, t2 = (insn >>> 10) & 31;
        cpu.lsSyndrome = 0;
        if (op == STORE) {
            cpu.write(address, size, cpu.x(t));
            cpu.write(address + size, size, cpu.x(t2));
            return;
        }
        long data1 = cpu.read(address, size);
        long data2 = cpu.read(address + size, size);
        if (op == LOAD_SX64) {
            data1 = signExtend(data1, size);
            data2 = signExtend(data2, size);
        }
        cpu.setX(t2, data2);
        cpu.setX(t, data1);
    }

    private static void pairOffset(Cpu cpu, int insn, int size, int op) {
        pair(cpu, insn, base(cpu, insn) + simm7(insn) * size, size, op);
    }

    private static void pairPreIndex(Cpu cpu, int insn, int size, int op) {
        long address = base(cpu, insn) + simm7(insn) * size;
        pair(cpu, insn, address, size, op);
        cpu.setXsp(rn(insn), address);
    }

    private static void pairPostIndex(Cpu cpu, int insn, int size, int op) {
        long address = base(cpu, insn);
        pair(cpu, insn, address, size, op);
        cpu.setXsp(rn(insn), address + simm7(insn) * size);
    }

    static void stpWOffset(Cpu cpu, int insn) {
        pairOffset(cpu, insn, 4, STORE);
    }

    static void stpWPreIndex(Cpu cpu, int insn) {
        pairPreIndex(cpu, insn, 4, STORE);
    }

    static void stpWPostIndex(Cpu cpu, int insn) {
        pairPostIndex(cpu, insn, 4, STORE);
    }

    static void stnpW(Cpu cpu, int insn) {
        pairOffset(cpu, insn, 4, STORE);
    }

    static void ldpWOffset(Cpu cpu, int insn) {
        pairOffset(cpu, insn, 4, LOAD);
    }

    static void ldpWPreIndex(Cpu cpu, int insn) {
        pairPreIndex(cpu, insn, 4, LOAD);
    }

    static void ldpWPostIndex(Cpu cpu, int insn) {
        pairPostIndex(cpu, insn, 4, LOAD);
    }

    static void ldnpW(Cpu cpu, int insn) {
        pairOffset(cpu, insn, 4, LOAD);
    }

    static void ldpswOffset(Cpu cpu, int insn) {
        pairOffset(cpu, insn, 4, LOAD_SX64);
    }

    static void ldpswPreIndex(Cpu cpu, int insn) {
        pairPreIndex(cpu, insn, 4, LOAD_SX64);
    }

    static void ldpswPostIndex(Cpu cpu, int insn) {
        pairPostIndex(cpu, insn, 4, LOAD_SX64);
    }

    static void stpXOffset(Cpu cpu, int insn) {
        pairOffset(cpu, insn, 8, STORE);
    }

    static void stpXPreIndex(Cpu cpu, int insn) {
        pairPreIndex(cpu, insn, 8, STORE);
    }

    static void stpXPostIndex(Cpu cpu, int insn) {
        pairPostIndex(cpu, insn, 8, STORE);
    }

    static void stnpX(Cpu cpu, int insn) {
        pairOffset(cpu, insn, 8, STORE);
    }

    static void ldpXOffset(Cpu cpu, int insn) {
        pairOffset(cpu, insn, 8, LOAD);
    }

    static void ldpXPreIndex(Cpu cpu, int insn) {
        pairPreIndex(cpu, insn, 8, LOAD);
    }

    static void ldpXPostIndex(Cpu cpu, int insn) {
        pairPostIndex(cpu, insn, 8, LOAD);
    }

    static void ldnpX(Cpu cpu, int insn) {
        pairOffset(cpu, insn, 8, LOAD);
    }
}
