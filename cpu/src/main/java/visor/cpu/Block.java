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

    /*
     * Links to the blocks that ran after this one (at most two: a conditional branch's two ways), so the
     * run loop skips the micro-TLB and cache look-up. A link holds while the fetching core's translation
     * state (Cpu.fetchEpoch) and the code cache (CodeCache.epoch) are what they were when it was made.
     */
    private long va0, va1;
    private long fetchEpoch0, fetchEpoch1;
    private long codeEpoch0, codeEpoch1;
    private Block next0, next1;

    Block(long pa, Insn[] ops, int[] words, int length) {
        this.pa = pa;
        this.ops = ops;
        this.words = words;
        this.length = length;
    }

    /** The block linked for {@code va} under these epochs, or null. */
    Block linked(long va, long fetchEpoch, long codeEpoch) {
        if (va0 == va && fetchEpoch0 == fetchEpoch && codeEpoch0 == codeEpoch) {
            return next0;
        }
        if (va1 == va && fetchEpoch1 == fetchEpoch && codeEpoch1 == codeEpoch) {
            return next1;
        }
        return null;
    }

    /** Links {@code next} as the block at {@code va}, replacing a stale link first, else the second one. */
    void link(long va, long fetchEpoch, long codeEpoch, Block next) {
        if (next0 == null || fetchEpoch0 != fetchEpoch || codeEpoch0 != codeEpoch) {
            va0 = va;
            fetchEpoch0 = fetchEpoch;
            codeEpoch0 = codeEpoch;
            next0 = next;
        } else {
            va1 = va;
            fetchEpoch1 = fetchEpoch;
            codeEpoch1 = codeEpoch;
            next1 = next;
        }
    }

    public int length() {
        return length;
    }

    /** The physical address of the block's first instruction. */
    public long pa() {
        return pa;
    }

    /** The raw word of instruction {@code i}. */
    public int word(int i) {
        return words[i];
    }
}
