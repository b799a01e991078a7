package visor.mmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static visor.mmu.Desc.*;

import org.junit.jupiter.api.Test;

/**
 * The EL3 translation regime (ARM ARM D5.1): one stage 1 from TTBR0_EL3/TCR_EL3 (TCR_EL2's layout),
 * MAIR_EL3 and SCTLR_EL3, with a single privilege level, its own TLB entries and TLBI ALLE3/VAE3.
 */
class El3RegimeTest extends MmuTestBase {
    private TableBuilder enableEl3() {
        TableBuilder t = new TableBuilder(mem, 12, 39, 1, 0x0300_0000L);
        mmu.tcrEl3 = tcrEl2(25, TG0_4K, 2);
        mmu.ttbr0El3 = t.root;
        mmu.mairEl3 = Desc.MAIR;
        mmu.sctlrEl3 = Desc.SCTLR_M;
        return t;
    }

    @Test
    void el3WalksItsOwnTables() {
        TableBuilder t = enableEl3();
        t.map(0x4000_0000L, 2, 0x0020_0000L, attrIndx(NORMAL));
        t.map(0x1000, 3, 0x5000, attrIndx(NORMAL) | AP_RO | PXN);   // PXN is RES0 here, as at EL2
        assertPa(0x0021_2345L, 0x4001_2345L, Mmu.WRITE, 3);
        assertStage1Fault(Fault.Kind.PERMISSION, 3, 0x1000, Mmu.WRITE, 3);
        assertPa(0x5000, 0x1000, Mmu.FETCH, 3);
        assertStage1Fault(Fault.Kind.TRANSLATION, 1, 0x8000_0000L, Mmu.READ, 3);
        // The EL2 regime's registers (MMU off there) do not apply at EL3, nor EL3's at EL2.
        assertPa(0x4001_2345L, 0x4001_2345L, Mmu.READ, 2);
    }

    @Test
    void el3WithItsMmuOffIsFlatAndDevice() {
        mmu.sctlrEl2 = Desc.SCTLR_M;
        assertPa(0x1000, 0x1000, Mmu.READ, 3);
        assertTrue(mmu.lastDevice);
    }

    @Test
    void tlbiAlle3AndVae3DropOnlyEl3Entries() {
        TableBuilder t = enableEl3();
        t.map(0x1000, 3, 0x5000, attrIndx(NORMAL));
        t.map(0x2000, 3, 0x6000, attrIndx(NORMAL));
        TableBuilder e2 = new TableBuilder(mem, 12, 39, 1, 0x0200_0000L);
        enableEl2(tcrEl2(25, TG0_4K, 2), e2.root);
        e2.map(0x1000, 3, 0x7000, attrIndx(NORMAL));
        assertPa(0x5000, 0x1000, Mmu.READ, 3);
        assertPa(0x6000, 0x2000, Mmu.READ, 3);
        assertPa(0x7000, 0x1000, Mmu.READ, 2);
        t.map(0x1000, 3, 0x8000, attrIndx(NORMAL));
        t.map(0x2000, 3, 0x9000, attrIndx(NORMAL));
        e2.map(0x1000, 3, 0xA000, attrIndx(NORMAL));
        assertPa(0x5000, 0x1000, Mmu.READ, 3);
        mmu.invalidateEl3Va(0x1000);
        assertPa(0x8000, 0x1000, Mmu.READ, 3);
        assertPa(0x6000, 0x2000, Mmu.READ, 3);
        mmu.invalidateEl3All();
        assertPa(0x9000, 0x2000, Mmu.READ, 3);
        assertEquals(0x7000, mmu.translate(0x1000, Mmu.READ, 2, false), "EL2 entries untouched by TLBI ALLE3");
    }

    @Test
    void secureAndNonSecureEl10EntriesAreTaggedApart() {
        TableBuilder t = new TableBuilder(mem, 12, 48, 0, 0x0100_0000L);
        enableEl1(tcrEl1(16, TG0_4K, 16, TG1_4K, IPS_40), t.root, 0);
        t.map(0x1000, 3, 0x5000, attrIndx(NORMAL));
        mmu.secure = true;
        assertPa(0x5000, 0x1000, Mmu.READ, 1);
        t.map(0x1000, 3, 0x6000, attrIndx(NORMAL));
        mmu.secure = false;
        assertPa(0x6000, 0x1000, Mmu.READ, 1);
        mmu.secure = true;
        assertPa(0x5000, 0x1000, Mmu.READ, 1);
    }
}
