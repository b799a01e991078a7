package visor.cli.gdb;

import visor.cpu.Cpu;

/**
 * The registers gdb's {@code g}/{@code p} packets carry for AArch64, in the order of the features
 * org.gnu.gdb.aarch64.core (x0-x30, sp, pc: 64 bits; cpsr: 32 bits) and org.gnu.gdb.aarch64.fpu
 * (v0-v31: 128 bits; fpsr, fpcr: 32 bits), each little-endian in hex, as gdb's aarch64 target expects.
 */
public final class RegisterFile {
    public static final int SP = 31, PC = 32, CPSR = 33, V0 = 34, FPSR = 66, FPCR = 67, COUNT = 68;

    private RegisterFile() {
    }

    /** The {@code g} reply: every register of both features. */
    public static String readAll(Cpu cpu) {
        StringBuilder sb = new StringBuilder(COUNT * 32);
        for (int r = 0; r < COUNT; r++) {
            read(cpu, r, sb);
        }
        return sb.toString();
    }

    /** Appends register {@code r} in target byte order; false if there is no such register. */
    public static boolean read(Cpu cpu, int r, StringBuilder sb) {
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

    private static void hex(StringBuilder sb, long value, int bytes) {
        for (int i = 0; i < bytes; i++) {
            int b = (int) (value >>> (8 * i)) & 0xFF;
            sb.append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xF, 16));
        }
    }
}
