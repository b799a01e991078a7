package visor.mmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static visor.mmu.Desc.*;

import org.junit.jupiter.api.Test;

/** Translation with stage 1 disabled (ARM ARM D5.2.9, AArch64.TranslateAddressS1Off). */
class MmuOffTest extends MmuTestBase {
    @Test
    void identityWithDeviceDataAndNormalFetch() {
        assertPa(0x3F20_0000L, 0x3F20_0000L, Mmu.READ, 1);
        assertTrue(mmu.lastDevice);
        assertEquals(0x00, mmu.lastAttr);
        assertPa(0x8_0000L, 0x8_0000L, Mmu.FETCH, 1);
        assertFalse(mmu.lastDevice);
        assertEquals(0x44, mmu.lastAttr);   // SCTLR_EL1.I = 0: Non-cacheable
        mmu.sctlrEl1 = SCTLR_I;
        assertPa(0x8_0000L, 0x8_0000L, Mmu.FETCH, 0);
        assertEquals(0xAA, mmu.lastAttr);   // SCTLR_EL1.I = 1: Write-Through
        assertPa(0x8_0000L, 0x8_0000L, Mmu.WRITE, 0);
        assertTrue(mmu.lastDevice);
        // Nothing is cached for the flat map.
        assertEquals(0, mmu.tlbSize());
    }

    @Test
    void addressesBeyondPaMaxFaultAtLevelZero() {
        assertPa((1L << 40) - 8, (1L << 40) - 8, Mmu.READ, 1);
        assertStage1Fault(Fault.Kind.ADDRESS_SIZE, 0, 1L << 40, Mmu.READ, 1);
        assertEquals(0, mmu.fault.statusCode());
        assertStage1Fault(Fault.Kind.ADDRESS_SIZE, 0, 0xFFFF_FFFF_FFFF_F000L, Mmu.FETCH, 2);
        // Top byte ignored per TCR_EL1.TBI0 even with the MMU off (AddrTop).
        assertStage1Fault(Fault.Kind.ADDRESS_SIZE, 0, 0x1200_0000_0000_1000L, Mmu.READ, 0);
        mmu.tcrEl1 = TBI0;
        assertPa(0x1000, 0x1200_0000_0000_1000L, Mmu.READ, 0);
    }

    @Test
    void el3IsFlat() {
        mmu.sctlrEl2 = SCTLR_M;
        assertPa(0x1000, 0x1000, Mmu.WRITE, 3);
        assertTrue(mmu.lastDevice);
        assertPa(0x1000, 0x1000, Mmu.FETCH, 3);
        assertFalse(mmu.lastDevice);
        assertStage1Fault(Fault.Kind.ADDRESS_SIZE, 0, 1L << 40, Mmu.READ, 3);
    }

    @Test
    void el2WithMmuOffIgnoresHcrDc() {
        mmu.hcrEl2 = Mmu.HCR_DC;
        assertPa(0x1000, 0x1000, Mmu.READ, 2);
        assertTrue(mmu.lastDevice);
        mmu.sctlrEl2 = SCTLR_I;
        assertPa(0x1000, 0x1000, Mmu.FETCH, 2);
        assertEquals(0xAA, mmu.lastAttr);
    }

    @Test
    void tgeDisablesEl10Stage1() {
        TableBuilder t = new TableBuilder(mem, 12, 48, 0, 0x0100_0000L);
        enableEl1(tcrEl1(16, TG0_4K, 16, TG1_4K, IPS_40), t.root, 0);
        t.map(0x1000, 3, 0x10_0000L, attrIndx(NORMAL) | AP_EL0);
        assertPa(0x10_0000L, 0x1000, Mmu.READ, 0);
        mmu.hcrEl2 = Mmu.HCR_TGE;
        assertPa(0x1000, 0x1000, Mmu.READ, 0);
        assertTrue(mmu.lastDevice);
        mmu.hcrEl2 = 0;
        assertPa(0x10_0000L, 0x1000, Mmu.READ, 0);
    }
}
