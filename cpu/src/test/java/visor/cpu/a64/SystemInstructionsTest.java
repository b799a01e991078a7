package visor.cpu.a64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static visor.cpu.a64.SystemTestSupport.machineAt;
import static visor.cpu.a64.SystemTestSupport.run;

import org.junit.jupiter.api.Test;
import visor.cpu.Cpu;
import visor.cpu.TestMachine;
import visor.cpu.Trap;
import visor.mmu.PhysicalMemory;

/** DC, IC, TLBI and AT (ARM ARM C5.3), and the PMU cycle counter. */
class SystemInstructionsTest {
    private static final int DC_ZVA_X1 = 0xd50b7421;   // dc zva, x1
    private static final int DC_CVAC_X1 = 0xd50b7a21;  // dc cvac, x1
    private static final int DC_IVAC_X1 = 0xd5087621;  // dc ivac, x1
    private static final int DC_ISW_X1 = 0xd5087641;   // dc isw, x1
    private static final int IC_IALLU = 0xd508751f;    // ic iallu
    private static final int IC_IVAU_X1 = 0xd50b7521;  // ic ivau, x1
    private static final int TLBI_VMALLE1 = 0xd508871f;   // tlbi vmalle1
    private static final int TLBI_VMALLE1IS = 0xd508831f; // tlbi vmalle1is
    private static final int TLBI_VAE1_X1 = 0xd5088721;   // tlbi vae1, x1
    private static final int TLBI_ALLE2 = 0xd50c871f;     // tlbi alle2
    private static final int TLBI_ALLE1 = 0xd50c879f;     // tlbi alle1
    private static final int TLBI_IPAS2E1IS_X1 = 0xd50c8021; // tlbi ipas2e1is, x1
    private static final int AT_S1E1R_X1 = 0xd5087801;  // at s1e1r, x1
    private static final int AT_S12E1R_X1 = 0xd50c7881; // at s12e1r, x1
    private static final int MRS_X2_TPIDR_EL0 = 0xd53bd042; // mrs x2, tpidr_el0
    private static final int MRS_X3_TPIDR_EL0 = 0xd53bd043; // mrs x3, tpidr_el0
    private static final long HCR_DC = 1L << 12;
    private static final long DATA = 0x2_0000;

    private static void fill(TestMachine m, long from, int bytes) {
        for (int i = 0; i < bytes; i += 8) {
            m.memory.write(from + i, 8, -1L);
        }
    }

    @Test
    void dcZvaZeroesTheAligned64ByteBlock() {
        TestMachine m = machineAt(1);
        TestMachine.normalMemory(m.cpu); // Normal memory with the MMU off
        fill(m, DATA, 256);
        m.cpu.x[1] = DATA + 0x55;
        Cpu cpu = run(m, DC_ZVA_X1);
        assertEquals(0L, cpu.esr[1]);
        assertEquals(-1L, m.memory.read(DATA + 0x38, 8));
        for (long a = DATA + 0x40; a < DATA + 0x80; a += 8) {
            assertEquals(0L, m.memory.read(a, 8), "zeroed at 0x" + Long.toHexString(a));
        }
        assertEquals(-1L, m.memory.read(DATA + 0x80, 8));
    }

    @Test
    void dcZvaAtEl0WithDze() {
        TestMachine m = machineAt(0);
        TestMachine.normalMemory(m.cpu);
        m.cpu.mmu.sctlrEl1 |= 1L << 14;
        fill(m, DATA, 64);
        m.cpu.x[1] = DATA;
        run(m, DC_ZVA_X1);
        assertEquals(0, m.cpu.el);
        assertEquals(0L, m.memory.read(DATA + 0x38, 8));
    }

    @Test
    void dcZvaToDeviceMemoryIsAnAlignmentFault() {
        TestMachine m = machineAt(1); // MMU off: data accesses are Device-nGnRnE
        fill(m, DATA, 64);
        m.cpu.x[1] = DATA + 8;
        Cpu cpu = run(m, DC_ZVA_X1);
        // EC 0x25 (same EL), IL, WnR, DFSC 0b100001.
        assertEquals(0x9600_0061L, cpu.esr[1]);
        assertEquals(DATA + 8, cpu.far[1]);
        assertEquals(-1L, m.memory.read(DATA, 8), "nothing written");
    }

    @Test
    void dcZvaTranslationFaultIsReportedAsAWrite() {
        TestMachine m = machineAt(1);
        TestMachine.normalMemory(m.cpu);
        m.cpu.x[1] = 1L << 48; // outside the 48-bit VA space of the MMU-off map: address size fault
        Cpu cpu = run(m, DC_ZVA_X1);
        assertEquals(0x9600_0040L, cpu.esr[1], "WnR = 1, DFSC address size level 0, CM = 0");
        assertEquals(1L << 48, cpu.far[1]);
    }

    @Test
    void cacheMaintenanceFaultsSetCmAndWnR() {
        TestMachine m = machineAt(1);
        m.cpu.x[1] = 1L << 48;
        Cpu cpu = run(m, DC_CVAC_X1);
        assertEquals(0x9600_0140L, cpu.esr[1], "CM = 1, WnR = 1, DFSC address size level 0");
        assertEquals(1L << 48, cpu.far[1]);
        TestMachine el0 = machineAt(0);
        el0.cpu.mmu.sctlrEl1 |= 1L << 26; // UCI
        el0.cpu.x[1] = 1L << 48;
        Cpu c0 = run(el0, IC_IVAU_X1);
        assertEquals(0x9200_0140L, c0.esr[1], "EC 0x24 from EL0");
    }

    @Test
    void cacheMaintenanceOnMappedMemoryDoesNothing() {
        TestMachine m = machineAt(1);
        fill(m, DATA, 64);
        m.cpu.x[1] = DATA;
        Cpu cpu = run(m, DC_CVAC_X1, DC_IVAC_X1, DC_ISW_X1);
        assertEquals(0L, cpu.esr[1]);
        assertEquals(-1L, m.memory.read(DATA, 8), "DC IVAC does not discard data: no cache is modelled");
    }

    /** Rewrites a code word behind the code cache's back, as a DMA master or another observer could. */
    private static void patchWithoutTracking(TestMachine m, long pa, int word) {
        byte[] page = m.memory.ramPage(pa);
        PhysicalMemory.I32.set(page, (int) (pa & PhysicalMemory.PAGE_MASK), word);
    }

    private static void runPatchedAfter(TestMachine m, int maintenance, long xt) {
        m.cpu.pc = TestMachine.CODE;
        m.run(4);
        assertEquals(7L, m.cpu.x[2]);
        patchWithoutTracking(m, TestMachine.CODE, MRS_X3_TPIDR_EL0);
        m.cpu.x[2] = 0;
        m.cpu.pc = TestMachine.CODE;
        m.run(4);
        assertEquals(7L, m.cpu.x[2], "the stale decoded block still runs");
        assertEquals(0L, m.cpu.x[3]);
        long other = 0x9_0000;
        m.memory.write(other, 4, maintenance);
        m.memory.write(other + 4, 4, 0x14000000);
        m.cpu.x[1] = xt;
        m.cpu.pc = other;
        m.run(4);
        assertEquals(0L, m.cpu.esr[1]);
        m.cpu.x[2] = 0;
        m.cpu.pc = TestMachine.CODE;
        m.run(4);
        assertEquals(7L, m.cpu.x[3], "the new instruction runs after invalidation");
        assertEquals(0L, m.cpu.x[2]);
    }

    @Test
    void icIalluMakesModifiedCodeRun() {
        TestMachine m = machineAt(1);
        m.code(MRS_X2_TPIDR_EL0);
        runPatchedAfter(m, IC_IALLU, 0);
    }

    @Test
    void icIvauMakesModifiedCodeRun() {
        TestMachine m = machineAt(1);
        m.code(MRS_X2_TPIDR_EL0);
        runPatchedAfter(m, IC_IVAU_X1, TestMachine.CODE);
    }

    /** Fills the core's micro-TLB for DATA as Normal memory, then makes the MMU say Device without a flush. */
    private static void staleNormalEntry(Cpu cpu) {
        TestMachine.normalMemory(cpu);
        cpu.read(DATA, 8);
        cpu.mmu.hcrEl2 = 0;
        cpu.read(DATA + 1, 4); // unaligned, allowed only through the stale Normal entry
    }

    private static void assertMicroTlbFlushed(Cpu cpu) {
        assertThrows(Trap.class, () -> cpu.read(DATA + 1, 4), "re-translated as Device: alignment fault");
        assertEquals(0x21L, cpu.esr[1] & 0x3F);
    }

    @Test
    void tlbiFlushesTheMicroTlb() {
        for (int tlbi : new int[] {TLBI_VMALLE1, TLBI_VMALLE1IS, TLBI_VAE1_X1}) {
            TestMachine m = machineAt(1);
            staleNormalEntry(m.cpu);
            m.cpu.x[1] = DATA >>> 12;
            run(m, tlbi);
            assertEquals(0L, m.cpu.internalErrors, "internal errors");
            assertEquals(0L, m.cpu.esr[1], "tlbi " + Integer.toHexString(tlbi) + " elr " + Long.toHexString(m.cpu.elr[1]));
            assertMicroTlbFlushed(m.cpu);
        }
        for (int tlbi : new int[] {TLBI_ALLE2, TLBI_ALLE1, TLBI_IPAS2E1IS_X1}) {
            TestMachine m = machineAt(2);
            Cpu cpu = m.cpu;
            cpu.setElAndSpSel(1, true); // fill at EL1, then maintain from EL2
            staleNormalEntry(cpu);
            cpu.setElAndSpSel(2, true);
            run(m, tlbi);
            assertEquals(0L, cpu.esr[2]);
            cpu.setElAndSpSel(1, true);
            assertMicroTlbFlushed(cpu);
        }
    }

    @Test
    void innerShareableTlbiReachesEveryCore() {
        TestMachine m = machineAt(1);
        Cpu other = new Cpu(1, m.memory, m.cpu.codeCache, m.clock);
        other.reset(TestMachine.CODE, 1);
        other.vbar[1] = TestMachine.VECTORS;
        Cpu[] cluster = {m.cpu, other};
        m.cpu.shareability = cluster;
        other.shareability = cluster;

        staleNormalEntry(other);
        run(m, TLBI_VMALLE1);
        other.read(DATA + 1, 4); // still stale: the local form does not broadcast
        m.cpu.pc = TestMachine.CODE;
        run(m, TLBI_VMALLE1IS);
        assertMicroTlbFlushed(other);
    }

    @Test
    void hcrFbUpgradesEl1TlbiToInnerShareable() {
        TestMachine m = machineAt(1);
        Cpu other = new Cpu(1, m.memory, m.cpu.codeCache, m.clock);
        other.reset(TestMachine.CODE, 1);
        Cpu[] cluster = {m.cpu, other};
        m.cpu.shareability = cluster;
        staleNormalEntry(other);
        m.cpu.mmu.hcrEl2 = 1L << 9; // FB
        run(m, TLBI_VMALLE1);
        assertMicroTlbFlushed(other);
    }

    @Test
    void atWritesParEl1() {
        TestMachine m = machineAt(1);
        m.cpu.x[1] = 0x1234_5678L;
        Cpu cpu = run(m, AT_S1E1R_X1);
        // MMU off: identity, Device-nGnRnE (ATTR 0x00), Outer Shareable (SH 0b10), NS (a Non-secure
        // regime), bit 11 RES1 (ARM ARM D13.2.94, PAR_EL1 success format).
        assertEquals(0x1234_5000L | 0b10L << 7 | 1L << 9 | 1L << 11, cpu.sys.parEl1);
        TestMachine normal = machineAt(1);
        TestMachine.normalMemory(normal.cpu);
        normal.cpu.x[1] = 0x1234_5678L;
        // HCR_EL2.DC: stage 1 gives Normal Write-Back, Non-shareable (SH 0b00).
        assertEquals(0xFF00_0000_1234_5A00L, run(normal, AT_S1E1R_X1).sys.parEl1, "HCR_EL2.DC: Normal WB");
        TestMachine fault = machineAt(2);
        fault.cpu.x[1] = 1L << 48;
        assertEquals(0x801L, run(fault, AT_S12E1R_X1).sys.parEl1, "F = 1, FST address size level 0");
    }

    @Test
    void cycleCounterCountsRetiredInstructions() {
        TestMachine m = machineAt(1);
        m.cpu.x[1] = 1;       // PMCR_EL0.E
        m.cpu.x[2] = 1L << 31; // PMCNTENSET_EL0.C
        int nop = 0xd503201f;
        Cpu cpu = run(m, 0xd51b9c01, 0xd51b9c22, nop, nop, nop, nop, nop, nop, nop, nop, nop, nop,
                0xd53b9d00); // msr pmcr_el0, x1 ; msr pmcntenset_el0, x2 ; 10 x nop ; mrs x0, pmccntr_el0
        assertEquals(11L, cpu.x[0], "the enabling MSR and the ten NOPs retired while counting");
        assertEquals(1L, cpu.sys.pmcr, "PMCR_EL0.E stored");
    }

    @Test
    void pmcrReportsHpmnCountersBelowEl2() {
        TestMachine m = machineAt(1);
        m.cpu.sys.mdcrEl2 = 2;
        assertEquals(0x4103_1000L, run(m, 0xd53b9c00).x[0], "PMCR_EL0: IMP 0x41, IDCODE 0x03, N = HPMN = 2");
        TestMachine el2 = machineAt(2);
        el2.cpu.sys.mdcrEl2 = 2;
        assertEquals(0x4103_3000L, run(el2, 0xd53b9c00).x[0], "N = 6 at EL2");
    }
}
