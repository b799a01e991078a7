package visor.mmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static visor.mmu.Desc.*;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * TLB behaviour (ARM ARM D5.10): entries stay until the right TLBI, register writes do not
 * invalidate, and ASID, VMID and regime tags keep contexts apart.
 */
class TlbTest extends MmuTestBase {
    TableBuilder t1;
    TableBuilder t2;

    @BeforeEach
    void setUp() {
        t1 = new TableBuilder(mem, 12, 48, 0, 0x0100_0000L);
        t2 = new TableBuilder(mem, 12, 48, 0, 0x0200_0000L);
        enableEl1(tcrEl1(16, TG0_4K, 16, TG1_4K, IPS_40) | AS16, ttbr(t1.root, 1), 0);
    }

    private void useAsid(TableBuilder t, int asid) {
        mmu.ttbr0El1 = ttbr(t.root, asid);
    }

    @Test
    void staleEntryIsUsedUntilTheMatchingTlbi() {
        t1.map(0x1000, 3, 0x10_0000L, attrIndx(NORMAL) | NG);
        assertPa(0x10_0010L, 0x1010, Mmu.READ, 1);
        t1.map(0x1000, 3, 0x20_0000L, attrIndx(NORMAL) | NG);
        assertPa(0x10_0010L, 0x1010, Mmu.READ, 1);
        // Another ASID, another VMID, another VA, the EL2 regime: none of these remove it.
        mmu.invalidateVa(0x1000, 2, 0, false);
        mmu.invalidateVa(0x1000, 1, 3, false);
        mmu.invalidateVa(0x2000, 1, 0, false);
        mmu.invalidateEl2All();
        mmu.invalidateEl2Va(0x1000);
        assertPa(0x10_0010L, 0x1010, Mmu.READ, 1);
        mmu.invalidateVa(0x1000, 1, 0, false);
        assertPa(0x20_0010L, 0x1010, Mmu.READ, 1);
        // Unmapping is invisible until the TLBI too.
        t1.set(0x1000, 3, 0);
        assertPa(0x20_0010L, 0x1010, Mmu.READ, 1);
        mmu.invalidateVa(0x1ABC, 1, 0, true);
        assertStage1Fault(Fault.Kind.TRANSLATION, 3, 0x1010, Mmu.READ, 1);
    }

    @Test
    void registerWritesDoNotInvalidate() {
        t1.map(0x1000, 3, 0x10_0000L, attrIndx(NORMAL) | NG);
        t2.map(0x1000, 3, 0x20_0000L, attrIndx(NORMAL) | NG);
        assertPa(0x10_0000L, 0x1000, Mmu.READ, 1);
        // New tables, same ASID: the old translation is still cached.
        useAsid(t2, 1);
        mmu.mairEl1 = 0;
        assertPa(0x10_0000L, 0x1000, Mmu.READ, 1);
        assertEquals(0xFF, mmu.lastAttr);
        mmu.invalidateAsid(1, 0);
        assertPa(0x20_0000L, 0x1000, Mmu.READ, 1);
        assertEquals(0x00, mmu.lastAttr);
    }

    @Test
    void asidsAreSeparateAndInvalidatedSeparately() {
        t1.map(0x1000, 3, 0x10_0000L, attrIndx(NORMAL) | NG);
        t2.map(0x1000, 3, 0x20_0000L, attrIndx(NORMAL) | NG);
        useAsid(t1, 1);
        assertPa(0x10_0000L, 0x1000, Mmu.READ, 1);
        useAsid(t2, 2);
        assertPa(0x20_0000L, 0x1000, Mmu.READ, 1);
        t1.map(0x1000, 3, 0x30_0000L, attrIndx(NORMAL) | NG);
        t2.map(0x1000, 3, 0x40_0000L, attrIndx(NORMAL) | NG);
        useAsid(t1, 1);
        assertPa(0x10_0000L, 0x1000, Mmu.READ, 1);
        useAsid(t2, 2);
        assertPa(0x20_0000L, 0x1000, Mmu.READ, 1);
        // TLBI VAE1 for ASID 1 leaves ASID 2's entry.
        mmu.invalidateVa(0x1000, 1, 0, false);
        useAsid(t1, 1);
        assertPa(0x30_0000L, 0x1000, Mmu.READ, 1);
        useAsid(t2, 2);
        assertPa(0x20_0000L, 0x1000, Mmu.READ, 1);
        mmu.invalidateAsid(2, 0);
        assertPa(0x40_0000L, 0x1000, Mmu.READ, 1);
    }

    @Test
    void globalEntriesMatchEveryAsid() {
        t1.map(0x2000, 3, 0x50_0000L, attrIndx(NORMAL));  // nG = 0
        t2.map(0x2000, 3, 0x60_0000L, attrIndx(NORMAL) | NG);
        useAsid(t1, 1);
        assertPa(0x50_0000L, 0x2000, Mmu.READ, 1);
        // ASID 2's tables map it elsewhere, but the cached global entry applies to every ASID.
        useAsid(t2, 2);
        assertPa(0x50_0000L, 0x2000, Mmu.READ, 1);
        // TLBI ASIDE1 never removes global entries.
        mmu.invalidateAsid(1, 0);
        mmu.invalidateAsid(2, 0);
        assertPa(0x50_0000L, 0x2000, Mmu.READ, 1);
        // TLBI VAE1 removes a global entry whatever ASID it names.
        mmu.invalidateVa(0x2000, 77, 0, false);
        assertPa(0x60_0000L, 0x2000, Mmu.READ, 1);
    }

    @Test
    void invalidateByVaAllAsids() {
        t1.map(0x1000, 3, 0x10_0000L, attrIndx(NORMAL) | NG);
        t2.map(0x1000, 3, 0x20_0000L, attrIndx(NORMAL) | NG);
        t1.map(0x3000, 3, 0x70_0000L, attrIndx(NORMAL) | NG);
        useAsid(t1, 1);
        assertPa(0x10_0000L, 0x1000, Mmu.READ, 1);
        assertPa(0x70_0000L, 0x3000, Mmu.READ, 1);
        useAsid(t2, 2);
        assertPa(0x20_0000L, 0x1000, Mmu.READ, 1);
        t1.set(0x1000, 3, 0);
        t2.set(0x1000, 3, 0);
        t1.set(0x3000, 3, 0);
        mmu.invalidateVaAllAsid(0x1000, 0);
        assertStage1Fault(Fault.Kind.TRANSLATION, 3, 0x1000, Mmu.READ, 1);
        useAsid(t1, 1);
        assertStage1Fault(Fault.Kind.TRANSLATION, 3, 0x1000, Mmu.READ, 1);
        assertPa(0x70_0000L, 0x3000, Mmu.READ, 1);
    }

    @Test
    void lastLevelInvalidationRemovesTheLeafOnly() {
        t1.map(0x1000, 3, 0x10_0000L, attrIndx(NORMAL) | NG);
        t1.map(0x2000, 3, 0x11_0000L, attrIndx(NORMAL) | NG);
        assertPa(0x10_0000L, 0x1000, Mmu.READ, 1);
        assertPa(0x11_0000L, 0x2000, Mmu.READ, 1);
        t1.map(0x1000, 3, 0x20_0000L, attrIndx(NORMAL) | NG);
        t1.map(0x2000, 3, 0x21_0000L, attrIndx(NORMAL) | NG);
        // VALE1 and VAE1 both remove the leaf for their VA and nothing else.
        mmu.invalidateVa(0x1000, 1, 0, true);
        assertPa(0x20_0000L, 0x1000, Mmu.READ, 1);
        assertPa(0x11_0000L, 0x2000, Mmu.READ, 1);
        mmu.invalidateVa(0x2000, 1, 0, false);
        assertPa(0x21_0000L, 0x2000, Mmu.READ, 1);
    }

    @Test
    void invalidatingAnyAddressInABlockRemovesTheWholeBlock() {
        t1.map(0x4000_0000L, 2, 0x0800_0000L, attrIndx(NORMAL));
        t1.map(0x4020_0000L, 3, 0x0900_0000L, attrIndx(NORMAL));
        assertPa(0x0800_1000L, 0x4000_1000L, Mmu.READ, 1);
        assertPa(0x0805_0000L, 0x4005_0000L, Mmu.READ, 1);
        assertPa(0x0900_0000L, 0x4020_0000L, Mmu.READ, 1);
        t1.map(0x4000_0000L, 2, 0x0A00_0000L, attrIndx(NORMAL));
        t1.map(0x4020_0000L, 3, 0x0B00_0000L, attrIndx(NORMAL));
        mmu.invalidateVa(0x401F_F000L, 1, 0, true);
        assertPa(0x0A00_1000L, 0x4000_1000L, Mmu.READ, 1);
        assertPa(0x0A05_0000L, 0x4005_0000L, Mmu.READ, 1);
        // The page just past the block was not covered.
        assertPa(0x0900_0000L, 0x4020_0000L, Mmu.READ, 1);
    }

    @Test
    void asidWidthAndSelection() {
        mmu.ttbr0El1 = ttbr(t1.root, 0x0201);
        mmu.ttbr1El1 = ttbr(t2.root, 0x0305);
        assertEquals(0x0201, mmu.currentAsid());
        mmu.tcrEl1 &= ~AS16;
        assertEquals(0x01, mmu.currentAsid());
        mmu.tcrEl1 |= A1;
        assertEquals(0x05, mmu.currentAsid(0x1000));
        mmu.tcrEl1 |= AS16;
        assertEquals(0x0305, mmu.currentAsid(0xFFFF_0000_0000_0000L));
        // 8-bit ASIDs: 0x0101 and 0x0201 are the same ASID 1.
        mmu.tcrEl1 &= ~(A1 | AS16);
        t1.map(0x1000, 3, 0x10_0000L, attrIndx(NORMAL) | NG);
        t2.map(0x1000, 3, 0x20_0000L, attrIndx(NORMAL) | NG);
        mmu.ttbr0El1 = ttbr(t1.root, 0x0101);
        assertPa(0x10_0000L, 0x1000, Mmu.READ, 1);
        mmu.ttbr0El1 = ttbr(t2.root, 0x0201);
        assertPa(0x10_0000L, 0x1000, Mmu.READ, 1);
        // With A1 the ASID comes from TTBR1 even for TTBR0 addresses.
        mmu.tcrEl1 |= A1;
        mmu.ttbr1El1 = ttbr(0, 0x07);
        assertPa(0x20_0000L, 0x1000, Mmu.READ, 1);
        mmu.invalidateAsid(7, 0);
        t2.map(0x1000, 3, 0x30_0000L, attrIndx(NORMAL) | NG);
        assertPa(0x30_0000L, 0x1000, Mmu.READ, 1);
    }

    @Test
    void vmidsAreSeparate() {
        TableBuilder s2a = new TableBuilder(mem, 12, 40, 1, 0x0300_0000L);
        TableBuilder s2b = new TableBuilder(mem, 12, 40, 1, 0x0400_0000L);
        s2a.map(0x3000_0000L, 3, 0x0A00_0000L, S2_RW | S2_NORMAL_WB);
        s2b.map(0x3000_0000L, 3, 0x0B00_0000L, S2_RW | S2_NORMAL_WB);
        mmu.sctlrEl1 = 0;
        mmu.hcrEl2 = Mmu.HCR_VM;
        mmu.vtcrEl2 = vtcr(24, 1, TG0_4K, 2);
        mmu.vttbrEl2 = ttbr(s2a.root, 1);
        assertEquals(1, mmu.currentVmid());
        assertPa(0x0A00_0000L, 0x3000_0000L, Mmu.READ, 1);
        mmu.vttbrEl2 = ttbr(s2b.root, 2);
        assertPa(0x0B00_0000L, 0x3000_0000L, Mmu.READ, 1);
        s2a.map(0x3000_0000L, 3, 0x0C00_0000L, S2_RW | S2_NORMAL_WB);
        s2b.map(0x3000_0000L, 3, 0x0D00_0000L, S2_RW | S2_NORMAL_WB);
        mmu.vttbrEl2 = ttbr(s2a.root, 1);
        assertPa(0x0A00_0000L, 0x3000_0000L, Mmu.READ, 1);
        mmu.invalidateVmidStage1(1);
        assertPa(0x0C00_0000L, 0x3000_0000L, Mmu.READ, 1);
        mmu.vttbrEl2 = ttbr(s2b.root, 2);
        assertPa(0x0B00_0000L, 0x3000_0000L, Mmu.READ, 1);
        mmu.invalidateIpa(0x3000_0000L, 1);
        assertPa(0x0B00_0000L, 0x3000_0000L, Mmu.READ, 1);
        mmu.invalidateIpa(0x3000_0000L, 2);
        assertPa(0x0D00_0000L, 0x3000_0000L, Mmu.READ, 1);
        s2b.map(0x3000_0000L, 3, 0x0E00_0000L, S2_RW | S2_NORMAL_WB);
        mmu.invalidateVmidStage12(1);
        assertPa(0x0D00_0000L, 0x3000_0000L, Mmu.READ, 1);
        mmu.invalidateVmidAll(2);
        assertPa(0x0E00_0000L, 0x3000_0000L, Mmu.READ, 1);
        // TLBI by VA names the VMID too.
        s2b.map(0x3000_0000L, 3, 0x0F00_0000L, S2_RW | S2_NORMAL_WB);
        mmu.invalidateVa(0x3000_0000L, 0, 1, false);
        assertPa(0x0E00_0000L, 0x3000_0000L, Mmu.READ, 1);
        mmu.invalidateEl1All();
        assertPa(0x0F00_0000L, 0x3000_0000L, Mmu.READ, 1);
    }

    @Test
    void regimesAreSeparate() {
        TableBuilder e2 = new TableBuilder(mem, 12, 48, 0, 0x0300_0000L);
        enableEl2(tcrEl2(16, TG0_4K, 2), e2.root);
        t1.map(0x1000, 3, 0x10_0000L, attrIndx(NORMAL));
        e2.map(0x1000, 3, 0x20_0000L, attrIndx(NORMAL));
        assertPa(0x10_0000L, 0x1000, Mmu.READ, 1);
        assertPa(0x20_0000L, 0x1000, Mmu.READ, 2);
        t1.map(0x1000, 3, 0x30_0000L, attrIndx(NORMAL));
        e2.map(0x1000, 3, 0x40_0000L, attrIndx(NORMAL));
        mmu.invalidateEl1All();
        assertPa(0x30_0000L, 0x1000, Mmu.READ, 1);
        assertPa(0x20_0000L, 0x1000, Mmu.READ, 2);
        e2.map(0x1000, 3, 0x50_0000L, attrIndx(NORMAL));
        t1.map(0x1000, 3, 0x60_0000L, attrIndx(NORMAL));
        mmu.invalidateEl2Va(0x1000);
        assertPa(0x50_0000L, 0x1000, Mmu.READ, 2);
        assertPa(0x30_0000L, 0x1000, Mmu.READ, 1);
        e2.map(0x1000, 3, 0x70_0000L, attrIndx(NORMAL));
        mmu.invalidateEl2All();
        assertPa(0x70_0000L, 0x1000, Mmu.READ, 2);
        assertPa(0x30_0000L, 0x1000, Mmu.READ, 1);
        mmu.invalidateAll();
        assertPa(0x60_0000L, 0x1000, Mmu.READ, 1);
    }

    @Test
    void stage1OnAndOffEntriesDoNotMix() {
        TableBuilder s2 = new TableBuilder(mem, 12, 40, 1, 0x0300_0000L);
        s2.map(0x0100_0000L, 2, 0x0100_0000L, S2_RW | S2_NORMAL_WB);  // stage 1 tables, identity
        s2.map(0x0200_0000L, 2, 0x0200_0000L, S2_RW | S2_NORMAL_WB);
        s2.map(0x1000, 3, 0x0A00_0000L, S2_RW | S2_NORMAL_WB);
        s2.map(0x10_0000L, 3, 0x0B00_0000L, S2_RW | S2_NORMAL_WB);
        mmu.hcrEl2 = Mmu.HCR_VM;
        mmu.vtcrEl2 = vtcr(24, 1, TG0_4K, 2);
        mmu.vttbrEl2 = ttbr(s2.root, 1);
        t1.map(0x1000, 3, 0x10_0000L, attrIndx(NORMAL));
        assertPa(0x0B00_0000L, 0x1000, Mmu.READ, 1);
        mmu.sctlrEl1 = 0;
        assertPa(0x0A00_0000L, 0x1000, Mmu.READ, 1);
        mmu.sctlrEl1 = SCTLR_M;
        assertPa(0x0B00_0000L, 0x1000, Mmu.READ, 1);
    }

    @Test
    void capacityIsBoundedAndEvictionIsTransparent() {
        int pages = 3 * Tlb.SIZE;
        for (int i = 0; i < pages; i++) {
            t1.map(0x1000_0000L + ((long) i << 12), 3, (long) i << 12, attrIndx(NORMAL));
        }
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < pages; i++) {
                assertPa(((long) i << 12) | 0x10, 0x1000_0000L + ((long) i << 12) + 0x10, Mmu.READ, 1);
            }
        }
        assertTrue(mmu.tlbSize() <= Tlb.SIZE);
        assertTrue(mmu.tlbSize() > Tlb.SIZE / 2, "the TLB is used: " + mmu.tlbSize());
    }

    @Test
    void repeatedTranslationSkipsTheWalk() {
        int[] reads = {0};
        // Tables in an MMIO "RAM" that counts descriptor reads.
        long base = 0x4000_0000L;
        byte[] store = new byte[0x10000];
        mem.map(base, store.length, new MmioDevice() {
            @Override
            public long read(long offset, int size) {
                reads[0]++;
                return (long) PhysicalMemory.I64.get(store, (int) offset);
            }

            @Override
            public void write(long offset, int size, long value) {
                PhysicalMemory.I64.set(store, (int) offset, value);
            }
        });
        TableBuilder t = new TableBuilder(mem, 12, 48, 0, base);
        mmu.ttbr0El1 = t.root;
        t.map(0x1000, 3, 0x10_0000L, attrIndx(NORMAL));
        reads[0] = 0;
        assertPa(0x10_0000L, 0x1000, Mmu.READ, 1);
        assertEquals(4, reads[0], "a 4-level walk");
        for (int i = 0; i < 10; i++) {
            assertPa(0x10_0008L, 0x1008, Mmu.WRITE, 0 + 1);
        }
        assertEquals(4, reads[0], "TLB hits read no descriptors");
    }
}
