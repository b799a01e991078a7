package visor.mmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

abstract class MmuTestBase {
    static final long RAM = 512L << 20;
    final PhysicalMemory mem = new PhysicalMemory(RAM);
    final Mmu mmu = new Mmu(mem);

    /** Asserts a successful translation to {@code pa}. */
    void assertPa(long pa, long va, int access, int el) {
        assertPa(pa, va, access, el, false);
    }

    void assertPa(long pa, long va, int access, int el, boolean unprivileged) {
        long got = mmu.translate(va, access, el, unprivileged);
        assertEquals(pa, got, () -> String.format("va 0x%x: expected 0x%x, got 0x%x (%s)", va, pa, got,
                got == Mmu.FAULT ? mmu.fault : "no fault"));
    }

    void assertFault(Fault.Kind kind, int level, long va, int access, int el) {
        assertFault(kind, level, va, access, el, false);
    }

    void assertFault(Fault.Kind kind, int level, long va, int access, int el, boolean unprivileged) {
        long got = mmu.translate(va, access, el, unprivileged);
        assertEquals(Mmu.FAULT, got,
                () -> String.format("va 0x%x: expected %s level %d, got PA 0x%x", va, kind, level, got));
        assertEquals(kind, mmu.fault.kind, () -> "fault " + mmu.fault);
        assertEquals(level, mmu.fault.level, () -> "fault " + mmu.fault);
    }

    void assertStage1Fault(Fault.Kind kind, int level, long va, int access, int el) {
        assertFault(kind, level, va, access, el);
        assertFalse(mmu.fault.stage2, "stage 1 fault");
        assertFalse(mmu.fault.s1ptw);
    }

    void assertStage2Fault(Fault.Kind kind, int level, long ipa, boolean s1ptw, long va, int access, int el) {
        assertFault(kind, level, va, access, el);
        assertTrue(mmu.fault.stage2, "stage 2 fault");
        assertEquals(s1ptw, mmu.fault.s1ptw, "s1ptw");
        assertEquals(ipa, mmu.fault.ipa, () -> String.format("ipa 0x%x", mmu.fault.ipa));
    }

    /** Stage 1 EL1&0 on, 4K granule, 48-bit VA both halves, 40-bit IPS, MAIR from {@link Desc#MAIR}. */
    void enableEl1(long tcr, long ttbr0, long ttbr1) {
        mmu.tcrEl1 = tcr;
        mmu.ttbr0El1 = ttbr0;
        mmu.ttbr1El1 = ttbr1;
        mmu.mairEl1 = Desc.MAIR;
        mmu.sctlrEl1 = Desc.SCTLR_M;
    }

    /** Stage 1 EL2 (E2H = 0) on: TCR_EL2 and TTBR0_EL2 as given, MAIR from {@link Desc#MAIR}. */
    void enableEl2(long tcr, long ttbr0) {
        mmu.tcrEl2 = tcr;
        mmu.ttbr0El2 = ttbr0;
        mmu.mairEl2 = Desc.MAIR;
        mmu.sctlrEl2 = Desc.SCTLR_M;
    }
}
