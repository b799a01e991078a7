package visor.cpu;

import visor.cpu.a64.A64Decoder;
import visor.cpu.jit.Jit;
import visor.mmu.PhysicalMemory;

/**
 * Decoded blocks by physical address, shared by the cores of one machine. Blocks of a page are dropped
 * when a write hits one of its code lines (see {@link PhysicalMemory#markCode}) and on IC invalidation.
 */
public final class CodeCache {
    static final int MAX_BLOCK = 64;

    private final PhysicalMemory memory;
    private final Block[][] pages;
    private final Insn[] opScratch = new Insn[MAX_BLOCK];
    private final int[] wordScratch = new int[MAX_BLOCK];
    /**
     * Times each page's blocks were dropped by a code write or IC IVAU (saturating): a page past
     * {@link #CHURN_LIMIT} keeps changing (a JIT'ed guest, data next to code) and is no longer compiled.
     */
    private final byte[] churn;
    public static final int CHURN_LIMIT = 16;
    /** Changes whenever blocks are dropped, so links between blocks (see {@link Block#linked}) lapse. */
    long epoch;

    /** The cores fetching from this cache, told when blocks are dropped (see {@link Cpu#stopChaining}). */
    private Cpu[] cores = new Cpu[0];

    /** Compiles hot blocks to bytecode; null when the JIT is off ({@code visor.jit=off}). */
    final Jit jit;

    public CodeCache(PhysicalMemory memory) {
        this(memory, Jit.fromSystemProperties());
    }

    public CodeCache(PhysicalMemory memory, Jit jit) {
        this.memory = memory;
        this.jit = jit;
        this.pages = new Block[(int) (memory.ramSize() >>> PhysicalMemory.PAGE_SHIFT)][];
        this.churn = new byte[pages.length];
        if (jit != null) {
            // The translations are hidden classes of this package, reading the cores' micro-TLBs directly.
            jit.hostIn(java.lang.invoke.MethodHandles.lookup());
        }
        memory.setCodeWriteListener(this::invalidatePage);
    }

    /** The block starting at RAM address {@code pa} (4-byte aligned), decoding it on first use. */
    Block block(long pa, byte[] page) {
        int ppn = (int) (pa >>> PhysicalMemory.PAGE_SHIFT);
        Block[] slots = pages[ppn];
        if (slots == null) {
            slots = new Block[PhysicalMemory.PAGE_SIZE / 4];
            pages[ppn] = slots;
        }
        int slot = (int) (pa & PhysicalMemory.PAGE_MASK) >>> 2;
        Block b = slots[slot];
        if (b == null) {
            b = decode(pa, page);
            slots[slot] = b;
        }
        return b;
    }

    /** The block starting at RAM address {@code pa} if it has been decoded (and not dropped since), else null. */
    public Block decoded(long pa) {
        int ppn = (int) (pa >>> PhysicalMemory.PAGE_SHIFT);
        if (ppn < 0 || ppn >= pages.length) {
            return null;
        }
        Block[] slots = pages[ppn];
        return slots == null ? null : slots[(int) (pa & PhysicalMemory.PAGE_MASK) >>> 2];
    }

    private Block decode(long pa, byte[] page) {
        int off = (int) (pa & PhysicalMemory.PAGE_MASK);
        int n = 0;
        while (n < MAX_BLOCK && off < PhysicalMemory.PAGE_SIZE) {
            int word = (int) PhysicalMemory.I32.get(page, off);
            opScratch[n] = A64Decoder.decode(word);
            wordScratch[n] = word;
            n++;
            off += 4;
            if (A64Decoder.endsBlock(word)) {
                break;
            }
        }
        memory.markCode(pa, n * 4);
        Insn[] ops = new Insn[n];
        int[] words = new int[n];
        System.arraycopy(opScratch, 0, ops, 0, n);
        System.arraycopy(wordScratch, 0, words, 0, n);
        return new Block(pa, ops, words, n);
    }

    synchronized void attach(Cpu core) {
        Cpu[] more = java.util.Arrays.copyOf(cores, cores.length + 1);
        more[cores.length] = core;
        cores = more;
    }

    private void dropped() {
        epoch++;
        for (Cpu core : cores) {
            core.stopChaining();
        }
    }

    /** The JIT compiling this cache's hot blocks, or null when off. */
    public Jit jit() {
        return jit;
    }

    public void invalidatePage(int ppn) {
        if (pages[ppn] != null && churn[ppn] < Byte.MAX_VALUE) {
            churn[ppn]++;
        }
        pages[ppn] = null;
        dropped();
    }

    /** Whether blocks of the page holding {@code pa} may still be compiled (see {@link #CHURN_LIMIT}). */
    public boolean compilable(long pa) {
        return churn[(int) (pa >>> PhysicalMemory.PAGE_SHIFT)] <= CHURN_LIMIT;
    }

    /** IC IALLU / IC IALLUIS: forget every decoded block. */
    public void invalidateAll() {
        java.util.Arrays.fill(pages, null);
        dropped();
        java.util.Arrays.fill(memory.codeLines, 0L);
    }
}
