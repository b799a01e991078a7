package visor.hv.mem;

import visor.mmu.PhysicalMemory;

/**
 * The hypervisor's allocator of host physical pages (4 KiB) for guest RAM and stage-2 tables. Pages come
 * zeroed; freed pages are zeroed before reuse so no VM ever sees another's data.
 */
public final class PagePool {
    private final PhysicalMemory memory;
    private final long base;
    private final long limit;
    private long next;
    private long[] free = new long[64];
    private int freeCount;

    public PagePool(PhysicalMemory memory, long base, long limit) {
        if ((base & 0xFFF) != 0 || (limit & 0xFFF) != 0 || base >= limit || limit > memory.ramSize()) {
            throw new IllegalArgumentException(String.format("bad page pool [0x%x, 0x%x)", base, limit));
        }
        this.memory = memory;
        this.base = base;
        this.limit = limit;
        this.next = base;
    }

    /** Bytes this pool hands out in all. */
    public long capacity() {
        return limit - base;
    }

    /**
     * A zeroed page's physical address, or -1 when the pool is exhausted or the JVM has no heap to spare
     * for the page's host array (allocated here, so a guest access to the page later never allocates).
     */
    public long allocate() {
        if (freeCount > 0) {
            long pa = free[--freeCount];
            memory.zeroPage(pa);
            return pa;
        }
        return fresh();
    }

    /** A page never handed out before: its host array is allocated now, if the heap can spare it. */
    private long fresh() {
        if (next >= limit) {
            return -1;
        }
        long pa = next;
        if (heapLow()) {
            System.gc(); // what looks used may be garbage; decide on what is live
            if (heapLow()) {
                return -1;
            }
        }
        try {
            memory.ramPage(pa);
        } catch (OutOfMemoryError e) {
            return -1;
        }
        next += PhysicalMemory.PAGE_SIZE;
        return pa;
    }

    /**
     * True when guest pages would eat the heap the rest of visor needs (consoles, logs, the crash report of
     * the VM that ran out): an eighth of the JVM's maximum heap, at least 32 MiB, stays free.
     */
    private static boolean heapLow() {
        Runtime rt = Runtime.getRuntime();
        long max = rt.maxMemory();
        long free = max - (rt.totalMemory() - rt.freeMemory());
        return free < Math.max(32L << 20, max / 8);
    }

    public void release(long pa) {
        if (pa < base || pa >= limit) {
            throw new IllegalArgumentException(String.format("page 0x%x is not from this pool", pa));
        }
        if (freeCount == free.length) {
            free = java.util.Arrays.copyOf(free, free.length * 2);
        }
        free[freeCount++] = pa;
    }
}
