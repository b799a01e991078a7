package visor.cpu.sysreg;

import visor.cpu.Cpu;

/**
 * One System register (or System instruction, as a write-only register taking Xt) with its access
 * rules: the lowest EL that may use it, then checks applied in ARM ARM priority order (EL0 enables
 * that trap to EL1, HCR_EL2/MDCR_EL2/CPTR_EL2/CNTHCTL_EL2 traps to EL2, SCR_EL3.ST to EL3). Built once; reading or
 * checking allocates nothing.
 */
public final class SysReg {
    public static final int ALLOW = 0;
    public static final int UNDEFINED = 1;
    /** Trap (EC 0x18) to EL1, or to EL2 when taken from EL0 with HCR_EL2.TGE set. */
    public static final int TRAP_EL1 = 2;
    public static final int TRAP_EL2 = 3;
    public static final int TRAP_EL3 = 4;

    @FunctionalInterface
    public interface Reader {
        long read(Cpu cpu);
    }

    @FunctionalInterface
    public interface Writer {
        void write(Cpu cpu, long value);
    }

    /** One access rule: ALLOW to continue with the next, anything else decides. */
    @FunctionalInterface
    public interface Check {
        int check(Cpu cpu, boolean read);
    }

    /** A condition on the core's state for a direction of access. */
    @FunctionalInterface
    public interface Condition {
        boolean test(Cpu cpu, boolean read);
    }

    public final String name;
    public final int key;
    public final int minEl;
    private final Check[] checks;
    public final Reader reader;
    public final Writer writer;

    SysReg(String name, int key, int minEl, Check[] checks, Reader reader, Writer writer) {
        this.name = name;
        this.key = key;
        this.minEl = minEl;
        this.checks = checks;
        this.reader = reader;
        this.writer = writer;
    }

    /** What an access from the current EL does: ALLOW, UNDEFINED, TRAP_EL1, TRAP_EL2 or TRAP_EL3. */
    public int access(Cpu cpu, boolean read) {
        if (read ? reader == null : writer == null) {
            return UNDEFINED;
        }
        if (cpu.el < minEl) {
            return UNDEFINED;
        }
        for (Check c : checks) {
            int d = c.check(cpu, read);
            if (d != ALLOW) {
                return d;
            }
        }
        return ALLOW;
    }

    @Override
    public String toString() {
        return name + " (" + SysRegEncoding.name(key) + ")";
    }
}
