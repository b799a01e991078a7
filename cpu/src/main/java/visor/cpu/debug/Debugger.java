package visor.cpu.debug;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import visor.cpu.Cpu;

/**
 * A debugger's hold on one core: breakpoints by virtual address, watchpoints on virtual address ranges,
 * single-step and halt. While attached ({@link Cpu#attachDebugger}) the core checks this at each block
 * boundary, runs a block instruction by instruction when it holds a breakpoint (or while stepping or
 * watching), and {@link Cpu#run} returns {@link visor.cpu.ExitReason#DEBUG} with {@link #lastStop()} set.
 *
 * <p>Thread use: {@link #requestHalt()} may be called from any thread. Everything else is called by the
 * thread that runs the core, or while the core is not inside {@link Cpu#run} (stopped with DEBUG). The
 * methods marked "run loop" are the core's hooks and are not for controllers.
 */
public final class Debugger {
    private final Cpu cpu;
    private long[] breakpoints = new long[0];
    private final List<Watchpoint> watchpoints = new ArrayList<>();
    private Watchpoint[] watchArray = new Watchpoint[0];
    private volatile boolean haltRequested;
    private boolean stepRequested;
    private boolean stepDone;
    /** A breakpoint at the PC the core resumes from is not reported again before that instruction runs. */
    private boolean skipBreakpointAtResume;
    private long resumePc;
    private DebugStop watchHit;
    private DebugStop lastStop;
    /** As QEMU's gdbstub (SSTEP_NOIRQ): a single step does not take a pending interrupt. */
    private boolean stepMasksInterrupts = true;

    public Debugger(Cpu cpu) {
        this.cpu = cpu;
    }

    public Cpu cpu() {
        return cpu;
    }

    // ---- Controller API ---------------------------------------------------------------------------

    /** Adds a breakpoint at virtual address {@code va} (as translated when the core fetches it); idempotent. */
    public void addBreakpoint(long va) {
        if (Arrays.binarySearch(breakpoints, va) < 0) {
            long[] b = Arrays.copyOf(breakpoints, breakpoints.length + 1);
            b[b.length - 1] = va;
            Arrays.sort(b);
            breakpoints = b;
        }
    }

    /** Removes the breakpoint at {@code va}; false if there was none. */
    public boolean removeBreakpoint(long va) {
        int i = Arrays.binarySearch(breakpoints, va);
        if (i < 0) {
            return false;
        }
        long[] b = new long[breakpoints.length - 1];
        System.arraycopy(breakpoints, 0, b, 0, i);
        System.arraycopy(breakpoints, i + 1, b, i, b.length - i);
        breakpoints = b;
        return true;
    }

    /** The breakpoint addresses, ascending (a copy). */
    public long[] breakpoints() {
        return breakpoints.clone();
    }

    /** Watches [{@code va}, {@code va + length}) for accesses of {@code kind}; returns the watchpoint. */
    public Watchpoint addWatchpoint(long va, long length, WatchKind kind) {
        Watchpoint w = new Watchpoint(va, length, kind);
        if (!watchpoints.contains(w)) {
            watchpoints.add(w);
            watchesChanged();
        }
        return w;
    }

    /** Removes the watchpoint with exactly these bounds and kind; false if there was none. */
    public boolean removeWatchpoint(long va, long length, WatchKind kind) {
        boolean removed = watchpoints.remove(new Watchpoint(va, length, kind));
        if (removed) {
            watchesChanged();
        }
        return removed;
    }

    public List<Watchpoint> watchpoints() {
        return List.copyOf(watchpoints);
    }

    /** Removes every breakpoint and watchpoint. */
    public void clear() {
        breakpoints = new long[0];
        watchpoints.clear();
        watchesChanged();
    }

    /** Resume: the next {@link Cpu#run} runs freely until a breakpoint, watchpoint or halt request. */
    public void resume() {
        stepRequested = false;
        prepareResume();
    }

    /** The next {@link Cpu#run} executes one instruction (or takes one exception) and stops with STEP. */
    public void step() {
        stepRequested = true;
        prepareResume();
    }

    /** Asks the core to stop with HALT at its next block boundary (also while it sleeps in WFI/WFE). Any thread. */
    public void requestHalt() {
        haltRequested = true;
    }

    /** Whether a single step leaves pending interrupts untaken (default true, as QEMU). */
    public void setStepMasksInterrupts(boolean masks) {
        stepMasksInterrupts = masks;
    }

    /** Why the core last stopped, or null. */
    public DebugStop lastStop() {
        return lastStop;
    }

    private void prepareResume() {
        stepDone = false;
        watchHit = null;
        skipBreakpointAtResume = true;
        resumePc = cpu.pc;
    }

    private void watchesChanged() {
        watchArray = watchpoints.toArray(new Watchpoint[0]);
        // Watched pages must miss the micro-TLB so every access to them reaches checkAccess.
        cpu.flushMicroTlb();
    }

    // ---- Run loop hooks ------------------------------------------------------------------------------

    /** Run loop: the stop due before executing at {@code pc}, or null to go on. */
    public DebugStop atBoundary(long pc) {
        DebugStop stop = null;
        if (watchHit != null) {
            stop = new DebugStop(DebugStop.Kind.WATCHPOINT, pc, watchHit.dataAddress(), watchHit.watch());
        } else if (stepDone) {
            stop = new DebugStop(DebugStop.Kind.STEP, pc, 0, null);
        } else if (haltRequested) {
            stop = new DebugStop(DebugStop.Kind.HALT, pc, 0, null);
        } else if (!(skipBreakpointAtResume && pc == resumePc) && Arrays.binarySearch(breakpoints, pc) >= 0) {
            stop = new DebugStop(DebugStop.Kind.BREAKPOINT, pc, 0, null);
        }
        if (stop != null) {
            stopped(stop);
        }
        return stop;
    }

    /** Run loop: the stop due while the core sleeps in WFI/WFE (only a halt request), or null. */
    public DebugStop whileWaiting(long pc) {
        if (!haltRequested) {
            return null;
        }
        DebugStop stop = new DebugStop(DebugStop.Kind.HALT, pc, 0, null);
        stopped(stop);
        return stop;
    }

    private void stopped(DebugStop stop) {
        lastStop = stop;
        haltRequested = false;
        stepRequested = false;
        stepDone = false;
        watchHit = null;
        skipBreakpointAtResume = false;
    }

    /** Run loop: true if the block of {@code length} instructions at {@code pc} must run one instruction at a time. */
    public boolean singleInstructions(long pc, int length) {
        if (stepRequested || watchArray.length != 0) {
            return true;
        }
        int i = Arrays.binarySearch(breakpoints, pc);
        if (i >= 0) {
            return true;
        }
        int next = -i - 1;
        return next < breakpoints.length && Long.compareUnsigned(breakpoints[next], pc + 4L * length) < 0;
    }

    /** Run loop: one instruction executed (or its exception taken). */
    public void executed() {
        skipBreakpointAtResume = false;
        if (stepRequested) {
            stepDone = true;
        }
    }

    /** Run loop: pending interrupts stay untaken now (single step with masking on). */
    public boolean masksInterrupts() {
        return stepRequested && stepMasksInterrupts;
    }

    /** Data path: true if no part of the page of {@code va} is watched, so it may enter the micro-TLB. */
    public boolean pageUnwatched(long va) {
        for (Watchpoint w : watchArray) {
            if (w.coversPage(va)) {
                return false;
            }
        }
        return true;
    }

    /** Data path: records the first watchpoint that this completed access of {@code size} bytes at {@code va} hits. */
    public void checkAccess(long va, int size, boolean write) {
        if (watchHit != null) {
            return;
        }
        for (Watchpoint w : watchArray) {
            if (w.kind().matches(write) && w.overlaps(va, size)) {
                long hit = Long.compareUnsigned(va, w.address()) < 0 ? w.address() : va;
                watchHit = new DebugStop(DebugStop.Kind.WATCHPOINT, 0, hit, w);
                return;
            }
        }
    }
}
