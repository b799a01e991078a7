package visor.cpu;

/**
 * A {@link Block} translated to JVM bytecode (see {@link visor.cpu.jit.Jit}). {@link #run} executes the
 * block's instructions with {@code cpu.pc} set to each one's address before it runs (so a handler that reads
 * the PC or raises an exception sees the architectural value). It returns the block's length when every
 * instruction ran, or {@code i} when instruction {@code i} took a guest exception ({@link Trap}, caught
 * inside, so the run loop retires exactly the instructions run); a Java exception from instruction
 * {@code i} (a bug) passes through with {@link Cpu#compiledIndex} set to {@code i}.
 */
public interface CompiledBlock {
    int run(Cpu cpu, long base);
}
