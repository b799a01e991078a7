package visor.cli.gdb;

import java.util.List;
import java.util.function.ToLongFunction;
import visor.cpu.Cpu;

/**
 * The registers gdb's {@code g}/{@code p} packets carry for AArch64, in the order of the features
 * org.gnu.gdb.aarch64.core (x0-x30, sp, pc: 64 bits; cpsr: 32 bits) and org.gnu.gdb.aarch64.fpu
 * (v0-v31: 128 bits; fpsr, fpcr: 32 bits), each little-endian in hex, as gdb's aarch64 target expects.
 * After them come the read-only system registers of {@link TargetDescription}'s system feature, numbered
 * from {@link #COUNT}: {@link #EL1} for a VM's vCPU, {@link #EL1} and {@link #EL2} for a bare core.
 */
public final class RegisterFile {
    public static final int SP = 31, PC = 32, CPSR = 33, V0 = 34, FPSR = 66, FPCR = 67, COUNT = 68;

    /** A system register gdb shows (64 bits, read-only: writing one is refused). */
    public record SystemRegister(String name, ToLongFunction<Cpu> reader) {
    }

    /** What EL1 software (a guest kernel) programs: translation, exceptions, its stack pointers. */
    public static final List<SystemRegister> EL1 = List.of(
            new SystemRegister("sctlr_el1", c -> c.mmu.sctlrEl1),
            new SystemRegister("tcr_el1", c -> c.mmu.tcrEl1),
            new SystemRegister("ttbr0_el1", c -> c.mmu.ttbr0El1),
            new SystemRegister("ttbr1_el1", c -> c.mmu.ttbr1El1),
            new SystemRegister("mair_el1", c -> c.mmu.mairEl1),
            new SystemRegister("vbar_el1", c -> c.vbar[1]),
            new SystemRegister("esr_el1", c -> c.esr[1]),
            new SystemRegister("far_el1", c -> c.far[1]),
            new SystemRegister("elr_el1", c -> c.elr[1]),
            new SystemRegister("spsr_el1", c -> c.spsr[1]),
            new SystemRegister("sp_el0", c -> c.spEl(0)),
            new SystemRegister("sp_el1", c -> c.spEl(1)),
            new SystemRegister("cpacr_el1", c -> c.cpacrEl1),
            new SystemRegister("tpidr_el1", c -> c.sys.tpidrEl1),
            new SystemRegister("currentel", c -> (long) c.el << 2));

    /** The hypervisor's registers: stage 2, traps, EL2's own translation and exceptions. */
    public static final List<SystemRegister> EL2 = List.of(
            new SystemRegister("sctlr_el2", c -> c.mmu.sctlrEl2),
            new SystemRegister("hcr_el2", c -> c.mmu.hcrEl2),
            new SystemRegister("vtcr_el2", c -> c.mmu.vtcrEl2),
            new SystemRegister("vttbr_el2", c -> c.mmu.vttbrEl2),
            new SystemRegister("tcr_el2", c -> c.mmu.tcrEl2),
            new SystemRegister("ttbr0_el2", c -> c.mmu.ttbr0El2),
            new SystemRegister("mair_el2", c -> c.mmu.mairEl2),
            new SystemRegister("vbar_el2", c -> c.vbar[2]),
            new SystemRegister("esr_el2", c -> c.esr[2]),
            new SystemRegister("far_el2", c -> c.far[2]),
            new SystemRegister("hpfar_el2", c -> c.hpfarEl2),
            new SystemRegister("elr_el2", c -> c.elr[2]),
            new SystemRegister("spsr_el2", c -> c.spsr[2]),
            new SystemRegister("sp_el2", c -> c.spEl(2)),
            new SystemRegister("cptr_el2", c -> c.cptrEl2),
            new SystemRegister("cntvoff_el2", c -> c.timer.cntvoff),
            new SystemRegister("vmpidr_el2", c -> c.sys.vmpidrEl2),
            new SystemRegister("mpidr_el1", c -> c.sys.mpidr));

    private final List<SystemRegister> system;

    /** @param system the system registers numbered from {@link #COUNT} */
    public RegisterFile(List<SystemRegister> system) {
        this.system = List.copyOf(system);
    }

    public List<SystemRegister> system() {
        return system;
    }

    /** Bits of register {@code r}, or 0 if there is none. */
    public int bits(int r) {
        if (r < CPSR) {
            return 64;
        }
        if (r == CPSR || r == FPSR || r == FPCR) {
            return 32;
        }
        if (r < FPSR) {
            return 128;
        }
        return r - COUNT < system.size() ? 64 : 0;
    }

    /** The {@code g} reply: every register of the core and fpu features (system registers go by {@code p}). */
    public static String readAll(Cpu cpu) {
        StringBuilder sb = new StringBuilder(COUNT * 32);
        for (int r = 0; r < COUNT; r++) {
            readCore(cpu, r, sb);
        }
        return sb.toString();
    }

    /** Appends register {@code r} in target byte order; false if there is no such register. */
    public boolean read(Cpu cpu, int r, StringBuilder sb) {
        if (r >= COUNT && r - COUNT < system.size()) {
            hex(sb, system.get(r - COUNT).reader().applyAsLong(cpu), 8);
            return true;
        }
        return readCore(cpu, r, sb);
    }

    private static boolean readCore(Cpu cpu, int r, StringBuilder sb) {
        if (r < 31) {
            hex(sb, cpu.x[r], 8);
        } else if (r == SP) {
            hex(sb, cpu.sp, 8);
        } else if (r == PC) {
            hex(sb, cpu.pc, 8);
        } else if (r == CPSR) {
            hex(sb, cpu.pstate(), 4);
        } else if (r >= V0 && r < V0 + 32) {
            int v = r - V0;
            hex(sb, cpu.vreg[2 * v], 8);
            hex(sb, cpu.vreg[2 * v + 1], 8);
        } else if (r == FPSR) {
            hex(sb, cpu.fpsr, 4);
        } else if (r == FPCR) {
            hex(sb, cpu.fpcr, 4);
        } else {
            return false;
        }
        return true;
    }

    /** The {@code G} packet: writes the registers {@code hex} holds, in {@code g} order; false if malformed. */
    public static boolean writeAll(Cpu cpu, String hex) {
        int at = 0;
        for (int r = 0; r < COUNT && at < hex.length(); r++) {
            int digits = 2 * (r < CPSR ? 8 : r == CPSR || r >= FPSR ? 4 : 16);
            if (at + digits > hex.length() || !writeCore(cpu, r, hex.substring(at, at + digits))) {
                return false;
            }
            at += digits;
        }
        return at == hex.length();
    }

    /** The {@code P} packet: writes register {@code r}; false for a system register or a malformed value. */
    public boolean write(Cpu cpu, int r, String hex) {
        if (r >= COUNT || hex.length() != bits(r) / 4) {
            return false;
        }
        return writeCore(cpu, r, hex);
    }

    private static boolean writeCore(Cpu cpu, int r, String hex) {
        long low;
        long high = 0;
        try {
            low = parse(hex, 0, Math.min(16, hex.length()));
            if (hex.length() == 32) {
                high = parse(hex, 16, 32);
            }
        } catch (NumberFormatException e) {
            return false;
        }
        if (r < 31) {
            cpu.x[r] = low;
        } else if (r == SP) {
            cpu.sp = low;
        } else if (r == PC) {
            cpu.pc = low;
        } else if (r == CPSR) {
            setPstate(cpu, low);
        } else if (r >= V0 && r < V0 + 32) {
            cpu.vreg[2 * (r - V0)] = low;
            cpu.vreg[2 * (r - V0) + 1] = high;
        } else if (r == FPSR) {
            cpu.fpsr = (int) low;
        } else if (r == FPCR) {
            cpu.fpcr = (int) low;
        } else {
            return false;
        }
        return true;
    }

    /** CPSR as gdb writes it: NZCV, DAIF, and a mode (EL and SP select) this core has (EL0-EL2, AArch64). */
    private static void setPstate(Cpu cpu, long value) {
        cpu.setNzcv(value);
        cpu.daif = (int) value & (0xF << 6);
        cpu.ss = (value & (1L << 21)) != 0;
        cpu.il = (value & (1L << 20)) != 0;
        int mode = (int) value & 0x1F;
        int el = (mode >>> 2) & 3;
        if ((mode & 0x12) == 0 && el <= 2 && !(el == 0 && (mode & 1) != 0)) {
            cpu.setElAndSpSel(el, (mode & 1) != 0);
        }
        cpu.updateFpAccess();
        cpu.stateChanged();
    }

    /** Little-endian hex digits [from, to) of {@code hex} as a value. */
    private static long parse(String hex, int from, int to) {
        long v = 0;
        for (int i = to - 2; i >= from; i -= 2) {
            v = (v << 8) | Integer.parseInt(hex.substring(i, i + 2), 16);
        }
        return v;
    }

    private static void hex(StringBuilder sb, long value, int bytes) {
        for (int i = 0; i < bytes; i++) {
            int b = (int) (value >>> (8 * i)) & 0xFF;
            sb.append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xF, 16));
        }
    }
}
