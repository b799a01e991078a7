package visor.cpu.sysreg;

import static visor.cpu.sysreg.SystemRegisters.MDCR_TDA;
import static visor.cpu.sysreg.SystemRegisters.MDCR_TDOSA;
import static visor.cpu.sysreg.SystemRegisters.MDCR_TDRA;
import static visor.cpu.sysreg.SystemRegisters.def;

import visor.cpu.Cpu;

/**
 * Self-hosted debug registers (ARM ARM D2, D13.3): stored so software can program and save them; no
 * breakpoint, watchpoint or step debug events are generated. Trapped by MDCR_EL2.TDA/TDOSA/TDRA.
 */
final class DebugRegisters {
    private DebugRegisters() {
    }

    /** MDSCR_EL1.TDCC: EL0 access to the Debug Communications Channel registers traps to EL1. */
    private static final long MDSCR_TDCC = 1L << 12;

    static void define() {
        def("OSDTRRX_EL1", 2, 0, 0, 0, 2, 1).mdcr(MDCR_TDA)
                .rw(cpu -> cpu.sys.osdtrrxEl1, (cpu, v) -> cpu.sys.osdtrrxEl1 = v & 0xFFFF_FFFFL);
        def("MDCCINT_EL1", 2, 0, 0, 2, 0, 1).mdcr(MDCR_TDA)
                .rw(cpu -> cpu.sys.mdccintEl1, (cpu, v) -> cpu.sys.mdccintEl1 = v & (3L << 29));
        def("MDSCR_EL1", 2, 0, 0, 2, 2, 1).mdcr(MDCR_TDA)
                .rw(cpu -> cpu.sys.mdscrEl1, (cpu, v) -> cpu.sys.mdscrEl1 = v & 0x0000_F041L);
        def("OSDTRTX_EL1", 2, 0, 0, 3, 2, 1).mdcr(MDCR_TDA)
                .rw(cpu -> cpu.sys.osdtrtxEl1, (cpu, v) -> cpu.sys.osdtrtxEl1 = v & 0xFFFF_FFFFL);
        def("OSECCR_EL1", 2, 0, 0, 6, 2, 1).mdcr(MDCR_TDA)
                .rw(cpu -> cpu.sys.oseccrEl1, (cpu, v) -> cpu.sys.oseccrEl1 = v & 0xFFFF_FFFFL);
        for (int n = 0; n < SysRegState.BREAKPOINTS; n++) {
            int i = n;
            def("DBGBVR" + n + "_EL1", 2, 0, 0, n, 4, 1).mdcr(MDCR_TDA)
                    .rw(cpu -> cpu.sys.dbgbvr[i], (cpu, v) -> cpu.sys.dbgbvr[i] = v);
            def("DBGBCR" + n + "_EL1", 2, 0, 0, n, 5, 1).mdcr(MDCR_TDA)
                    .rw(cpu -> cpu.sys.dbgbcr[i], (cpu, v) -> cpu.sys.dbgbcr[i] = v & 0x00FF_E1E7L);
        }
        for (int n = 0; n < SysRegState.WATCHPOINTS; n++) {
            int i = n;
            def("DBGWVR" + n + "_EL1", 2, 0, 0, n, 6, 1).mdcr(MDCR_TDA)
                    .rw(cpu -> cpu.sys.dbgwvr[i], (cpu, v) -> cpu.sys.dbgwvr[i] = v & ~3L);
            def("DBGWCR" + n + "_EL1", 2, 0, 0, n, 7, 1).mdcr(MDCR_TDA)
                    .rw(cpu -> cpu.sys.dbgwcr[i], (cpu, v) -> cpu.sys.dbgwcr[i] = v & 0x1F1F_FFFFL);
        }
        // No memory-mapped debug ROM table: MDRAR_EL1.Valid = 0b00.
        def("MDRAR_EL1", 2, 0, 1, 0, 0, 1).mdcr(MDCR_TDRA).constant(0);
        def("OSLAR_EL1", 2, 0, 1, 0, 4, 1).mdcr(MDCR_TDOSA).wo((cpu, v) -> cpu.sys.osLock = (v & 1) != 0);
        // OSLM = 0b10 (OS Lock implemented, bit 3), OSLK at bit 1.
        def("OSLSR_EL1", 2, 0, 1, 1, 4, 1).mdcr(MDCR_TDOSA).ro(cpu -> 0x8 | (cpu.sys.osLock ? 2 : 0));
        def("OSDLR_EL1", 2, 0, 1, 3, 4, 1).mdcr(MDCR_TDOSA)
                .rw(cpu -> cpu.sys.osdlrEl1, (cpu, v) -> cpu.sys.osdlrEl1 = v & 1);
        def("DBGPRCR_EL1", 2, 0, 1, 4, 4, 1).mdcr(MDCR_TDOSA)
                .rw(cpu -> cpu.sys.dbgprcrEl1, (cpu, v) -> cpu.sys.dbgprcrEl1 = v & 1);
        def("DBGCLAIMSET_EL1", 2, 0, 7, 8, 6, 1).mdcr(MDCR_TDA)
                .rw(cpu -> 0xFF, (cpu, v) -> cpu.sys.dbgclaim |= v & 0xFF);
        def("DBGCLAIMCLR_EL1", 2, 0, 7, 9, 6, 1).mdcr(MDCR_TDA)
                .rw(cpu -> cpu.sys.dbgclaim, (cpu, v) -> cpu.sys.dbgclaim &= ~v);
        // Non-secure invasive and non-invasive debug implemented but disabled; Secure debug likewise.
        def("DBGAUTHSTATUS_EL1", 2, 0, 7, 14, 6, 1).mdcr(MDCR_TDA).constant(0xAA);
        def("MDCCSR_EL0", 2, 3, 0, 1, 0, 0).el0(DebugRegisters::dccEnabled).mdcr(MDCR_TDA).constant(0);
        def("DBGDTR_EL0", 2, 3, 0, 4, 0, 0).el0(DebugRegisters::dccEnabled).mdcr(MDCR_TDA)
                .rw(cpu -> 0, (cpu, v) -> { });
        // DBGDTRRX_EL0 (read) and DBGDTRTX_EL0 (write) share an encoding; no debugger is attached.
        def("DBGDTRRX_EL0", 2, 3, 0, 5, 0, 0).el0(DebugRegisters::dccEnabled).mdcr(MDCR_TDA)
                .rw(cpu -> 0, (cpu, v) -> { });
    }

    private static boolean dccEnabled(Cpu cpu, boolean read) {
        return (cpu.sys.mdscrEl1 & MDSCR_TDCC) == 0;
    }
}
