package visor.mmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static visor.mmu.Desc.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Stage 1 walks for every granule and start level, with blocks and pages at every legal level. */
class Stage1GranuleTest extends MmuTestBase {
    static final long POOL = 0x0100_0000L;

    private static int tg0(int granuleShift) {
        return switch (granuleShift) {
            case 12 -> TG0_4K;
            case 14 -> TG0_16K;
            default -> TG0_64K;
        };
    }

    /**
     * Start level from D5.2.6 tables: 4K 48 bits L0, 39 L1, 30 L2; 16K 48 L0, 47 L1, 36 L2, 25 L3;
     * 64K 48 L1, 42 L2, 29 L3. The VA has bits set at every level's index and in the page offset.
     */
    @ParameterizedTest(name = "granule 2^{0} inputSize {1} starts at level {2}")
    @CsvSource({
        "12, 48, 0", "12, 39, 1", "12, 30, 2", "12, 25, 2",
        "14, 48, 0", "14, 47, 1", "14, 36, 2", "14, 25, 3",
        "16, 48, 1", "16, 42, 2", "16, 29, 3", "16, 25, 3",
    })
    void pagesAndBlocksAtEveryLevel(int granuleShift, int inputSize, int startLevel) {
        TableBuilder t = new TableBuilder(mem, granuleShift, inputSize, startLevel, POOL);
        enableEl1(tcrEl1(64 - inputSize, tg0(granuleShift), 16, TG1_4K, IPS_40), t.root, 0);
        int firstBlock = granuleShift == 12 ? 1 : 2;
        long vaMask = (1L << inputSize) - 1;
        int n = 0;
        for (int leafLevel = 3; leafLevel >= startLevel; leafLevel--) {
            // A distinct region per leaf level: vary the index at the start level.
            long region = (long) (n + 1) << (inputSize - 3) & vaMask;
            if (inputSize - t.levelShift(startLevel) < 3) {
                region = (long) n << t.levelShift(startLevel) & vaMask;
                if (n > 0 && leafLevel == startLevel) {
                    break;
                }
            }
            n++;
            int size = t.levelShift(leafLevel);
            long offset = 0x5A5A_5A5A_5A5AL & ((1L << size) - 1) & ~7L;
            long va = (region | 0x0000_9753_1246_8ACEL & vaMask & ~((1L << t.levelShift(startLevel)) - 1)
                    & ((1L << (inputSize - 3)) - 1)) & ~((1L << size) - 1);
            va |= offset;
            long oa = 0x0000_0012_3000_0000L & ((1L << 40) - 1) & -(1L << size);
            if (size > 36) {
                // No 2^39-byte aligned output below 2^40 other than 0: use the upper one.
                oa = 1L << 39;
            }
            t.map(va, leafLevel, oa, attrIndx(NORMAL));
            if (leafLevel >= firstBlock || leafLevel == 3) {
                assertPa(oa | offset, va, Mmu.READ, 1);
                assertEquals(0xFF, mmu.lastAttr);
            } else {
                // Block at a level where the granule has none (4K L0; 16K/64K L0-L1): Translation fault there.
                assertStage1Fault(Fault.Kind.TRANSLATION, leafLevel, va, Mmu.READ, 1);
            }
        }
    }

    /**
     * 4K granule, T0SZ=16, hand-computed indices: VA 0x0000_7F12_3456_7ABC has L0 index
     * VA[47:39] = 0xFE, L1 index VA[38:30] = 0x48, L2 index VA[29:21] = 0x1A2, L3 index VA[20:12] = 0x167.
     */
    @Test
    void fourKilobyteWalkByHand() {
        long l0 = 0x10_0000, l1 = 0x10_1000, l2 = 0x10_2000, l3 = 0x10_3000;
        mem.write(l0 + 0xFE * 8, 8, table(l1));
        mem.write(l1 + 0x48 * 8, 8, table(l2));
        mem.write(l2 + 0x1A2 * 8, 8, table(l3));
        mem.write(l3 + 0x167 * 8, 8, page(0x0ABC_D000L, attrIndx(NORMAL)));
        enableEl1(tcrEl1(16, TG0_4K, 16, TG1_4K, IPS_40), l0, 0);
        assertPa(0x0ABC_DABCL, 0x0000_7F12_3456_7ABCL, Mmu.READ, 1);
        // A 2 MiB block at L2 index 0x1A3: VA 0x0000_7F12_3460_0000 + 0x12345 -> 0x2000_0000 + 0x12345.
        mem.write(l2 + 0x1A3 * 8, 8, block(0x2000_0000L, attrIndx(NORMAL)));
        assertPa(0x2001_2345L, 0x0000_7F12_3461_2345L, Mmu.READ, 1);
        // A 1 GiB block at L1 index 0x49: VA 0x0000_7F12_4000_0000 + 0x0ABC_DEF0.
        mem.write(l1 + 0x49 * 8, 8, block(0x4000_0000L, attrIndx(NORMAL)));
        assertPa(0x4ABC_DEF0L, 0x0000_7F12_4ABC_DEF0L, Mmu.READ, 1);
        // The next L3 entry is empty: Translation fault level 3.
        assertStage1Fault(Fault.Kind.TRANSLATION, 3, 0x0000_7F12_3456_8000L, Mmu.READ, 1);
        // L2 index 0x1A4 empty: level 2.
        assertStage1Fault(Fault.Kind.TRANSLATION, 2, 0x0000_7F12_3480_0000L, Mmu.READ, 1);
        // L0 index 0: level 0.
        assertStage1Fault(Fault.Kind.TRANSLATION, 0, 0x1000L, Mmu.READ, 1);
    }

    /**
     * 16K granule, T0SZ=17 (47-bit VA, start L1, 11 bits per level): VA 0x0000_5555_AAAA_C123 has L1
     * index VA[46:36] = 0x555, L2 index VA[35:25] = 0x2D5, L3 index VA[24:14] = 0x2AB, offset 0x0123.
     */
    @Test
    void sixteenKilobyteWalkByHand() {
        long l1 = 0x20_0000, l2 = 0x20_4000, l3 = 0x20_8000;
        mem.write(l1 + 0x555 * 8, 8, table(l2));
        mem.write(l2 + 0x2D5 * 8, 8, table(l3));
        mem.write(l3 + 0x2AB * 8, 8, page(0x0123_4000L, attrIndx(NORMAL)));
        enableEl1(tcrEl1(17, TG0_16K, 16, TG1_4K, IPS_40), l1, 0);
        assertPa(0x0123_4123L, 0x0000_5555_AAAA_C123L, Mmu.READ, 1);
        // 32 MiB block at L2 index 0x2D6.
        mem.write(l2 + 0x2D6 * 8, 8, block(0x0600_0000L, attrIndx(NORMAL)));
        assertPa(0x0600_0000L + 0x0155_5555L, 0x0000_5555_AC00_0000L + 0x0155_5555L, Mmu.READ, 1);
        // A block descriptor at L1 is not allowed with 16K: Translation fault level 1.
        mem.write(l1 + 0x554 * 8, 8, block(0, attrIndx(NORMAL)));
        assertStage1Fault(Fault.Kind.TRANSLATION, 1, 0x0000_5540_0000_0000L, Mmu.READ, 1);
    }

    /**
     * 64K granule, T0SZ=16 (start L1: 6 bits VA[47:42], then 13 bits per level): VA 0x0000_FEDC_BA98_7654
     * has L1 index 0x3F, L2 index VA[41:29] = 0x16E5, L3 index VA[28:16] = 0x1A98, offset 0x7654.
     */
    @Test
    void sixtyFourKilobyteWalkByHand() {
        long l1 = 0x40_0000, l2 = 0x41_0000, l3 = 0x42_0000;
        mem.write(l1 + 0x3F * 8, 8, table(l2));
        mem.write(l2 + 0x16E5 * 8, 8, table(l3));
        mem.write(l3 + 0x1A98 * 8, 8, page(0x0765_0000L, attrIndx(NORMAL)));
        enableEl1(tcrEl1(16, TG0_64K, 16, TG1_4K, IPS_40), l1, 0);
        assertPa(0x0765_7654L, 0x0000_FEDC_BA98_7654L, Mmu.READ, 1);
        // 512 MiB block at L2 index 0x16E6.
        mem.write(l2 + 0x16E6 * 8, 8, block(0x6000_0000L, attrIndx(NORMAL)));
        assertPa(0x6123_4567L, 0x0000_FEDC_C000_0000L + 0x0123_4567L, Mmu.READ, 1);
        // The L3 "block" encoding (01) is reserved: Translation fault level 3.
        mem.write(l3 + 0x1A99 * 8, 8, 0x0766_0000L | AF | 1);
        assertStage1Fault(Fault.Kind.TRANSLATION, 3, 0x0000_FEDC_BA99_0000L, Mmu.READ, 1);
    }

    /** TTBR1: VA bit 55 set selects TTBR1_EL1 with T1SZ and TG1, whose encoding differs from TG0. */
    @ParameterizedTest(name = "TG1 {0} granule 2^{1}")
    @CsvSource({"2, 12, 0", "1, 14, 0", "3, 16, 1"})
    void upperRangeUsesTtbr1AndTg1(int tg1, int granuleShift, int startLevel) {
        TableBuilder lower = new TableBuilder(mem, 12, 48, 0, 0x0080_0000L);
        TableBuilder upper = new TableBuilder(mem, granuleShift, 48, startLevel, POOL);
        enableEl1(tcrEl1(16, TG0_4K, 16, tg1, IPS_40), lower.root, upper.root);
        long va = 0xFFFF_8000_1234_0000L + 0x1238;
        upper.map(va, 3, 0x0333_0000L, attrIndx(NORMAL));
        lower.map(va & 0x0000_FFFF_FFFF_FFFFL, 3, 0x0444_0000L, attrIndx(NORMAL));
        assertPa(0x0333_0000L + (va & ((1L << granuleShift) - 1)), va, Mmu.READ, 1);
        assertPa(0x0444_0238L, va & 0x0000_FFFF_FFFF_FFFFL, Mmu.READ, 1);
    }

    /** Addresses outside both ranges, per T0SZ/T1SZ: Translation fault level 0 (AArch64.TranslationTableWalk). */
    @Test
    void addressesOutsideBothRangesFaultAtLevelZero() {
        TableBuilder lower = new TableBuilder(mem, 12, 39, 1, 0x0080_0000L);
        TableBuilder upper = new TableBuilder(mem, 12, 39, 1, POOL);
        enableEl1(tcrEl1(25, TG0_4K, 25, TG1_4K, IPS_40), lower.root, upper.root);
        lower.map(0x7F_FFFF_F000L, 3, 0x1000, attrIndx(NORMAL) | AP_EL0);
        upper.map(0xFFFF_FF80_0000_0000L, 3, 0x2000, attrIndx(NORMAL));
        assertPa(0x1000, 0x7F_FFFF_F000L, Mmu.READ, 1);
        assertPa(0x2000, 0xFFFF_FF80_0000_0000L, Mmu.READ, 1);
        assertStage1Fault(Fault.Kind.TRANSLATION, 0, 0x80_0000_0000L, Mmu.READ, 1);
        assertStage1Fault(Fault.Kind.TRANSLATION, 0, 0xFFFF_FF7F_FFFF_F000L, Mmu.READ, 1);
        // Top byte not ignored (TBI0 = 0): a tag makes the address non-canonical.
        assertStage1Fault(Fault.Kind.TRANSLATION, 0, 0x5A00_007F_FFFF_F000L, Mmu.READ, 0);
        mmu.tcrEl1 |= TBI0;
        assertPa(0x1000, 0x5A00_007F_FFFF_F000L, Mmu.READ, 0);
    }

    @Test
    void epdDisablesOnlyItsHalf() {
        TableBuilder lower = new TableBuilder(mem, 12, 48, 0, 0x0080_0000L);
        TableBuilder upper = new TableBuilder(mem, 12, 48, 0, POOL);
        enableEl1(tcrEl1(16, TG0_4K, 16, TG1_4K, IPS_40) | EPD1, lower.root, upper.root);
        lower.map(0x4000, 3, 0x1000, attrIndx(NORMAL));
        upper.map(0xFFFF_0000_0000_4000L, 3, 0x2000, attrIndx(NORMAL));
        assertPa(0x1000, 0x4000, Mmu.READ, 1);
        assertStage1Fault(Fault.Kind.TRANSLATION, 0, 0xFFFF_0000_0000_4000L, Mmu.READ, 1);
        mmu.invalidateAll();
        mmu.tcrEl1 = tcrEl1(16, TG0_4K, 16, TG1_4K, IPS_40) | EPD0;
        assertStage1Fault(Fault.Kind.TRANSLATION, 0, 0x4000, Mmu.READ, 1);
        assertPa(0x2000, 0xFFFF_0000_0000_4000L, Mmu.READ, 1);
    }

    @Test
    void accessFlagFaultAtLeafLevel() {
        TableBuilder t = new TableBuilder(mem, 12, 48, 0, POOL);
        enableEl1(tcrEl1(16, TG0_4K, 16, TG1_4K, IPS_40), t.root, 0);
        t.set(0x5000, 3, 0x7000 | 3);
        t.set(0x4000_0000L, 2, 0x0020_0000L | 1);
        t.set(0x80_0000_0000L, 1, 0x4000_0000L | 1);
        assertStage1Fault(Fault.Kind.ACCESS_FLAG, 3, 0x5000, Mmu.READ, 1);
        assertEquals(0b001011, mmu.fault.statusCode());
        assertStage1Fault(Fault.Kind.ACCESS_FLAG, 2, 0x4000_0000L, Mmu.WRITE, 1);
        assertEquals(0b001010, mmu.fault.statusCode());
        assertStage1Fault(Fault.Kind.ACCESS_FLAG, 1, 0x80_0000_0000L, Mmu.FETCH, 1);
        // Not cached: setting AF makes the next access succeed without TLB maintenance.
        t.set(0x5000, 3, page(0x7000, 0));
        assertPa(0x7123, 0x5123, Mmu.READ, 1);
    }

    @Test
    void addressSizeFaults() {
        TableBuilder t = new TableBuilder(mem, 12, 48, 0, POOL);
        enableEl1(tcrEl1(16, TG0_4K, 16, TG1_4K, IPS_32), t.root, 0);
        // Output beyond 32 bits: Address size fault at the leaf's level.
        t.map(0x1000, 3, 0x1_0000_0000L, 0);
        assertStage1Fault(Fault.Kind.ADDRESS_SIZE, 3, 0x1000, Mmu.READ, 1);
        assertEquals(0b000011, mmu.fault.statusCode());
        t.map(0x4000_0000L, 1, 0x1_4000_0000L, 0);
        assertStage1Fault(Fault.Kind.ADDRESS_SIZE, 1, 0x4000_0000L, Mmu.READ, 1);
        // The same block is fine with IPS = 36 bits.
        mmu.invalidateAll();
        mmu.tcrEl1 = tcrEl1(16, TG0_4K, 16, TG1_4K, IPS_36);
        assertPa(0x1_4000_0123L, 0x4000_0123L, Mmu.READ, 1);
        // IPS = 48 bits is limited to the Cortex-A53's 40-bit PARange.
        mmu.tcrEl1 = tcrEl1(16, TG0_4K, 16, TG1_4K, IPS_48);
        t.map(0x8000_0000L, 1, 0x100_0000_0000L, 0);
        assertStage1Fault(Fault.Kind.ADDRESS_SIZE, 1, 0x8000_0000L, Mmu.READ, 1);
        t.map(0xC000_0000L, 1, 0x80_0000_0000L, 0);
        assertPa(0x80_0000_0000L, 0xC000_0000L, Mmu.READ, 1);
        // A next-level table address beyond the output size: Address size fault at the table's level.
        mmu.tcrEl1 = tcrEl1(16, TG0_4K, 16, TG1_4K, IPS_32);
        t.set(0x100_0000_0000L, 1, table(0x1_0000_0000L));
        assertStage1Fault(Fault.Kind.ADDRESS_SIZE, 1, 0x100_0000_0000L, Mmu.READ, 1);
        // A TTBR beyond the output size: level 0.
        mmu.ttbr0El1 = 0x1_0000_0000L;
        assertStage1Fault(Fault.Kind.ADDRESS_SIZE, 0, 0x200_0000_0000L, Mmu.READ, 1);
        assertEquals(0, mmu.fault.statusCode());
    }

    @Test
    void attributesFromMair() {
        TableBuilder t = new TableBuilder(mem, 12, 48, 0, POOL);
        enableEl1(tcrEl1(16, TG0_4K, 16, TG1_4K, IPS_40), t.root, 0);
        t.map(0x1000, 3, 0x1000, attrIndx(NORMAL));
        t.map(0x2000, 3, 0x2000, attrIndx(DEVICE));
        t.map(0x3000, 3, 0x3000, attrIndx(NC));
        t.map(0x4000, 3, 0x4000, attrIndx(DEVICE_NGNRE));
        assertPa(0x1000, 0x1000, Mmu.READ, 1);
        assertEquals(0xFF, mmu.lastAttr);
        assertEquals(false, mmu.lastDevice);
        assertPa(0x2000, 0x2000, Mmu.WRITE, 1);
        assertEquals(0x00, mmu.lastAttr);
        assertEquals(true, mmu.lastDevice);
        assertPa(0x3000, 0x3000, Mmu.READ, 1);
        assertEquals(0x44, mmu.lastAttr);
        assertEquals(false, mmu.lastDevice);
        assertPa(0x4000, 0x4000, Mmu.READ, 1);
        assertEquals(0x04, mmu.lastAttr);
        assertEquals(true, mmu.lastDevice);
    }
}
