package visor.cpu.a64;

import visor.cpu.Cpu;
import visor.cpu.TestMachine;

/** Helpers for the System instruction tests: a machine at a given EL and syndrome arithmetic. */
public final class SystemTestSupport {
    public static final long EL1_VECTORS = TestMachine.VECTORS;
    public static final long EL2_VECTORS = TestMachine.VECTORS + 0x1000;
    public static final long CURRENT_SPX = 0x200, LOWER_A64 = 0x400;

    /** ESR_ELx of an UNDEFINED instruction: EC 0 (UNKNOWN), IL = 1, ISS 0. */
    public static final long UNDEFINED = 1L << 25;

    private SystemTestSupport() {
    }

    /** A machine whose core is at {@code el} (EL0 with SP_EL0 and interrupts unmasked, EL1/EL2 with SP_ELx); TPIDR_EL0 = 7. */
    public static TestMachine machineAt(int el) {
        TestMachine m = new TestMachine(el == 0 ? 1 : el);
        m.cpu.sys.tpidrEl0 = 7;
        if (el == 0) {
            m.cpu.setElAndSpSel(0, false);
            m.cpu.daif = 0;
        }
        return m;
    }

    /** {@link #machineAt(int)} with HCR_EL2 = {@code hcrEl2}. */
    public static TestMachine machineAt(int el, long hcrEl2) {
        TestMachine m = machineAt(el);
        m.cpu.mmu.hcrEl2 = hcrEl2;
        return m;
    }

    /** Places {@code words} and runs them (stopping at the final branch-to-self or a vector). */
    public static Cpu run(TestMachine m, int... words) {
        m.code(words);
        return m.run(words.length + 8);
    }

    /** ESR_ELx for a synchronous exception with IL = 1. */
    public static long esr(int ec, int iss) {
        return ((long) ec << 26) | (1L << 25) | iss;
    }

    /** ISS of a trapped MSR/MRS/System instruction (EC 0x18), from its fields. */
    public static int sysIss(int op0, int op1, int crn, int crm, int op2, int rt, boolean read) {
        return op0 << 20 | op2 << 17 | op1 << 14 | crn << 10 | rt << 5 | crm << 1 | (read ? 1 : 0);
    }
}
