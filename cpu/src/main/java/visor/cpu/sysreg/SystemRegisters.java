package visor.cpu.sysreg;

import java.util.ArrayList;
import java.util.List;
import visor.cpu.Cpu;
import visor.cpu.sysreg.SysReg.Check;
import visor.cpu.sysreg.SysReg.Condition;
import visor.cpu.sysreg.SysReg.Reader;
import visor.cpu.sysreg.SysReg.Writer;

/**
 * The System registers and System instructions of the modelled Cortex-A53 (ARMv8.0, EL0-EL2, AArch64
 * only), indexed by their {@link SysRegEncoding} key. An encoding absent from the table is UNDEFINED.
 */
public final class SystemRegisters {
    // HCR_EL2 trap controls (ARM ARM D13.2.46).
    public static final long HCR_SWIO = 1L << 1, HCR_FB = 1L << 9, HCR_TWI = 1L << 13, HCR_TWE = 1L << 14;
    public static final long HCR_TID0 = 1L << 15, HCR_TID1 = 1L << 16, HCR_TID2 = 1L << 17, HCR_TID3 = 1L << 18;
    public static final long HCR_TSC = 1L << 19, HCR_TIDCP = 1L << 20, HCR_TACR = 1L << 21, HCR_TSW = 1L << 22;
    public static final long HCR_TPC = 1L << 23, HCR_TPU = 1L << 24, HCR_TTLB = 1L << 25, HCR_TVM = 1L << 26;
    public static final long HCR_TGE = 1L << 27, HCR_TDZ = 1L << 28, HCR_HCD = 1L << 29, HCR_TRVM = 1L << 30;
    public static final long HCR_RW = 1L << 31;
    /** Fields of HCR_EL2 in ARMv8.0 (bits 33:0); RW is RES1 because EL1 cannot use AArch32. */
    public static final long HCR_WRITABLE = 0x3_7FFF_FFFFL;

    // MDCR_EL2 (ARM ARM, MDCR_EL2 description): trap controls for debug and PMU accesses from EL0/EL1.
    public static final long MDCR_HPMN = 0x1F, MDCR_TPMCR = 1L << 5, MDCR_TPM = 1L << 6, MDCR_HPME = 1L << 7;
    public static final long MDCR_TDE = 1L << 8, MDCR_TDA = 1L << 9, MDCR_TDOSA = 1L << 10, MDCR_TDRA = 1L << 11;

    // SCTLR_EL1 EL0 enables.
    public static final long SCTLR_UMA = 1L << 9, SCTLR_DZE = 1L << 14, SCTLR_UCT = 1L << 15;
    public static final long SCTLR_NTWI = 1L << 16, SCTLR_NTWE = 1L << 18, SCTLR_UCI = 1L << 26;

    private static final SysReg[] TABLE = new SysReg[1 << 16];
    private static final List<SysReg> ALL = new ArrayList<>();

    static {
        IdRegisters.define();
        ControlRegisters.define();
        DebugRegisters.define();
        PmuRegisters.define();
        TimerRegisters.define();
        ImplementationDefinedRegisters.define();
        SystemOperations.define();
    }

    private SystemRegisters() {
    }

    /** The register or operation with encoding {@code key}, or null if unallocated. */
    public static SysReg lookup(int key) {
        return TABLE[key];
    }

    /** Every defined register and operation, in definition order (tests, tools). */
    public static List<SysReg> all() {
        return List.copyOf(ALL);
    }

    public static SysReg byName(String name) {
        for (SysReg r : ALL) {
            if (r.name.equals(name)) {
                return r;
            }
        }
        return null;
    }

    static Def def(String name, int op0, int op1, int crn, int crm, int op2, int minEl) {
        return new Def(name, SysRegEncoding.key(op0, op1, crn, crm, op2), minEl);
    }

    /** HCR_EL2.TGE: an EL0 trap "to EL1" goes to EL2 instead. */
    static boolean tge(Cpu cpu) {
        return (cpu.mmu.hcrEl2 & HCR_TGE) != 0;
    }

    /** MDCR_EL2 with TDE (forced by HCR_EL2.TGE) implying TDA, TDOSA and TDRA (ARM ARM, MDCR_EL2.TDE). */
    static long effectiveMdcr(Cpu cpu) {
        long m = cpu.sys.mdcrEl2;
        if ((m & MDCR_TDE) != 0 || tge(cpu)) {
            m |= MDCR_TDE | MDCR_TDA | MDCR_TDOSA | MDCR_TDRA;
        }
        return m;
    }

    /** A register definition being built; {@link #ro}, {@link #wo} and {@link #rw} enter it in the table. */
    static final class Def {
        private final String name;
        private final int key;
        private final int minEl;
        private final List<Check> checks = new ArrayList<>();

        Def(String name, int key, int minEl) {
            this.name = name;
            this.key = key;
            this.minEl = minEl;
        }

        Def check(Check c) {
            checks.add(c);
            return this;
        }

        /** UNDEFINED when {@code c} holds (checked in order with the traps). */
        Def undefinedIf(Condition c) {
            return check((cpu, read) -> c.test(cpu, read) ? SysReg.UNDEFINED : SysReg.ALLOW);
        }

        /** At EL0: trapped to EL1 (EL2 with TGE) unless {@code enabled} holds. */
        Def el0(Condition enabled) {
            return check((cpu, read) -> cpu.el == 0 && !enabled.test(cpu, read) ? SysReg.TRAP_EL1 : SysReg.ALLOW);
        }

        /** At EL0 and EL1: trapped to EL2 when any of these HCR_EL2 bits is set. */
        Def hcr(long readBits, long writeBits) {
            return check((cpu, read) -> cpu.el < 2 && (cpu.mmu.hcrEl2 & (read ? readBits : writeBits)) != 0
                    ? SysReg.TRAP_EL2 : SysReg.ALLOW);
        }

        Def hcr(long bits) {
            return hcr(bits, bits);
        }

        /** At EL0 and EL1, while EL2 is enabled (Non-secure): trapped to EL2 when {@code trapped} holds. */
        Def el2(Condition trapped) {
            return check((cpu, read) -> cpu.el < 2 && cpu.el2Enabled() && trapped.test(cpu, read)
                    ? SysReg.TRAP_EL2 : SysReg.ALLOW);
        }

        /** Below EL3: trapped to EL3 when {@code trapped} holds (a core without EL3 never traps). */
        Def el3(Condition trapped) {
            return check((cpu, read) -> cpu.el < 3 && cpu.hasEl3 && trapped.test(cpu, read)
                    ? SysReg.TRAP_EL3 : SysReg.ALLOW);
        }

        /** At EL0 and EL1: trapped to EL2 when any of these MDCR_EL2 bits is effectively set. */
        Def mdcr(long bits) {
            return el2((cpu, read) -> (effectiveMdcr(cpu) & bits) != 0);
        }

        SysReg ro(Reader r) {
            return add(r, null);
        }

        SysReg wo(Writer w) {
            return add(null, w);
        }

        SysReg rw(Reader r, Writer w) {
            return add(r, w);
        }

        /** A read-only constant. */
        SysReg constant(long value) {
            return add(cpu -> value, null);
        }

        private SysReg add(Reader r, Writer w) {
            if (TABLE[key] != null) {
                throw new IllegalStateException(name + " duplicates " + TABLE[key]);
            }
            SysReg reg = new SysReg(name, key, minEl, checks.toArray(new Check[0]), r, w);
            TABLE[key] = reg;
            ALL.add(reg);
            return reg;
        }
    }
}
