package visor.mmu;

/**
 * Builds translation tables in a {@link PhysicalMemory} for tests. Table addresses are in the
 * address space the walker sees (IPA for stage 1 under stage 2) and are written at
 * address + {@link #writeOffset}. The start level is given by the test, not derived, so a walker
 * that starts elsewhere fails the test.
 */
final class TableBuilder {
    private final PhysicalMemory mem;
    final int granuleShift;
    final int stride;
    final int inputSize;
    final int startLevel;
    final long root;
    private long next;
    /** Physical address = table address + writeOffset (tables placed in IPA space). */
    long writeOffset;
    /** OR-ed into every table descriptor this builder creates. */
    long tableAttrs;

    TableBuilder(PhysicalMemory mem, int granuleShift, int inputSize, int startLevel, long poolBase) {
        this.mem = mem;
        this.granuleShift = granuleShift;
        this.stride = granuleShift - 3;
        this.inputSize = inputSize;
        this.startLevel = startLevel;
        this.next = poolBase;
        long rootBytes = 8L << (inputSize - levelShift(startLevel));
        this.root = alloc(Math.max(rootBytes, 1L << granuleShift));
    }

    int levelShift(int level) {
        return (3 - level) * stride + granuleShift;
    }

    private long alloc(long size) {
        long base = (next + size - 1) & -size;
        next = base + size;
        return base;
    }

    long newTable() {
        return alloc(1L << granuleShift);
    }

    private int index(long va, int level) {
        int shift = levelShift(level);
        if (level == startLevel) {
            long inRange = inputSize == 64 ? va : va & ((1L << inputSize) - 1);
            return (int) (inRange >>> shift);
        }
        return (int) ((va >>> shift) & ((1L << stride) - 1));
    }

    /** The address (walker's view) of the descriptor for {@code va} at {@code level}, creating tables. */
    long entry(long va, int level) {
        long table = root;
        for (int l = startLevel; l < level; l++) {
            long slot = table + 8L * index(va, l);
            long d = mem.read(slot + writeOffset, 8);
            if ((d & 3) != 3) {
                long t = newTable();
                d = Desc.table(t) | tableAttrs;
                mem.write(slot + writeOffset, 8, d);
            }
            table = d & 0x0000_FFFF_FFFF_F000L & -(1L << granuleShift);
        }
        return table + 8L * index(va, level);
    }

    void set(long va, int level, long desc) {
        mem.write(entry(va, level) + writeOffset, 8, desc);
    }

    void map(long va, int level, long oa, long attrs) {
        set(va, level, Desc.leaf(level, oa, attrs));
    }
}
