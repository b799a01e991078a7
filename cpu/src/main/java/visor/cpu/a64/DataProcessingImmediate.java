package visor.cpu.a64;

import static visor.cpu.a64.Bits.addWithCarry;
import static visor.cpu.a64.Bits.truncate;
import static visor.cpu.a64.Fields.rd;
import static visor.cpu.a64.Fields.rn;
import static visor.cpu.a64.Fields.sf;

import java.util.List;
import visor.cpu.Cpu;

/** Data processing -- immediate (ARM ARM C4.1.2): add/sub, logical, move wide, bitfield, extract, PC-relative addressing. */
public final class DataProcessingImmediate {
    private DataProcessingImmediate() {
    }

    public static final List<Row> ROWS = List.of(
            new Row("ADR", "0 ll 10000 hhhhhhhhhhhhhhhhhhh ddddd", DataProcessingImmediate::adr),
            new Row("ADRP", "1 ll 10000 hhhhhhhhhhhhhhhhhhh ddddd", DataProcessingImmediate::adrp),
            new Row("ADD (immediate)", "s 0 0 100010 h iiiiiiiiiiii nnnnn ddddd", DataProcessingImmediate::addImm),
            new Row("ADDS (immediate)", "s 0 1 100010 h iiiiiiiiiiii nnnnn ddddd", DataProcessingImmediate::addsImm),
            new Row("SUB (immediate)", "s 1 0 100010 h iiiiiiiiiiii nnnnn ddddd", DataProcessingImmediate::subImm),
            new Row("SUBS (immediate)", "s 1 1 100010 h iiiiiiiiiiii nnnnn ddddd", DataProcessingImmediate::subsImm),
            new Row("AND (immediate)", "s 00 100100 N rrrrrr ssssss nnnnn ddddd", DataProcessingImmediate::andImm),
            new Row("ORR (immediate)", "s 01 100100 N rrrrrr ssssss nnnnn ddddd", DataProcessingImmediate::orrImm),
            new Row("EOR (immediate)", "s 10 100100 N rrrrrr ssssss nnnnn ddddd", DataProcessingImmediate::eorImm),
            new Row("ANDS (immediate)", "s 11 100100 N rrrrrr ssssss nnnnn ddddd", DataProcessingImmediate::andsImm),
            new Row("MOVN", "s 00 100101 hh iiiiiiiiiiiiiiii ddddd", DataProcessingImmediate::movn),
            new Row("MOVZ", "s 10 100101 hh iiiiiiiiiiiiiiii ddddd", DataProcessingImmediate::movz),
            new Row("MOVK", "s 11 100101 hh iiiiiiiiiiiiiiii ddddd", DataProcessingImmediate::movk),
            new Row("SBFM", "s 00 100110 N rrrrrr ssssss nnnnn ddddd", DataProcessingImmediate::sbfm),
            new Row("BFM", "s 01 100110 N rrrrrr ssssss nnnnn ddddd", DataProcessingImmediate::bfm),
            new Row("UBFM", "s 10 100110 N rrrrrr ssssss nnnnn ddddd", DataProcessingImmediate::ubfm),
            new Row("EXTR", "s 00 100111 N 0 mmmmm ssssss nnnnn ddddd", DataProcessingImmediate::extr));

    /** SignExtend(immhi:immlo, 21). */
    private static long pcRelImm(int insn) {
        long immhi = (insn >>> 5) & 0x7FFFF;
        long immlo = (insn >>> 29) & 3;
        return Bits.signExtend((immhi << 2) | immlo, 21);
    }

    static void adr(Cpu cpu, int insn) {
        cpu.setX(rd(insn), cpu.pc + pcRelImm(insn));
    }

    static void adrp(Cpu cpu, int insn) {
        cpu.setX(rd(insn), (cpu.pc & ~0xFFFL) + (pcRelImm(insn) << 12));
    }

    /** imm12, shifted left by 12 when sh is set. */
    private static long addSubImm(int insn) {
        long imm = (insn >>> 10) & 0xFFF;
        return (insn & (1 << 22)) != 0 ? imm << 12 : imm;
    }

    static void addImm(Cpu cpu, int insn) {
        boolean sf = sf(insn);
        cpu.setXsp(rd(insn), addWithCarry(cpu, sf, cpu.xsp(rn(insn)), addSubImm(insn), 0, false));
    }

    static void addsImm(Cpu cpu, int insn) {
        boolean sf = sf(insn);
        cpu.setX(rd(insn), addWithCarry(cpu, sf, cpu.xsp(rn(insn)), addSubImm(insn), 0, true));
    }

    static void subImm(Cpu cpu, int insn) {
        boolean sf = sf(insn);
        cpu.setXsp(rd(insn), addWithCarry(cpu, sf, cpu.xsp(rn(insn)), ~addSubImm(insn), 1, false));
    }

    static void subsImm(Cpu cpu, int insn) {
        boolean sf = sf(insn);
        cpu.setX(rd(insn), addWithCarry(cpu, sf, cpu.xsp(rn(insn)), ~addSubImm(insn), 1, true));
    }

    /** DecodeBitMasks(N, imms, immr, TRUE) for the logical immediates, or 0 when UNDEFINED. */
    private static long logicalImm(int insn) {
        int n = (insn >>> 22) & 1;
        if (!sf(insn) && n != 0) {
            return 0;
        }
        return truncate(sf(insn), Bits.decodeBitMasksW(n, (insn >>> 10) & 0x3F, (insn >>> 16) & 0x3F, true));
    }

    static void andImm(Cpu cpu, int insn) {
        long imm = logicalImm(insn);
        if (imm == 0) {
            cpu.undefined();
        }
        cpu.setXsp(rd(insn), cpu.x(rn(insn)) & imm);
    }

    static void orrImm(Cpu cpu, int insn) {
        long imm = logicalImm(insn);
        if (imm == 0) {
            cpu.undefined();
        }
        cpu.setXsp(rd(insn), truncate(sf(insn), cpu.x(rn(insn)) | imm));
    }

    static void eorImm(Cpu cpu, int insn) {
        long imm = logicalImm(insn);
        if (imm == 0) {
            cpu.undefined();
        }
        cpu.setXsp(rd(insn), truncate(sf(insn), cpu.x(rn(insn)) ^ imm));
    }

    static void andsImm(Cpu cpu, int insn) {
        long imm = logicalImm(insn);
        if (imm == 0) {
            cpu.undefined();
        }
        long result = cpu.x(rn(insn)) & imm;
        setLogicalFlags(cpu, sf(insn), result);
        cpu.setX(rd(insn), result);
    }

    /** PSTATE.<N,Z,C,V> = result<datasize-1>:IsZeroBit(result):'00' for the flag-setting logicals. */
    static void setLogicalFlags(Cpu cpu, boolean sf, long result) {
        cpu.n = sf ? result < 0 : (int) result < 0;
        cpu.z = result == 0;
        cpu.c = false;
        cpu.v = false;
    }

    /** pos = UInt(hw:'0000'), or -1 when sf == 0 and hw<1> == 1 (UNDEFINED). */
    private static int moveWidePos(int insn) {
        int hw = (insn >>> 21) & 3;
        if (!sf(insn) && hw >= 2) {
            return -1;
        }
        return hw << 4;
    }

    static void movn(Cpu cpu, int insn) {
        int pos = moveWidePos(insn);
        if (pos < 0) {
            cpu.undefined();
        }
        long imm = (long) ((insn >>> 5) & 0xFFFF) << pos;
        cpu.setX(rd(insn), truncate(sf(insn), ~imm));
    }

    static void movz(Cpu cpu, int insn) {
        int pos = moveWidePos(insn);
        if (pos < 0) {
            cpu.undefined();
        }
        cpu.setX(rd(insn), (long) ((insn >>> 5) & 0xFFFF) << pos);
    }

    static void movk(Cpu cpu, int insn) {
        int pos = moveWidePos(insn);
        if (pos < 0) {
            cpu.undefined();
        }
        int d = rd(insn);
        long imm = (long) ((insn >>> 5) & 0xFFFF) << pos;
        long result = (cpu.x(d) & ~(0xFFFFL << pos)) | imm;
        cpu.setX(d, truncate(sf(insn), result));
    }

    /**
     * The bitfield instructions' reserved-field checks: sf == 1 needs N == 1; sf == 0 needs N == 0 and
     * immr<5> == imms<5> == 0. True when the encoding is UNDEFINED.
     */
    private static boolean bitfieldReserved(int insn) {
        int n = (insn >>> 22) & 1;
        if (sf(insn)) {
            return n != 1;
        }
        return n != 0 || (insn & (1 << 21)) != 0 || (insn & (1 << 15)) != 0;
    }

    private static int immr(int insn) {
        return (insn >>> 16) & 0x3F;
    }

    private static int imms(int insn) {
        return (insn >>> 10) & 0x3F;
    }

    /** The wmask half of DecodeBitMasks(N, imms, immr, FALSE), cut to the datasize. */
    private static long wmask(int insn) {
        return truncate(sf(insn), Bits.decodeBitMasksW((insn >>> 22) & 1, imms(insn), immr(insn), false));
    }

    /** The tmask half of DecodeBitMasks(N, imms, immr, FALSE), cut to the datasize. */
    private static long tmask(int insn) {
        return truncate(sf(insn), Bits.decodeBitMasksT((insn >>> 22) & 1, imms(insn), immr(insn)));
    }

    static void sbfm(Cpu cpu, int insn) {
        if (bitfieldReserved(insn)) {
            cpu.undefined();
        }
        boolean sf = sf(insn);
        int datasize = sf ? 64 : 32;
        long tmask = tmask(insn);
        long src = truncate(sf, cpu.x(rn(insn)));
        long bot = Bits.ror(src, immr(insn), datasize) & wmask(insn);
        long top = ((src >>> imms(insn)) & 1) != 0 ? Bits.ones(datasize) : 0; // Replicate(src<S>)
        cpu.setX(rd(insn), (top & ~tmask) | (bot & tmask));
    }

    static void bfm(Cpu cpu, int insn) {
        if (bitfieldReserved(insn)) {
            cpu.undefined();
        }
        boolean sf = sf(insn);
        long wmask = wmask(insn), tmask = tmask(insn);
        int d = rd(insn);
        long dst = truncate(sf, cpu.x(d));
        long src = truncate(sf, cpu.x(rn(insn)));
        long bot = (dst & ~wmask) | (Bits.ror(src, immr(insn), sf ? 64 : 32) & wmask);
        cpu.setX(d, truncate(sf, (dst & ~tmask) | (bot & tmask)));
    }

    static void ubfm(Cpu cpu, int insn) {
        if (bitfieldReserved(insn)) {
            cpu.undefined();
        }
        boolean sf = sf(insn);
        long src = truncate(sf, cpu.x(rn(insn)));
        cpu.setX(rd(insn), Bits.ror(src, immr(insn), sf ? 64 : 32) & wmask(insn) & tmask(insn));
    }

    static void extr(Cpu cpu, int insn) {
        boolean sf = sf(insn);
        int n = (insn >>> 22) & 1;
        int lsb = (insn >>> 10) & 0x3F;
        if (n != (sf ? 1 : 0) || (!sf && lsb >= 32)) {
            cpu.undefined();
        }
        long hi = cpu.x(rn(insn));
        long lo = cpu.x((insn >>> 16) & 31);
        long result;
        if (sf) {
            result = lsb == 0 ? lo : (lo >>> lsb) | (hi << (64 - lsb));
        } else {
            result = (((hi & 0xFFFF_FFFFL) << 32) | (lo & 0xFFFF_FFFFL)) >>> lsb;
        }
        cpu.setX(rd(insn), truncate(sf, result));
    }
}
