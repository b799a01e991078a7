package visor.cpu.a64;

import static visor.cpu.a64.Bits.addWithCarry;
import static visor.cpu.a64.Bits.truncate;
import static visor.cpu.a64.Fields.rd;
import static visor.cpu.a64.Fields.rm;
import static visor.cpu.a64.Fields.rn;
import static visor.cpu.a64.Fields.sf;

import java.util.List;
import visor.cpu.Cpu;

/**
 * Data processing -- register (ARM ARM C4.1.5): logical and add/sub (shifted, extended), with carry,
 * conditional compare and select, 1- and 2-source (incl. CRC32), 3-source multiply.
 */
public final class DataProcessingRegister {
    private DataProcessingRegister() {
    }

    public static final List<Row> ROWS = List.of(
            new Row("AND (shifted register)", "s 00 01010 tt 0 mmmmm iiiiii nnnnn ddddd", DataProcessingRegister::andShifted),
            new Row("BIC (shifted register)", "s 00 01010 tt 1 mmmmm iiiiii nnnnn ddddd", DataProcessingRegister::bicShifted),
            new Row("ORR (shifted register)", "s 01 01010 tt 0 mmmmm iiiiii nnnnn ddddd", DataProcessingRegister::orrShifted),
            new Row("ORN (shifted register)", "s 01 01010 tt 1 mmmmm iiiiii nnnnn ddddd", DataProcessingRegister::ornShifted),
            new Row("EOR (shifted register)", "s 10 01010 tt 0 mmmmm iiiiii nnnnn ddddd", DataProcessingRegister::eorShifted),
            new Row("EON (shifted register)", "s 10 01010 tt 1 mmmmm iiiiii nnnnn ddddd", DataProcessingRegister::eonShifted),
            new Row("ANDS (shifted register)", "s 11 01010 tt 0 mmmmm iiiiii nnnnn ddddd", DataProcessingRegister::andsShifted),
            new Row("BICS (shifted register)", "s 11 01010 tt 1 mmmmm iiiiii nnnnn ddddd", DataProcessingRegister::bicsShifted),
            new Row("ADD (shifted register)", "s 0 0 01011 tt 0 mmmmm iiiiii nnnnn ddddd", DataProcessingRegister::addShifted),
            new Row("ADDS (shifted register)", "s 0 1 01011 tt 0 mmmmm iiiiii nnnnn ddddd", DataProcessingRegister::addsShifted),
            new Row("SUB (shifted register)", "s 1 0 01011 tt 0 mmmmm iiiiii nnnnn ddddd", DataProcessingRegister::subShifted),
            new Row("SUBS (shifted register)", "s 1 1 01011 tt 0 mmmmm iiiiii nnnnn ddddd", DataProcessingRegister::subsShifted),
            new Row("ADD (extended register)", "s 0 0 01011 00 1 mmmmm ooo iii nnnnn ddddd", DataProcessingRegister::addExtended),
            new Row("ADDS (extended register)", "s 0 1 01011 00 1 mmmmm ooo iii nnnnn ddddd", DataProcessingRegister::addsExtended),
            new Row("SUB (extended register)", "s 1 0 01011 00 1 mmmmm ooo iii nnnnn ddddd", DataProcessingRegister::subExtended),
            new Row("SUBS (extended register)", "s 1 1 01011 00 1 mmmmm ooo iii nnnnn ddddd", DataProcessingRegister::subsExtended),
            new Row("ADC", "s 0 0 11010000 mmmmm 000000 nnnnn ddddd", DataProcessingRegister::adc),
            new Row("ADCS", "s 0 1 11010000 mmmmm 000000 nnnnn ddddd", DataProcessingRegister::adcs),
            new Row("SBC", "s 1 0 11010000 mmmmm 000000 nnnnn ddddd", DataProcessingRegister::sbc),
            new Row("SBCS", "s 1 1 11010000 mmmmm 000000 nnnnn ddddd", DataProcessingRegister::sbcs),
            new Row("CCMN (register)", "s 0 1 11010010 mmmmm cccc 0 0 nnnnn 0 ffff", DataProcessingRegister::ccmnReg),
            new Row("CCMP (register)", "s 1 1 11010010 mmmmm cccc 0 0 nnnnn 0 ffff", DataProcessingRegister::ccmpReg),
            new Row("CCMN (immediate)", "s 0 1 11010010 iiiii cccc 1 0 nnnnn 0 ffff", DataProcessingRegister::ccmnImm),
            new Row("CCMP (immediate)", "s 1 1 11010010 iiiii cccc 1 0 nnnnn 0 ffff", DataProcessingRegister::ccmpImm),
            new Row("CSEL", "s 0 0 11010100 mmmmm cccc 00 nnnnn ddddd", DataProcessingRegister::csel),
            new Row("CSINC", "s 0 0 11010100 mmmmm cccc 01 nnnnn ddddd", DataProcessingRegister::csinc),
            new Row("CSINV", "s 1 0 11010100 mmmmm cccc 00 nnnnn ddddd", DataProcessingRegister::csinv),
            new Row("CSNEG", "s 1 0 11010100 mmmmm cccc 01 nnnnn ddddd", DataProcessingRegister::csneg),
            new Row("RBIT", "s 1 0 11010110 00000 000000 nnnnn ddddd", DataProcessingRegister::rbit),
            new Row("REV16", "s 1 0 11010110 00000 000001 nnnnn ddddd", DataProcessingRegister::rev16),
            new Row("REV32", "1 1 0 11010110 00000 000010 nnnnn ddddd", DataProcessingRegister::rev32),
            new Row("REV (32-bit)", "0 1 0 11010110 00000 000010 nnnnn ddddd", DataProcessingRegister::rev),
            new Row("REV (64-bit)", "1 1 0 11010110 00000 000011 nnnnn ddddd", DataProcessingRegister::rev),
            new Row("CLZ", "s 1 0 11010110 00000 000100 nnnnn ddddd", DataProcessingRegister::clz),
            new Row("CLS", "s 1 0 11010110 00000 000101 nnnnn ddddd", DataProcessingRegister::cls),
            new Row("UDIV", "s 0 0 11010110 mmmmm 000010 nnnnn ddddd", DataProcessingRegister::udiv),
            new Row("SDIV", "s 0 0 11010110 mmmmm 000011 nnnnn ddddd", DataProcessingRegister::sdiv),
            new Row("LSLV", "s 0 0 11010110 mmmmm 001000 nnnnn ddddd", DataProcessingRegister::lslv),
            new Row("LSRV", "s 0 0 11010110 mmmmm 001001 nnnnn ddddd", DataProcessingRegister::lsrv),
            new Row("ASRV", "s 0 0 11010110 mmmmm 001010 nnnnn ddddd", DataProcessingRegister::asrv),
            new Row("RORV", "s 0 0 11010110 mmmmm 001011 nnnnn ddddd", DataProcessingRegister::rorv),
            new Row("CRC32B, CRC32H, CRC32W", "0 0 0 11010110 mmmmm 0100 zz nnnnn ddddd", DataProcessingRegister::crc32),
            new Row("CRC32X", "1 0 0 11010110 mmmmm 0100 11 nnnnn ddddd", DataProcessingRegister::crc32),
            new Row("CRC32CB, CRC32CH, CRC32CW", "0 0 0 11010110 mmmmm 0101 zz nnnnn ddddd", DataProcessingRegister::crc32),
            new Row("CRC32CX", "1 0 0 11010110 mmmmm 0101 11 nnnnn ddddd", DataProcessingRegister::crc32),
            new Row("MADD", "s 00 11011 000 mmmmm 0 aaaaa nnnnn ddddd", DataProcessingRegister::madd),
            new Row("MSUB", "s 00 11011 000 mmmmm 1 aaaaa nnnnn ddddd", DataProcessingRegister::msub),
            new Row("SMADDL", "1 00 11011 001 mmmmm 0 aaaaa nnnnn ddddd", DataProcessingRegister::smaddl),
            new Row("SMSUBL", "1 00 11011 001 mmmmm 1 aaaaa nnnnn ddddd", DataProcessingRegister::smsubl),
            new Row("SMULH", "1 00 11011 010 mmmmm 0 aaaaa nnnnn ddddd", DataProcessingRegister::smulh),
            new Row("UMADDL", "1 00 11011 101 mmmmm 0 aaaaa nnnnn ddddd", DataProcessingRegister::umaddl),
            new Row("UMSUBL", "1 00 11011 101 mmmmm 1 aaaaa nnnnn ddddd", DataProcessingRegister::umsubl),
            new Row("UMULH", "1 00 11011 110 mmmmm 0 aaaaa nnnnn ddddd", DataProcessingRegister::umulh));

    /** True when the shifted-register form is reserved: sf == 0 with imm6<5> set. */
    private static boolean shiftAmountReserved(int insn) {
        return !sf(insn) && (insn & (1 << 15)) != 0;
    }

    /** ShiftReg(m, shift, imm6) for the logical forms (all four shift types allowed). */
    private static long logicalOperand2(Cpu cpu, int insn) {
        return Bits.shiftReg(cpu, sf(insn), rm(insn), (insn >>> 22) & 3, (insn >>> 10) & 0x3F);
    }

    static void andShifted(Cpu cpu, int insn) {
        if (shiftAmountReserved(insn)) {
            cpu.undefined();
        }
        cpu.setX(rd(insn), truncate(sf(insn), cpu.x(rn(insn)) & logicalOperand2(cpu, insn)));
    }

    static void bicShifted(Cpu cpu, int insn) {
        if (shiftAmountReserved(insn)) {
            cpu.undefined();
        }
        cpu.setX(rd(insn), truncate(sf(insn), cpu.x(rn(insn)) & ~logicalOperand2(cpu, insn)));
    }

    static void orrShifted(Cpu cpu, int insn) {
        if (shiftAmountReserved(insn)) {
            cpu.undefined();
        }
        cpu.setX(rd(insn), truncate(sf(insn), cpu.x(rn(insn)) | logicalOperand2(cpu, insn)));
    }

    static void ornShifted(Cpu cpu, int insn) {
        if (shiftAmountReserved(insn)) {
            cpu.undefined();
        }
        cpu.setX(rd(insn), truncate(sf(insn), cpu.x(rn(insn)) | ~logicalOperand2(cpu, insn)));
    }

    static void eorShifted(Cpu cpu, int insn) {
        if (shiftAmountReserved(insn)) {
            cpu.undefined();
        }
        cpu.setX(rd(insn), truncate(sf(insn), cpu.x(rn(insn)) ^ logicalOperand2(cpu, insn)));
    }

    static void eonShifted(Cpu cpu, int insn) {
        if (shiftAmountReserved(insn)) {
            cpu.undefined();
        }
        cpu.setX(rd(insn), truncate(sf(insn), cpu.x(rn(insn)) ^ ~logicalOperand2(cpu, insn)));
    }

    static void andsShifted(Cpu cpu, int insn) {
        if (shiftAmountReserved(insn)) {
            cpu.undefined();
        }
        long result = truncate(sf(insn), cpu.x(rn(insn)) & logicalOperand2(cpu, insn));
        DataProcessingImmediate.setLogicalFlags(cpu, sf(insn), result);
        cpu.setX(rd(insn), result);
    }

    static void bicsShifted(Cpu cpu, int insn) {
        if (shiftAmountReserved(insn)) {
            cpu.undefined();
        }
        long result = truncate(sf(insn), cpu.x(rn(insn)) & ~logicalOperand2(cpu, insn));
        DataProcessingImmediate.setLogicalFlags(cpu, sf(insn), result);
        cpu.setX(rd(insn), result);
    }

    /** True when add/sub (shifted register) is reserved: shift == '11', or sf == 0 with imm6<5> set. */
    private static boolean addSubShiftedReserved(int insn) {
        return ((insn >>> 22) & 3) == Bits.ROR || shiftAmountReserved(insn);
    }

    private static long addSubOperand2(Cpu cpu, int insn) {
        return Bits.shiftReg(cpu, sf(insn), rm(insn), (insn >>> 22) & 3, (insn >>> 10) & 0x3F);
    }

    static void addShifted(Cpu cpu, int insn) {
        if (addSubShiftedReserved(insn)) {
            cpu.undefined();
        }
        cpu.setX(rd(insn), addWithCarry(cpu, sf(insn), cpu.x(rn(insn)), addSubOperand2(cpu, insn), 0, false));
    }

    static void addsShifted(Cpu cpu, int insn) {
        if (addSubShiftedReserved(insn)) {
            cpu.undefined();
        }
        cpu.setX(rd(insn), addWithCarry(cpu, sf(insn), cpu.x(rn(insn)), addSubOperand2(cpu, insn), 0, true));
    }

    static void subShifted(Cpu cpu, int insn) {
        if (addSubShiftedReserved(insn)) {
            cpu.undefined();
        }
        cpu.setX(rd(insn), addWithCarry(cpu, sf(insn), cpu.x(rn(insn)), ~addSubOperand2(cpu, insn), 1, false));
    }

    static void subsShifted(Cpu cpu, int insn) {
        if (addSubShiftedReserved(insn)) {
            cpu.undefined();
        }
        cpu.setX(rd(insn), addWithCarry(cpu, sf(insn), cpu.x(rn(insn)), ~addSubOperand2(cpu, insn), 1, true));
    }

    /** ExtendReg(m, option, imm3), or UNDEFINED when imm3 > 4. */
    private static long extendedOperand2(Cpu cpu, int insn) {
        int shift = (insn >>> 10) & 7;
        if (shift > 4) {
            cpu.undefined();
        }
        return Bits.extendReg(cpu, sf(insn), rm(insn), (insn >>> 13) & 7, shift);
    }

    static void addExtended(Cpu cpu, int insn) {
        long op2 = extendedOperand2(cpu, insn);
        cpu.setXsp(rd(insn), addWithCarry(cpu, sf(insn), cpu.xsp(rn(insn)), op2, 0, false));
    }

    static void addsExtended(Cpu cpu, int insn) {
        long op2 = extendedOperand2(cpu, insn);
        cpu.setX(rd(insn), addWithCarry(cpu, sf(insn), cpu.xsp(rn(insn)), op2, 0, true));
    }

    static void subExtended(Cpu cpu, int insn) {
        long op2 = extendedOperand2(cpu, insn);
        cpu.setXsp(rd(insn), addWithCarry(cpu, sf(insn), cpu.xsp(rn(insn)), ~op2, 1, false));
    }

    static void subsExtended(Cpu cpu, int insn) {
        long op2 = extendedOperand2(cpu, insn);
        cpu.setX(rd(insn), addWithCarry(cpu, sf(insn), cpu.xsp(rn(insn)), ~op2, 1, true));
    }

    static void adc(Cpu cpu, int insn) {
        cpu.setX(rd(insn), addWithCarry(cpu, sf(insn), cpu.x(rn(insn)), cpu.x(rm(insn)), cpu.c ? 1 : 0, false));
    }

    static void adcs(Cpu cpu, int insn) {
        cpu.setX(rd(insn), addWithCarry(cpu, sf(insn), cpu.x(rn(insn)), cpu.x(rm(insn)), cpu.c ? 1 : 0, true));
    }

    static void sbc(Cpu cpu, int insn) {
        cpu.setX(rd(insn), addWithCarry(cpu, sf(insn), cpu.x(rn(insn)), ~cpu.x(rm(insn)), cpu.c ? 1 : 0, false));
    }

    static void sbcs(Cpu cpu, int insn) {
        cpu.setX(rd(insn), addWithCarry(cpu, sf(insn), cpu.x(rn(insn)), ~cpu.x(rm(insn)), cpu.c ? 1 : 0, true));
    }

    /**
     * CCMN/CCMP: if ConditionHolds(cond) the flags of AddWithCarry(Rn, op2, carry), else the flags
     * come from the nzcv field.
     */
    private static void conditionalCompare(Cpu cpu, int insn, long operand2, boolean negate) {
        if (cpu.conditionHolds((insn >>> 12) & 15)) {
            long x = cpu.x(rn(insn));
            if (negate) {
                addWithCarry(cpu, sf(insn), x, ~operand2, 1, true);
            } else {
                addWithCarry(cpu, sf(insn), x, operand2, 0, true);
            }
        } else {
            cpu.setNzcv((long) (insn & 15) << 28);
        }
    }

    static void ccmnReg(Cpu cpu, int insn) {
        conditionalCompare(cpu, insn, cpu.x(rm(insn)), false);
    }

    static void ccmpReg(Cpu cpu, int insn) {
        conditionalCompare(cpu, insn, cpu.x(rm(insn)), true);
    }

    static void ccmnImm(Cpu cpu, int insn) {
        conditionalCompare(cpu, insn, rm(insn), false);
    }

    static void ccmpImm(Cpu cpu, int insn) {
        conditionalCompare(cpu, insn, rm(insn), true);
    }

    private static boolean condition(Cpu cpu, int insn) {
        return cpu.conditionHolds((insn >>> 12) & 15);
    }

    static void csel(Cpu cpu, int insn) {
        long r = condition(cpu, insn) ? cpu.x(rn(insn)) : cpu.x(rm(insn));
        cpu.setX(rd(insn), truncate(sf(insn), r));
    }

    static void csinc(Cpu cpu, int insn) {
        long r = condition(cpu, insn) ? cpu.x(rn(insn)) : cpu.x(rm(insn)) + 1;
        cpu.setX(rd(insn), truncate(sf(insn), r));
    }

    static void csinv(Cpu cpu, int insn) {
        long r = condition(cpu, insn) ? cpu.x(rn(insn)) : ~cpu.x(rm(insn));
        cpu.setX(rd(insn), truncate(sf(insn), r));
    }

    static void csneg(Cpu cpu, int insn) {
        long r = condition(cpu, insn) ? cpu.x(rn(insn)) : -cpu.x(rm(insn));
        cpu.setX(rd(insn), truncate(sf(insn), r));
    }

    static void rbit(Cpu cpu, int insn) {
        long x = cpu.x(rn(insn));
        cpu.setX(rd(insn), sf(insn) ? Long.reverse(x) : Integer.reverse((int) x) & 0xFFFF_FFFFL);
    }

    /** REV16: reverse the bytes in each 16-bit halfword. */
    static void rev16(Cpu cpu, int insn) {
        long x = cpu.x(rn(insn));
        long r = ((x & 0x00FF_00FF_00FF_00FFL) << 8) | ((x >>> 8) & 0x00FF_00FF_00FF_00FFL);
        cpu.setX(rd(insn), truncate(sf(insn), r));
    }

    /** REV32: reverse the bytes in each 32-bit word. */
    static void rev32(Cpu cpu, int insn) {
        long x = cpu.x(rn(insn));
        long lo = Integer.reverseBytes((int) x) & 0xFFFF_FFFFL;
        long hi = Integer.reverseBytes((int) (x >>> 32)) & 0xFFFF_FFFFL;
        cpu.setX(rd(insn), (hi << 32) | lo);
    }

    static void rev(Cpu cpu, int insn) {
        long x = cpu.x(rn(insn));
        cpu.setX(rd(insn), sf(insn) ? Long.reverseBytes(x) : Integer.reverseBytes((int) x) & 0xFFFF_FFFFL);
    }

    static void clz(Cpu cpu, int insn) {
        long x = cpu.x(rn(insn));
        cpu.setX(rd(insn), sf(insn) ? Long.numberOfLeadingZeros(x) : Integer.numberOfLeadingZeros((int) x));
    }

    /** CLS: CountLeadingSignBits(x) = CountLeadingZeroBits(x<N-1:1> EOR x<N-2:0>). */
    static void cls(Cpu cpu, int insn) {
        long x = cpu.x(rn(insn));
        int r;
        if (sf(insn)) {
            r = Long.numberOfLeadingZeros(x ^ (x >> 1)) - 1;
        } else {
            int w = (int) x;
            r = Integer.numberOfLeadingZeros(w ^ (w >> 1)) - 1;
        }
        cpu.setX(rd(insn), r);
    }

    /** UDIV: division by zero gives zero (ARM ARM C6.2 UDIV, no trap in AArch64). */
    static void udiv(Cpu cpu, int insn) {
        boolean sf = sf(insn);
        long n = truncate(sf, cpu.x(rn(insn)));
        long m = truncate(sf, cpu.x(rm(insn)));
        cpu.setX(rd(insn), m == 0 ? 0 : Long.divideUnsigned(n, m));
    }

    /** SDIV: RoundTowardsZero(n / m), zero for m == 0; INT_MIN / -1 wraps to INT_MIN. */
    static void sdiv(Cpu cpu, int insn) {
        boolean sf = sf(insn);
        long n = cpu.x(rn(insn));
        long m = cpu.x(rm(insn));
        long r;
        if (sf) {
            r = m == 0 ? 0 : n / m; // Java's Long.MIN_VALUE / -1 == Long.MIN_VALUE, as the truncation gives
        } else {
            long n32 = (int) n, m32 = (int) m;
            r = m32 == 0 ? 0 : n32 / m32;
        }
        cpu.setX(rd(insn), truncate(sf, r));
    }

    /** The shift amount of LSLV/LSRV/ASRV/RORV: UInt(X[m]) MOD datasize. */
    private static int variableShift(Cpu cpu, int insn) {
        return (int) cpu.x(rm(insn)) & (sf(insn) ? 63 : 31);
    }

    static void lslv(Cpu cpu, int insn) {
        cpu.setX(rd(insn), Bits.shiftReg(cpu, sf(insn), rn(insn), Bits.LSL, variableShift(cpu, insn)));
    }

    static void lsrv(Cpu cpu, int insn) {
        cpu.setX(rd(insn), Bits.shiftReg(cpu, sf(insn), rn(insn), Bits.LSR, variableShift(cpu, insn)));
    }

    static void asrv(Cpu cpu, int insn) {
        cpu.setX(rd(insn), Bits.shiftReg(cpu, sf(insn), rn(insn), Bits.ASR, variableShift(cpu, insn)));
    }

    static void rorv(Cpu cpu, int insn) {
        cpu.setX(rd(insn), Bits.shiftReg(cpu, sf(insn), rn(insn), Bits.ROR, variableShift(cpu, insn)));
    }

    /** Reflected CRC-32 (0x04C11DB7) and CRC-32C (0x1EDC6F41) polynomials, as the bit-reversed form. */
    private static final int CRC32_REFLECTED = 0xEDB8_8320;
    private static final int CRC32C_REFLECTED = 0x82F6_3B78;
    private static final int[] CRC32_TABLE = crcTable(CRC32_REFLECTED);
    private static final int[] CRC32C_TABLE = crcTable(CRC32C_REFLECTED);

    /** The byte-at-a-time table of the reflected CRC: entry b is the update for one input byte b. */
    private static int[] crcTable(int poly) {
        int[] t = new int[256];
        for (int b = 0; b < 256; b++) {
            int crc = b;
            for (int i = 0; i < 8; i++) {
                crc = (crc >>> 1) ^ ((crc & 1) != 0 ? poly : 0);
            }
            t[b] = crc;
        }
        return t;
    }

    /**
     * CRC32{B,H,W,X} / CRC32C{B,H,W,X}: the ARM ARM's BitReverse/Poly32Mod2 formulation is the standard
     * reflected CRC update (no inversion), applied here a byte at a time to the low 8 << sz bits of Rm.
     */
    static void crc32(Cpu cpu, int insn) {
        int sz = (insn >>> 10) & 3;
        if ((sz == 3) != sf(insn)) {
            cpu.undefined(); // sf == 1 goes only with sz == 11 (the X forms)
        }
        int[] table = (insn & (1 << 12)) != 0 ? CRC32C_TABLE : CRC32_TABLE;
        int crc = (int) cpu.x(rn(insn));
        long data = cpu.x(rm(insn));
        for (int i = 0; i < 8 << sz; i += 8) {
            crc = (crc >>> 8) ^ table[(crc ^ (int) (data >>> i)) & 0xFF];
        }
        cpu.setW(rd(insn), crc);
    }

    private static int ra(int insn) {
        return (insn >>> 10) & 31;
    }

    static void madd(Cpu cpu, int insn) {
        long r = cpu.x(ra(insn)) + cpu.x(rn(insn)) * cpu.x(rm(insn));
        cpu.setX(rd(insn), truncate(sf(insn), r));
    }

    static void msub(Cpu cpu, int insn) {
        long r = cpu.x(ra(insn)) - cpu.x(rn(insn)) * cpu.x(rm(insn));
        cpu.setX(rd(insn), truncate(sf(insn), r));
    }

    static void smaddl(Cpu cpu, int insn) {
        long product = (long) (int) cpu.x(rn(insn)) * (int) cpu.x(rm(insn));
        cpu.setX(rd(insn), cpu.x(ra(insn)) + product);
    }

    static void smsubl(Cpu cpu, int insn) {
        long product = (long) (int) cpu.x(rn(insn)) * (int) cpu.x(rm(insn));
        cpu.setX(rd(insn), cpu.x(ra(insn)) - product);
    }

    static void umaddl(Cpu cpu, int insn) {
        long product = (cpu.x(rn(insn)) & 0xFFFF_FFFFL) * (cpu.x(rm(insn)) & 0xFFFF_FFFFL);
        cpu.setX(rd(insn), cpu.x(ra(insn)) + product);
    }

    static void umsubl(Cpu cpu, int insn) {
        long product = (cpu.x(rn(insn)) & 0xFFFF_FFFFL) * (cpu.x(rm(insn)) & 0xFFFF_FFFFL);
        cpu.setX(rd(insn), cpu.x(ra(insn)) - product);
    }

    /** SMULH: bits 127:64 of the signed 128-bit product (Ra is ignored). */
    static void smulh(Cpu cpu, int insn) {
        cpu.setX(rd(insn), Math.multiplyHigh(cpu.x(rn(insn)), cpu.x(rm(insn))));
    }

    static void umulh(Cpu cpu, int insn) {
        long a = cpu.x(rn(insn)), b = cpu.x(rm(insn));
        // The signed high product corrected for the operands' sign bits (Java 17 has no unsignedMultiplyHigh).
        cpu.setX(rd(insn), Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a));
    }
}
