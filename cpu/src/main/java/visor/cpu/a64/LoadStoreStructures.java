package visor.cpu.a64;

import java.util.List;
import visor.cpu.Cpu;

/**
 * AdvSIMD load/store structures (ARM ARM C4.1.4, C7.2 LD1-LD4/ST1-ST4 multiple and single structure,
 * LD1R-LD4R), without and with post-index (bit 23 = p; Rm == 31 means the immediate form whose offset
 * is the number of bytes transferred). Structures are transferred element by element in the
 * pseudocode's order; LD1/ST1 of an 8-byte aligned address moves whole 64-bit chunks, which gives the
 * same result because the element order in memory and in the registers is the same.
 */
public final class LoadStoreStructures {
    private LoadStoreStructures() {
    }

    public static final List<Row> ROWS = List.of(
            new Row("ST4 (multiple structures)", "0 Q 001100 p 0 0 mmmmm 0000 zz nnnnn ttttt", LoadStoreStructures::stMultiple),
            new Row("ST1 (multiple structures, 4 registers)", "0 Q 001100 p 0 0 mmmmm 0010 zz nnnnn ttttt", LoadStoreStructures::stMultiple),
            new Row("ST3 (multiple structures)", "0 Q 001100 p 0 0 mmmmm 0100 zz nnnnn ttttt", LoadStoreStructures::stMultiple),
            new Row("ST1 (multiple structures, 3 registers)", "0 Q 001100 p 0 0 mmmmm 0110 zz nnnnn ttttt", LoadStoreStructures::stMultiple),
            new Row("ST1 (multiple structures, 1 register)", "0 Q 001100 p 0 0 mmmmm 0111 zz nnnnn ttttt", LoadStoreStructures::stMultiple),
            new Row("ST2 (multiple structures)", "0 Q 001100 p 0 0 mmmmm 1000 zz nnnnn ttttt", LoadStoreStructures::stMultiple),
            new Row("ST1 (multiple structures, 2 registers)", "0 Q 001100 p 0 0 mmmmm 1010 zz nnnnn ttttt", LoadStoreStructures::stMultiple),
            new Row("LD4 (multiple structures)", "0 Q 001100 p 1 0 mmmmm 0000 zz nnnnn ttttt", LoadStoreStructures::ldMultiple),
            new Row("LD1 (multiple structures, 4 registers)", "0 Q 001100 p 1 0 mmmmm 0010 zz nnnnn ttttt", LoadStoreStructures::ldMultiple),
            new Row("LD3 (multiple structures)", "0 Q 001100 p 1 0 mmmmm 0100 zz nnnnn ttttt", LoadStoreStructures::ldMultiple),
            new Row("LD1 (multiple structures, 3 registers)", "0 Q 001100 p 1 0 mmmmm 0110 zz nnnnn ttttt", LoadStoreStructures::ldMultiple),
            new Row("LD1 (multiple structures, 1 register)", "0 Q 001100 p 1 0 mmmmm 0111 zz nnnnn ttttt", LoadStoreStructures::ldMultiple),
            new Row("LD2 (multiple structures)", "0 Q 001100 p 1 0 mmmmm 1000 zz nnnnn ttttt", LoadStoreStructures::ldMultiple),
            new Row("LD1 (multiple structures, 2 registers)", "0 Q 001100 p 1 0 mmmmm 1010 zz nnnnn ttttt", LoadStoreStructures::ldMultiple),
            new Row("ST1 (single structure, 8-bit)", "0 Q 001101 p 0 0 mmmmm 000 S zz nnnnn ttttt", LoadStoreStructures::stSingle),
            new Row("ST2 (single structure, 8-bit)", "0 Q 001101 p 0 1 mmmmm 000 S zz nnnnn ttttt", LoadStoreStructures::stSingle),
            new Row("ST3 (single structure, 8-bit)", "0 Q 001101 p 0 0 mmmmm 001 S zz nnnnn ttttt", LoadStoreStructures::stSingle),
            new Row("ST4 (single structure, 8-bit)", "0 Q 001101 p 0 1 mmmmm 001 S zz nnnnn ttttt", LoadStoreStructures::stSingle),
            new Row("ST1 (single structure, 16-bit)", "0 Q 001101 p 0 0 mmmmm 010 S zz nnnnn ttttt", LoadStoreStructures::stSingle),
            new Row("ST2 (single structure, 16-bit)", "0 Q 001101 p 0 1 mmmmm 010 S zz nnnnn ttttt", LoadStoreStructures::stSingle),
            new Row("ST3 (single structure, 16-bit)", "0 Q 001101 p 0 0 mmmmm 011 S zz nnnnn ttttt", LoadStoreStructures::stSingle),
            new Row("ST4 (single structure, 16-bit)", "0 Q 001101 p 0 1 mmmmm 011 S zz nnnnn ttttt", LoadStoreStructures::stSingle),
            new Row("ST1 (single structure, 32/64-bit)", "0 Q 001101 p 0 0 mmmmm 100 S zz nnnnn ttttt", LoadStoreStructures::stSingle),
            new Row("ST2 (single structure, 32/64-bit)", "0 Q 001101 p 0 1 mmmmm 100 S zz nnnnn ttttt", LoadStoreStructures::stSingle),
            new Row("ST3 (single structure, 32/64-bit)", "0 Q 001101 p 0 0 mmmmm 101 S zz nnnnn ttttt", LoadStoreStructures::stSingle),
            new Row("ST4 (single structure, 32/64-bit)", "0 Q 001101 p 0 1 mmmmm 101 S zz nnnnn ttttt", LoadStoreStructures::stSingle),
            new Row("LD1 (single structure, 8-bit)", "0 Q 001101 p 1 0 mmmmm 000 S zz nnnnn ttttt", LoadStoreStructures::ldSingle),
            new Row("LD2 (single structure, 8-bit)", "0 Q 001101 p 1 1 mmmmm 000 S zz nnnnn ttttt", LoadStoreStructures::ldSingle),
            new Row("LD3 (single structure, 8-bit)", "0 Q 001101 p 1 0 mmmmm 001 S zz nnnnn ttttt", LoadStoreStructures::ldSingle),
            new Row("LD4 (single structure, 8-bit)", "0 Q 001101 p 1 1 mmmmm 001 S zz nnnnn ttttt", LoadStoreStructures::ldSingle),
            new Row("LD1 (single structure, 16-bit)", "0 Q 001101 p 1 0 mmmmm 010 S zz nnnnn ttttt", LoadStoreStructures::ldSingle),
            new Row("LD2 (single structure, 16-bit)", "0 Q 001101 p 1 1 mmmmm 010 S zz nnnnn ttttt", LoadStoreStructures::ldSingle),
            new Row("LD3 (single structure, 16-bit)", "0 Q 001101 p 1 0 mmmmm 011 S zz nnnnn ttttt", LoadStoreStructures::ldSingle),
            new Row("LD4 (single structure, 16-bit)", "0 Q 001101 p 1 1 mmmmm 011 S zz nnnnn ttttt", LoadStoreStructures::ldSingle),
            new Row("LD1 (single structure, 32/64-bit)", "0 Q 001101 p 1 0 mmmmm 100 S zz nnnnn ttttt", LoadStoreStructures::ldSingle),
            new Row("LD2 (single structure, 32/64-bit)", "0 Q 001101 p 1 1 mmmmm 100 S zz nnnnn ttttt", LoadStoreStructures::ldSingle),
            new Row("LD3 (single structure, 32/64-bit)", "0 Q 001101 p 1 0 mmmmm 101 S zz nnnnn ttttt", LoadStoreStructures::ldSingle),
            new Row("LD4 (single structure, 32/64-bit)", "0 Q 001101 p 1 1 mmmmm 101 S zz nnnnn ttttt", LoadStoreStructures::ldSingle),
            new Row("LD1R", "0 Q 001101 p 1 0 mmmmm 110 0 zz nnnnn ttttt", LoadStoreStructures::ldReplicate),
            new Row("LD2R", "0 Q 001101 p 1 1 mmmmm 110 0 zz nnnnn ttttt", LoadStoreStructures::ldReplicate),
            new Row("LD3R", "0 Q 001101 p 1 0 mmmmm 111 0 zz nnnnn ttttt", LoadStoreStructures::ldReplicate),
            new Row("LD4R", "0 Q 001101 p 1 1 mmmmm 111 0 zz nnnnn ttttt", LoadStoreStructures::ldReplicate));

    /** Elem[V[reg], index, 8 << size] of the 128-bit register (zero-extended). */
    static long elem(Cpu cpu, int reg, int index, int size) {
        int bit = index << (3 + size);
        long v = cpu.vreg[2 * reg + (bit >>> 6)] >>> (bit & 63);
        return size == 3 ? v : v & ((1L << (8 << size)) - 1);
    }

    static void setElem(Cpu cpu, int reg, int index, int size, long value) {
        int bit = index << (3 + size);
        int i = 2 * reg + (bit >>> 6);
        int sh = bit & 63;
        long mask = size == 3 ? -1L : ((1L << (8 << size)) - 1) << sh;
        cpu.vreg[i] = (cpu.vreg[i] & ~mask) | ((value << sh) & mask);
    }

    /** Replicate(element, 64 / esize): the element copied into every lane of a 64-bit half. */
    static long replicate(long element, int size) {
        return switch (size) {
            case 0 -> (element & 0xFF) * 0x0101_0101_0101_0101L;
            case 1 -> (element & 0xFFFF) * 0x0001_0001_0001_0001L;
            case 2 -> (element & 0xFFFF_FFFFL) * 0x0000_0001_0000_0001L;
            default -> element;
        };
    }

    /** Post-index writeback: Rm == 31 selects the immediate offset, the bytes transferred. */
    private static void writeback(Cpu cpu, int insn, long address, long transferred) {
        if ((insn & (1 << 23)) != 0) {
            int m = (insn >>> 16) & 31;
            cpu.setXsp(Fields.rn(insn), address + (m == 31 ? transferred : cpu.x[m]));
        }
    }

    /** Without post-index, bits [20:16] must be zero. */
    private static void checkNoOffsetRegister(Cpu cpu, int insn) {
        if ((insn & (1 << 23)) == 0 && (insn & (31 << 16)) != 0) {
            cpu.undefined();
        }
    }

    static void ldMultiple(Cpu cpu, int insn) {
        multiple(cpu, insn, true);
    }

    static void stMultiple(Cpu cpu, int insn) {
        multiple(cpu, insn, false);
    }

    /** LD1-LD4/ST1-ST4 (multiple structures): the shared decode and Operation of C7.2. */
    private static void multiple(Cpu cpu, int insn, boolean load) {
        checkNoOffsetRegister(cpu, insn);
        int rpt, selem;
        switch ((insn >>> 12) & 15) {
            case 0b0000 -> { rpt = 1; selem = 4; }
            case 0b0010 -> { rpt = 4; selem = 1; }
            case 0b0100 -> { rpt = 1; selem = 3; }
            case 0b0110 -> { rpt = 3; selem = 1; }
            case 0b0111 -> { rpt = 1; selem = 1; }
            case 0b1000 -> { rpt = 1; selem = 2; }
            default -> { rpt = 2; selem = 1; }
        }
        int size = (insn >>> 10) & 3;
        boolean q = (insn & (1 << 30)) != 0;
        if (size == 3 && !q && selem != 1) {
            cpu.undefined();
        }
        cpu.checkFpAccess();
        int t = insn & 31;
        int ebytes = 1 << size;
        int elements = (q ? 16 : 8) >>> size;
        long address = LoadStore.base(cpu, insn);
        cpu.lsSyndrome = 0;
        long offs = 0;
        if (selem == 1 && (address & 7) == 0) {
            for (int r = 0; r < rpt; r++) {
                int tt = (t + r) & 31;
                for (int half = 0; half < (q ? 2 : 1); half++) {
                    if (load) {
                        cpu.vreg[2 * tt + half] = cpu.read(address + offs, 8);
                    } else {
                        cpu.write(address + offs, 8, cpu.vreg[2 * tt + half]);
                    }
                    offs += 8;
                }
            }
        } else {
            for (int r = 0; r < rpt; r++) {
                for (int e = 0; e < elements; e++) {
                    int tt = (t + r) & 31;
                    for (int s = 0; s < selem; s++) {
                        if (load) {
                            setElem(cpu, tt, e, size, cpu.read(address + offs, ebytes));
                        } else {
                            cpu.write(address + offs, ebytes, elem(cpu, tt, e, size));
                        }
                        offs += ebytes;
                        tt = (tt + 1) & 31;
                    }
                }
            }
        }
        if (load && !q) {
            // V[tt] = rval with a 64-bit datasize zeroes the upper half of each register written.
            for (int r = 0; r < rpt * selem; r++) {
                cpu.vreg[2 * ((t + r) & 31) + 1] = 0;
            }
        }
        writeback(cpu, insn, address, offs);
    }

    static void ldSingle(Cpu cpu, int insn) {
        single(cpu, insn, true);
    }

    static void stSingle(Cpu cpu, int insn) {
        single(cpu, insn, false);
    }

    /** LD1-LD4/ST1-ST4 (single structure): one lane of each of selem registers, others preserved. */
    private static void single(Cpu cpu, int insn, boolean load) {
        checkNoOffsetRegister(cpu, insn);
        int opcode = (insn >>> 13) & 7;
        int selem = (((opcode & 1) << 1) | ((insn >>> 21) & 1)) + 1;
        int s = (insn >>> 12) & 1;
        int size = (insn >>> 10) & 3;
        int q = (insn >>> 30) & 1;
        int scale = opcode >>> 1;
        int index;
        switch (scale) {
            case 0 -> index = q << 3 | s << 2 | size;
            case 1 -> {
                if ((size & 1) != 0) {
                    cpu.undefined();
                }
                index = q << 2 | s << 1 | size >>> 1;
            }
            default -> {
                if ((size & 2) != 0) {
                    cpu.undefined();
                }
                if ((size & 1) == 0) {
                    index = q << 1 | s;
                } else {
                    if (s != 0) {
                        cpu.undefined();
                    }
                    index = q;
                    scale = 3;
                }
            }
        }
        cpu.checkFpAccess();
        int t = insn & 31;
        int ebytes = 1 << scale;
        long address = LoadStore.base(cpu, insn);
        cpu.lsSyndrome = 0;
        long offs = 0;
        for (int e = 0; e < selem; e++) {
            int tt = (t + e) & 31;
            if (load) {
                setElem(cpu, tt, index, scale, cpu.read(address + offs, ebytes));
            } else {
                cpu.write(address + offs, ebytes, elem(cpu, tt, index, scale));
            }
            offs += ebytes;
        }
        writeback(cpu, insn, address, offs);
    }

    /** LD1R-LD4R: one element per register, replicated to every lane (upper half zero when Q=0). */
    static void ldReplicate(Cpu cpu, int insn) {
        checkNoOffsetRegister(cpu, insn);
        cpu.checkFpAccess();
        int selem = ((((insn >>> 13) & 1) << 1) | ((insn >>> 21) & 1)) + 1;
        int size = (insn >>> 10) & 3;
        boolean q = (insn & (1 << 30)) != 0;
        int t = insn & 31;
        int ebytes = 1 << size;
        long address = LoadStore.base(cpu, insn);
        cpu.lsSyndrome = 0;
        long offs = 0;
        for (int e = 0; e < selem; e++) {
            int tt = (t + e) & 31;
            long rep = replicate(cpu.read(address + offs, ebytes), size);
            cpu.vreg[2 * tt] = rep;
            cpu.vreg[2 * tt + 1] = q ? rep : 0;
            offs += ebytes;
        }
        writeback(cpu, insn, address, offs);
    }
}
