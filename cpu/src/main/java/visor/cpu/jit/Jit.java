package visor.cpu.jit;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import visor.cpu.Block;

/**
 * The tiered JIT of one machine's code cache: the run loop interprets a block until it has run
 * {@link #threshold} times, then {@link #hot} queues it for translation to bytecode (see
 * {@link BlockTranslator}) on a background compiler thread, or translates it at once when synchronous (tests).
 * The translation hangs off its {@link Block}, so it is dropped with the block when the code cache drops
 * it (code writes, IC maintenance) and its hidden class can unload.
 *
 * <p>Settings come from system properties, so every suite can run on either engine:
 * {@code visor.jit} = {@code on} (default) or {@code off}, {@code visor.jit.threshold} (executions before a
 * block is compiled, default {@link #DEFAULT_THRESHOLD}), {@code visor.jit.sync} = {@code true} to compile on the executing thread.
 */
public final class Jit {
    private static final Logger log = LoggerFactory.getLogger(Jit.class);
    /**
     * Executions before a block is compiled. High, because each translation costs the JVM a C2 compile
     * of its class on the same few host cores: at 1000, Debian's kernel booted in 27 s instead of 15 s
     * interpreted (tens of thousands of lukewarm blocks compiled); at 100,000 in 10 s, while hot loops
     * reach it within milliseconds (docs/performance.md).
     */
    public static final int DEFAULT_THRESHOLD = 100_000;
    /** At most this many blocks are translated per machine, bounding the metaspace the classes take. */
    public static final int MAX_COMPILED = 50_000;

    public final int threshold;
    private final boolean synchronous;
    /** Whether a unit takes in the blocks of its page the hot block branches to ({@code visor.jit.regions}). */
    private final boolean regions;
    private final BlockTranslator translator = new BlockTranslator();
    private final ArrayBlockingQueue<Region> queue = new ArrayBlockingQueue<>(4096);
    private final AtomicLong compiled = new AtomicLong();
    private final AtomicLong regionBlocks = new AtomicLong();
    private final AtomicLong classBytes = new AtomicLong();
    private final AtomicLong instructions = new AtomicLong();
    private final AtomicLong inlined = new AtomicLong();
    private final AtomicLong compileNanos = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private Thread compilerThread;

    public Jit(int threshold, boolean synchronous) {
        this(threshold, synchronous, true);
    }

    public Jit(int threshold, boolean synchronous, boolean regions) {
        if (threshold < 1) {
            throw new IllegalArgumentException("JIT threshold must be at least 1, not " + threshold);
        }
        this.threshold = threshold;
        this.synchronous = synchronous;
        this.regions = regions;
    }

    /** The JIT the system properties ask for, or null when {@code visor.jit=off}. */
    public static Jit fromSystemProperties() {
        String mode = System.getProperty("visor.jit", "on");
        switch (mode) {
            case "off":
                return null;
            case "on":
                break;
            default:
                throw new IllegalArgumentException("visor.jit must be on or off, not \"" + mode + "\"");
        }
        int threshold = Integer.parseInt(System.getProperty("visor.jit.threshold", String.valueOf(DEFAULT_THRESHOLD)));
        return new Jit(threshold, Boolean.getBoolean("visor.jit.sync"),
                !"false".equals(System.getProperty("visor.jit.regions")));
    }

    /**
     * The package the translations are defined in, given by the code cache: {@code visor.cpu}, whose
     * package-private state (the micro-TLBs) translated code reads.
     */
    public void hostIn(java.lang.invoke.MethodHandles.Lookup host) {
        translator.hostIn(host);
    }

    /**
     * Called by the run loop when {@code block} has run {@link #threshold} times; {@code decoded} gives the
     * blocks of the code cache already decoded (by physical address, else null), from which the block's
     * region is made here, on the executing thread, since the code cache is not thread-safe.
     */
    public void hot(Block block, LongFunction<Block> decoded) {
        if (compiled.get() >= MAX_COMPILED) {
            return;
        }
        Region region = regions
                ? Region.discover(block, decoded, Region.MAX_BLOCKS, Region.MAX_INSTRUCTIONS)
                : Region.single(block);
        if (synchronous) {
            compile(region);
            return;
        }
        startCompilerThread();
        // A full queue drops the request; the block stays interpreted until it is decoded again.
        queue.offer(region);
    }

    private synchronized void startCompilerThread() {
        if (compilerThread != null) {
            return;
        }
        compilerThread = new Thread(this::compileLoop, "visor-jit");
        compilerThread.setDaemon(true);
        compilerThread.setPriority(Thread.MIN_PRIORITY);
        compilerThread.start();
    }

    private void compileLoop() {
        try {
            while (true) {
                compile(queue.take());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void compile(Region region) {
        long t0 = System.nanoTime();
        Block block = region.blocks.get(0);
        try {
            synchronized (translator) {
                block.setCompiled(translator.translate(region));
                classBytes.addAndGet(translator.lastClassBytes);
                instructions.addAndGet(translator.lastInstructions);
                inlined.addAndGet(translator.lastInlined);
                regionBlocks.addAndGet(translator.lastBlocks);
            }
            compiled.incrementAndGet();
        } catch (RuntimeException e) {
            // The block stays interpreted, which is always correct.
            if (failures.incrementAndGet() <= 4) {
                log.warn("JIT: block at PA 0x{} stays interpreted", Long.toHexString(block.pa()), e);
            }
        }
        compileNanos.addAndGet(System.nanoTime() - t0);
    }

    public long compiledBlocks() {
        return compiled.get();
    }

    public long classBytes() {
        return classBytes.get();
    }

    /** Blocks in the compiled units (each unit is a hot block and blocks of its page it branches to). */
    public long unitBlocks() {
        return regionBlocks.get();
    }

    /** Instructions in the compiled units. */
    public long compiledInstructions() {
        return instructions.get();
    }

    /** Of {@link #compiledInstructions}, those that became bytecode rather than a call of their handler. */
    public long inlinedInstructions() {
        return inlined.get();
    }

    public long compileMillis() {
        return compileNanos.get() / 1_000_000;
    }
}
