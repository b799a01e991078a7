package visor.cpu;

/**
 * A {@link Block}, with the blocks of its page it branches to, translated to JVM bytecode (see
 * {@link visor.cpu.jit.Jit}). {@link #run} executes from the block's first instruction, at virtual address
 * {@code base}, with {@code cpu.pc} set to each instruction's address before it can read the PC or raise
 * an exception. Going on to another block of the unit it asks {@link Cpu#loopBack}, which counts the
 * instructions of the block left. It leaves with {@code cpu.pc} at the next instruction and returns the
 * number of instructions of the last block, or {@code ~i} when instruction {@code i} of the block it was in
 * took a guest exception ({@link Trap}, caught inside, so the run loop retires exactly the instructions
 * run). A Java exception (a bug) passes through with {@link Cpu#compiledIndex} set to the instruction's
 * index in the unit (see {@link #word} and {@link #indexInBlock}).
 */
public abstract class CompiledBlock {
    private final int[] words;
    private final int[] indexInBlock;

    protected CompiledBlock(int[] words, int[] indexInBlock) {
        this.words = words;
        this.indexInBlock = indexInBlock;
    }

    public abstract int run(Cpu cpu, long base);

    /** The raw word of instruction {@code index} of the unit, or 0 outside it. */
    public int word(int index) {
        return index >= 0 && index < words.length ? words[index] : 0;
    }

    /** The index of instruction {@code index} of the unit within its block, or 0 outside it. */
    public int indexInBlock(int index) {
        return index >= 0 && index < words.length ? indexInBlock[index] : 0;
    }
}
