package visor.cpu.a64;

import java.util.List;
import visor.cpu.Cpu;

/**
 * Branches (ARM ARM C4.1.3): B, BL, B.cond, CBZ/CBNZ, TBZ/TBNZ, BR, BLR, RET. The ARMv8.3 pointer
 * authentication forms (BRAA, RETAA, ...) have no row, so they are UNDEFINED as unallocated in v8.0.
 */
public final class Branches {
    private Branches() {
    }

    public static final List<Row> ROWS = List.of(
            new Row("B", "000101 iiiiiiiiiiiiiiiiiiiiiiiiii", Branches::b),
            new Row("BL", "100101 iiiiiiiiiiiiiiiiiiiiiiiiii", Branches::bl),
            new Row("B.cond", "0101010 0 iiiiiiiiiiiiiiiiiii 0 cccc", Branches::bCond),
            new Row("CBZ", "s 011010 0 iiiiiiiiiiiiiiiiiii ttttt", Branches::cbz),
            new Row("CBNZ", "s 011010 1 iiiiiiiiiiiiiiiiiii ttttt", Branches::cbnz),
            new Row("TBZ", "b 011011 0 bbbbb iiiiiiiiiiiiii ttttt", Branches::tbz),
            new Row("TBNZ", "b 011011 1 bbbbb iiiiiiiiiiiiii ttttt", Branches::tbnz),
            new Row("BR", "1101011 0000 11111 000000 nnnnn 00000", Branches::br),
            new Row("BLR", "1101011 0001 11111 000000 nnnnn 00000", Branches::blr),
            new Row("RET", "1101011 0010 11111 000000 nnnnn 00000", Branches::ret));

    /** SignExtend(imm26:'00', 64) (also the JIT's, visor.cpu.jit). */
    public static long offset26(int insn) {
        return (long) (insn << 6) >> 4;
    }

    /** SignExtend(imm19:'00', 64) from bits 23:5. */
    public static long offset19(int insn) {
        return (long) (insn << 8) >> 11 & ~3L;
    }

    /** SignExtend(imm14:'00', 64) from bits 18:5. */
    public static long offset14(int insn) {
        return (long) (insn << 13) >> 16 & ~3L;
    }

    static void b(Cpu cpu, int insn) {
        cpu.branchTo(cpu.pc + offset26(insn));
    }

    static void bl(Cpu cpu, int insn) {
        cpu.x[30] = cpu.pc + 4;
        cpu.branchTo(cpu.pc + offset26(insn));
    }

    static void bCond(Cpu cpu, int insn) {
        if (cpu.conditionHolds(insn & 15)) {
            cpu.branchTo(cpu.pc + offset19(insn));
        }
    }

    /** The tested register of CBZ/CBNZ: X[t], or W[t] when sf == 0. */
    private static long cbOperand(Cpu cpu, int insn) {
        long v = cpu.x(insn & 31);
        return insn < 0 ? v : v & 0xFFFF_FFFFL;
    }

    static void cbz(Cpu cpu, int insn) {
        if (cbOperand(cpu, insn) == 0) {
            cpu.branchTo(cpu.pc + offset19(insn));
        }
    }

    static void cbnz(Cpu cpu, int insn) {
        if (cbOperand(cpu, insn) != 0) {
            cpu.branchTo(cpu.pc + offset19(insn));
        }
    }

    /** Operand<bit_pos> of TBZ/TBNZ, bit_pos = UInt(b5:b40). */
    private static long testedBit(Cpu cpu, int insn) {
        int pos = ((insn >>> 26) & 0x20) | ((insn >>> 19) & 0x1F);
        return (cpu.x(insn & 31) >>> pos) & 1;
    }

    static void tbz(Cpu cpu, int insn) {
        if (testedBit(cpu, insn) == 0) {
            cpu.branchTo(cpu.pc + offset14(insn));
        }
    }

    static void tbnz(Cpu cpu, int insn) {
        if (testedBit(cpu, insn) != 0) {
            cpu.branchTo(cpu.pc + offset14(insn));
        }
    }

    static void br(Cpu cpu, int insn) {
        cpu.branchTo(cpu.x((insn >>> 5) & 31));
    }

    /** BLR: the target is read before X30 is written, so BLR X30 branches to the old X30. */
    static void blr(Cpu cpu, int insn) {
        long target = cpu.x((insn >>> 5) & 31);
        cpu.x[30] = cpu.pc + 4;
        cpu.branchTo(target);
    }

    static void ret(Cpu cpu, int insn) {
        cpu.branchTo(cpu.x((insn >>> 5) & 31));
    }
}
