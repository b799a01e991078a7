package visor.mmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static visor.mmu.Desc.*;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Stage 2 (ARM ARM D5.2, D5.4.x, D5.5.x): IPA to PA, faults with IPA, stage 1 walks through stage 2
 * (S1PTW), HCR_EL2.PTW, and combined attributes.
 */
class Stage2Test extends MmuTestBase {
    /** Stage 1 tables live at IPA 0x0100_0000.., physically at +0x0800_0000. */
    static final long S1_TABLES_IPA = 0x0100_0000L;
    static final long S1_TABLES_OFFSET = 0x0800_0000L;

    TableBuilder s2;
    TableBuilder s1;

    @BeforeEach
    void setUp() {
        // 4K, 40-bit IPA (T0SZ=24), SL0=1: start at level 1 with two concatenated tables.
        s2 = new TableBuilder(mem, 12, 40, 1, 0x0040_0000L);
        mmu.vtcrEl2 = vtcr(24, 1, TG0_4K, 2);
        mmu.vttbrEl2 = ttbr(s2.root, 5);
        mmu.hcrEl2 = Mmu.HCR_VM;
        s2.map(S1_TABLES_IPA, 2, S1_TABLES_IPA + S1_TABLES_OFFSET, S2_RW | S2_NORMAL_WB);
        s1 = new TableBuilder(mem, 12, 48, 0, S1_TABLES_IPA);
        s1.writeOffset = S1_TABLES_OFFSET;
        enableEl1(tcrEl1(16, TG0_4K, 16, TG1_4K, IPS_40), s1.root, 0);
    }

    @Test
    void combinedTranslation() {
        s1.map(0x40_0000L, 3, 0x3000_0000L, attrIndx(NORMAL) | AP_EL0);
        s2.map(0x3000_0000L, 2, 0x1200_0000L, S2_RW | S2_NORMAL_WB);
        assertPa(0x1200_0123L, 0x40_0123L, Mmu.READ, 1);
        assertPa(0x1200_0123L, 0x40_0123L, Mmu.WRITE, 0);
        assertEquals(0xFF, mmu.lastAttr);
        // Stage 1 only view of the same VA through AT S1E1R: the IPA.
        long par = mmu.at(0x40_0123L, Mmu.READ, 1, false, true);
        assertEquals(0x3000_0000L, par & 0x0000_FFFF_FFFF_F000L);
        assertEquals(0x1200_0000L, mmu.at(0x40_0123L, Mmu.READ, 1, false, false) & 0x0000_FFFF_FFFF_F000L);
    }

    @Test
    void stage2TranslationFaultReportsIpa() {
        s1.map(0x41_0000L, 3, 0x3100_0000L, attrIndx(NORMAL));
        // IPA 0x3100_0000: L1 index 0 is a table (the S1 table block), L2 index 0x188 is empty.
        assertStage2Fault(Fault.Kind.TRANSLATION, 2, 0x3100_0123L, false, 0x41_0123L, Mmu.READ, 1);
        assertEquals(0b000110, mmu.fault.statusCode());
        // L1 index 3 (IPA 0xC000_0000) is empty: level 1.
        s1.map(0x42_0000L, 3, 0xC000_0000L, attrIndx(NORMAL));
        assertStage2Fault(Fault.Kind.TRANSLATION, 1, 0xC000_0008L, false, 0x42_0008L, Mmu.READ, 1);
    }

    @Test
    void stage2PermissionAndAccessFlag() {
        s1.map(0x40_0000L, 3, 0x3000_0000L, attrIndx(NORMAL));
        s1.map(0x41_0000L, 3, 0x3020_0000L, attrIndx(NORMAL));
        s1.map(0x42_0000L, 3, 0x3040_0000L, attrIndx(NORMAL));
        s1.map(0x43_0000L, 3, 0x3060_0000L, attrIndx(NORMAL) | AP_RO);
        s2.map(0x3000_0000L, 2, 0x1200_0000L, S2_R | S2_NORMAL_WB);
        s2.map(0x3020_0000L, 2, 0x1220_0000L, S2_RW | S2_NORMAL_WB | XN);
        s2.set(0x3040_0000L, 2, 0x1240_0000L | S2_RW | S2_NORMAL_WB | 1);  // AF = 0
        assertPa(0x1200_0010L, 0x40_0010L, Mmu.READ, 1);
        assertStage2Fault(Fault.Kind.PERMISSION, 2, 0x3000_0010L, false, 0x40_0010L, Mmu.WRITE, 1);
        assertEquals(0b001110, mmu.fault.statusCode());
        assertPa(0x1220_0010L, 0x41_0010L, Mmu.WRITE, 1);
        assertStage2Fault(Fault.Kind.PERMISSION, 2, 0x3020_0010L, false, 0x41_0010L, Mmu.FETCH, 1);
        assertStage2Fault(Fault.Kind.ACCESS_FLAG, 2, 0x3040_0010L, false, 0x42_0010L, Mmu.READ, 1);
        // Stage 1 permission faults win over anything stage 2 would say about the output address.
        assertStage1Fault(Fault.Kind.PERMISSION, 3, 0x43_0000L, Mmu.WRITE, 1);
        // ... but a stage 1 permitted access to an IPA stage 2 does not map is a stage 2 fault.
        assertStage2Fault(Fault.Kind.TRANSLATION, 2, 0x3060_0000L, false, 0x43_0000L, Mmu.READ, 1);
    }

    @Test
    void stage1WalkFaultingAtStage2SetsS1ptw() {
        // The root's L0 entry 1 points to a level 1 table at IPA 0x0500_0000, which stage 2 does not map.
        mem.write(s1.root + S1_TABLES_OFFSET + 8, 8, table(0x0500_0000L));
        long va = (1L << 39) | (3L << 30);
        // Descriptor IPA = table + L1 index 3 * 8; IPA 0x0500_0000 is unmapped at stage 2 level 2.
        assertStage2Fault(Fault.Kind.TRANSLATION, 2, 0x0500_0018L, true, va, Mmu.READ, 1);
        // Stage 2 mapping the table without read permission (S2AP = write only): Permission fault on the walk.
        s2.map(0x0500_0000L, 3, 0x0600_0000L, S2_W | S2_NORMAL_WB);
        assertStage2Fault(Fault.Kind.PERMISSION, 3, 0x0500_0018L, true, va, Mmu.READ, 1);
        // Even a write access walks with a read: a readable table lets the walk reach a stage 1 fault.
        s2.map(0x0500_0000L, 3, 0x0600_0000L, S2_R | S2_NORMAL_WB);
        assertStage1Fault(Fault.Kind.TRANSLATION, 1, va, Mmu.WRITE, 1);
    }

    @Test
    void protectedTableWalkFaultsOnDeviceStage2() {
        s1.map(0x40_0000L, 3, 0x3000_0000L, attrIndx(NORMAL));
        s2.map(0x3000_0000L, 2, 0x1200_0000L, S2_RW | S2_NORMAL_WB);
        // Remap the stage 1 table region as Device at stage 2.
        s2.map(S1_TABLES_IPA, 2, S1_TABLES_IPA + S1_TABLES_OFFSET, S2_RW | S2_DEVICE_NGNRE);
        assertPa(0x1200_0000L, 0x40_0000L, Mmu.READ, 1);
        mmu.invalidateAll();
        mmu.hcrEl2 |= Mmu.HCR_PTW;
        // The first descriptor fetched is the L0 entry at the root (index 0).
        assertStage2Fault(Fault.Kind.PERMISSION, 2, s1.root, true, 0x40_0000L, Mmu.READ, 1);
        assertEquals(0b001110, mmu.fault.statusCode());
    }

    @ParameterizedTest(name = "S1 attr {0} + S2 MemAttr {1} = {2}")
    @CsvSource({
        "0, 15, 0xFF",   // WB + WB
        "0, 1, 0x04",    // WB + Device-nGnRE: Device
        "1, 15, 0x00",   // Device-nGnRnE + WB
        "3, 0, 0x00",    // Device-nGnRE + Device-nGnRnE: the stronger
        "0, 5, 0x44",    // WB + NC
        "2, 15, 0x44",   // NC + WB
        "4, 15, 0xAA",   // WT + WB
        "0, 10, 0xBB",   // WB(RW alloc) + WT: WT keeping stage 1 allocation hints
        "0, 13, 0xF4",   // MemAttr 1101: outer WB, inner NC
        "0, 7, 0x4F",    // MemAttr 0111: outer NC, inner WB
    })
    void combinedAttributes(int s1Attr, int s2MemAttr, String expected) {
        s1.map(0x40_0000L, 3, 0x3000_0000L, attrIndx(s1Attr));
        s2.map(0x3000_0000L, 2, 0x1200_0000L, S2_RW | (long) s2MemAttr << 2);
        assertPa(0x1200_0000L, 0x40_0000L, Mmu.READ, 1);
        int attr = Integer.decode(expected);
        assertEquals(attr, mmu.lastAttr);
        assertEquals((attr & 0xF0) == 0, mmu.lastDevice);
    }

    @Test
    void stage1OffStage2On() {
        mmu.sctlrEl1 = 0;
        s2.map(0x3000_0000L, 2, 0x1200_0000L, S2_RW | S2_NORMAL_WB);
        assertPa(0x1201_2345L, 0x3001_2345L, Mmu.READ, 1);
        assertEquals(0x00, mmu.lastAttr);      // stage 1 off: data is Device-nGnRnE
        assertTrue(mmu.lastDevice);
        assertPa(0x1201_2345L, 0x3001_2345L, Mmu.FETCH, 0);
        assertEquals(0x44, mmu.lastAttr);      // fetch: Normal Non-cacheable (SCTLR_EL1.I = 0)
        assertFalse(mmu.lastDevice);
        assertStage2Fault(Fault.Kind.TRANSLATION, 2, 0x3100_0000L, false, 0x3100_0000L, Mmu.READ, 1);
    }

    @Test
    void hcrDcForcesStage2AndCacheableStage1() {
        // DC = 1 with VM = 0: stage 1 behaves as disabled, Normal WB, and stage 2 is enabled.
        mmu.hcrEl2 = Mmu.HCR_DC;
        s2.map(0x3000_0000L, 2, 0x1200_0000L, S2_RW | S2_NORMAL_WB);
        assertPa(0x1200_0040L, 0x3000_0040L, Mmu.WRITE, 1);
        assertEquals(0xFF, mmu.lastAttr);
        assertFalse(mmu.lastDevice);
        assertPa(0x1200_0040L, 0x3000_0040L, Mmu.FETCH, 1);
        assertEquals(0xFF, mmu.lastAttr);
        long par = mmu.at(0x3000_0040L, Mmu.READ, 1, false, false);
        assertEquals(0xFFL << 56 | 0x1200_0000L | 1L << 11 | 1L << 9, par);
    }

    @Test
    void translateStage2ForTheHypervisor() {
        s2.map(0x3000_0000L, 3, 0x1200_0000L, S2_R | S2_NORMAL_WB);
        assertEquals(0x1200_0ABCL, mmu.translateStage2(0x3000_0ABCL, Mmu.READ));
        assertEquals(Mmu.FAULT, mmu.translateStage2(0x3000_0ABCL, Mmu.WRITE));
        assertEquals(Fault.Kind.PERMISSION, mmu.fault.kind);
        assertTrue(mmu.fault.stage2);
        assertEquals(0x3000_0ABCL, mmu.fault.ipa);
        assertEquals(3, mmu.fault.level);
        assertEquals(Mmu.FAULT, mmu.translateStage2(0x3100_0000L, Mmu.READ));
        assertEquals(Fault.Kind.TRANSLATION, mmu.fault.kind);
        assertEquals(0x3100_0000L, mmu.fault.ipa);
        // Works from the VM's tables whatever HCR_EL2.VM says, and never fills the TLB.
        mmu.hcrEl2 = 0;
        assertEquals(0x1200_0ABCL, mmu.translateStage2(0x3000_0ABCL, Mmu.READ));
        assertEquals(0, mmu.tlbSize());
    }

    /**
     * Start levels from VTCR_EL2.SL0 (D13.2.x VTCR_EL2): 4K 0b00 L2, 0b01 L1; 16K/64K 0b00 L3, 0b01 L2.
     * Blocks at L1 (4K only) and L2, pages at L3.
     */
    @ParameterizedTest(name = "granule 2^{0} T0SZ {1} SL0 {2} -> level {3}")
    @CsvSource({
        "12, 24, 1, 1", "12, 32, 0, 2", "12, 34, 0, 2",
        "14, 28, 1, 2", "14, 36, 0, 3", "14, 39, 0, 3",
        "16, 24, 1, 2", "16, 33, 0, 3", "16, 36, 0, 3",
    })
    void stage2GranulesAndStartLevels(int granuleShift, int t0sz, int sl0, int startLevel) {
        int tg0 = granuleShift == 12 ? TG0_4K : granuleShift == 14 ? TG0_16K : TG0_64K;
        TableBuilder t = new TableBuilder(mem, granuleShift, 64 - t0sz, startLevel, 0x0300_0000L);
        mmu.vtcrEl2 = vtcr(t0sz, sl0, tg0, 2);
        mmu.vttbrEl2 = ttbr(t.root, 9);
        mmu.sctlrEl1 = 0;
        int inputSize = 64 - t0sz;
        for (int level = 3; level >= Math.max(startLevel, 1); level--) {
            int size = t.levelShift(level);
            if (size >= inputSize) {
                continue;
            }
            long ipa = ((1L << inputSize) - (4L << size)) + (3L << size) / 2 + 0x18;  // near the top of the IPA space
            ipa = Math.min(ipa, (1L << 40) - 1);
            long oa = 0x0800_0000L & -(1L << size);
            if (level == 1 || size > 27) {
                oa = 1L << size;
            }
            t.map(ipa, level, oa, S2_RW | S2_NORMAL_WB);
            boolean legal = level >= (granuleShift == 12 ? 1 : 2);
            if (legal) {
                assertEquals(oa | (ipa & ((1L << size) - 1)), mmu.translateStage2(ipa, Mmu.READ),
                        "level " + level + " ipa " + Long.toHexString(ipa) + " " + mmu.fault);
                assertPa(oa | (ipa & ((1L << size) - 1)), ipa, Mmu.READ, 1);
            }
        }
        // Beyond the IPA size: Translation fault level 0 with the IPA.
        if (inputSize < 40) {
            assertEquals(Mmu.FAULT, mmu.translateStage2(1L << inputSize, Mmu.READ));
            assertEquals(Fault.Kind.TRANSLATION, mmu.fault.kind);
            assertEquals(0, mmu.fault.level);
            assertEquals(1L << inputSize, mmu.fault.ipa);
        }
    }

    @ParameterizedTest(name = "granule TG0 {0} T0SZ {1} SL0 {2} is inconsistent")
    @CsvSource({
        "0, 24, 2",   // 4K level 0 needs PAMax > 42
        "0, 24, 0",   // level 2 start cannot resolve 40 bits (more than 16 concatenated tables)
        "0, 24, 3",   // reserved
        "2, 24, 2",   // 16K level 1 needs PAMax > 40
        "1, 24, 2",   // 64K level 1 needs PAMax > 42
        "1, 24, 0",   // 64K level 3 cannot resolve 40 bits
    })
    void inconsistentStage2ConfigurationFaultsAtLevelZero(int tg0, int t0sz, int sl0) {
        mmu.vtcrEl2 = vtcr(t0sz, sl0, tg0, 2);
        assertEquals(Mmu.FAULT, mmu.translateStage2(0x1000, Mmu.READ));
        assertEquals(Fault.Kind.TRANSLATION, mmu.fault.kind);
        assertEquals(0, mmu.fault.level);
        assertTrue(mmu.fault.stage2);
    }

    @Test
    void stage2AddressSizeFault() {
        mmu.vtcrEl2 = vtcr(24, 1, TG0_4K, 0);  // PS = 32 bits
        s2.map(0x3000_0000L, 2, 0x1_0000_0000L, S2_RW | S2_NORMAL_WB);
        assertEquals(Mmu.FAULT, mmu.translateStage2(0x3000_0000L, Mmu.READ));
        assertEquals(Fault.Kind.ADDRESS_SIZE, mmu.fault.kind);
        assertEquals(2, mmu.fault.level);
        assertTrue(mmu.fault.stage2);
        mmu.vtcrEl2 = vtcr(24, 1, TG0_4K, 1);  // PS = 36 bits
        assertEquals(0x1_0000_0000L, mmu.translateStage2(0x3000_0000L, Mmu.READ));
    }

    @Test
    void mixedGranulesAcrossStages() {
        // Stage 1 with 64K pages (48-bit VA, start level 1), stage 2 with 16K pages (36-bit IPA, start level 2).
        TableBuilder s2g = new TableBuilder(mem, 14, 36, 2, 0x0300_0000L);
        mmu.vtcrEl2 = vtcr(28, 1, TG0_16K, 2);
        mmu.vttbrEl2 = ttbr(s2g.root, 6);
        s2g.map(0x0400_0000L, 2, 0x0400_0000L, S2_RW | S2_NORMAL_WB);   // 32 MiB block: stage 1 tables
        TableBuilder s1g = new TableBuilder(mem, 16, 48, 1, 0x0400_0000L);
        mmu.ttbr0El1 = s1g.root;
        mmu.tcrEl1 = tcrEl1(16, TG0_64K, 16, TG1_4K, IPS_40);
        s1g.map(0x7654_0000L, 3, 0x0880_0000L, attrIndx(NORMAL));     // 64K page -> IPA
        s2g.map(0x0880_C000L, 3, 0x0123_4000L, S2_RW | S2_NORMAL_WB); // 16K page inside it
        assertPa(0x0123_4567L, 0x7654_C567L, Mmu.READ, 1);
        // Another 16K of the same 64K stage 1 page is not mapped at stage 2: level 3 fault with its IPA.
        assertStage2Fault(Fault.Kind.TRANSLATION, 3, 0x0880_0010L, false, 0x7654_0010L, Mmu.READ, 1);
    }

    @Test
    void stage1OutputBeyondTheIpaSize() {
        mmu.vtcrEl2 = vtcr(24, 1, TG0_4K, 2);
        s1.map(0x40_0000L, 3, 0x100_0000_0000L - 0x1000, attrIndx(NORMAL));
        s1.map(0x41_0000L, 3, 0x4_0000_0000L, attrIndx(NORMAL));
        // 40-bit IPA space: 0xFF_FFFF_F000 is in range (unmapped at level 1, in the second concatenated table).
        assertStage2Fault(Fault.Kind.TRANSLATION, 1, 0xFF_FFFF_F000L, false, 0x40_0000L, Mmu.READ, 1);
        // A 32-bit IPA space (T0SZ=32, SL0=0: level 2 start, four concatenated tables): 0x4_0000_0000 is
        // out of range.
        TableBuilder small = new TableBuilder(mem, 12, 32, 2, 0x0300_0000L);
        small.map(S1_TABLES_IPA, 2, S1_TABLES_IPA + S1_TABLES_OFFSET, S2_RW | S2_NORMAL_WB);
        mmu.vtcrEl2 = vtcr(32, 0, TG0_4K, 2);
        mmu.vttbrEl2 = ttbr(small.root, 5);
        mmu.invalidateAll();
        assertStage2Fault(Fault.Kind.TRANSLATION, 0, 0x4_0000_0000L, false, 0x41_0000L, Mmu.READ, 1);
    }
}
