package visor.cpu;

import visor.mmu.Fault;

/**
 * Receives a core's trace events (the trace log, a debugger). {@link Cpu#tracer} is null unless tracing,
 * and the core looks at it once per block and on exception entry, never per instruction.
 */
public interface CpuTracer {
    /** {@code block} is about to run at {@code cpu.pc}. */
    void block(Cpu cpu, Block block);

    /** An exception was taken from {@code fromEl} to {@code cpu.el}; PC is at its vector, ESR/ELR/FAR written. */
    void exception(Cpu cpu, int fromEl, int vectorType);

    /** A translation, access-flag or permission fault on {@code va} (stage 1 or 2), before the abort is taken. */
    void fault(Cpu cpu, long va, Fault fault, boolean fetch, boolean write);

    /** An MRS/MSR/SYS naming a register or operation the model does not have (UNDEFINED follows). */
    void unknownSystemRegister(Cpu cpu, int insn);
}
