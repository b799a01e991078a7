package visor.mmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static visor.mmu.Desc.*;

import org.junit.jupiter.api.Test;

/** Address-range, TBI, contiguous-hint and EL2-regime details of stage 1 (ARM ARM D5.2, D5.9). */
class RegimeDetailTest extends MmuTestBase {
    @Test
    void ttbr1With64kGranuleAndSmallerRange() {
        // T1SZ=22: 42-bit upper range 0xFFFF_FC00_0000_0000.., 64K granule starts at level 2.
        TableBuilder upper = new TableBuilder(mem, 16, 42, 2, 0x0100_0000L);
        enableEl1(tcrEl1(16, TG0_4K, 22, TG1_64K, IPS_40), 0, upper.root);
        upper.map(0xFFFF_FC00_2000_0000L, 2, 0x2000_0000L, attrIndx(NORMAL));   // 512 MiB block
        upper.map(0xFFFF_FFFF_FFFF_0000L, 3, 0x0005_0000L, attrIndx(NORMAL));   // the last 64K page
        assertPa(0x2ABC_DEF0L, 0xFFFF_FC00_2ABC_DEF0L, Mmu.READ, 1);
        assertPa(0x0005_FFF8L, 0xFFFF_FFFF_FFFF_FFF8L, Mmu.READ, 1);
        assertStage1Fault(Fault.Kind.TRANSLATION, 0, 0xFFFF_FBFF_FFFF_0000L, Mmu.READ, 1);
        // TBI1 lets the top byte carry a tag; without it the tagged address is out of range.
        assertStage1Fault(Fault.Kind.TRANSLATION, 0, 0xA5FF_FFFF_FFFF_0000L, Mmu.READ, 1);
        mmu.tcrEl1 |= TBI1;
        assertPa(0x0005_0000L, 0xA5FF_FFFF_FFFF_0000L, Mmu.READ, 1);
        // TBI1 says nothing about the lower range.
        assertStage1Fault(Fault.Kind.TRANSLATION, 0, 0xA500_0000_0000_0000L, Mmu.READ, 1);
    }

    @Test
    void nonGlobalUpperRangeEntriesUseTheTtbr0AsidUnlessA1() {
        TableBuilder upper = new TableBuilder(mem, 12, 48, 0, 0x0100_0000L);
        enableEl1(tcrEl1(16, TG0_4K, 16, TG1_4K, IPS_40), ttbr(0, 3), ttbr(upper.root, 9));
        upper.map(0xFFFF_0000_0000_1000L, 3, 0x10_0000L, attrIndx(NORMAL) | NG);
        assertPa(0x10_0000L, 0xFFFF_0000_0000_1000L, Mmu.READ, 1);
        upper.map(0xFFFF_0000_0000_1000L, 3, 0x20_0000L, attrIndx(NORMAL) | NG);
        mmu.invalidateAsid(9, 0);
        assertPa(0x10_0000L, 0xFFFF_0000_0000_1000L, Mmu.READ, 1);
        mmu.invalidateAsid(3, 0);
        assertPa(0x20_0000L, 0xFFFF_0000_0000_1000L, Mmu.READ, 1);
        upper.map(0xFFFF_0000_0000_1000L, 3, 0x30_0000L, attrIndx(NORMAL) | NG);
        mmu.tcrEl1 |= A1;
        assertPa(0x30_0000L, 0xFFFF_0000_0000_1000L, Mmu.READ, 1);
        // TLBI by VA for the upper range: Xt carries VA[55:12], so the CPU may pass it without the top byte.
        upper.map(0xFFFF_0000_0000_1000L, 3, 0x40_0000L, attrIndx(NORMAL) | NG);
        mmu.invalidateVa(0x00FF_0000_0000_1000L, 9, 0, false);
        assertPa(0x40_0000L, 0xFFFF_0000_0000_1000L, Mmu.READ, 1);
    }

    @Test
    void contiguousHintDoesNotChangeTheTranslation() {
        TableBuilder t = new TableBuilder(mem, 12, 48, 0, 0x0100_0000L);
        enableEl1(tcrEl1(16, TG0_4K, 16, TG1_4K, IPS_40), t.root, 0);
        for (int i = 0; i < 16; i++) {
            t.map(0x10_0000L + i * 0x1000L, 3, 0x80_0000L + i * 0x1000L, attrIndx(NORMAL) | 1L << 52);
        }
        for (int i = 0; i < 16; i++) {
            assertPa(0x80_0000L + i * 0x1000L + 0x44, 0x10_0000L + i * 0x1000L + 0x44, Mmu.READ, 1);
        }
    }

    @Test
    void el2RangeTbiAndTlb() {
        TableBuilder e2 = new TableBuilder(mem, 12, 39, 1, 0x0100_0000L);
        enableEl2(tcrEl2(25, TG0_4K, 2), e2.root);
        e2.map(0x4000_0000L, 2, 0x0020_0000L, attrIndx(NORMAL));
        assertPa(0x0021_2345L, 0x4001_2345L, Mmu.READ, 2);
        // LDTR/STTR at EL2 have no EL0 to check against: same permissions.
        assertPa(0x0021_2345L, 0x4001_2345L, Mmu.WRITE, 2, true);
        assertStage1Fault(Fault.Kind.TRANSLATION, 0, 0x80_0000_0000L, Mmu.READ, 2);
        assertStage1Fault(Fault.Kind.TRANSLATION, 0, 0xFFFF_FFFF_4000_0000L, Mmu.READ, 2);
        assertStage1Fault(Fault.Kind.TRANSLATION, 0, 0x3C00_0000_4000_0000L, Mmu.READ, 2);
        mmu.tcrEl2 |= 1L << 20;   // TCR_EL2.TBI
        assertPa(0x0020_0000L, 0x3C00_0000_4000_0000L, Mmu.READ, 2);
        // Stale until TLBI VAE2 anywhere in the 2 MiB block.
        e2.map(0x4000_0000L, 2, 0x0040_0000L, attrIndx(NORMAL));
        assertPa(0x0021_2345L, 0x4001_2345L, Mmu.READ, 2);
        mmu.invalidateVmidAll(0);
        mmu.invalidateEl1All();
        assertPa(0x0021_2345L, 0x4001_2345L, Mmu.READ, 2);
        mmu.invalidateEl2Va(0x401F_F000L);
        assertPa(0x0041_2345L, 0x4001_2345L, Mmu.READ, 2);
        assertEquals(0xFF, mmu.lastAttr);
    }

    @Test
    void stage2AccessFlagOnTheWalk() {
        TableBuilder s2 = new TableBuilder(mem, 12, 40, 1, 0x0300_0000L);
        // Stage 1 tables' IPA page mapped with AF = 0 at stage 2.
        s2.set(0x0100_0000L, 2, 0x0100_0000L | S2_RW | S2_NORMAL_WB | 1);
        mmu.hcrEl2 = Mmu.HCR_VM;
        mmu.vtcrEl2 = vtcr(24, 1, TG0_4K, 2);
        mmu.vttbrEl2 = ttbr(s2.root, 1);
        TableBuilder t = new TableBuilder(mem, 12, 48, 0, 0x0100_0000L);
        enableEl1(tcrEl1(16, TG0_4K, 16, TG1_4K, IPS_40), t.root, 0);
        assertStage2Fault(Fault.Kind.ACCESS_FLAG, 2, t.root + 8 * 2, true, 2L << 39, Mmu.FETCH, 0);
        assertEquals(0b001010, mmu.fault.statusCode());
    }

    @Test
    void translateStage2FetchChecksXn() {
        TableBuilder s2 = new TableBuilder(mem, 12, 40, 1, 0x0300_0000L);
        s2.map(0x1000, 3, 0x5000, S2_RW | S2_NORMAL_WB | XN);
        s2.map(0x2000, 3, 0x6000, S2_NORMAL_WB);   // no read, no write, executable
        mmu.vtcrEl2 = vtcr(24, 1, TG0_4K, 2);
        mmu.vttbrEl2 = ttbr(s2.root, 1);
        assertEquals(Mmu.FAULT, mmu.translateStage2(0x1004, Mmu.FETCH));
        assertEquals(Fault.Kind.PERMISSION, mmu.fault.kind);
        assertEquals(0x5004, mmu.translateStage2(0x1004, Mmu.WRITE));
        // Stage 2 execute permission does not need read permission (AArch64.CheckS2Permission).
        assertEquals(0x6008, mmu.translateStage2(0x2008, Mmu.FETCH));
        assertEquals(Mmu.FAULT, mmu.translateStage2(0x2008, Mmu.READ));
    }
}
