package visor.cpu.sysreg;

import static visor.cpu.GenericTimer.HYP;
import static visor.cpu.GenericTimer.PHYS;
import static visor.cpu.GenericTimer.SECURE_PHYS;
import static visor.cpu.GenericTimer.VIRT;
import static visor.cpu.sysreg.SystemRegisters.def;

import visor.cpu.Cpu;
import visor.cpu.sysreg.SysReg.Condition;

/**
 * Generic timer registers (ARM ARM D11, D13.8), with EL0 access gated by CNTKCTL_EL1, EL0/EL1
 * access to the physical counter and timer gated by CNTHCTL_EL2.EL1PCTEN/EL1PCEN, and the secure
 * physical timer CNTPS_* for EL3 and, with SCR_EL3.ST, Secure EL1.
 */
final class TimerRegisters {
    private TimerRegisters() {
    }

    private static final long EL0PCTEN = 1, EL0VCTEN = 2, EL0VTEN = 1L << 8, EL0PTEN = 1L << 9;
    private static final long EL1PCTEN = 1, EL1PCEN = 2;

    static void define() {
        // CNTFRQ_EL0 is writable only at the highest implemented EL (EL3 if the core has it, else EL2).
        def("CNTFRQ_EL0", 3, 3, 14, 0, 0, 0).undefinedIf((cpu, read) -> !read && cpu.el < (cpu.hasEl3 ? 3 : 2))
                .el0(kctl(EL0PCTEN | EL0VCTEN))
                .rw(cpu -> cpu.timer.cntfrq, (cpu, v) -> cpu.timer.cntfrq = v & 0xFFFF_FFFFL);
        def("CNTPCT_EL0", 3, 3, 14, 0, 1, 0).el0(kctl(EL0PCTEN)).el2(hctlClear(EL1PCTEN))
                .ro(cpu -> cpu.timer.physicalCount());
        def("CNTVCT_EL0", 3, 3, 14, 0, 2, 0).el0(kctl(EL0VCTEN)).ro(cpu -> cpu.timer.virtualCount());
        def("CNTVOFF_EL2", 3, 4, 14, 0, 3, 2).rw(cpu -> cpu.timer.cntvoff, (cpu, v) -> cpu.timer.setCntvoff(v));
        def("CNTKCTL_EL1", 3, 0, 14, 1, 0, 1)
                .rw(cpu -> cpu.timer.cntkctl, (cpu, v) -> cpu.timer.cntkctl = v & 0x3FF);
        def("CNTHCTL_EL2", 3, 4, 14, 1, 0, 2)
                .rw(cpu -> cpu.timer.cnthctl, (cpu, v) -> cpu.timer.cnthctl = v & 0xFF);
        timer("CNTP", 0, 2, PHYS, kctl(EL0PTEN), hctlClear(EL1PCEN));
        timer("CNTV", 0, 3, VIRT, kctl(EL0VTEN), null);
        timer("CNTHP", 2, 2, HYP, null, null);
        securePhysical("CNTPS_TVAL_EL1", 0).rw(cpu -> cpu.timer.tval(SECURE_PHYS), (cpu, v) -> cpu.timer.setTval(SECURE_PHYS, v));
        securePhysical("CNTPS_CTL_EL1", 1).rw(cpu -> cpu.timer.ctl(SECURE_PHYS), (cpu, v) -> cpu.timer.setCtl(SECURE_PHYS, v));
        securePhysical("CNTPS_CVAL_EL1", 2).rw(cpu -> cpu.timer.cval(SECURE_PHYS), (cpu, v) -> cpu.timer.setCval(SECURE_PHYS, v));
    }

    /**
     * CNTPS_* (op1 7): UNDEFINED without EL3, at EL0, EL2 and Non-secure EL1; from Secure EL1 trapped
     * to EL3 unless SCR_EL3.ST is set (ARM ARM D13.8.21-23).
     */
    private static SystemRegisters.Def securePhysical(String name, int op2) {
        return def(name, 3, 7, 14, 2, op2, 1)
                .undefinedIf((cpu, read) -> !cpu.hasEl3 || cpu.el == 2 || (cpu.el == 1 && cpu.el2Enabled()))
                .check((cpu, read) -> cpu.el == 1 && (cpu.scrEl3() & Cpu.SCR_ST) == 0 ? SysReg.TRAP_EL3 : SysReg.ALLOW);
    }

    /** The TVAL, CTL and CVAL registers (op2 0, 1, 2) of one timer. */
    private static void timer(String prefix, int minEl, int crm, int t, Condition el0, Condition el2) {
        int op1 = minEl == 2 ? 4 : 3;
        String suffix = minEl == 2 ? "_EL2" : "_EL0";
        gate(def(prefix + "_TVAL" + suffix, 3, op1, 14, crm, 0, minEl), el0, el2)
                .rw(cpu -> cpu.timer.tval(t), (cpu, v) -> cpu.timer.setTval(t, v));
        gate(def(prefix + "_CTL" + suffix, 3, op1, 14, crm, 1, minEl), el0, el2)
                .rw(cpu -> cpu.timer.ctl(t), (cpu, v) -> cpu.timer.setCtl(t, v));
        gate(def(prefix + "_CVAL" + suffix, 3, op1, 14, crm, 2, minEl), el0, el2)
                .rw(cpu -> cpu.timer.cval(t), (cpu, v) -> cpu.timer.setCval(t, v));
    }

    private static SystemRegisters.Def gate(SystemRegisters.Def d, Condition el0, Condition el2) {
        if (el0 != null) {
            d.el0(el0);
        }
        if (el2 != null) {
            d.el2(el2);
        }
        return d;
    }

    /** EL0 access enabled by any of these CNTKCTL_EL1 bits. */
    private static Condition kctl(long bits) {
        return (cpu, read) -> (cpu.timer.cntkctl & bits) != 0;
    }

    /** EL0/EL1 access trapped to EL2 while this CNTHCTL_EL2 bit is clear. */
    private static Condition hctlClear(long bit) {
        return (cpu, read) -> (cpu.timer.cnthctl & bit) == 0;
    }
}
