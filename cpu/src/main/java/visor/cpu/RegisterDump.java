package visor.cpu;

/** The register dump printed when a guest is stopped after a fault (and by `info`). */
public final class RegisterDump {
    private RegisterDump() {
    }

    /**
     * The first line is the state of the code that ran: while modelled EL2 software holds the core (a VM
     * stopped in an exit handler) that is the guest's, PC = ELR_EL2 and PSTATE = SPSR_EL2, not the EL2 vector.
     */
    public static String format(Cpu cpu) {
        boolean inModelledEl2 = cpu.el2Modelled && cpu.el == 2;
        long pc = inModelledEl2 ? cpu.elr[2] : cpu.pc;
        long pstate = inModelledEl2 ? cpu.spsr[2] : cpu.pstate();
        int el = (int) (pstate >>> 2) & 3;
        boolean handler = (pstate & 1) != 0;
        long sp = inModelledEl2 ? cpu.spEl(handler ? el : 0) : cpu.sp;
        StringBuilder sb = new StringBuilder(1024);
        sb.append(String.format("PC  %016x  SP  %016x  PSTATE %08x (EL%d%s %c%c%c%c DAIF %x)%n",
                pc, sp, pstate, el, handler ? "h" : "t", bit(pstate, 31, 'N'), bit(pstate, 30, 'Z'),
                bit(pstate, 29, 'C'), bit(pstate, 28, 'V'), (pstate >>> 6) & 0xF));
        for (int i = 0; i < 31; i++) {
            sb.append(String.format("X%-2d %016x", i, cpu.x[i])).append(i % 4 == 3 || i == 30 ? "\n" : "  ");
        }
        for (int e = 1; e <= (cpu.hasEl3 ? 3 : 2); e++) {
            sb.append(String.format("ELR_EL%d %016x  SPSR_EL%d %08x  ESR_EL%d %08x  FAR_EL%d %016x  VBAR_EL%d %016x%n",
                    e, cpu.elr[e], e, cpu.spsr[e], e, cpu.esr[e], e, cpu.far[e], e, cpu.vbar[e]));
        }
        sb.append(String.format("HPFAR_EL2 %016x  HCR_EL2 %016x  SCTLR_EL1 %08x  TTBR0_EL1 %016x%n",
                cpu.hpfarEl2, cpu.hcrEl2(), cpu.mmu.sctlrEl1, cpu.mmu.ttbr0El1));
        if (cpu.hasEl3) {
            sb.append(String.format("SCR_EL3 %08x  SCTLR_EL3 %08x  TTBR0_EL3 %016x%n",
                    cpu.scrEl3(), cpu.mmu.sctlrEl3, cpu.mmu.ttbr0El3));
        }
        return sb.toString();
    }

    private static char bit(long pstate, int n, char name) {
        return (pstate >>> n & 1) != 0 ? name : '-';
    }

    /** One line for {@link ExitReason#EXCEPTION_LOOP}: the vector the core keeps entering and why. */
    public static String exceptionLoop(Cpu cpu) {
        int e = cpu.el;
        int c = cpu.streakCauseEl;
        return String.format("exception loop: vector 0x%x at EL%d entered %d times without an instruction retired"
                + " (ESR_EL%d %08x, FAR_EL%d %016x); it began with ESR_EL%d %08x (EC 0x%x) at ELR 0x%x, FAR 0x%x",
                cpu.pc, e, Cpu.EXCEPTION_LOOP_ENTRIES, e, cpu.esr[e], e, cpu.far[e],
                c, cpu.streakCauseEsr, (int) (cpu.streakCauseEsr >>> 26) & 0x3F, cpu.streakCauseElr, cpu.streakCauseFar);
    }
}
