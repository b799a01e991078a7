package visor.cpu;

/** The register dump printed when a guest is stopped after a fault (and by `info`). */
public final class RegisterDump {
    private RegisterDump() {
    }

    public static String format(Cpu cpu) {
        StringBuilder sb = new StringBuilder(1024);
        sb.append(String.format("PC  %016x  SP  %016x  PSTATE %08x (EL%d%s %c%c%c%c DAIF %x)%n",
                cpu.pc, cpu.sp, cpu.pstate(), cpu.el, cpu.spSel ? "h" : "t",
                cpu.n ? 'N' : '-', cpu.z ? 'Z' : '-', cpu.c ? 'C' : '-', cpu.v ? 'V' : '-', cpu.daif >>> 6));
        for (int i = 0; i < 31; i++) {
            sb.append(String.format("X%-2d %016x", i, cpu.x[i])).append(i % 4 == 3 || i == 30 ? "\n" : "  ");
        }
        for (int e = 1; e <= 2; e++) {
            sb.append(String.format("ELR_EL%d %016x  SPSR_EL%d %08x  ESR_EL%d %08x  FAR_EL%d %016x  VBAR_EL%d %016x%n",
                    e, cpu.elr[e], e, cpu.spsr[e], e, cpu.esr[e], e, cpu.far[e], e, cpu.vbar[e]));
        }
        sb.append(String.format("HPFAR_EL2 %016x  HCR_EL2 %016x  SCTLR_EL1 %08x  TTBR0_EL1 %016x%n",
                cpu.hpfarEl2, cpu.mmu.hcrEl2, cpu.mmu.sctlrEl1, cpu.mmu.ttbr0El1));
        return sb.toString();
    }

    /** One line for {@link ExitReason#EXCEPTION_LOOP}: the vector the core keeps entering and why. */
    public static String exceptionLoop(Cpu cpu) {
        int e = cpu.el;
        return String.format("exception loop: vector 0x%x at EL%d entered %d times without an instruction retired"
                + " (ESR_EL%d %08x, FAR_EL%d %016x)", cpu.pc, e, Cpu.EXCEPTION_LOOP_ENTRIES, e, cpu.esr[e], e, cpu.far[e]);
    }
}
