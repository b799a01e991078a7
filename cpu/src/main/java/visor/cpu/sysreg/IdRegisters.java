package visor.cpu.sysreg;

import static visor.cpu.sysreg.SystemRegisters.HCR_TDZ;
import static visor.cpu.sysreg.SystemRegisters.HCR_TID1;
import static visor.cpu.sysreg.SystemRegisters.HCR_TID2;
import static visor.cpu.sysreg.SystemRegisters.HCR_TID3;
import static visor.cpu.sysreg.SystemRegisters.SCTLR_DZE;
import static visor.cpu.sysreg.SystemRegisters.SCTLR_UCT;
import static visor.cpu.sysreg.SystemRegisters.def;

import visor.cpu.Cpu;

/**
 * Identification registers: Cortex-A53 r0p4 values (Cortex-A53 TRM 4.3) adjusted to the model: EL3
 * present only on a core reset into EL3, AArch64 only at every EL, no Cryptographic Extension (as on the BCM2837), little-endian only.
 */
final class IdRegisters {
    private IdRegisters() {
    }

    /** EL0, EL1, EL2 AArch64 only; EL3 not implemented; FP and AdvSIMD implemented; no GIC CPU interface. */
    static final long ID_AA64PFR0 = 0x0000_0000_0000_0111L;
    /** The same with EL3 implemented, AArch64 only (field EL3, bits 15:12). */
    static final long ID_AA64PFR0_WITH_EL3 = ID_AA64PFR0 | 0x1000L;
    /** DebugVer v8, PMUv3, 6 breakpoints, 4 watchpoints, 2 context-aware breakpoints. */
    static final long ID_AA64DFR0 = 0x0000_0000_1030_5106L;
    /** CRC32 only (no AES/SHA). */
    static final long ID_AA64ISAR0 = 0x0000_0000_0001_0000L;
    /** 40-bit PA, 16-bit ASID, no mixed-endian, Secure/Non-secure distinction, 4K and 64K granules. */
    static final long ID_AA64MMFR0 = 0x0000_0000_0000_1022L;
    static final long CTR = 0x8444_8004L;
    /** DCZID_EL0.BS = 4: DC ZVA zeroes 64 bytes. */
    static final int DCZID_BS = 4;
    /** L1 I+D, unified L2; LoUU 1, LoC 2, LoUIS 1. */
    static final long CLIDR = 0x0A20_0023L;
    /** CCSIDR_EL1 for L1 D (32 KiB 4-way), L1 I (32 KiB 2-way), L2 (512 KiB 16-way), 64-byte lines. */
    static final long CCSIDR_L1D = 0x700F_E01AL, CCSIDR_L1I = 0x201F_E00AL, CCSIDR_L2 = 0x703F_E07AL;

    static void define() {
        // EL1 reads the virtualized values only while EL2 is enabled (Non-secure, ARM ARM EL2Enabled()).
        def("MIDR_EL1", 3, 0, 0, 0, 0, 1).ro(cpu -> physicalIds(cpu) ? cpu.sys.midr : cpu.sys.vpidrEl2);
        def("MPIDR_EL1", 3, 0, 0, 0, 5, 1).ro(cpu -> physicalIds(cpu) ? cpu.sys.mpidr : cpu.sys.vmpidrEl2);
        def("REVIDR_EL1", 3, 0, 0, 0, 6, 1).hcr(HCR_TID1).ro(cpu -> cpu.sys.revidr);

        // The ID group 3 space (op0 3, op1 0, CRn 0, CRm 1-7): unallocated encodings read as zero.
        for (int crm = 1; crm <= 7; crm++) {
            for (int op2 = 0; op2 < 8; op2++) {
                long value = id3Value(crm, op2);
                String name = id3Name(crm, op2);
                SystemRegisters.Def d = def(name, 3, 0, 0, crm, op2, 1).hcr(HCR_TID3, 0);
                if (crm == 4 && op2 == 0) {
                    d.ro(cpu -> cpu.hasEl3 ? ID_AA64PFR0_WITH_EL3 : ID_AA64PFR0);
                } else {
                    d.constant(value);
                }
            }
        }

        def("CCSIDR_EL1", 3, 1, 0, 0, 0, 1).hcr(HCR_TID2, 0).ro(IdRegisters::ccsidr);
        def("CLIDR_EL1", 3, 1, 0, 0, 1, 1).hcr(HCR_TID2, 0).constant(CLIDR);
        def("AIDR_EL1", 3, 1, 0, 0, 7, 1).hcr(HCR_TID1, 0).constant(0);
        def("CSSELR_EL1", 3, 2, 0, 0, 0, 1).hcr(HCR_TID2)
                .rw(cpu -> cpu.sys.csselrEl1, (cpu, v) -> cpu.sys.csselrEl1 = v & 0xF);
        def("CTR_EL0", 3, 3, 0, 0, 1, 0).el0((cpu, read) -> (cpu.mmu.sctlrEl1 & SCTLR_UCT) != 0)
                .hcr(HCR_TID2, 0).constant(CTR);
        def("DCZID_EL0", 3, 3, 0, 0, 7, 0).ro(cpu -> DCZID_BS | (dcZvaProhibited(cpu) ? 1 << 4 : 0));
        def("VPIDR_EL2", 3, 4, 0, 0, 0, 2)
                .rw(cpu -> cpu.sys.vpidrEl2, (cpu, v) -> cpu.sys.vpidrEl2 = v & 0xFFFF_FFFFL);
        def("VMPIDR_EL2", 3, 4, 0, 0, 5, 2)
                .rw(cpu -> cpu.sys.vmpidrEl2, (cpu, v) -> cpu.sys.vmpidrEl2 = v & 0xFF_C1FF_FFFFL | 0x8000_0000L);
    }

    private static boolean physicalIds(Cpu cpu) {
        return cpu.el >= 2 || !cpu.el2Enabled();
    }

    /** DCZID_EL0.DZP: DC ZVA would be trapped (SCTLR_EL1.DZE at EL0, HCR_EL2.TDZ at EL0/EL1). */
    static boolean dcZvaProhibited(Cpu cpu) {
        return (cpu.el == 0 && (cpu.mmu.sctlrEl1 & SCTLR_DZE) == 0)
                || (cpu.el < 2 && (cpu.mmu.hcrEl2 & HCR_TDZ) != 0);
    }

    private static long ccsidr(Cpu cpu) {
        return switch ((int) cpu.sys.csselrEl1 & 0xF) {
            case 0 -> CCSIDR_L1D;
            case 1 -> CCSIDR_L1I;
            case 2 -> CCSIDR_L2;
            default -> 0; // UNKNOWN for a cache level that is not implemented
        };
    }

    private static long id3Value(int crm, int op2) {
        return switch (crm * 8 + op2) {
            case 8 -> 0x0000_0131L;   // ID_PFR0_EL1
            case 9 -> 0x0001_1011L;   // ID_PFR1_EL1
            case 10 -> 0x0301_0066L;  // ID_DFR0_EL1
            case 12 -> 0x1010_1105L;  // ID_MMFR0_EL1
            case 13 -> 0x4000_0000L;  // ID_MMFR1_EL1
            case 14 -> 0x0126_0000L;  // ID_MMFR2_EL1
            case 15 -> 0x0210_2211L;  // ID_MMFR3_EL1
            case 16 -> 0x0210_1110L;  // ID_ISAR0_EL1
            case 17 -> 0x1311_2111L;  // ID_ISAR1_EL1
            case 18 -> 0x2123_2042L;  // ID_ISAR2_EL1
            case 19 -> 0x0111_2131L;  // ID_ISAR3_EL1
            case 20 -> 0x0001_1142L;  // ID_ISAR4_EL1
            case 21 -> 0x0001_0001L;  // ID_ISAR5_EL1: SEVL, CRC32, no crypto
            case 24 -> 0x1011_0222L;  // MVFR0_EL1
            case 25 -> 0x1211_1111L;  // MVFR1_EL1
            case 26 -> 0x0000_0043L;  // MVFR2_EL1
            case 32 -> ID_AA64PFR0;
            case 40 -> ID_AA64DFR0;
            case 48 -> ID_AA64ISAR0;
            case 56 -> ID_AA64MMFR0;
            default -> 0;
        };
    }

    private static String id3Name(int crm, int op2) {
        return switch (crm * 8 + op2) {
            case 8 -> "ID_PFR0_EL1";
            case 9 -> "ID_PFR1_EL1";
            case 10 -> "ID_DFR0_EL1";
            case 11 -> "ID_AFR0_EL1";
            case 12 -> "ID_MMFR0_EL1";
            case 13 -> "ID_MMFR1_EL1";
            case 14 -> "ID_MMFR2_EL1";
            case 15 -> "ID_MMFR3_EL1";
            case 16 -> "ID_ISAR0_EL1";
            case 17 -> "ID_ISAR1_EL1";
            case 18 -> "ID_ISAR2_EL1";
            case 19 -> "ID_ISAR3_EL1";
            case 20 -> "ID_ISAR4_EL1";
            case 21 -> "ID_ISAR5_EL1";
            case 22 -> "ID_MMFR4_EL1";
            case 24 -> "MVFR0_EL1";
            case 25 -> "MVFR1_EL1";
            case 26 -> "MVFR2_EL1";
            case 32 -> "ID_AA64PFR0_EL1";
            case 33 -> "ID_AA64PFR1_EL1";
            case 36 -> "ID_AA64ZFR0_EL1";
            case 40 -> "ID_AA64DFR0_EL1";
            case 41 -> "ID_AA64DFR1_EL1";
            case 44 -> "ID_AA64AFR0_EL1";
            case 45 -> "ID_AA64AFR1_EL1";
            case 48 -> "ID_AA64ISAR0_EL1";
            case 49 -> "ID_AA64ISAR1_EL1";
            case 56 -> "ID_AA64MMFR0_EL1";
            case 57 -> "ID_AA64MMFR1_EL1";
            case 58 -> "ID_AA64MMFR2_EL1";
            default -> SysRegEncoding.name(SysRegEncoding.key(3, 0, 0, crm, op2));
        };
    }
}
