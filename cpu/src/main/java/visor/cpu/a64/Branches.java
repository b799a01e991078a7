package visor.cpu.a64;

import java.util.List;
import visor.cpu.Cpu;

/** Branches (ARM ARM C4.1.3): B, BL, B.cond, CBZ/CBNZ, TBZ/TBNZ, BR, BLR, RET. */
public final class Branches {
    private Branches() {
    }

    public static final List<Row> ROWS = List.of(
            new Row("B", "000101 iiiiiiiiiiiiiiiiiiiiiiiiii", Branches::b),
            new Row("BL", "100101 iiiiiiiiiiiiiiiiiiiiiiiiii", Branches::bl));

    /** SignExtend(imm26:'00', 64). */
    private static long offset26(int insn) {
        return (long) (insn << 6) >> 4;
    }

    static void b(Cpu cpu, int insn) {
        cpu.branchTo(cpu.pc + offset26(insn));
    }

    static void bl(Cpu cpu, int insn) {
        cpu.x[30] = cpu.pc + 4;
        cpu.branchTo(cpu.pc + offset26(insn));
    }
}
