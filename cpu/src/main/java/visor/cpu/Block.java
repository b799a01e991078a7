package visor.cpu;

/**
 * A decoded basic block: straight-line instructions from one physical page, ending at the first
 * branch, exception-generating or system instruction, or at the page end. Decoded once, run many times.
 */
public final class Block {
    final long pa;
    final Insn[] ops;
    final int[] words;
    final int length;

    Block(long pa, Insn[] ops, int[] words, int length) {
        this.pa = pa;
        this.ops = ops;
        this.words = words;
        this.length = length;
    }

    public int length() {
        return length;
    }
}
