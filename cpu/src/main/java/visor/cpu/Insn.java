package visor.cpu;

/** The semantics of one A64 instruction: executes {@code insn} (the raw word) on {@code cpu}. */
@FunctionalInterface
public interface Insn {
    void execute(Cpu cpu, int insn);
}
