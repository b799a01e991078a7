package visor.cpu.sysreg;

import static visor.cpu.sysreg.SystemRegisters.MDCR_HPMN;
import static visor.cpu.sysreg.SystemRegisters.MDCR_TPM;
import static visor.cpu.sysreg.SystemRegisters.MDCR_TPMCR;
import static visor.cpu.sysreg.SystemRegisters.def;

import visor.cpu.Cpu;
import visor.cpu.sysreg.SysReg.Condition;

/**
 * Performance Monitors (PMUv3, ARM ARM D5, D13.4) with the Cortex-A53 identity (PMCR_EL0.IMP 0x41,
 * IDCODE 0x03, N = 6). The cycle counter and event counters programmed with INST_RETIRED (0x08) or
 * CPU_CYCLES (0x11) count retired instructions; SW_INCR (0x00) counts PMSWINC_EL0 writes. Counts are
 * brought up to date lazily on each PMU register access. No overflow interrupt is raised.
 */
final class PmuRegisters {
    private PmuRegisters() {
    }

    static final long PMCR_IDENT = 0x4103_0000L;
    static final long PMCR_E = 1, PMCR_P = 2, PMCR_C = 4, PMCR_LC = 1L << 6;
    static final long PMCR_WRITABLE = 0x79;
    static final long COUNTER_BITS = 0x8000_0000L | ((1L << SysRegState.PMU_COUNTERS) - 1);
    static final long EVTYPER_WRITABLE = 0xFC00_03FFL;
    static final int SW_INCR = 0x00, INST_RETIRED = 0x08, CPU_CYCLES = 0x11;
    /** Common events counted: SW_INCR, INST_RETIRED, CPU_CYCLES. */
    static final long PMCEID0 = (1L << SW_INCR) | (1L << INST_RETIRED) | (1L << CPU_CYCLES);

    // PMUSERENR_EL0 EL0 enables.
    private static final long EN = 1, SW = 2, CR = 4, ER = 8;

    static void define() {
        def("PMCR_EL0", 3, 3, 9, 12, 0, 0).el0(en(0)).el2(tpm()).el2((cpu, r) -> (cpu.sys.mdcrEl2 & MDCR_TPMCR) != 0)
                .rw(PmuRegisters::pmcr, PmuRegisters::setPmcr);
        pmu("PMCNTENSET_EL0", 3, 9, 12, 1, en(0)).rw(cpu -> cpu.sys.pmcnten, (cpu, v) -> {
            sync(cpu);
            cpu.sys.pmcnten |= v & COUNTER_BITS;
        });
        pmu("PMCNTENCLR_EL0", 3, 9, 12, 2, en(0)).rw(cpu -> cpu.sys.pmcnten, (cpu, v) -> {
            sync(cpu);
            cpu.sys.pmcnten &= ~v;
        });
        pmu("PMOVSCLR_EL0", 3, 9, 12, 3, en(0)).rw(PmuRegisters::pmovs, (cpu, v) -> cpu.sys.pmovs &= ~v);
        pmu("PMSWINC_EL0", 3, 9, 12, 4, en(SW)).wo(PmuRegisters::softwareIncrement);
        pmu("PMSELR_EL0", 3, 9, 12, 5, en(ER)).rw(cpu -> cpu.sys.pmselr, (cpu, v) -> cpu.sys.pmselr = v & 0x1F);
        pmu("PMCEID0_EL0", 3, 9, 12, 6, en(0)).constant(PMCEID0);
        pmu("PMCEID1_EL0", 3, 9, 12, 7, en(0)).constant(0);
        pmu("PMCCNTR_EL0", 3, 9, 13, 0, (cpu, read) -> enabled(cpu, read ? EN | CR : EN))
                .rw(cpu -> {
                    sync(cpu);
                    return cpu.sys.pmccntr;
                }, (cpu, v) -> {
                    sync(cpu);
                    cpu.sys.pmccntr = v;
                });
        pmu("PMXEVTYPER_EL0", 3, 9, 13, 1, en(0)).undefinedIf((cpu, r) -> !selected(cpu, true))
                .rw(cpu -> {
                    int sel = (int) cpu.sys.pmselr;
                    return sel == 31 ? cpu.sys.pmccfiltr : cpu.sys.pmevtyper[sel];
                }, (cpu, v) -> {
                    sync(cpu);
                    int sel = (int) cpu.sys.pmselr;
                    if (sel == 31) {
                        cpu.sys.pmccfiltr = v & 0xFC00_0000L;
                    } else {
                        cpu.sys.pmevtyper[sel] = v & EVTYPER_WRITABLE;
                    }
                });
        pmu("PMXEVCNTR_EL0", 3, 9, 13, 2, (cpu, read) -> enabled(cpu, read ? EN | ER : EN))
                .undefinedIf((cpu, r) -> !selected(cpu, false))
                .rw(cpu -> counter(cpu, (int) cpu.sys.pmselr), (cpu, v) -> setCounter(cpu, (int) cpu.sys.pmselr, v));
        def("PMUSERENR_EL0", 3, 3, 9, 14, 0, 0).undefinedIf((cpu, read) -> cpu.el == 0 && !read).el2(tpm())
                .rw(cpu -> cpu.sys.pmuserenr, (cpu, v) -> cpu.sys.pmuserenr = v & 0xF);
        def("PMINTENSET_EL1", 3, 0, 9, 14, 1, 1).el2(tpm())
                .rw(cpu -> cpu.sys.pminten, (cpu, v) -> cpu.sys.pminten |= v & COUNTER_BITS);
        def("PMINTENCLR_EL1", 3, 0, 9, 14, 2, 1).el2(tpm())
                .rw(cpu -> cpu.sys.pminten, (cpu, v) -> cpu.sys.pminten &= ~v);
        pmu("PMOVSSET_EL0", 3, 9, 14, 3, en(0)).rw(PmuRegisters::pmovs, (cpu, v) -> cpu.sys.pmovs |= v & COUNTER_BITS);
        for (int n = 0; n < SysRegState.PMU_COUNTERS; n++) {
            int i = n;
            pmu("PMEVCNTR" + n + "_EL0", 14, 8 + (n >>> 3), n & 7, (cpu, read) -> enabled(cpu, read ? EN | ER : EN))
                    .undefinedIf((cpu, r) -> !visible(cpu, i))
                    .rw(cpu -> counter(cpu, i), (cpu, v) -> setCounter(cpu, i, v));
            pmu("PMEVTYPER" + n + "_EL0", 14, 12 + (n >>> 3), n & 7, en(0))
                    .undefinedIf((cpu, r) -> !visible(cpu, i))
                    .rw(cpu -> cpu.sys.pmevtyper[i], (cpu, v) -> {
                        sync(cpu);
                        cpu.sys.pmevtyper[i] = v & EVTYPER_WRITABLE;
                    });
        }
        pmu("PMCCFILTR_EL0", 3, 14, 15, 7, en(0))
                .rw(cpu -> cpu.sys.pmccfiltr, (cpu, v) -> cpu.sys.pmccfiltr = v & 0xFC00_0000L);
    }

    private static SystemRegisters.Def pmu(String name, int crn, int crm, int op2, Condition el0) {
        return pmu(name, 3, crn, crm, op2, el0);
    }

    /** An EL0-accessible PMU register (op1 = 3) with its PMUSERENR_EL0 gate and the MDCR_EL2.TPM trap. */
    private static SystemRegisters.Def pmu(String name, int op1, int crn, int crm, int op2, Condition el0) {
        return def(name, 3, op1, crn, crm, op2, 0).el0(el0).el2(tpm());
    }

    /** PMUSERENR_EL0.EN, or any of {@code alsoBits}, enables the EL0 access. */
    private static Condition en(long alsoBits) {
        return (cpu, read) -> enabled(cpu, EN | alsoBits);
    }

    private static boolean enabled(Cpu cpu, long bits) {
        return (cpu.sys.pmuserenr & bits) != 0;
    }

    private static Condition tpm() {
        return (cpu, read) -> (cpu.sys.mdcrEl2 & MDCR_TPM) != 0;
    }

    /** PMCR_EL0.N as seen from the current EL: MDCR_EL2.HPMN at EL0/EL1. */
    private static int counters(Cpu cpu) {
        return cpu.el < 2 ? (int) Math.min(cpu.sys.mdcrEl2 & MDCR_HPMN, SysRegState.PMU_COUNTERS)
                : SysRegState.PMU_COUNTERS;
    }

    private static boolean visible(Cpu cpu, int n) {
        return n < counters(cpu);
    }

    /** PMSELR_EL0.SEL names an accessible counter (31 = the cycle counter, for PMXEVTYPER only). */
    private static boolean selected(Cpu cpu, boolean cycleCounterAllowed) {
        int sel = (int) cpu.sys.pmselr;
        return sel == 31 ? cycleCounterAllowed : visible(cpu, sel);
    }

    private static long pmcr(Cpu cpu) {
        return PMCR_IDENT | (long) counters(cpu) << 11 | cpu.sys.pmcr;
    }

    private static void setPmcr(Cpu cpu, long v) {
        sync(cpu);
        SysRegState s = cpu.sys;
        if ((v & PMCR_P) != 0) {
            java.util.Arrays.fill(s.pmevcntr, 0);
        }
        if ((v & PMCR_C) != 0) {
            s.pmccntr = 0;
        }
        s.pmcr = v & PMCR_WRITABLE;
    }

    private static long pmovs(Cpu cpu) {
        sync(cpu);
        return cpu.sys.pmovs;
    }

    private static long counter(Cpu cpu, int n) {
        sync(cpu);
        return cpu.sys.pmevcntr[n];
    }

    private static void setCounter(Cpu cpu, int n, long v) {
        sync(cpu);
        cpu.sys.pmevcntr[n] = v & 0xFFFF_FFFFL;
    }

    private static void softwareIncrement(Cpu cpu, long v) {
        sync(cpu);
        SysRegState s = cpu.sys;
        if ((s.pmcr & PMCR_E) == 0) {
            return;
        }
        for (int i = 0; i < SysRegState.PMU_COUNTERS; i++) {
            if ((v & s.pmcnten & (1L << i)) != 0 && (s.pmevtyper[i] & 0x3FF) == SW_INCR) {
                add(s, i, 1);
            }
        }
    }

    private static void add(SysRegState s, int i, long delta) {
        long next = s.pmevcntr[i] + delta;
        if (next > 0xFFFF_FFFFL) {
            s.pmovs |= 1L << i;
        }
        s.pmevcntr[i] = next & 0xFFFF_FFFFL;
    }

    /** Brings the counters up to date with the instructions retired since the last PMU access. */
    static void sync(Cpu cpu) {
        SysRegState s = cpu.sys;
        long delta = cpu.instret - s.pmuLastInstret;
        s.pmuLastInstret = cpu.instret;
        if ((s.pmcr & PMCR_E) == 0 || delta <= 0) {
            return;
        }
        if ((s.pmcnten & (1L << 31)) != 0) {
            long old = s.pmccntr;
            long next = old + delta;
            boolean overflow = (s.pmcr & PMCR_LC) != 0 ? Long.compareUnsigned(next, old) < 0
                    : (next >>> 32) != (old >>> 32);
            if (overflow) {
                s.pmovs |= 1L << 31;
            }
            s.pmccntr = next;
        }
        for (int i = 0; i < SysRegState.PMU_COUNTERS; i++) {
            int event = (int) s.pmevtyper[i] & 0x3FF;
            if ((s.pmcnten & (1L << i)) != 0 && (event == INST_RETIRED || event == CPU_CYCLES)) {
                add(s, i, delta);
            }
        }
    }
}
