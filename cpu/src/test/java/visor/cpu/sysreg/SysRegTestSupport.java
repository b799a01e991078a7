package visor.cpu.sysreg;

import java.util.function.Consumer;
import visor.cpu.Cpu;
import visor.cpu.TestMachine;
import visor.cpu.a64.SystemTestSupport;

/** Builds MRS/MSR/SYS words from (op0, op1, CRn, CRm, op2) and runs them. */
final class SysRegTestSupport {
    private SysRegTestSupport() {
    }

    /** MRS Xt, S&lt;op0&gt;_&lt;op1&gt;_C&lt;n&gt;_C&lt;m&gt;_&lt;op2&gt; (ARM ARM C6.2 MRS: 1101010100 1 1 o0 op1 CRn CRm op2 Rt). */
    static int mrs(int op0, int op1, int crn, int crm, int op2, int rt) {
        return 0xD5200000 | op0 << 19 | op1 << 16 | crn << 12 | crm << 8 | op2 << 5 | rt;
    }

    /** MSR S..., Xt and, for op0 = 1, SYS #op1, Cn, Cm, #op2, Xt. */
    static int msr(int op0, int op1, int crn, int crm, int op2, int rt) {
        return 0xD5000000 | op0 << 19 | op1 << 16 | crn << 12 | crm << 8 | op2 << 5 | rt;
    }

    static Cpu exec(int el, Consumer<Cpu> setup, int... words) {
        TestMachine m = SystemTestSupport.machineAt(el);
        setup.accept(m.cpu);
        return SystemTestSupport.run(m, words);
    }

    static Cpu exec(int el, int... words) {
        return exec(el, cpu -> { }, words);
    }
}
