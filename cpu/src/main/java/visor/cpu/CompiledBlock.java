package visor.cpu;

/**
 * A {@link Block} translated to JVM bytecode (see {@link visor.cpu.jit.Jit}). {@link #run} executes the
 * block's instructions with {@code cpu.pc} set to each one's address before it runs (so a handler that reads
 * the PC or raises an exception sees the architectural value); when instruction {@code i} throws, it sets
 * {@link Cpu#compiledIndex} to {@code i} first, so the run loop retires exactly the instructions run.
 */
public interface CompiledBlock {
    void run(Cpu cpu, long base);
}
