package visor.cpu.sysreg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static visor.cpu.sysreg.SysRegTestSupport.mrs;
import static visor.cpu.sysreg.SysRegTestSupport.msr;

import org.junit.jupiter.api.Test;

class SysRegEncodingTest {
    @Test
    void encodingHelpersMatchTheAssembler() {
        assertEquals(0xd5381000, mrs(3, 0, 1, 0, 0, 0));  // mrs x0, sctlr_el1
        assertEquals(0xd5181001, msr(3, 0, 1, 0, 0, 1));  // msr sctlr_el1, x1
        assertEquals(0xd50b7421, msr(1, 3, 7, 4, 1, 1));  // dc zva, x1
        assertEquals(0xd5300240, mrs(2, 0, 0, 2, 2, 0));  // mrs x0, mdscr_el1
    }

    @Test
    void keyAndIssFields() {
        int key = SysRegEncoding.keyOf(0xd53be221); // mrs x1, cntp_ctl_el0 (S3_3_C14_C2_1)
        assertEquals(SysRegEncoding.key(3, 3, 14, 2, 1), key);
        assertEquals("S3_3_C14_C2_1", SysRegEncoding.name(key));
        // Op0 3 [21:20], Op2 1 [19:17], Op1 3 [16:14], CRn 14 [13:10], Rt 1 [9:5], CRm 2 [4:1], read.
        assertEquals(3 << 20 | 1 << 17 | 3 << 14 | 14 << 10 | 1 << 5 | 2 << 1 | 1,
                SysRegEncoding.iss(0xd53be221));
        assertEquals(0x32F825, SysRegEncoding.iss(0xd53be221));
    }

    @Test
    void tableHoldsNamedRegisters() {
        assertEquals("SCTLR_EL1", SystemRegisters.lookup(SysRegEncoding.key(3, 0, 1, 0, 0)).name);
        assertEquals("TLBI VMALLE1IS", SystemRegisters.lookup(SysRegEncoding.key(1, 0, 8, 3, 0)).name);
        assertNotNull(SystemRegisters.byName("CNTHP_CVAL_EL2"));
        assertEquals("SCTLR_EL3", SystemRegisters.lookup(SysRegEncoding.key(3, 6, 1, 0, 0)).name);
        assertEquals(3, SystemRegisters.byName("SCR_EL3").minEl, "EL3 registers need EL3");
        assertNull(SystemRegisters.lookup(SysRegEncoding.key(3, 0, 4, 2, 3)), "PAN: ARMv8.1");
    }
}
