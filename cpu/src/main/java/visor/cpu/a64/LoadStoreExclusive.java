package visor.cpu.a64;

import java.util.List;
import visor.cpu.Cpu;
import visor.mmu.Fault;

/**
 * Load/store exclusive and load-acquire/store-release (ARM ARM C4.1.4 "Load/store exclusive", C6.2).
 * ARMv8.0 only: the o2/o1/o0 combinations of LDLAR/STLLR, CAS and CASP have no row and are UNDEFINED.
 *
 * <p>The local exclusive monitor is {@link Cpu#exclusiveAddress}/{@link Cpu#exclusiveSize}. A
 * store-exclusive also requires memory to still hold the value the load-exclusive read (as QEMU does):
 * another core's store to the location then fails it, which the global monitor requires, and a store by
 * this core may fail it, which the architecture permits (IMPLEMENTATION DEFINED, B2.9).
 */
public final class LoadStoreExclusive {
    private LoadStoreExclusive() {
    }

    public static final List<Row> ROWS = List.of(
            new Row("STXRB", "00 001000 000 sssss 0 uuuuu nnnnn ttttt", LoadStoreExclusive::stxr),
            new Row("STXRH", "01 001000 000 sssss 0 uuuuu nnnnn ttttt", LoadStoreExclusive::stxr),
            new Row("STXR", "1z 001000 000 sssss 0 uuuuu nnnnn ttttt", LoadStoreExclusive::stxr),
            new Row("STLXRB", "00 001000 000 sssss 1 uuuuu nnnnn ttttt", LoadStoreExclusive::stxr),
            new Row("STLXRH", "01 001000 000 sssss 1 uuuuu nnnnn ttttt", LoadStoreExclusive::stxr),
            new Row("STLXR", "1z 001000 000 sssss 1 uuuuu nnnnn ttttt", LoadStoreExclusive::stxr),
            new Row("LDXRB", "00 001000 010 sssss 0 uuuuu nnnnn ttttt", LoadStoreExclusive::ldxr),
            new Row("LDXRH", "01 001000 010 sssss 0 uuuuu nnnnn ttttt", LoadStoreExclusive::ldxr),
            new Row("LDXR", "1z 001000 010 sssss 0 uuuuu nnnnn ttttt", LoadStoreExclusive::ldxr),
            new Row("LDAXRB", "00 001000 010 sssss 1 uuuuu nnnnn ttttt", LoadStoreExclusive::ldxr),
            new Row("LDAXRH", "01 001000 010 sssss 1 uuuuu nnnnn ttttt", LoadStoreExclusive::ldxr),
            new Row("LDAXR", "1z 001000 010 sssss 1 uuuuu nnnnn ttttt", LoadStoreExclusive::ldxr),
            new Row("STXP", "1z 001000 001 sssss 0 uuuuu nnnnn ttttt", LoadStoreExclusive::stxp),
            new Row("STLXP", "1z 001000 001 sssss 1 uuuuu nnnnn ttttt", LoadStoreExclusive::stxp),
            new Row("LDXP", "1z 001000 011 sssss 0 uuuuu nnnnn ttttt", LoadStoreExclusive::ldxp),
            new Row("LDAXP", "1z 001000 011 sssss 1 uuuuu nnnnn ttttt", LoadStoreExclusive::ldxp),
            new Row("STLRB", "00 001000 100 sssss 1 uuuuu nnnnn ttttt", LoadStoreExclusive::stlr),
            new Row("STLRH", "01 001000 100 sssss 1 uuuuu nnnnn ttttt", LoadStoreExclusive::stlr),
            new Row("STLR", "1z 001000 100 sssss 1 uuuuu nnnnn ttttt", LoadStoreExclusive::stlr),
            new Row("LDARB", "00 001000 110 sssss 1 uuuuu nnnnn ttttt", LoadStoreExclusive::ldar),
            new Row("LDARH", "01 001000 110 sssss 1 uuuuu nnnnn ttttt", LoadStoreExclusive::ldar),
            new Row("LDAR", "1z 001000 110 sssss 1 uuuuu nnnnn ttttt", LoadStoreExclusive::ldar));

    /** Exclusive and acquire/release accesses must be aligned to their whole size, else Alignment fault. */
    static void checkAlignment(Cpu cpu, long address, int size, boolean write) {
        if ((address & (size - 1)) != 0) {
            cpu.dataAbort(address, write, cpu.mmu.fault.set(Fault.Kind.ALIGNMENT, 0, false, false, 0));
        }
    }

    /** AArch64.ExclusiveMonitorsPass after its alignment check. */
    private static boolean monitorsPass(Cpu cpu, long address, int size) {
        return cpu.exclusiveAddress == address && cpu.exclusiveSize == size;
    }

    private static void setMonitors(Cpu cpu, long address, int size, long value, long high) {
        cpu.exclusiveAddress = address;
        cpu.exclusiveSize = size;
        cpu.exclusiveValue = value;
        cpu.exclusiveValueHigh = high;
    }

    /** LDXR/LDXRB/LDXRH and LDAXR*: the acquire is implicit in this single-core-at-a-time model. */
    static void ldxr(Cpu cpu, int insn) {
        int size = 1 << (insn >>> 30);
        long address = LoadStore.base(cpu, insn);
        cpu.lsSyndrome = 0;
        checkAlignment(cpu, address, size, false);
        long data = cpu.read(address, size);
        setMonitors(cpu, address, size, data, 0);
        cpu.setX(insn & 31, data);
    }

    /**
     * STXR/STXRB/STXRH and STLXR*. Status 0 only if the monitor is armed for this address and size
     * and memory still holds the loaded value; the monitor is cleared either way. Rs == Rt or Rs == Rn
     * is CONSTRAINED UNPREDICTABLE: the data and address are read before the status is written.
     */
    static void stxr(Cpu cpu, int insn) {
        int size = 1 << (insn >>> 30);
        long address = LoadStore.base(cpu, insn);
        long data = cpu.x(insn & 31);
        cpu.lsSyndrome = 0;
        checkAlignment(cpu, address, size, true);
        int status = 1;
        if (monitorsPass(cpu, address, size) && cpu.read(address, size) == cpu.exclusiveValue) {
            cpu.write(address, size, data);
            status = 0;
        }
        cpu.exclusiveAddress = -1;
        cpu.setW((insn >>> 16) & 31, status);
    }

    /**
     * LDXP/LDAXP: the 32-bit form is one 64-bit access (Rt from the low word); the 64-bit form two,
     * aligned to 16. Rt == Rt2 is CONSTRAINED UNPREDICTABLE: Rt2's value wins, as in QEMU.
     */
    static void ldxp(Cpu cpu, int insn) {
        boolean is64 = (insn & (1 << 30)) != 0;
        int t = insn & 31, t2 = (insn >>> 10) & 31;
        long address = LoadStore.base(cpu, insn);
        cpu.lsSyndrome = 0;
        if (is64) {
            checkAlignment(cpu, address, 16, false);
            long lo = cpu.read(address, 8);
            long hi = cpu.read(address + 8, 8);
            setMonitors(cpu, address, 16, lo, hi);
            cpu.setX(t, lo);
            cpu.setX(t2, hi);
        } else {
            checkAlignment(cpu, address, 8, false);
            long data = cpu.read(address, 8);
            setMonitors(cpu, address, 8, data, 0);
            cpu.setW(t, data);
            cpu.setW(t2, data >>> 32);
        }
    }

    /** STXP/STLXP: the 32-bit form stores X[t2]<31:0>:X[t]<31:0> as one 64-bit access. */
    static void stxp(Cpu cpu, int insn) {
        boolean is64 = (insn & (1 << 30)) != 0;
        long address = LoadStore.base(cpu, insn);
        long d1 = cpu.x(insn & 31), d2 = cpu.x((insn >>> 10) & 31);
        cpu.lsSyndrome = 0;
        int status = 1;
        if (is64) {
            checkAlignment(cpu, address, 16, true);
            if (monitorsPass(cpu, address, 16) && cpu.read(address, 8) == cpu.exclusiveValue
                    && cpu.read(address + 8, 8) == cpu.exclusiveValueHigh) {
                cpu.write(address, 8, d1);
                cpu.write(address + 8, 8, d2);
                status = 0;
            }
        } else {
            checkAlignment(cpu, address, 8, true);
            if (monitorsPass(cpu, address, 8) && cpu.read(address, 8) == cpu.exclusiveValue) {
                cpu.write(address, 8, (d1 & 0xFFFF_FFFFL) | d2 << 32);
                status = 0;
            }
        }
        cpu.exclusiveAddress = -1;
        cpu.setW((insn >>> 16) & 31, status);
    }

    /** LDAR/LDARB/LDARH: a single-register access, so ISV=1 with AR=1. */
    static void ldar(Cpu cpu, int insn) {
        int size = 1 << (insn >>> 30);
        int t = insn & 31;
        long address = LoadStore.base(cpu, insn);
        cpu.lsSyndrome = LoadStore.syndrome(size, LoadStore.LOAD, t) | LoadStore.AR;
        checkAlignment(cpu, address, size, false);
        cpu.setX(t, cpu.read(address, size));
    }

    /** STLR/STLRB/STLRH. */
    static void stlr(Cpu cpu, int insn) {
        int size = 1 << (insn >>> 30);
        int t = insn & 31;
        long address = LoadStore.base(cpu, insn);
        cpu.lsSyndrome = LoadStore.syndrome(size, LoadStore.STORE, t) | LoadStore.AR;
        checkAlignment(cpu, address, size, true);
        cpu.write(address, size, cpu.x(t));
    }
}
