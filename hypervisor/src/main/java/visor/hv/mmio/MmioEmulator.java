package visor.hv.mmio;

import visor.cpu.Cpu;

/**
 * Completes a guest load or store that stage 2 trapped because it targets an emulated device, as EL2
 * software does: from the syndrome when ESR_EL2.ISV = 1, otherwise by decoding the faulting instruction
 * (pairs, writeback, SIMD&FP registers) and performing each of its accesses (ARM ARM C3.3, C4.1.4).
 * The guest's registers are on {@code cpu}; the guest SP is the one SPSR_EL2 selects.
 */
public final class MmioEmulator {
    /** Why an access could not be emulated. */
    public static final class Unsupported extends Exception {
        public Unsupported(String message) {
            super(message);
        }
    }

    /** The one instruction being emulated; reused so that an exit allocates nothing. */
    private final Access access = new Access();

    /** ESR_EL2.ISV = 1: size, sign extension, register and direction all come from the syndrome (D13.2.39). */
    public static void emulateSyndrome(Cpu cpu, long esr, long ipa, GuestBus bus) {
        int size = 1 << ((esr >>> 22) & 3);
        boolean signExtend = (esr & (1L << 21)) != 0;
        int rt = (int) (esr >>> 16) & 31;
        boolean sixtyFour = (esr & (1L << 15)) != 0;
        boolean write = (esr & (1L << 6)) != 0;
        if (write) {
            bus.write(ipa, size, rt == 31 ? 0 : cpu.x[rt] & mask(size));
        } else {
            long value = bus.read(ipa, size);
            if (signExtend) {
                value = signExtend(value, size);
            }
            cpu.setX(rt, sixtyFour ? value : value & 0xFFFF_FFFFL);
        }
    }

    /**
     * ESR_EL2.ISV = 0: emulates {@code insn}, whose first access faulted at {@code faultVa} / {@code faultIpa}.
     */
    public void emulateInstruction(Cpu cpu, int insn, long faultVa, long faultIpa, GuestBus bus)
            throws Unsupported {
        Access a = access.set(cpu, faultVa, faultIpa, bus);
        if ((insn & 0x3B00_0000) == 0x3900_0000) {
            // Load/store register (unsigned immediate): size 111 V 01 opc imm12 Rn Rt
            int scale = scale(insn);
            long offset = ((insn >>> 10) & 0xFFFL) << scale;
            single(a, insn, a.base(insn) + offset, false, 0);
        } else if ((insn & 0x3B20_0000) == 0x3800_0000) {
            // Unscaled, post-index, unprivileged, pre-index: size 111 V 00 opc 0 imm9 op2 Rn Rt
            long imm9 = (long) (insn << 11) >> 23;
            int op2 = (insn >>> 10) & 3;
            long base = a.base(insn);
            switch (op2) {
                case 0, 2 -> single(a, insn, base + imm9, false, 0);
                case 1 -> single(a, insn, base, true, base + imm9);
                default -> single(a, insn, base + imm9, true, base + imm9);
            }
        } else if ((insn & 0x3B20_0C00) == 0x3820_0800) {
            // Register offset: size 111 V 00 opc 1 Rm option S 10 Rn Rt
            int rm = (insn >>> 16) & 31;
            int option = (insn >>> 13) & 7;
            boolean shift = (insn & (1 << 12)) != 0;
            long offset = extend(rm == 31 ? 0 : cpu.x[rm], option);
            if (shift) {
                offset <<= scale(insn);
            }
            single(a, insn, a.base(insn) + offset, false, 0);
        } else if ((insn & 0x3A00_0000) == 0x2800_0000) {
            pair(a, insn);
        } else {
            throw new Unsupported(String.format("MMIO access by instruction %08x (exclusive, atomic or literal form)", insn));
        }
        cpu.elr[2] += 4;
    }

    private static int scale(int insn) {
        boolean simd = (insn & (1 << 26)) != 0;
        int size = insn >>> 30;
        int opc = (insn >>> 22) & 3;
        return simd && (opc & 2) != 0 ? 4 : size;
    }

    private static void single(Access a, int insn, long address, boolean writeback, long newBase) throws Unsupported {
        int size = insn >>> 30;
        int opc = (insn >>> 22) & 3;
        int rt = insn & 31;
        Cpu cpu = a.cpu;
        if ((insn & (1 << 26)) != 0) {
            int log2 = (opc & 2) != 0 ? 4 : size;
            if ((opc & 2) != 0 && size != 0) {
                throw new Unsupported(String.format("unallocated SIMD&FP load/store %08x", insn));
            }
            simdTransfer(a, rt, address, log2, (opc & 1) != 0);
        } else if (opc == 0) {
            a.write(address, 1 << size, rt == 31 ? 0 : cpu.x[rt]);
        } else if (opc == 1) {
            a.setRt(rt, a.read(address, 1 << size));
        } else if (size == 3 || (size == 2 && opc == 3)) {
            throw new Unsupported(String.format("PRFM or unallocated form %08x", insn));
        } else {
            long value = signExtend(a.read(address, 1 << size), 1 << size);
            a.setRt(rt, opc == 3 ? value & 0xFFFF_FFFFL : value);
        }
        if (writeback) {
            a.setBase(insn, newBase);
        }
    }

    private static void pair(Access a, int insn) throws Unsupported {
        int opc = insn >>> 30;
        boolean simd = (insn & (1 << 26)) != 0;
        int index = (insn >>> 23) & 3;
        boolean load = (insn & (1 << 22)) != 0;
        int rt = insn & 31;
        int rt2 = (insn >>> 10) & 31;
        int log2 = simd ? 2 + opc : 2 + (opc >>> 1);
        if (opc == 3 || (!simd && opc == 1 && (!load || index == 0))) {
            throw new Unsupported(String.format("unallocated load/store pair %08x", insn));
        }
        long imm7 = ((long) (insn << 10) >> 25) << log2;
        long base = a.base(insn);
        long address = index == 1 ? base : base + imm7;
        int size = 1 << log2;
        if (simd) {
            simdTransfer(a, rt, address, log2, load);
            simdTransfer(a, rt2, address + size, log2, load);
        } else if (load) {
            boolean signed = opc == 1;
            long v1 = a.read(address, size);
            long v2 = a.read(address + size, size);
            a.setRt(rt, signed ? signExtend(v1, 4) : v1);
            a.setRt(rt2, signed ? signExtend(v2, 4) : v2);
        } else {
            Cpu cpu = a.cpu;
            a.write(address, size, rt == 31 ? 0 : cpu.x[rt]);
            a.write(address + size, size, rt2 == 31 ? 0 : cpu.x[rt2]);
        }
        if (index == 1 || index == 3) {
            a.setBase(insn, base + imm7);
        }
    }

    private static void simdTransfer(Access a, int rt, long address, int log2, boolean load) {
        Cpu cpu = a.cpu;
        cpu.checkFpAccess();
        int size = Math.min(1 << log2, 8);
        if (load) {
            long lo = a.read(address, size);
            long hi = log2 == 4 ? a.read(address + 8, 8) : 0;
            cpu.vreg[2 * rt] = lo;
            cpu.vreg[2 * rt + 1] = hi;
        } else {
            a.write(address, size, cpu.vreg[2 * rt]);
            if (log2 == 4) {
                a.write(address + 8, 8, cpu.vreg[2 * rt + 1]);
            }
        }
    }

    /** ExtendReg for register-offset addressing: option UXTW (010), LSL/UXTX (011), SXTW (110), SXTX (111). */
    private static long extend(long value, int option) {
        return switch (option) {
            case 2 -> value & 0xFFFF_FFFFL;
            case 6 -> (long) (int) value;
            default -> value;
        };
    }

    static long signExtend(long value, int size) {
        int shift = 64 - 8 * size;
        return shift == 0 ? value : (value << shift) >> shift;
    }

    private static long mask(int size) {
        return size == 8 ? -1L : (1L << (8 * size)) - 1;
    }

    /** The addressing context of one emulated instruction. */
    private static final class Access {
        Cpu cpu;
        long faultVa;
        long faultIpa;
        GuestBus bus;
        /** SPSR_EL2.M[0] with EL1 selects SP_EL1, otherwise SP_EL0 (the guest's SP at the fault). */
        int spIndex;

        Access set(Cpu cpu, long faultVa, long faultIpa, GuestBus bus) {
            this.cpu = cpu;
            this.faultVa = faultVa;
            this.faultIpa = faultIpa;
            this.bus = bus;
            int m = (int) cpu.spsr[2] & 0xF;
            this.spIndex = (m & 1) != 0 ? m >>> 2 : 0;
            return this;
        }

        long base(int insn) {
            int rn = (insn >>> 5) & 31;
            return rn == 31 ? cpu.spEl(spIndex) : cpu.x[rn];
        }

        void setBase(int insn, long value) {
            int rn = (insn >>> 5) & 31;
            if (rn == 31) {
                cpu.setSpEl(spIndex, value);
            } else {
                cpu.x[rn] = value;
            }
        }

        void setRt(int rt, long value) {
            cpu.setX(rt, value);
        }

        private long ipa(long va, boolean write) {
            if ((va & ~0xFFFL) == (faultVa & ~0xFFFL)) {
                return faultIpa + (va - faultVa);
            }
            return bus.ipaOf(va, write);
        }

        long read(long va, int size) {
            return bus.read(ipa(va, false), size);
        }

        void write(long va, int size, long value) {
            bus.write(ipa(va, true), size, size == 8 ? value : value & ((1L << (8 * size)) - 1));
        }
    }
}
