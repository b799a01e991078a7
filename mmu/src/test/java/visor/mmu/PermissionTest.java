package visor.mmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static visor.mmu.Desc.*;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Stage 1 access permissions (ARM ARM D5.4): AP[2:1], UXN/PXN, WXN, hierarchical controls, EL2 regime. */
class PermissionTest extends MmuTestBase {
    TableBuilder t;

    @BeforeEach
    void setUp() {
        t = new TableBuilder(mem, 12, 48, 0, 0x0100_0000L);
        enableEl1(tcrEl1(16, TG0_4K, 16, TG1_4K, IPS_40), t.root, 0);
    }

    /**
     * Expected outcome per access as 'ok' or 'pf' (Permission fault level 3), columns: EL1 R, EL1 W,
     * EL1 X, EL0 R, EL0 W, EL0 X, LDTR/STTR at EL1 R, W. From the D5.4 tables: AP=00 EL1 RW / EL0 none;
     * 01 RW / RW; 10 RO / none; 11 RO / RO. EL1 cannot execute what EL0 can write. EL0 execution
     * depends only on UXN (execute-only memory with AP=00).
     */
    @ParameterizedTest(name = "AP={0} UXN={1} PXN={2}")
    @CsvSource({
        "0, 0, 0, ok, ok, ok, pf, pf, ok, pf, pf",
        "1, 0, 0, ok, ok, pf, ok, ok, ok, ok, ok",
        "2, 0, 0, ok, pf, ok, pf, pf, ok, pf, pf",
        "3, 0, 0, ok, pf, ok, ok, pf, ok, ok, pf",
        "3, 1, 0, ok, pf, ok, ok, pf, pf, ok, pf",
        "3, 0, 1, ok, pf, pf, ok, pf, ok, ok, pf",
        "0, 1, 1, ok, ok, pf, pf, pf, pf, pf, pf",
    })
    void accessPermissions(int ap, int uxn, int pxn, String r1, String w1, String x1, String r0, String w0,
            String x0, String ru, String wu) {
        long attrs = attrIndx(NORMAL) | (long) ap << 6 | (uxn == 1 ? UXN : 0) | (pxn == 1 ? PXN : 0);
        t.map(0x10_0000, 3, 0x20_0000, attrs);
        check(r1, Mmu.READ, 1, false);
        check(w1, Mmu.WRITE, 1, false);
        check(x1, Mmu.FETCH, 1, false);
        check(r0, Mmu.READ, 0, false);
        check(w0, Mmu.WRITE, 0, false);
        check(x0, Mmu.FETCH, 0, false);
        check(ru, Mmu.READ, 1, true);
        check(wu, Mmu.WRITE, 1, true);
    }

    private void check(String expected, int access, int el, boolean unprivileged) {
        if (expected.equals("ok")) {
            assertPa(0x20_0010, 0x10_0010, access, el, unprivileged);
        } else {
            assertFault(Fault.Kind.PERMISSION, 3, 0x10_0010, access, el, unprivileged);
            assertEquals(false, mmu.fault.stage2);
            assertEquals(0b001111, mmu.fault.statusCode());
        }
    }

    @Test
    void permissionFaultReportsLeafLevel() {
        t.map(0x4000_0000L, 1, 0x4000_0000L, attrIndx(NORMAL) | AP_RO);
        t.map(0x20_0000L, 2, 0x20_0000L, attrIndx(NORMAL) | AP_RO);
        assertStage1Fault(Fault.Kind.PERMISSION, 1, 0x4000_1000L, Mmu.WRITE, 1);
        assertEquals(0b001101, mmu.fault.statusCode());
        assertStage1Fault(Fault.Kind.PERMISSION, 2, 0x20_1000L, Mmu.WRITE, 1);
    }

    @Test
    void wxnMakesWritableMemoryExecuteNever() {
        mmu.sctlrEl1 |= SCTLR_WXN;
        t.map(0x1000, 3, 0x1000, attrIndx(NORMAL));                  // EL1 RW
        t.map(0x2000, 3, 0x2000, attrIndx(NORMAL) | AP_RO);          // EL1 RO
        t.map(0x3000, 3, 0x3000, attrIndx(NORMAL) | AP_RO | AP_EL0); // RO both
        t.map(0x4000, 3, 0x4000, attrIndx(NORMAL) | AP_EL0 | PXN);   // RW both
        assertStage1Fault(Fault.Kind.PERMISSION, 3, 0x1000, Mmu.FETCH, 1);
        assertPa(0x2000, 0x2000, Mmu.FETCH, 1);
        assertPa(0x3000, 0x3000, Mmu.FETCH, 0);
        assertPa(0x3000, 0x3000, Mmu.FETCH, 1);
        assertStage1Fault(Fault.Kind.PERMISSION, 3, 0x4000, Mmu.FETCH, 0);
        // Without WXN, EL0 may execute its writable page.
        mmu.sctlrEl1 &= ~SCTLR_WXN;
        mmu.invalidateAll();
        assertPa(0x4000, 0x4000, Mmu.FETCH, 0);
        assertPa(0x1000, 0x1000, Mmu.FETCH, 1);
    }

    @Test
    void hierarchicalTableControls() {
        // Each VA region (one L0 entry per region) gets its own tables with one control set.
        long[] tableAttrs = {AP_TABLE_NO_EL0, AP_TABLE_RO, UXN_TABLE, PXN_TABLE};
        for (int i = 0; i < tableAttrs.length; i++) {
            t.tableAttrs = tableAttrs[i];
            t.map((i + 1L) << 39, 3, 0x10_0000L * (i + 1), attrIndx(NORMAL) | AP_EL0);
        }
        t.tableAttrs = 0;
        long noEl0 = 1L << 39, ro = 2L << 39, uxn = 3L << 39, pxn = 4L << 39;
        // APTable[0]: no EL0 access below, EL1 unaffected (RW stays; EL1 may also execute now that EL0 cannot write).
        assertStage1Fault(Fault.Kind.PERMISSION, 3, noEl0, Mmu.READ, 0);
        assertPa(0x10_0000L, noEl0, Mmu.WRITE, 1);
        assertPa(0x10_0000L, noEl0, Mmu.FETCH, 1);
        // APTable[1]: read-only for everyone.
        assertStage1Fault(Fault.Kind.PERMISSION, 3, ro, Mmu.WRITE, 1);
        assertStage1Fault(Fault.Kind.PERMISSION, 3, ro, Mmu.WRITE, 0);
        assertPa(0x20_0000L, ro, Mmu.READ, 0);
        // UXNTable / PXNTable.
        assertStage1Fault(Fault.Kind.PERMISSION, 3, uxn, Mmu.FETCH, 0);
        assertPa(0x30_0000L, uxn, Mmu.READ, 0);
        assertPa(0x40_0000L, pxn, Mmu.FETCH, 0);
        assertStage1Fault(Fault.Kind.PERMISSION, 3, pxn, Mmu.FETCH, 1);
    }

    @Test
    void el2RegimeHasOnePrivilegeLevel() {
        TableBuilder e2 = new TableBuilder(mem, 12, 39, 1, 0x0200_0000L);
        enableEl2(tcrEl2(25, TG0_4K, 2), e2.root);
        e2.map(0x1000, 3, 0x1000, attrIndx(NORMAL));                 // AP[1]=0 is RES1 semantics: still RW
        e2.map(0x2000, 3, 0x2000, attrIndx(NORMAL) | AP_RO);
        e2.map(0x3000, 3, 0x3000, attrIndx(NORMAL) | XN);
        e2.map(0x4000, 3, 0x4000, attrIndx(NORMAL) | AP_RO | PXN);   // PXN is RES0 at EL2: ignored
        assertPa(0x1000, 0x1000, Mmu.WRITE, 2);
        assertPa(0x1000, 0x1000, Mmu.FETCH, 2);
        assertStage1Fault(Fault.Kind.PERMISSION, 3, 0x2000, Mmu.WRITE, 2);
        assertPa(0x2000, 0x2000, Mmu.READ, 2);
        assertStage1Fault(Fault.Kind.PERMISSION, 3, 0x3000, Mmu.FETCH, 2);
        assertPa(0x4000, 0x4000, Mmu.FETCH, 2);
        // SCTLR_EL2.WXN.
        mmu.sctlrEl2 |= SCTLR_WXN;
        mmu.invalidateEl2All();
        assertStage1Fault(Fault.Kind.PERMISSION, 3, 0x1000, Mmu.FETCH, 2);
        assertPa(0x2000, 0x2000, Mmu.FETCH, 2);
        // Hierarchical: APTable[0] and PXNTable are ignored at EL2, XNTable and APTable[1] apply.
        long[] tableAttrs = {AP_TABLE_NO_EL0 | PXN_TABLE, UXN_TABLE, AP_TABLE_RO};
        for (int i = 0; i < tableAttrs.length; i++) {
            e2.tableAttrs = tableAttrs[i];
            e2.map((i + 1L) << 30, 3, 0x10_0000L, attrIndx(NORMAL) | AP_RO);
        }
        assertPa(0x10_0000L, 1L << 30, Mmu.FETCH, 2);
        assertPa(0x10_0000L, 1L << 30, Mmu.READ, 2);
        assertStage1Fault(Fault.Kind.PERMISSION, 3, 2L << 30, Mmu.FETCH, 2);
        e2.tableAttrs = AP_TABLE_RO;
        e2.map(4L << 30, 3, 0x10_0000L, attrIndx(NORMAL));
        assertStage1Fault(Fault.Kind.PERMISSION, 3, 4L << 30, Mmu.WRITE, 2);
        // The EL2 regime ignores EL1's registers: the (empty) EL1&0 tables fault at level 0.
        assertStage1Fault(Fault.Kind.TRANSLATION, 0, 0x1000, Mmu.READ, 1);
    }
}
