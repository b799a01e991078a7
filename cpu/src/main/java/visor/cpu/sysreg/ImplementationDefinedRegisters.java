package visor.cpu.sysreg;

import static visor.cpu.sysreg.SystemRegisters.HCR_TIDCP;
import static visor.cpu.sysreg.SystemRegisters.def;

import visor.cpu.sysreg.SysReg.Reader;
import visor.cpu.sysreg.SysReg.Writer;

/**
 * Cortex-A53 IMPLEMENTATION DEFINED registers (TRM 4.3): stored, without effect. EL1 accesses are
 * trapped to EL2 by HCR_EL2.TIDCP and, per register, while its ACTLR_EL2 enable bit is clear.
 */
final class ImplementationDefinedRegisters {
    private ImplementationDefinedRegisters() {
    }

    static void define() {
        reg("CPUACTLR_EL1", 15, 2, 0, 0, c -> c.sys.cpuactlrEl1, (c, v) -> c.sys.cpuactlrEl1 = v);
        reg("CPUECTLR_EL1", 15, 2, 1, 1, c -> c.sys.cpuectlrEl1, (c, v) -> c.sys.cpuectlrEl1 = v & 0x7F);
        reg("CPUMERRSR_EL1", 15, 2, 2, 0, c -> c.sys.cpumerrsrEl1, (c, v) -> c.sys.cpumerrsrEl1 = v);
        reg("L2MERRSR_EL1", 15, 2, 3, 0, c -> c.sys.l2merrsrEl1, (c, v) -> c.sys.l2merrsrEl1 = v);
        // L2CTLR_EL1[25:24]: number of cores in the cluster minus one; writes affect only the RW bits.
        reg("L2CTLR_EL1", 11, 0, 2, 4, c -> c.sys.l2ctlrEl1 | (long) (c.shareability.length - 1) << 24,
                (c, v) -> c.sys.l2ctlrEl1 = v & 0x0000_2000L);
        reg("L2ECTLR_EL1", 11, 0, 3, 5, c -> c.sys.l2ectlrEl1, (c, v) -> c.sys.l2ectlrEl1 = v & 0x4000_0007L);
        reg("L2ACTLR_EL1", 15, 0, 0, 6, c -> c.sys.l2actlrEl1, (c, v) -> c.sys.l2actlrEl1 = v);
        // CBAR_EL1: no GIC, so no peripheral base.
        def("CBAR_EL1", 3, 1, 15, 3, 0, 1).hcr(HCR_TIDCP).constant(0);
    }

    private static void reg(String name, int crn, int crm, int op2, int actlrBit, Reader r, Writer w) {
        def(name, 3, 1, crn, crm, op2, 1).hcr(HCR_TIDCP)
                .el2((cpu, read) -> (cpu.sys.actlrEl2 & (1L << actlrBit)) == 0).rw(r, w);
    }
}
