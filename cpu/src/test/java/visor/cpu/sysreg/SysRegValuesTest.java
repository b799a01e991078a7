package visor.cpu.sysreg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static visor.cpu.a64.SystemTestSupport.esr;
import static visor.cpu.sysreg.SysRegTestSupport.exec;
import static visor.cpu.sysreg.SysRegTestSupport.mrs;
import static visor.cpu.sysreg.SysRegTestSupport.msr;

import org.junit.jupiter.api.Test;
import visor.cpu.Cpu;
import visor.cpu.ExceptionClass;
import visor.cpu.TestMachine;

/** MRS values of the identification registers, PSTATE and special-purpose registers, write effects and UNDEFINED accesses. */
class SysRegValuesTest {
    private static final long UNDEFINED = 0x0200_0000L;

    private static long read(int el, int op0, int op1, int crn, int crm, int op2) {
        Cpu cpu = exec(el, mrs(op0, op1, crn, crm, op2, 5));
        assertEquals(el, cpu.el, "no exception");
        return cpu.x[5];
    }

    @Test
    void identificationRegistersHoldCortexA53Values() {
        assertEquals(0x410F_D034L, read(1, 3, 0, 0, 0, 0), "MIDR_EL1");
        assertEquals(0x410F_D034L, read(2, 3, 0, 0, 0, 0), "MIDR_EL1 at EL2");
        assertEquals(0x8000_0000L, read(1, 3, 0, 0, 0, 5), "MPIDR_EL1 core 0");
        assertEquals(0L, read(1, 3, 0, 0, 0, 6), "REVIDR_EL1");
        assertEquals(0x111L, read(1, 3, 0, 0, 4, 0), "ID_AA64PFR0_EL1: EL0-2 AArch64 only, no EL3, FP+AdvSIMD");
        assertEquals(0L, read(1, 3, 0, 0, 4, 1), "ID_AA64PFR1_EL1");
        assertEquals(0x1030_5106L, read(1, 3, 0, 0, 5, 0), "ID_AA64DFR0_EL1");
        assertEquals(0L, read(1, 3, 0, 0, 5, 1), "ID_AA64DFR1_EL1");
        assertEquals(0L, read(1, 3, 0, 0, 5, 4), "ID_AA64AFR0_EL1");
        assertEquals(0x0001_0000L, read(1, 3, 0, 0, 6, 0), "ID_AA64ISAR0_EL1: CRC32");
        assertEquals(0L, read(1, 3, 0, 0, 6, 1), "ID_AA64ISAR1_EL1");
        assertEquals(0x1022L, read(1, 3, 0, 0, 7, 0), "ID_AA64MMFR0_EL1");
        assertEquals(0L, read(1, 3, 0, 0, 7, 1), "ID_AA64MMFR1_EL1");
        assertEquals(0L, read(1, 3, 0, 0, 7, 2), "ID_AA64MMFR2_EL1");
        assertEquals(0x131L, read(1, 3, 0, 0, 1, 0), "ID_PFR0_EL1");
        assertEquals(0x0301_0066L, read(1, 3, 0, 0, 1, 2), "ID_DFR0_EL1");
        assertEquals(0x1010_1105L, read(1, 3, 0, 0, 1, 4), "ID_MMFR0_EL1");
        assertEquals(0x0210_1110L, read(1, 3, 0, 0, 2, 0), "ID_ISAR0_EL1");
        assertEquals(0x0001_0001L, read(1, 3, 0, 0, 2, 5), "ID_ISAR5_EL1");
        assertEquals(0x1011_0222L, read(1, 3, 0, 0, 3, 0), "MVFR0_EL1");
        assertEquals(0x1211_1111L, read(1, 3, 0, 0, 3, 1), "MVFR1_EL1");
        assertEquals(0x43L, read(1, 3, 0, 0, 3, 2), "MVFR2_EL1");
        assertEquals(0L, read(1, 3, 0, 0, 3, 7), "reserved ID encodings read as zero");
        assertEquals(0x0A20_0023L, read(1, 3, 1, 0, 0, 1), "CLIDR_EL1");
        assertEquals(0L, read(1, 3, 1, 0, 0, 7), "AIDR_EL1");
        assertEquals(0x8444_8004L, read(1, 3, 3, 0, 0, 1), "CTR_EL0");
        assertEquals(4L, read(1, 3, 3, 0, 0, 7), "DCZID_EL0: 64-byte blocks, permitted");
    }

    @Test
    void midrAndMpidrReadAtEl1ReturnVpidrAndVmpidr() {
        Cpu cpu = exec(1, c -> {
            c.sys.vpidrEl2 = 0x4100_0000L;
            c.sys.vmpidrEl2 = 0x8000_0003L;
        }, mrs(3, 0, 0, 0, 0, 1), mrs(3, 0, 0, 0, 5, 2));
        assertEquals(0x4100_0000L, cpu.x[1]);
        assertEquals(0x8000_0003L, cpu.x[2]);
        Cpu el2 = exec(2, c -> c.sys.vmpidrEl2 = 0x8000_0003L, mrs(3, 0, 0, 0, 5, 2));
        assertEquals(0x8000_0000L, el2.x[2], "EL2 sees the real MPIDR_EL1");
    }

    @Test
    void mpidrCarriesTheCoreNumber() {
        TestMachine m = new TestMachine(2);
        Cpu other = new Cpu(3, m.memory, m.cpu.codeCache, m.clock);
        assertEquals(0x8000_0003L, other.sys.mpidr);
        assertEquals(0x8000_0003L, other.sys.vmpidrEl2);
    }

    @Test
    void ccsidrFollowsCsselr() {
        Cpu cpu = exec(1, c -> {
            c.x[1] = 1;
            c.x[2] = 2;
        }, mrs(3, 1, 0, 0, 0, 3), msr(3, 2, 0, 0, 0, 1), mrs(3, 1, 0, 0, 0, 4), msr(3, 2, 0, 0, 0, 2),
                mrs(3, 1, 0, 0, 0, 5), mrs(3, 2, 0, 0, 0, 6));
        assertEquals(0x700F_E01AL, cpu.x[3], "L1 data");
        assertEquals(0x201F_E00AL, cpu.x[4], "L1 instruction");
        assertEquals(0x703F_E07AL, cpu.x[5], "L2");
        assertEquals(2L, cpu.x[6], "CSSELR_EL1");
    }

    @Test
    void dczidReportsProhibitedZva() {
        Cpu el0 = exec(0, mrs(3, 3, 0, 0, 7, 1));
        assertEquals(0x14L, el0.x[1], "SCTLR_EL1.DZE = 0 at EL0");
        Cpu tdz = exec(1, c -> c.mmu.hcrEl2 = SystemRegisters.HCR_TDZ, mrs(3, 3, 0, 0, 7, 1));
        assertEquals(0x14L, tdz.x[1], "HCR_EL2.TDZ at EL1");
        Cpu el2 = exec(2, c -> c.mmu.hcrEl2 = SystemRegisters.HCR_TDZ, mrs(3, 3, 0, 0, 7, 1));
        assertEquals(4L, el2.x[1]);
    }

    @Test
    void undefinedAccesses() {
        assertEquals(UNDEFINED, exec(0, mrs(3, 0, 1, 0, 0, 0)).esr[1], "SCTLR_EL1 at EL0");
        assertEquals(UNDEFINED, exec(0, mrs(3, 0, 0, 0, 0, 0)).esr[1], "MIDR_EL1 at EL0");
        assertEquals(UNDEFINED, exec(0, mrs(3, 0, 4, 2, 2, 0)).esr[1], "CurrentEL at EL0");
        assertEquals(UNDEFINED, exec(1, mrs(3, 4, 1, 1, 0, 0)).esr[1], "HCR_EL2 at EL1");
        assertEquals(UNDEFINED, exec(1, msr(3, 4, 4, 1, 0, 0)).esr[1], "SP_EL1 at EL1");
        assertEquals(UNDEFINED, exec(1, msr(3, 4, 14, 0, 3, 0)).esr[1], "CNTVOFF_EL2 at EL1");
        assertEquals(UNDEFINED, exec(1, msr(3, 0, 0, 0, 0, 0)).esr[1], "write to MIDR_EL1");
        assertEquals(UNDEFINED, exec(1, msr(3, 3, 0, 0, 1, 0)).esr[1], "write to CTR_EL0");
        assertEquals(UNDEFINED, exec(1, msr(3, 3, 14, 0, 1, 0)).esr[1], "write to CNTPCT_EL0");
        assertEquals(UNDEFINED, exec(1, msr(3, 3, 14, 0, 0, 0)).esr[1], "CNTFRQ_EL0 written below EL2");
        assertEquals(UNDEFINED, exec(0, msr(3, 3, 13, 0, 3, 0)).esr[1], "TPIDRRO_EL0 written at EL0");
        assertEquals(UNDEFINED, exec(1, mrs(2, 0, 1, 0, 4, 0)).esr[1], "read of OSLAR_EL1");
        assertEquals(UNDEFINED, exec(1, mrs(3, 0, 15, 15, 7, 0)).esr[1], "unallocated encoding");
        assertEquals(UNDEFINED, exec(2, mrs(3, 6, 1, 0, 0, 0)).esr[2], "SCTLR_EL3: no EL3");
        assertEquals(UNDEFINED, exec(2, mrs(3, 4, 4, 3, 0, 0)).esr[2], "SPSR_irq: no AArch32");
        assertEquals(UNDEFINED, exec(1, 0xd5287500).esr[1], "SYSL");
        assertEquals(UNDEFINED, exec(1, c -> c.setElAndSpSel(1, false), mrs(3, 0, 4, 1, 0, 0)).esr[1],
                "SP_EL0 while it is the stack pointer");
        assertEquals(UNDEFINED, exec(1, msr(1, 4, 7, 8, 4, 0)).esr[1], "AT S12E1R at EL1");
        assertEquals(UNDEFINED, exec(0, msr(1, 0, 7, 8, 2, 0)).esr[1], "AT S1E0R at EL0");
        assertEquals(UNDEFINED, exec(1, msr(1, 4, 8, 7, 0, 0)).esr[1], "TLBI ALLE2 at EL1");
        assertEquals(UNDEFINED, exec(0, msr(1, 0, 8, 7, 0, 0)).esr[1], "TLBI VMALLE1 at EL0");
        assertEquals(UNDEFINED, exec(0, msr(1, 0, 7, 5, 0, 0)).esr[1], "IC IALLU at EL0");
        assertEquals(UNDEFINED, exec(0, msr(1, 0, 7, 6, 2, 0)).esr[1], "DC ISW at EL0");
    }

    @Test
    void pstateRegisters() {
        Cpu cpu = exec(1, c -> {
            c.n = true;
            c.v = true;
            c.daif = 0x140;
            c.x[1] = 0x6000_0000L;
            c.x[2] = 0x80;
        }, mrs(3, 3, 4, 2, 0, 3), msr(3, 3, 4, 2, 0, 1), mrs(3, 3, 4, 2, 1, 4), msr(3, 3, 4, 2, 1, 2),
                mrs(3, 0, 4, 2, 2, 5), mrs(3, 0, 4, 2, 0, 6));
        assertEquals(0x9000_0000L, cpu.x[3], "NZCV: N and V");
        assertFalse(cpu.n);
        assertEquals(0x6000_0000L, cpu.nzcv(), "Z and C written");
        assertEquals(0x140L, cpu.x[4], "DAIF");
        assertEquals(0x80, cpu.daif);
        assertEquals(4L, cpu.x[5], "CurrentEL = EL1");
        assertEquals(1L, cpu.x[6], "SPSel");
        assertEquals(8L, read(2, 3, 0, 4, 2, 2), "CurrentEL = EL2");
    }

    @Test
    void stackPointerRegisters() {
        Cpu cpu = exec(2, c -> c.x[1] = 0x1234_0000L,
                mrs(3, 0, 4, 1, 0, 2), msr(3, 4, 4, 1, 0, 1), msr(3, 0, 4, 2, 0, 31), mrs(3, 4, 4, 1, 0, 3));
        assertEquals(0x70_0000L, cpu.x[2], "SP_EL0");
        assertEquals(0x1234_0000L, cpu.spEl(1));
        assertFalse(cpu.spSel, "MSR SPSel, XZR selects SP_EL0");
        assertEquals(0x70_0000L, cpu.sp);
        assertEquals(0x1234_0000L, cpu.x[3]);
    }

    @Test
    void exceptionLinkAndSavedStateRegisters() {
        Cpu cpu = exec(2, c -> {
            c.x[1] = 0xFFFF_FFFF_FFFF_FFFFL;
            c.x[2] = 0x1234_5678L;
        }, msr(3, 0, 4, 0, 1, 2), msr(3, 0, 4, 0, 0, 1), msr(3, 4, 4, 0, 1, 2), msr(3, 4, 4, 0, 0, 1),
                msr(3, 0, 12, 0, 0, 1), msr(3, 0, 5, 2, 0, 1));
        assertEquals(0x1234_5678L, cpu.elr[1]);
        assertEquals(0xF030_03DFL, cpu.spsr[1], "SPSR_EL1 keeps NZCV SS IL DAIF M");
        assertEquals(0x1234_5678L, cpu.elr[2]);
        assertEquals(0xF030_03DFL, cpu.spsr[2]);
        assertEquals(0xFFFF_FFFF_FFFF_F800L, cpu.vbar[1], "VBAR_EL1 bits 10:0 RES0");
        assertEquals(0xFFFF_FFFFL, cpu.esr[1], "ESR_EL1 is 32 bits");
    }

    @Test
    void fpcrAndFpsrKeepImplementedBits() {
        Cpu cpu = exec(0, c -> c.x[1] = -1L, msr(3, 3, 4, 4, 0, 1), msr(3, 3, 4, 4, 1, 1),
                mrs(3, 3, 4, 4, 0, 2), mrs(3, 3, 4, 4, 1, 3));
        assertEquals(0x07C0_0000L, cpu.x[2], "FPCR: AHP DN FZ RMode");
        assertEquals(0x0800_009FL, cpu.x[3], "FPSR: QC and cumulative flags");
    }

    @Test
    void fpcrAccessTrapsWhenFpDisabled() {
        Cpu cpu = exec(0, c -> {
            c.cpacrEl1 = 0;
            c.updateFpAccess();
        }, mrs(3, 3, 4, 4, 0, 2));
        assertEquals(esr(ExceptionClass.FP_ACCESS, 1 << 24 | 0xE << 20), cpu.esr[1]);
    }

    @Test
    void cpacrAndCptrWritesUpdateFpAccess() {
        Cpu cpu = exec(1, msr(3, 0, 1, 0, 2, 31), mrs(3, 3, 4, 4, 0, 2)); // CPACR_EL1 = 0 ; MRS FPCR
        assertEquals(1, cpu.el);
        assertEquals(ExceptionClass.FP_ACCESS, (int) (cpu.esr[1] >>> 26));
        Cpu el2 = exec(2, c -> c.x[1] = 1L << 10, msr(3, 4, 1, 1, 2, 1), mrs(3, 3, 4, 4, 0, 2));
        assertEquals(0x33FFL | 1L << 10, el2.cptrEl2, "TFP set, RES1 bits kept");
        assertEquals(ExceptionClass.FP_ACCESS, (int) (el2.esr[2] >>> 26));
    }

    @Test
    void translationRegisterWritesReachTheMmu() {
        Cpu cpu = exec(2, c -> {
            c.x[1] = 0x0001_0000_4000_0001L;
            c.x[2] = 0xFFFF_FFFF_FFFF_FFFFL;
            c.x[3] = 0x0044_FF04L;
        }, msr(3, 0, 2, 0, 0, 1), msr(3, 0, 2, 0, 1, 1), msr(3, 0, 2, 0, 2, 2), msr(3, 0, 10, 2, 0, 3),
                msr(3, 4, 2, 0, 2, 2), msr(3, 4, 2, 1, 0, 2), msr(3, 4, 2, 1, 2, 2), msr(3, 4, 2, 0, 0, 1),
                msr(3, 4, 10, 2, 0, 3));
        assertEquals(0x0001_0000_4000_0000L, cpu.mmu.ttbr0El1, "CnP RES0 in ARMv8.0");
        assertEquals(0x0001_0000_4000_0000L, cpu.mmu.ttbr1El1);
        assertEquals(0x77_FFFF_FFBFL, cpu.mmu.tcrEl1);
        assertEquals(0x0044_FF04L, cpu.mmu.mairEl1);
        assertEquals(0x8097_FF3FL, cpu.mmu.tcrEl2, "TCR_EL2 fields plus RES1 bits 31 and 23");
        assertEquals(0x00FF_FFFF_FFFF_FFFEL, cpu.mmu.vttbrEl2, "8-bit VMID");
        assertEquals(0x8007_FFFFL, cpu.mmu.vtcrEl2);
        assertEquals(0x0000_0000_4000_0000L, cpu.mmu.ttbr0El2);
        assertEquals(0x0044_FF04L, cpu.mmu.mairEl2);
    }

    @Test
    void sctlrWritesKeepRes1AndDropBigEndian() {
        Cpu cpu = exec(2, c -> c.x[1] = 0L, msr(3, 0, 1, 0, 0, 1), msr(3, 4, 1, 0, 0, 1));
        assertEquals(0x30D0_0800L, cpu.mmu.sctlrEl1);
        assertEquals(0x30C5_0830L, cpu.mmu.sctlrEl2);
        Cpu all = exec(2, c -> c.x[1] = -1L, msr(3, 0, 1, 0, 0, 1), msr(3, 4, 1, 0, 0, 1));
        assertEquals(0x34DD_DBBFL, all.mmu.sctlrEl1, "EE and E0E RES0: little-endian only");
        assertEquals(0x30CD_183FL, all.mmu.sctlrEl2);
    }

    @Test
    void hcrWriteKeepsRwAndTakesEffect() {
        Cpu cpu = exec(2, c -> c.x[1] = 0x0800_0000L, msr(3, 4, 1, 1, 0, 1), mrs(3, 4, 1, 1, 0, 2));
        assertEquals(0x8800_0000L, cpu.x[2], "TGE, RW RES1");
        assertEquals(0x8800_0000L, cpu.mmu.hcrEl2);
        // A pending virtual IRQ becomes visible as soon as HCR_EL2 is written (stateChanged).
        TestMachine m = new TestMachine(2);
        m.memory.write(0x9_0000, 4, 0xd503201f); // nop at the EL1 return address
        m.cpu.elr[2] = 0x9_0000;
        m.cpu.spsr[2] = 0x5; // EL1h, unmasked
        m.cpu.x[1] = 0x90; // IMO | VI
        m.code(msr(3, 4, 1, 1, 0, 1), 0xd69f03e0); // msr hcr_el2, x1 ; eret
        m.run(4);
        assertEquals(1, m.cpu.el);
        assertEquals(TestMachine.VECTORS + 0x200 + Cpu.VECTOR_IRQ, m.cpu.pc);
        assertEquals(0x9_0000L, m.cpu.elr[1]);
    }

    @Test
    void isrShowsPendingInterrupts() {
        Cpu cpu = exec(1, c -> c.setIrqLine(true), mrs(3, 0, 12, 1, 0, 1));
        assertEquals(0x80L, cpu.x[1]);
        Cpu virt = exec(1, c -> c.mmu.hcrEl2 = 0x18 | 0x40, mrs(3, 0, 12, 1, 0, 1)); // FMO IMO VF
        assertEquals(0x40L, virt.x[1], "virtual FIQ only");
    }

    @Test
    void threadIdRegisters() {
        Cpu cpu = exec(1, c -> c.x[1] = 0xABCDL, msr(3, 3, 13, 0, 3, 1), msr(3, 0, 13, 0, 4, 1));
        assertEquals(0xABCDL, cpu.sys.tpidrroEl0);
        assertEquals(0xABCDL, cpu.sys.tpidrEl1);
        Cpu el0 = exec(0, c -> c.sys.tpidrroEl0 = 0x55, mrs(3, 3, 13, 0, 3, 2));
        assertEquals(0x55L, el0.x[2]);
    }

    @Test
    void osLockAndDebugRegisters() {
        Cpu cpu = exec(1, c -> c.x[1] = 0, mrs(2, 0, 1, 1, 4, 2), msr(2, 0, 1, 0, 4, 1), mrs(2, 0, 1, 1, 4, 3));
        assertEquals(0xAL, cpu.x[2], "OSLSR_EL1: OSLM = 0b10, locked after reset");
        assertEquals(0x8L, cpu.x[3], "unlocked by OSLAR_EL1");
        Cpu bp = exec(1, c -> c.x[1] = 0xFFFF_0000_1234_5678L, msr(2, 0, 0, 5, 4, 1), mrs(2, 0, 0, 5, 4, 2));
        assertEquals(0xFFFF_0000_1234_5678L, bp.x[2], "DBGBVR5_EL1 stored");
        assertEquals(UNDEFINED, exec(1, mrs(2, 0, 0, 6, 4, 0)).esr[1], "only six breakpoints");
        assertEquals(UNDEFINED, exec(1, mrs(2, 0, 0, 4, 6, 0)).esr[1], "only four watchpoints");
    }
}
