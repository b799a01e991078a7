package visor.cpu.a64;

import static visor.cpu.a64.AdvancedSimd.q;
import static visor.cpu.a64.AdvancedSimd.write;
import static visor.cpu.a64.Fields.rd;
import static visor.cpu.a64.Fields.rm;
import static visor.cpu.a64.Fields.rn;
import static visor.cpu.a64.SimdRegs.elem;
import static visor.cpu.a64.SimdRegs.mask;

import java.util.List;
import visor.cpu.Cpu;

/** Advanced SIMD copy, permute, extract and table lookup (ARM ARM C4.1.6): DUP, INS, UMOV, SMOV, ZIP/UZP/TRN, EXT, TBL/TBX. */
public final class SimdPermute {
    private SimdPermute() {
    }

    public static final List<Row> ROWS = List.of(
            new Row("DUP (element)", "0 q 0 01110000 iiiii 0 0000 1 nnnnn ddddd", SimdPermute::dupElement),
            new Row("DUP (general)", "0 q 0 01110000 iiiii 0 0001 1 nnnnn ddddd", SimdPermute::dupGeneral),
            new Row("INS (general)", "0 1 0 01110000 iiiii 0 0011 1 nnnnn ddddd", SimdPermute::insGeneral),
            new Row("SMOV", "0 q 0 01110000 iiiii 0 0101 1 nnnnn ddddd", SimdPermute::smov),
            new Row("UMOV", "0 q 0 01110000 iiiii 0 0111 1 nnnnn ddddd", SimdPermute::umov),
            new Row("INS (element)", "0 1 1 01110000 iiiii 0 jjjj 1 nnnnn ddddd", SimdPermute::insElement),
            new Row("DUP (element, scalar)", "01 0 11110000 iiiii 0 0000 1 nnnnn ddddd", SimdPermute::dupElementScalar),

            new Row("UZP1", "0 q 0 01110 zz 0 mmmmm 0 001 10 nnnnn ddddd", SimdPermute::uzp1),
            new Row("TRN1", "0 q 0 01110 zz 0 mmmmm 0 010 10 nnnnn ddddd", SimdPermute::trn1),
            new Row("ZIP1", "0 q 0 01110 zz 0 mmmmm 0 011 10 nnnnn ddddd", SimdPermute::zip1),
            new Row("UZP2", "0 q 0 01110 zz 0 mmmmm 0 101 10 nnnnn ddddd", SimdPermute::uzp2),
            new Row("TRN2", "0 q 0 01110 zz 0 mmmmm 0 110 10 nnnnn ddddd", SimdPermute::trn2),
            new Row("ZIP2", "0 q 0 01110 zz 0 mmmmm 0 111 10 nnnnn ddddd", SimdPermute::zip2),

            new Row("EXT", "0 q 101110 00 0 mmmmm 0 iiii 0 nnnnn ddddd", SimdPermute::ext),
            new Row("TBL", "0 q 001110 00 0 mmmmm 0 ll 0 00 nnnnn ddddd", SimdPermute::tbl),
            new Row("TBX", "0 q 001110 00 0 mmmmm 0 ll 1 00 nnnnn ddddd", SimdPermute::tbx));

    /** log2(esize/8) from imm5's lowest set bit; -1 when imm5<3:0> = 0 (reserved). */
    static int imm5Size(int insn) {
        int imm5 = (insn >>> 16) & 31;
        int low = Integer.numberOfTrailingZeros(imm5);
        return low > 3 ? -1 : low;
    }

    static int imm5Index(int insn, int size) {
        return ((insn >>> 16) & 31) >>> (size + 1);
    }

    private static long replicate(long e, int es) {
        long r = e;
        for (int w = es; w < 64; w *= 2) {
            r |= r << w;
        }
        return r;
    }

    static void dupElement(Cpu cpu, int insn) {
        int size = imm5Size(insn);
        if (size < 0 || (size == 3 && !q(insn))) {
            cpu.undefined();
        }
        cpu.checkFpAccess();
        int es = 8 << size;
        long r = replicate(elem(cpu, rn(insn), imm5Index(insn, size), es), es);
        write(cpu, rd(insn), r, r, q(insn));
    }

    static void dupGeneral(Cpu cpu, int insn) {
        int size = imm5Size(insn);
        if (size < 0 || (size == 3 && !q(insn))) {
            cpu.undefined();
        }
        cpu.checkFpAccess();
        int es = 8 << size;
        long r = replicate(cpu.x(rn(insn)) & mask(es), es);
        write(cpu, rd(insn), r, r, q(insn));
    }

    static void insGeneral(Cpu cpu, int insn) {
        int size = imm5Size(insn);
        if (size < 0) {
            cpu.undefined();
        }
        cpu.checkFpAccess();
        SimdRegs.setElem(cpu, rd(insn), imm5Index(insn, size), 8 << size, cpu.x(rn(insn)));
    }

    static void insElement(Cpu cpu, int insn) {
        int size = imm5Size(insn);
        if (size < 0) {
            cpu.undefined();
        }
        cpu.checkFpAccess();
        int es = 8 << size;
        int src = ((insn >>> 11) & 15) >>> size;
        SimdRegs.setElem(cpu, rd(insn), imm5Index(insn, size), es, elem(cpu, rn(insn), src, es));
    }

    /** SMOV: W destination for B/H (Q=0), X destination for B/H/S (Q=1). */
    static void smov(Cpu cpu, int insn) {
        int size = imm5Size(insn);
        boolean x = q(insn);
        if (size < 0 || size == 3 || (size == 2 && !x)) {
            cpu.undefined();
        }
        cpu.checkFpAccess();
        long v = SimdRegs.selem(cpu, rn(insn), imm5Index(insn, size), 8 << size);
        if (x) {
            cpu.setX(rd(insn), v);
        } else {
            cpu.setW(rd(insn), v);
        }
    }

    /** UMOV: W destination for B/H/S (Q=0), X destination for D only (Q=1). */
    static void umov(Cpu cpu, int insn) {
        int size = imm5Size(insn);
        boolean x = q(insn);
        if (size < 0 || (x != (size == 3))) {
            cpu.undefined();
        }
        cpu.checkFpAccess();
        cpu.setX(rd(insn), elem(cpu, rn(insn), imm5Index(insn, size), 8 << size));
    }

    static void dupElementScalar(Cpu cpu, int insn) {
        int size = imm5Size(insn);
        if (size < 0) {
            cpu.undefined();
        }
        cpu.checkFpAccess();
        int es = 8 << size;
        SimdRegs.setScalar(cpu, rd(insn), elem(cpu, rn(insn), imm5Index(insn, size), es), es);
    }

    // ---- Permute -------------------------------------------------------------------------------------------

    private static final int UZP1 = 0, UZP2 = 1, TRN1 = 2, TRN2 = 3, ZIP1 = 4, ZIP2 = 5;

    private static void permute(Cpu cpu, int insn, int op) {
        int size = AdvancedSimd.size(insn);
        boolean q = q(insn);
        if (size == 3 && !q) {
            cpu.undefined();
        }
        cpu.checkFpAccess();
        int es = 8 << size;
        int elements = (q ? 128 : 64) / es;
        int n = rn(insn), m = rm(insn);
        long lo = 0, hi = 0;
        for (int j = 0; j < elements; j++) {
            int reg;
            int idx;
            switch (op) {
                case UZP1, UZP2 -> {
                    int k = 2 * j + (op == UZP2 ? 1 : 0);
                    reg = k < elements ? n : m;
                    idx = k % elements;
                }
                case TRN1, TRN2 -> {
                    reg = (j & 1) == 0 ? n : m;
                    idx = (j & ~1) + (op == TRN2 ? 1 : 0);
                }
                default -> {
                    reg = (j & 1) == 0 ? n : m;
                    idx = (j >>> 1) + (op == ZIP2 ? elements / 2 : 0);
                }
            }
            long e = elem(cpu, reg, idx, es);
            int bit = j * es;
            if (bit < 64) {
                lo |= es == 64 ? e : e << bit;
            } else {
                hi |= es == 64 ? e : e << (bit - 64);
            }
        }
        write(cpu, rd(insn), lo, hi, q);
    }

    static void uzp1(Cpu cpu, int insn) {
        permute(cpu, insn, UZP1);
    }

    static void uzp2(Cpu cpu, int insn) {
        permute(cpu, insn, UZP2);
    }

    static void trn1(Cpu cpu, int insn) {
        permute(cpu, insn, TRN1);
    }

    static void trn2(Cpu cpu, int insn) {
        permute(cpu, insn, TRN2);
    }

    static void zip1(Cpu cpu, int insn) {
        permute(cpu, insn, ZIP1);
    }

    static void zip2(Cpu cpu, int insn) {
        permute(cpu, insn, ZIP2);
    }

    /** EXT: bytes imm4.. of Vm:Vn (Vn low); a 64-bit form with imm4<3> = 1 is UNDEFINED. */
    static void ext(Cpu cpu, int insn) {
        boolean q = q(insn);
        int pos = (insn >>> 11) & 15;
        if (!q && pos >= 8) {
            cpu.undefined();
        }
        cpu.checkFpAccess();
        int n = rn(insn), m = rm(insn);
        long lo = 0, hi = 0;
        int bytes = q ? 16 : 8;
        for (int i = 0; i < bytes; i++) {
            int k = pos + i;
            long b = k < bytes ? elem(cpu, n, k, 8) : elem(cpu, m, k - bytes, 8);
            if (i < 8) {
                lo |= b << (8 * i);
            } else {
                hi |= b << (8 * (i - 8));
            }
        }
        write(cpu, rd(insn), lo, hi, q);
    }

    /** TBL/TBX: each byte of Vm indexes the table V[n]..V[n+len] (wrapping at V31). */
    private static void table(Cpu cpu, int insn, boolean tbx) {
        cpu.checkFpAccess();
        boolean q = q(insn);
        int regs = ((insn >>> 13) & 3) + 1;
        int n = rn(insn), m = rm(insn), d = rd(insn);
        long lo = 0, hi = 0;
        int bytes = q ? 16 : 8;
        for (int i = 0; i < bytes; i++) {
            int index = (int) elem(cpu, m, i, 8);
            long b;
            if (index < 16 * regs) {
                b = elem(cpu, (n + index / 16) & 31, index % 16, 8);
            } else {
                b = tbx ? elem(cpu, d, i, 8) : 0;
            }
            if (i < 8) {
                lo |= b << (8 * i);
            } else {
                hi |= b << (8 * (i - 8));
            }
        }
        write(cpu, d, lo, hi, q);
    }

    static void tbl(Cpu cpu, int insn) {
        table(cpu, insn, false);
    }

    static void tbx(Cpu cpu, int insn) {
        table(cpu, insn, true);
    }
}
