package visor.mmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static visor.mmu.Desc.*;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * AT instructions and PAR_EL1 (ARM ARM C5.5, D13.2 PAR_EL1). Successful: ATTR [63:56], PA [47:12],
 * bit 11 RES1, NS [9], SH [8:7], F=0. Faulting: bit 11 RES1, S [9], PTW [8], FST [6:1], F=1.
 */
class AtTest extends MmuTestBase {
    static final long RES1 = 1L << 11;
    static final long NS = 1L << 9;
    static final long S = 1L << 9;
    static final long PTW = 1L << 8;
    TableBuilder t;

    @BeforeEach
    void setUp() {
        t = new TableBuilder(mem, 12, 48, 0, 0x0100_0000L);
        enableEl1(tcrEl1(16, TG0_4K, 16, TG1_4K, IPS_40), t.root, 0);
        t.map(0x1000, 3, 0x12_3000L, attrIndx(NORMAL) | SH_INNER);
        t.map(0x2000, 3, 0x45_6000L, attrIndx(DEVICE) | SH_INNER | AP_EL0);
        t.map(0x3000, 3, 0x78_9000L, attrIndx(NC) | SH_INNER | AP_RO | AP_EL0);
        t.map(0x4000, 3, 0x9A_B000L, attrIndx(NORMAL) | SH_OUTER | AP_RO);
    }

    @Test
    void successfulTranslations() {
        assertEquals(0xFFL << 56 | 0x12_3000L | RES1 | NS | 3L << 7, mmu.at(0x1ABC, Mmu.READ, 1, false, true));
        // Device memory always reports Outer Shareable.
        assertEquals(0x00L << 56 | 0x45_6000L | RES1 | NS | 2L << 7, mmu.at(0x2000, Mmu.WRITE, 0, false, true));
        // So does Normal Inner and Outer Non-cacheable.
        assertEquals(0x44L << 56 | 0x78_9000L | RES1 | NS | 2L << 7, mmu.at(0x3000, Mmu.READ, 0, false, true));
        assertEquals(0xFFL << 56 | 0x9A_B000L | RES1 | NS | 2L << 7, mmu.at(0x4000, Mmu.READ, 1, false, true));
    }

    @Test
    void faultsAreReportedInPar() {
        // Translation fault level 3: FST 0b000111.
        assertEquals(1L | 0b000111 << 1 | RES1, mmu.at(0x5000, Mmu.READ, 1, false, true));
        // S1E0R of an EL1-only page: Permission fault level 3, FST 0b001111.
        assertEquals(1L | 0b001111 << 1 | RES1, mmu.at(0x1000, Mmu.READ, 0, false, true));
        // S1E1W of a read-only page.
        assertEquals(1L | 0b001111 << 1 | RES1, mmu.at(0x4000, Mmu.WRITE, 1, false, true));
        // Level 0 Translation fault: FST 0b000100.
        assertEquals(1L | 0b000100 << 1 | RES1, mmu.at(0x8000_0000_0000L, Mmu.READ, 1, false, true));
        assertEquals(Fault.Kind.TRANSLATION, mmu.fault.kind);
    }

    @Test
    void atDoesNotUseOrFillTheTlb() {
        mmu.at(0x1000, Mmu.READ, 1, false, true);
        assertEquals(0, mmu.tlbSize());
        assertPa(0x12_3000L, 0x1000, Mmu.READ, 1);
        t.map(0x1000, 3, 0x22_2000L, attrIndx(NORMAL) | SH_INNER);
        assertEquals(0x22_2000L, mmu.at(0x1000, Mmu.READ, 1, false, true) & 0xFFFF_FFFF_F000L);
        assertPa(0x12_3000L, 0x1000, Mmu.READ, 1);
    }

    @Test
    void el2Regime() {
        TableBuilder e2 = new TableBuilder(mem, 12, 48, 0, 0x0200_0000L);
        enableEl2(tcrEl2(16, TG0_4K, 2), e2.root);
        e2.map(0x1000, 3, 0x33_3000L, attrIndx(NORMAL) | SH_INNER | AP_RO);
        assertEquals(0xFFL << 56 | 0x33_3000L | RES1 | NS | 3L << 7, mmu.at(0x1000, Mmu.READ, 2, false, true));
        assertEquals(1L | 0b001111 << 1 | RES1, mmu.at(0x1000, Mmu.WRITE, 2, false, true));
        // MMU off: flat, Device-nGnRnE, Outer Shareable.
        mmu.sctlrEl2 = 0;
        assertEquals(0x7000L | RES1 | NS | 2L << 7, mmu.at(0x7123, Mmu.READ, 2, false, true));
    }

    @Test
    void twoStageAt() {
        TableBuilder s2 = new TableBuilder(mem, 12, 40, 1, 0x0300_0000L);
        s2.map(0x0100_0000L, 2, 0x0100_0000L, S2_RW | S2_NORMAL_WB);  // stage 1 tables, identity
        s2.map(0x12_3000L, 3, 0x0AB_C000L, S2_R | S2_DEVICE_NGNRE);
        mmu.hcrEl2 = Mmu.HCR_VM;
        mmu.vtcrEl2 = vtcr(24, 1, TG0_4K, 2);
        mmu.vttbrEl2 = ttbr(s2.root, 3);
        // S12E1R: combined attributes (Device-nGnRE wins), PA.
        assertEquals(0x04L << 56 | 0xAB_C000L | RES1 | NS | 2L << 7, mmu.at(0x1000, Mmu.READ, 1, false, false));
        // S1E1R: the IPA and stage 1 attributes.
        assertEquals(0xFFL << 56 | 0x12_3000L | RES1 | NS | 3L << 7, mmu.at(0x1000, Mmu.READ, 1, false, true));
        // S12E1W: stage 2 Permission fault level 3, S=1.
        assertEquals(1L | 0b001111 << 1 | S | RES1, mmu.at(0x1000, Mmu.WRITE, 1, false, false));
        // S12E0R of an IPA stage 2 does not map: stage 2 Translation fault at level 2, S=1.
        assertEquals(1L | 0b000110 << 1 | S | RES1, mmu.at(0x2000, Mmu.READ, 0, false, false));
        // S1E1R does not translate the output IPA, so it succeeds.
        assertEquals(0x45_6000L, mmu.at(0x2000, Mmu.READ, 1, false, true) & 0xFFFF_FFFF_F000L);
        // A stage 1 walk faulting at stage 2: S=1 and PTW=1, for S1E1R as for S12E1R.
        mem.write(t.root + 8, 8, table(0x0500_0000L));
        long expected = 1L | 0b000110 << 1 | PTW | S | RES1;
        assertEquals(expected, mmu.at(1L << 39, Mmu.READ, 1, false, true));
        assertEquals(expected, mmu.at(1L << 39, Mmu.READ, 1, false, false));
        assertEquals(true, mmu.fault.s1ptw);
        assertEquals(0x0500_0000L, mmu.fault.ipa);
    }

    @Test
    void twoStageShareabilityIsTheMoreShareable() {
        TableBuilder s2 = new TableBuilder(mem, 12, 40, 1, 0x0300_0000L);
        s2.map(0x0100_0000L, 2, 0x0100_0000L, S2_RW | S2_NORMAL_WB);
        s2.map(0x12_3000L, 3, 0x0AB_C000L, S2_RW | S2_NORMAL_WB | SH_OUTER);   // stage 1 says Inner
        s2.map(0x9A_B000L, 3, 0x0CD_E000L, S2_RW | S2_NORMAL_WB | SH_INNER);   // stage 1 says Outer
        t.map(0x6000, 3, 0x9A_B000L, attrIndx(NORMAL));                        // stage 1 Non-shareable
        s2.map(0x9A_C000L, 3, 0x0CD_F000L, S2_RW | S2_NORMAL_WB);
        t.map(0x7000, 3, 0x9A_C000L, attrIndx(NORMAL) | SH_INNER);
        mmu.hcrEl2 = Mmu.HCR_VM;
        mmu.vtcrEl2 = vtcr(24, 1, TG0_4K, 2);
        mmu.vttbrEl2 = ttbr(s2.root, 3);
        assertEquals(0xFFL << 56 | 0xAB_C000L | RES1 | NS | 2L << 7, mmu.at(0x1000, Mmu.READ, 1, false, false));
        assertEquals(0xFFL << 56 | 0xCD_E000L | RES1 | NS | 2L << 7, mmu.at(0x4000, Mmu.READ, 1, false, false));
        assertEquals(0xFFL << 56 | 0xCD_E000L | RES1 | NS | 3L << 7, mmu.at(0x6000, Mmu.READ, 1, false, false));
        assertEquals(0xFFL << 56 | 0xCD_F000L | RES1 | NS | 3L << 7, mmu.at(0x7000, Mmu.READ, 1, false, false));
    }
}
