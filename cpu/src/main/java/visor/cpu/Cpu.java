package visor.cpu;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import visor.mmu.Fault;
import visor.mmu.Mmu;
import visor.mmu.PhysicalMemory;

/**
 * One Cortex-A53 core in AArch64 state at EL0-EL2, and EL3 when it is reset into EL3: architectural
 * registers, the block-at-a-time run loop, memory access through a micro-TLB in front of the {@link Mmu},
 * exception entry and return, and interrupt routing (SCR_EL3.IRQ/FIQ/EA, HCR_EL2.IMO/FMO/AMO/TGE,
 * virtual IRQ/FIQ/SError).
 *
 * <p>Instruction semantics live in {@code visor.cpu.a64}; they read fields of this class and call its
 * memory and exception methods. Nothing here allocates per instruction.
 */
public final class Cpu {
    private static final Logger log = LoggerFactory.getLogger(Cpu.class);

    public static final int VECTOR_SYNC = 0x000;
    public static final int VECTOR_IRQ = 0x080;
    public static final int VECTOR_FIQ = 0x100;
    public static final int VECTOR_SERROR = 0x180;

    public static final long HCR_VM = 1L << 0, HCR_FMO = 1L << 3, HCR_IMO = 1L << 4, HCR_AMO = 1L << 5;
    public static final long HCR_VF = 1L << 6, HCR_VI = 1L << 7, HCR_VSE = 1L << 8, HCR_TGE = 1L << 27;
    // SCR_EL3 (ARM ARM D13.2.112); bits 5:4 are RES1.
    public static final long SCR_NS = 1L << 0, SCR_IRQ = 1L << 1, SCR_FIQ = 1L << 2, SCR_EA = 1L << 3;
    public static final long SCR_SMD = 1L << 7, SCR_HCE = 1L << 8, SCR_RW = 1L << 10, SCR_ST = 1L << 11;
    public static final long SCR_TWI = 1L << 12, SCR_TWE = 1L << 13, SCR_RES1 = 0x30;
    private static final long CPTR_TFP = 1L << 10;

    public final int coreId;
    public final PhysicalMemory memory;
    public final Mmu mmu;
    public final CodeCache codeCache;
    public final Clock clock;
    public final GenericTimer timer;
    /** System registers without a home elsewhere (ARM ARM D13; see visor.cpu.sysreg). */
    public final visor.cpu.sysreg.SysRegState sys = new visor.cpu.sysreg.SysRegState();
    /**
     * The cores in this core's Inner Shareable domain, itself included: broadcast TLB maintenance
     * (TLBI ...IS) reaches each of them. The machine replaces the default.
     */
    public Cpu[] shareability = {this};

    /** X0-X30; index 31 always reads as zero (XZR). Write through {@link #setX}. */
    public final long[] x = new long[32];
    /** The stack pointer selected by PSTATE.{EL,SP}; the others are banked in {@link #spBank}. */
    public long sp;
    private final long[] spBank = new long[4];
    /** Address of the instruction being executed (during execute), or of the next one (between blocks). */
    public long pc;
    private boolean jumped;

    // PSTATE
    public boolean n, z, c, v;
    /** PSTATE.{D,A,I,F} in SPSR bit positions 9..6. */
    public int daif;
    public int el;
    /** PSTATE.SP: true selects SP_ELx, false SP_EL0. */
    public boolean spSel;
    public boolean ss, il;
    /** Read by translated code (visor.cpu.jit), which lives in this package for it. */
    long elTag;
    /**
     * Identifies this core's fetch translation state (EL, micro-TLB contents): a fresh value from
     * {@link #EPOCHS} after every change, so links between blocks made by this core in another state, or by
     * another core, never match.
     */
    private long fetchEpoch;
    private static final java.util.concurrent.atomic.AtomicLong EPOCHS = new java.util.concurrent.atomic.AtomicLong();

    /** SIMD&FP registers: V[n] low 64 bits at index 2n, high 64 bits at 2n+1. */
    public final long[] vreg = new long[64];
    public int fpcr, fpsr;

    // Exception registers, indexed by EL (index 0 unused).
    public final long[] elr = new long[4];
    public final long[] spsr = new long[4];
    public final long[] esr = new long[4];
    public final long[] far = new long[4];
    public final long[] vbar = new long[4];
    public long hpfarEl2;
    public long cpacrEl1, cptrEl2, cptrEl3;
    /** Bit n set when SIMD&FP instructions may execute at ELn without trapping (CPACR_EL1, CPTR_EL2/EL3). */
    private int fpEnabledEls;
    /**
     * True when the core was reset into EL3: EL3 is implemented (ID_AA64PFR0_EL1.EL3, SCR_EL3 and the
     * other EL3 registers exist, SMC goes to EL3). Reset at EL2 or below, the core has no EL3, as the
     * Pi firmware's armstub leaves it.
     */
    public boolean hasEl3;
    /** SCR_EL3 without its RES1 bits; meaningful only with {@link #hasEl3}. Write through {@link #setScrEl3}. */
    private long scrEl3;
    /**
     * HCR_EL2 as software wrote it, while the core is in Secure state (SCR_EL3.NS = 0): EL2 is then
     * disabled and {@code mmu.hcrEl2}, the value every EL1/EL0 control reads, is held at 0
     * (ARM ARM EL2Enabled(); there is no Secure EL2 in ARMv8.0).
     */
    private long hcrEl2WhileSecure;
    /**
     * The instruction after an MSR that turned the current regime's stage 1 on or off, and its physical
     * address under the old translation: see {@link #keepPrefetchedStream}. -1 when none.
     */
    private long prefetchedVa = -1, prefetchedPa;

    /** ISS bits ISV..AR of the data access about to be made; 0 means ISV=0 (ARM ARM D13.2.39). */
    public int lsSyndrome;
    /** Exclusive monitor: the address of the last load-exclusive, or -1. */
    public long exclusiveAddress = -1;
    public int exclusiveSize;
    public long exclusiveValue, exclusiveValueHigh;
    public boolean eventRegister;

    /** Interrupt inputs driven by the interrupt controller. */
    private boolean irqLine, fiqLine, serrorLine;
    private boolean attention;
    /** True when EL2 software is modelled in Java: exceptions to EL2 end {@link #run} with EL2. */
    public boolean el2Modelled;
    /** Volatile: requestExit comes from other threads, and a compiled loop (loopBack) must see it. */
    private volatile ExitReason exit;
    private ExitReason waiting;
    /** Called when this core executes SEV; the machine signals every core's event register. */
    public Runnable sendEventHook = () -> { };
    /** Trace events (the trace log); null when nothing traces, checked once per block. */
    public CpuTracer tracer;
    /** Set while a {@link visor.cpu.debug.Debugger} is attached: the run loop's only debug check. */
    private volatile boolean debugging;
    private visor.cpu.debug.Debugger debugger;
    /** Retired instructions. */
    public long instret;
    /** Retired instructions that ran in compiled blocks (see {@link visor.cpu.jit.Jit}). */
    public long instretCompiled;
    /**
     * False makes this core run interpreted only, whatever the code cache's JIT does: set it while a
     * debugger or trace hook that needs every instruction to pass through the interpreter is active.
     */
    public boolean jitAllowed = true;
    /** The instruction count at which the current {@link #run} ends, and the state a compiled loop started in. */
    private long runLimit;
    /**
     * The instruction count at which a compiled unit stops going from block to block ({@link #loopBack}):
     * the run's limit when it is entered, and below any count from the moment something the run loop must
     * see between blocks happens (a translation or interrupt state change, dropped code).
     */
    private long chainLimit;
    /** The index in its unit of the compiled instruction that threw a Java exception (set by {@link CompiledBlock}). */
    public int compiledIndex;
    /** Java exceptions raised by instruction implementations (bugs); each became an UNDEFINED. */
    public long internalErrors;

    /**
     * Exception entries in a row with no instruction retired and no ERET between them. A handler
     * retires at least its first instruction or the core is in an exception loop (a vector that cannot be
     * fetched, a handler whose first access faults). Legitimate nesting is a few entries deep (sync
     * abort, then a fault on the handler's first instruction); 256 is far above that and is reached in
     * microseconds of a real loop.
     */
    public static final int EXCEPTION_LOOP_ENTRIES = 256;

    /** The SP and Device-memory alignment checks QEMU does not make (see {@link AlignmentPolicy}). */
    public AlignmentPolicy alignment = AlignmentPolicy.STRICT;
    /** Where {@link AlignmentPolicy#WARN} warnings go; the machine or hypervisor names the core or VM. */
    public java.util.function.Consumer<String> alignmentWarnings = this::logAlignmentWarning;
    private static final int WARNED_PCS = 1024;
    private final long[] warnedPcs = new long[WARNED_PCS];
    private int exceptionStreak;
    /** The exception taken after the last instruction retired: EL, ESR, ELR, FAR (the loop's cause). */
    public int streakCauseEl;
    public long streakCauseEsr, streakCauseElr, streakCauseFar;
    private long instretAtLastEntry = -1;

    /** The micro-TLBs' size; translated code indexes them with UTLB_MASK too. */
    public static final int UTLB_SIZE = 256, UTLB_MASK = UTLB_SIZE - 1;
    // The read and write micro-TLBs are package-private: translated code (visor.cpu.jit) tests them inline.
    final long[] rTag = new long[UTLB_SIZE], wTag = new long[UTLB_SIZE];
    private final long[] xTag = new long[UTLB_SIZE];
    final byte[][] rPage = new byte[UTLB_SIZE][], wPage = new byte[UTLB_SIZE][];
    private final byte[][] xPage = new byte[UTLB_SIZE][];
    final int[] rAlign = new int[UTLB_SIZE], wAlign = new int[UTLB_SIZE];
    final int[] wPpn = new int[UTLB_SIZE];
    private final long[] xPa = new long[UTLB_SIZE];

    public Cpu(int coreId, PhysicalMemory memory, CodeCache codeCache, Clock clock) {
        this.coreId = coreId;
        this.memory = memory;
        this.mmu = new Mmu(memory);
        this.codeCache = codeCache;
        codeCache.attach(this);
        this.clock = clock;
        this.timer = new GenericTimer(this);
        reset(0, 2);
    }

    /** Warm reset: all state to reset values, PC at {@code entry}, at {@code resetEl} with SP_ELx. */
    public void reset(long entry, int resetEl) {
        exceptionStreak = 0;
        java.util.Arrays.fill(x, 0);
        java.util.Arrays.fill(spBank, 0);
        java.util.Arrays.fill(vreg, 0);
        java.util.Arrays.fill(elr, 0);
        java.util.Arrays.fill(spsr, 0);
        java.util.Arrays.fill(esr, 0);
        java.util.Arrays.fill(far, 0);
        java.util.Arrays.fill(vbar, 0);
        prefetchedVa = -1;
        hasEl3 = resetEl == 3;
        // SCR_EL3 resets to Secure state with nothing routed to EL3; HCR_EL2 resets to 0 either way.
        scrEl3 = 0;
        mmu.secure = hasEl3;
        hcrEl2WhileSecure = 0;
        cptrEl3 = 0;
        sp = 0;
        n = z = c = v = false;
        daif = 0xF << 6;
        el = resetEl;
        spSel = true;
        ss = il = false;
        fpcr = fpsr = 0;
        hpfarEl2 = 0;
        cpacrEl1 = 0;
        cptrEl2 = 0x33FF;
        mmu.sctlrEl1 = 0x00C5_0838L;
        mmu.sctlrEl2 = 0x30C5_0838L;
        mmu.sctlrEl3 = 0x30C5_0838L;
        mmu.tcrEl1 = mmu.tcrEl2 = mmu.ttbr0El1 = mmu.ttbr1El1 = mmu.ttbr0El2 = 0;
        mmu.tcrEl3 = mmu.ttbr0El3 = 0;
        mmu.hcrEl2 = mmu.vtcrEl2 = mmu.vttbrEl2 = 0;
        mmu.invalidateAll();
        exclusiveAddress = -1;
        eventRegister = false;
        waiting = null;
        pc = entry;
        timer.reset();
        sys.reset(coreId);
        updateFpAccess();
        stateChanged();
    }

    // ---- General registers -------------------------------------------------------------------------

    /** X[n], with 31 as XZR. */
    public long x(int n) {
        return x[n];
    }

    /** X[n], with 31 as SP. */
    public long xsp(int n) {
        return n == 31 ? sp : x[n];
    }

    public void setX(int n, long value) {
        if (n != 31) {
            x[n] = value;
        }
    }

    /** Writes W[n] (zero-extending to 64 bits), 31 = WZR. */
    public void setW(int n, long value) {
        if (n != 31) {
            x[n] = value & 0xFFFF_FFFFL;
        }
    }

    /** X[n] = value with 31 as SP. */
    public void setXsp(int n, long value) {
        if (n == 31) {
            sp = value;
        } else {
            x[n] = value;
        }
    }

    /** SP_ELn as MRS/MSR SP_EL0, SP_EL1, SP_EL2 see it. */
    public long spEl(int n) {
        return n == spIndex() ? sp : spBank[n];
    }

    public void setSpEl(int n, long value) {
        if (n == spIndex()) {
            sp = value;
        } else {
            spBank[n] = value;
        }
    }

    private int spIndex() {
        return spSel ? el : 0;
    }

    /** Changes PSTATE.EL and PSTATE.SP, banking the stack pointer. */
    public void setElAndSpSel(int newEl, boolean newSpSel) {
        spBank[spIndex()] = sp;
        el = newEl;
        spSel = newSpSel;
        sp = spBank[spIndex()];
        stateChanged();
    }

    /** NZCV as in bits 31..28 of SPSR/NZCV. */
    public long nzcv() {
        return (n ? 1L << 31 : 0) | (z ? 1L << 30 : 0) | (c ? 1L << 29 : 0) | (v ? 1L << 28 : 0);
    }

    public void setNzcv(long bits) {
        n = (bits & (1L << 31)) != 0;
        z = (bits & (1L << 30)) != 0;
        c = (bits & (1L << 29)) != 0;
        v = (bits & (1L << 28)) != 0;
    }

    /** PSTATE packed as SPSR_ELx saves it (AArch64 format). */
    public long pstate() {
        return nzcv() | (ss ? 1L << 21 : 0) | (il ? 1L << 20 : 0) | daif | ((long) el << 2) | (spSel ? 1 : 0);
    }

    /** ConditionHolds (ARM ARM J1.1.3 shared/functions/system). */
    public boolean conditionHolds(int cond) {
        boolean result = switch (cond >>> 1) {
            case 0 -> z;
            case 1 -> c;
            case 2 -> n;
            case 3 -> v;
            case 4 -> c && !z;
            case 5 -> n == v;
            case 6 -> n == v && !z;
            default -> true;
        };
        return (cond & 1) != 0 && cond != 0xF ? !result : result;
    }

    // ---- Control flow --------------------------------------------------------------------------------

    /** Ends the block: execution continues at {@code target}. */
    public void branchTo(long target) {
        pc = target;
        jumped = true;
    }

    /** Runs until {@code budget} instructions retired, WFI/WFE, an exception to modelled EL2, or a request. */
    public ExitReason run(long budget) {
        exit = null;
        // A branch made between runs (ERET by modelled EL2 software) has already set the PC.
        jumped = false;
        if (waiting != null) {
            if (debugging && debugger.whileWaiting(pc) != null) {
                return ExitReason.DEBUG;
            }
            if (!wakeCondition()) {
                return waiting;
            }
            waiting = null;
        }
        long limit = instret + budget;
        runLimit = limit;
        Block previous = null;
        while (exit == null) {
            if (debugging && debugger.atBoundary(pc) != null) {
                return ExitReason.DEBUG;
            }
            if (attention && !(debugging && debugger.masksInterrupts()) && serviceAttention()) {
                continue;
            }
            if (instret >= limit) {
                return ExitReason.BUDGET;
            }
            try {
                Block b = previous != null ? previous.linked(pc, fetchEpoch, codeCache.epoch) : null;
                if (b == null) {
                    b = fetchBlock();
                    if (previous != null) {
                        previous.link(pc, fetchEpoch, codeCache.epoch, b);
                    }
                }
                if (tracer != null) {
                    tracer.block(this, b);
                }
                previous = b;
                visor.cpu.jit.Jit jit = codeCache.jit;
                if (debugging) {
                    runDebugged(b);
                } else if (jit != null && jitAllowed && tracer == null) {
                    // A core under a debugger or a tracer runs interpreted, so every hook sees every instruction.
                    executeTiered(b, jit);
                } else {
                    executeBlock(b, b.length);
                }
            } catch (Trap t) {
                // The exception was taken; PC is at its vector.
                previous = null;
                if (debugging) {
                    debugger.executed();
                }
            }
        }
        ExitReason r = exit;
        exit = null;
        return r;
    }

    /** A block under a debugger: whole, or only its first instruction when the debugger must see each one. */
    private void runDebugged(Block b) {
        if (debugger.singleInstructions(pc, b.length)) {
            executeBlock(b, 1);
        } else {
            executeBlock(b, b.length);
        }
        debugger.executed();
    }

    /** A block with the JIT on: its translation if it has one, else interpreted and counted towards one. */
    private void executeTiered(Block b, visor.cpu.jit.Jit jit) {
        CompiledBlock compiled = b.compiled;
        if (compiled == null && ++b.hits == jit.threshold && codeCache.compilable(b.pa)) {
            jit.hot(b, codeCache::decoded);
            compiled = b.compiled;
        }
        if (compiled != null) {
            executeCompiled(compiled);
        } else {
            executeBlock(b, b.length);
        }
    }

    /** Executes the first {@code count} instructions of {@code b}, which starts at the PC. */
    private void executeBlock(Block b, int count) {
        Insn[] ops = b.ops;
        int[] words = b.words;
        int last = count - 1;
        long base = pc;
        int i = 0;
        try {
            // Only a block's last instruction can branch (CodeCache ends blocks at every branch), so the
            // others need no check.
            for (; i < last; i++) {
                pc = base + ((long) i << 2);
                ops[i].execute(this, words[i]);
            }
            pc = base + ((long) last << 2);
            ops[last].execute(this, words[last]);
            if (jumped) {
                jumped = false;
            } else {
                pc += 4;
            }
            instret += last + 1;
        } catch (Trap t) {
            // The trapping instruction itself is counted by the exception entry (countException).
            jumped = false;
            instret += i;
            if (i > 0) {
                progressBeforeEntry();
            }
        } catch (RuntimeException e) {
            internalError(b.words[i], i, e);
        }
    }

    /** Runs a block's translation: the same state changes as the interpreter loop above. */
    private void executeCompiled(CompiledBlock compiled) {
        chainLimit = runLimit;
        long before = instret;
        try {
            int done = compiled.run(this, pc);
            if (done >= 0) {
                instret += done;
            } else {
                // Instruction ~done of the block it was in took an exception, counted by the exception entry
                // (countException) though it did not run; the blocks before it in the unit were counted by
                // loopBack, before that entry.
                before++;
                int retired = ~done;
                jumped = false;
                instret += retired;
                if (retired > 0) {
                    progressBeforeEntry();
                }
            }
        } catch (RuntimeException e) {
            internalError(compiled.word(compiledIndex), compiled.indexInBlock(compiledIndex), e);
        }
        instretCompiled += instret - before;
    }

    /** After a compiled block's last instruction ran as a handler call: the PC goes on unless it branched. */
    public void stepUnlessJumped() {
        if (jumped) {
            jumped = false;
        } else {
            pc += 4;
        }
    }

    /**
     * A compiled unit going on from one of its blocks to another asks whether it may, as the run loop
     * would run the next block at once: no exit request, and the instruction count below {@link #chainLimit}
     * (budget; interrupt, translation and code changes). If so the {@code length} instructions of the block
     * just left are counted here. Small enough (under 35 bytes of bytecode) for HotSpot to inline it at
     * every call site, however cold.
     */
    public boolean loopBack(int length) {
        long next = instret + length;
        if (exit != null || next >= chainLimit) {
            return false;
        }
        instret = next;
        return true;
    }

    /** Something the run loop must act on before the next block happened: compiled units stop chaining. */
    void stopChaining() {
        chainLimit = Long.MIN_VALUE;
    }

    /** A Java exception from instruction {@code word}, the {@code i}-th of its block: a bug, taken as UNDEFINED. */
    private void internalError(int word, int i, RuntimeException e) {
        jumped = false;
        instret += i;
        internalErrors++;
        if (internalErrors <= 16) {
            log.error(String.format("core %d: internal error executing %08x at 0x%x; treated as UNDEFINED",
                    coreId, word, pc), e);
        }
        try {
            undefined();
        } catch (Trap t) {
            // taken
        }
    }

    /**
     * Attaches {@code d}: from now on {@link #run} honours its breakpoints, watchpoints, steps and halt
     * requests and returns {@link ExitReason#DEBUG} when it stops. Call while the core is not running.
     */
    public void attachDebugger(visor.cpu.debug.Debugger d) {
        debugger = d;
        debugging = true;
        flushMicroTlb();
    }

    /** Detaches the debugger: the core runs at full speed again. Call while the core is not running. */
    public void detachDebugger() {
        debugging = false;
        debugger = null;
        flushMicroTlb();
    }

    /** The attached debugger, or null. */
    public visor.cpu.debug.Debugger debugger() {
        return debugger;
    }

    /** Asks {@link #run} to return {@link ExitReason#REQUESTED} after the current instruction. */
    public void requestExit() {
        if (exit == null) {
            exit = ExitReason.REQUESTED;
        }
    }

    // ---- Instruction fetch ------------------------------------------------------------------------------

    private Block fetchBlock() {
        long va = pc;
        if (va == prefetchedVa) {
            prefetchedVa = -1;
            byte[] page = memory.ramPage(prefetchedPa);
            if (page != null) {
                return codeCache.block(prefetchedPa, page);
            }
        }
        if ((va & 3) != 0) {
            far[syncTargetEl()] = va;
            exception(syncTargetEl(), ExceptionClass.PC_ALIGNMENT, 0, va);
        }
        int i = (int) (va >>> 12) & UTLB_MASK;
        long tag = (va & ~0xFFFL) | elTag;
        if (xTag[i] != tag) {
            fetchMiss(va, i, tag);
        }
        return codeCache.block(xPa[i] | (va & 0xFFF), xPage[i]);
    }

    private void fetchMiss(long va, int i, long tag) {
        long pa = mmu.translate(va, Mmu.FETCH, el, false);
        if (pa == Mmu.FAULT) {
            instructionAbort(va, mmu.fault);
        }
        byte[] page = memory.ramPage(pa);
        if (page == null) {
            instructionAbort(va, mmu.fault.set(Fault.Kind.EXTERNAL, 0, false, false, 0));
        }
        xTag[i] = tag;
        xPa[i] = pa & ~0xFFFL;
        xPage[i] = page;
    }

    // ---- Data access ----------------------------------------------------------------------------------

    /** Reads {@code size} (1, 2, 4, 8) bytes at virtual address {@code va}, zero-extended. */
    public long read(long va, int size) {
        int off = (int) va & 0xFFF;
        int i = (int) (va >>> 12) & UTLB_MASK;
        if (rTag[i] == ((va & ~0xFFFL) | elTag) && off + size <= 0x1000 && (off & (size - 1) & rAlign[i]) == 0) {
            byte[] p = rPage[i];
            return switch (size) {
                case 1 -> p[off] & 0xFFL;
                case 2 -> (short) PhysicalMemory.I16.get(p, off) & 0xFFFFL;
                case 4 -> (int) PhysicalMemory.I32.get(p, off) & 0xFFFF_FFFFL;
                default -> (long) PhysicalMemory.I64.get(p, off);
            };
        }
        return readSlow(va, size, false);
    }

    /** Writes the low {@code size} (1, 2, 4, 8) bytes of {@code value} at virtual address {@code va}. */
    public void write(long va, int size, long value) {
        int off = (int) va & 0xFFF;
        int i = (int) (va >>> 12) & UTLB_MASK;
        if (wTag[i] == ((va & ~0xFFFL) | elTag) && off + size <= 0x1000 && (off & (size - 1) & wAlign[i]) == 0) {
            byte[] p = wPage[i];
            switch (size) {
                case 1 -> p[off] = (byte) value;
                case 2 -> PhysicalMemory.I16.set(p, off, (short) value);
                case 4 -> PhysicalMemory.I32.set(p, off, (int) value);
                default -> PhysicalMemory.I64.set(p, off, value);
            }
            int ppn = wPpn[i];
            if (memory.codeLines[ppn] != 0) {
                memory.checkCodeWrite(((long) ppn << 12) | off, size);
            }
            return;
        }
        writeSlow(va, size, value, false);
    }

    /** LDTR-family read: EL0 permissions when executed at EL1 (ARM ARM C6.2 LDTR). */
    public long readUnprivileged(long va, int size) {
        return el == 1 ? readSlow(va, size, true) : read(va, size);
    }

    public void writeUnprivileged(long va, int size, long value) {
        if (el == 1) {
            writeSlow(va, size, value, true);
        } else {
            write(va, size, value);
        }
    }

    private long readSlow(long va, int size, boolean unprivileged) {
        if (((va & 0xFFF) + size) > 0x1000) {
            long value = 0;
            for (int b = 0; b < size; b++) {
                value |= readSlow(va + b, 1, unprivileged) << (8 * b);
            }
            return value;
        }
        long pa = translateData(va, size, false, unprivileged);
        if (debugging) {
            debugger.checkAccess(va, size, false);
        }
        if (!unprivileged && memory.isRam(pa) && !(debugging && !debugger.pageUnwatched(va))) {
            int i = (int) (va >>> 12) & UTLB_MASK;
            rTag[i] = (va & ~0xFFFL) | elTag;
            rPage[i] = memory.ramPage(pa);
            rAlign[i] = mmu.lastDevice ? -1 : 0;
        }
        return memory.read(pa, size);
    }

    private void writeSlow(long va, int size, long value, boolean unprivileged) {
        if (((va & 0xFFF) + size) > 0x1000) {
            for (int b = 0; b < size; b++) {
                writeSlow(va + b, 1, value >>> (8 * b), unprivileged);
            }
            return;
        }
        long pa = translateData(va, size, true, unprivileged);
        if (debugging) {
            debugger.checkAccess(va, size, true);
        }
        if (!unprivileged && memory.isRam(pa) && !(debugging && !debugger.pageUnwatched(va))) {
            int i = (int) (va >>> 12) & UTLB_MASK;
            wTag[i] = (va & ~0xFFFL) | elTag;
            wPage[i] = memory.ramPage(pa);
            wPpn[i] = (int) (pa >>> 12);
            wAlign[i] = mmu.lastDevice ? -1 : 0;
        }
        memory.write(pa, size, value);
    }

    /** Translates a data access, taking the Data Abort (and not returning) if it faults. */
    public long translateData(long va, int size, boolean write, boolean unprivileged) {
        long pa = mmu.translate(va, write ? Mmu.WRITE : Mmu.READ, unprivileged ? 0 : el, false);
        if (pa == Mmu.FAULT) {
            dataAbort(va, write, mmu.fault);
        }
        if (mmu.lastDevice && (va & (size - 1)) != 0 && alignment != AlignmentPolicy.LENIENT) {
            if (alignment == AlignmentPolicy.STRICT) {
                dataAbort(va, write, mmu.fault.set(Fault.Kind.ALIGNMENT, 0, false, false, 0));
            }
            warnAlignment(va, size, write ? "store to" : "load from", stageOneOff() ? "Device memory: MMU off" : "Device memory");
        }
        return pa;
    }

    /** Forgets every micro-TLB entry: after TLBI or a write to a translation control register. */
    public void flushMicroTlb() {
        java.util.Arrays.fill(rTag, 0);
        java.util.Arrays.fill(wTag, 0);
        java.util.Arrays.fill(xTag, 0);
        fetchEpoch = EPOCHS.incrementAndGet();
        chainLimit = Long.MIN_VALUE;
    }

    // ---- Exceptions -----------------------------------------------------------------------------------

    /** The EL a synchronous exception from the current EL goes to when nothing routes it to EL2 or EL3. */
    public int syncTargetEl() {
        if (el == 3) {
            return 3;
        }
        if (el == 2 || (el == 0 && (mmu.hcrEl2 & HCR_TGE) != 0)) {
            return 2;
        }
        return 1;
    }

    /**
     * Takes a synchronous exception with syndrome {@code ec}/{@code iss} to {@code targetEl}, returning to
     * {@code preferredReturn}, and unwinds the current instruction. Never returns normally.
     */
    public void exception(int targetEl, int ec, int iss, long preferredReturn) {
        esr[targetEl] = ((long) ec << 26) | (1L << 25) | (iss & 0x1FF_FFFFL);
        enter(targetEl, VECTOR_SYNC, preferredReturn);
        throw Trap.INSTANCE;
    }

    /** UNDEFINED: EC 0 to the usual target, for the current instruction. */
    public void undefined() {
        exception(syncTargetEl(), ExceptionClass.UNKNOWN, 0, pc);
    }

    // ---- EL3 and Security state ----------------------------------------------------------------------

    /** SCR_EL3 as software reads it (RES1 bits set). */
    public long scrEl3() {
        return scrEl3 | SCR_RES1;
    }

    /** Writes SCR_EL3: a change of NS enables or disables EL2's controls over EL1/EL0. */
    public void setScrEl3(long value) {
        long hcr = hcrEl2();
        scrEl3 = value & ~SCR_RES1;
        mmu.secure = !el2Enabled();
        setHcrEl2(hcr);
        flushMicroTlb();
        stateChanged();
        updateFpAccess();
    }

    /** EL2Enabled(): EL2 controls apply, i.e. the core has no EL3 or is in Non-secure state. */
    public boolean el2Enabled() {
        return !hasEl3 || (scrEl3 & SCR_NS) != 0;
    }

    /** HCR_EL2 as EL2/EL3 software reads it. */
    public long hcrEl2() {
        return el2Enabled() ? mmu.hcrEl2 : hcrEl2WhileSecure;
    }

    /** Writes HCR_EL2; in Secure state it is kept aside until SCR_EL3.NS is set again. */
    public void setHcrEl2(long value) {
        if (el2Enabled()) {
            mmu.hcrEl2 = value;
        } else {
            hcrEl2WhileSecure = value;
            mmu.hcrEl2 = 0;
        }
    }

    /** SCTLR_ELx of the current translation regime (EL0 uses SCTLR_EL1). */
    private long sctlrCurrent() {
        return el == 3 ? mmu.sctlrEl3 : el == 2 ? mmu.sctlrEl2 : mmu.sctlrEl1;
    }

    /** A trap of the current instruction to EL2 (HCR_EL2/CPTR_EL2 controls). */
    public void trapToEl2(int ec, int iss) {
        exception(2, ec, iss, pc);
    }

    public void dataAbort(long va, boolean write, Fault f) {
        if (tracer != null) {
            tracer.fault(this, va, f, false, write);
        }
        int target = f.stage2 ? 2 : syncTargetEl();
        // WnR reports the access; on a stage-1 walk (S1PTW) the faulting access was the walk's read.
        int iss = f.statusCode() | (write && !f.s1ptw ? 1 << 6 : 0) | (f.s1ptw ? 1 << 7 : 0);
        if (f.stage2 && !f.s1ptw && f.kind != Fault.Kind.EXTERNAL) {
            // ISV and the access description are valid only for stage-2 aborts (D13.2.39 ISV).
            iss |= lsSyndrome;
        }
        far[target] = va;
        if (target == 2 && f.stage2) {
            hpfarEl2 = (f.ipa >>> 12) << 4;
        }
        int ec = target == el ? ExceptionClass.DATA_ABORT_SAME : ExceptionClass.DATA_ABORT_LOWER;
        exception(target, ec, iss, pc);
    }

    public void instructionAbort(long va, Fault f) {
        if (tracer != null) {
            tracer.fault(this, va, f, true, false);
        }
        int target = f.stage2 ? 2 : syncTargetEl();
        int iss = f.statusCode() | (f.s1ptw ? 1 << 7 : 0);
        far[target] = va;
        if (target == 2 && f.stage2) {
            hpfarEl2 = (f.ipa >>> 12) << 4;
        }
        int ec = target == el ? ExceptionClass.INSN_ABORT_SAME : ExceptionClass.INSN_ABORT_LOWER;
        exception(target, ec, iss, pc);
    }

    /** SP alignment fault if SCTLR_ELx.SA (SA0 at EL0) is set and {@code address} is not 16-byte aligned. */
    public void checkSpAlignment(long address) {
        if ((address & 15) != 0) {
            long sctlr = sctlrCurrent();
            long bit = el == 0 ? 1L << 4 : 1L << 3;
            if ((sctlr & bit) != 0 && alignment != AlignmentPolicy.LENIENT) {
                if (alignment == AlignmentPolicy.STRICT) {
                    exception(syncTargetEl(), ExceptionClass.SP_ALIGNMENT, 0, pc);
                }
                warnAlignment(address, 0, null, String.format("SCTLR_EL%d.%s=1", Math.max(el, 1), el == 0 ? "SA0" : "SA"));
            }
        }
    }

    private boolean stageOneOff() {
        return (sctlrCurrent() & 1) == 0;
    }

    /**
     * Under {@link AlignmentPolicy#WARN}, one warning per PC (an open-addressed set of PCs, so the check
     * allocates nothing once a PC has warned; unaligned Device accesses always take the slow path).
     * {@code size} 0 means the SP check.
     */
    private void warnAlignment(long address, int size, String access, String rule) {
        if (alignment != AlignmentPolicy.WARN) {
            return;
        }
        int slot = (int) (pc >>> 2) & (WARNED_PCS - 1);
        for (int probe = 0; probe < WARNED_PCS; probe++, slot = (slot + 1) & (WARNED_PCS - 1)) {
            if (warnedPcs[slot] == pc + 1) {
                return;
            }
            if (warnedPcs[slot] == 0) {
                warnedPcs[slot] = pc + 1;
                String what = size == 0
                        ? String.format("SP 0x%x not 16-byte aligned with %s", address, rule)
                        : String.format("unaligned %d-byte %s %s at 0x%x", size, access, rule, address);
                alignmentWarnings.accept(String.format(
                        "PC 0x%x: %s; a real Cortex-A53 takes an alignment fault here (alignment = \"strict\")", pc, what));
                return;
            }
        }
    }

    private void logAlignmentWarning(String warning) {
        log.warn("core {}: {}", coreId, warning);
    }

    /**
     * Called by an MSR to SCTLR_ELx of the current regime that changes its M bit, before the write: the
     * instructions after it up to the next branch were fetched already, as a Cortex-A53's prefetch has
     * them, and run from the old translation. Without a context synchronization event (ISB) the ARM ARM
     * lets either translation apply to them (D5.x, "Synchronization requirements for system registers");
     * bare-metal tutorials that enable the MMU with {@code msr sctlr_el1, x0; br x2} and no identity map
     * depend on the old one. The branch target is fetched with the new translation.
     */
    public void keepPrefetchedStream() {
        long next = pc + 4;
        int i = (int) (pc >>> 12) & UTLB_MASK;
        if ((next & 0xFFF) != 0 && xTag[i] == ((pc & ~0xFFFL) | elTag)) {
            prefetchedVa = next;
            prefetchedPa = xPa[i] | (next & 0xFFF);
        }
    }

    /** Exception entry (ARM ARM D1.10.2 AArch64.TakeException) without the syndrome. */
    private void enter(int targetEl, int vectorType, long preferredReturn) {
        int fromEl = el;
        prefetchedVa = -1;
        long offset;
        if (targetEl > el) {
            offset = 0x400;
        } else {
            offset = spSel ? 0x200 : 0x000;
        }
        spsr[targetEl] = pstate();
        elr[targetEl] = preferredReturn;
        setElAndSpSel(targetEl, true);
        daif = 0xF << 6;
        ss = false;
        il = false;
        exclusiveAddress = -1;
        pc = vbar[targetEl] + offset + vectorType;
        updateFpAccess();
        countException();
        if (targetEl == 2 && el2Modelled) {
            exit = ExitReason.EL2;
        }
        if (tracer != null) {
            tracer.exception(this, fromEl, vectorType);
        }
    }

    /**
     * Every exception taken is progress for the budget and the clock, so a core looping through
     * vectors it cannot fetch still ends its slice and lets time pass. The streak is judged one entry
     * late: instructions retired before a trap in the same block are added after its entry.
     */
    private void countException() {
        if (instret != instretAtLastEntry) {
            exceptionStreak = 0;
            recordStreakCause();
        }
        instret++;
        instretAtLastEntry = instret;
        if (++exceptionStreak == EXCEPTION_LOOP_ENTRIES && exit == null) {
            exit = ExitReason.EXCEPTION_LOOP;
        }
    }

    /**
     * The exception just taken ended a block after some of its instructions retired (they are counted
     * after the entry): it follows progress, so it starts a new streak and is what a loop would begin with.
     */
    private void progressBeforeEntry() {
        exceptionStreak = 1;
        instretAtLastEntry = instret;
        recordStreakCause();
    }

    private void recordStreakCause() {
        streakCauseEl = el;
        streakCauseEsr = esr[el];
        streakCauseElr = elr[el];
        streakCauseFar = far[el];
    }

    /** True while the core has taken {@link #EXCEPTION_LOOP_ENTRIES} or more exceptions without retiring. */
    public boolean inExceptionLoop() {
        return exceptionStreak >= EXCEPTION_LOOP_ENTRIES;
    }

    /**
     * ERET (ARM ARM D1.11 AArch64.ExceptionReturn), with illegal returns setting PSTATE.IL: among them a
     * return to EL2 in Secure state (no Secure EL2) and, from EL3, to a lower EL that SCR_EL3.RW = 0
     * makes AArch32 (not implemented).
     */
    public void exceptionReturn() {
        exceptionStreak = 0;
        prefetchedVa = -1;
        long s = spsr[el];
        long target = elr[el];
        int m = (int) s & 0x1F;
        int targetEl = (m >>> 2) & 3;
        boolean illegal = (m & 0x10) != 0 || (m & 0x2) != 0 || targetEl > el
                || (targetEl == 1 && (mmu.hcrEl2 & HCR_TGE) != 0)
                || (targetEl == 0 && (m & 1) != 0)
                || (targetEl == 2 && !el2Enabled())
                || (el == 3 && targetEl < 3 && (scrEl3 & SCR_RW) == 0);
        setNzcv(s);
        daif = (int) s & (0xF << 6);
        ss = (s & (1L << 21)) != 0;
        if (illegal) {
            il = true;
        } else {
            il = (s & (1L << 20)) != 0;
            setElAndSpSel(targetEl, (m & 1) != 0);
        }
        exclusiveAddress = -1;
        updateFpAccess();
        stateChanged();
        branchTo(target);
    }

    // ---- Interrupts -----------------------------------------------------------------------------------

    public void setIrqLine(boolean level) {
        irqLine = level;
        stateChanged();
    }

    public void setFiqLine(boolean level) {
        fiqLine = level;
        stateChanged();
    }

    public void setSErrorLine(boolean level) {
        serrorLine = level;
        stateChanged();
    }

    public boolean irqLine() {
        return irqLine;
    }

    public boolean fiqLine() {
        return fiqLine;
    }

    /**
     * Recomputes cached derived state: call after writing PSTATE, HCR_EL2 or the interrupt inputs.
     */
    public void stateChanged() {
        elTag = el + 1;
        fetchEpoch = EPOCHS.incrementAndGet();
        chainLimit = Long.MIN_VALUE;
        attention = il || irqLine || fiqLine || serrorLine
                || (mmu.hcrEl2 & (HCR_VI | HCR_VF | HCR_VSE)) != 0;
    }

    /** Takes a pending interrupt or illegal-state exception; true if the PC changed. */
    private boolean serviceAttention() {
        if (il) {
            esr[syncTargetEl()] = ((long) ExceptionClass.ILLEGAL_STATE << 26) | (1L << 25);
            enter(syncTargetEl(), VECTOR_SYNC, pc);
            return true;
        }
        long hcr = mmu.hcrEl2;
        boolean tge = (hcr & HCR_TGE) != 0;
        if (fiqLine) {
            int target = physicalTarget(SCR_FIQ, tge || (hcr & HCR_FMO) != 0);
            if (physicalTaken(target, 1 << 6)) {
                return interrupt(target, VECTOR_FIQ);
            }
        }
        if (irqLine) {
            int target = physicalTarget(SCR_IRQ, tge || (hcr & HCR_IMO) != 0);
            if (physicalTaken(target, 1 << 7)) {
                return interrupt(target, VECTOR_IRQ);
            }
        }
        if (serrorLine) {
            int target = physicalTarget(SCR_EA, tge || (hcr & HCR_AMO) != 0);
            if (physicalTaken(target, 1 << 8)) {
                esr[target] = ((long) ExceptionClass.SERROR << 26) | (1L << 25);
                return interrupt(target, VECTOR_SERROR);
            }
        }
        if (el < 2 && !tge) {
            if ((hcr & (HCR_VF | HCR_FMO)) == (HCR_VF | HCR_FMO) && (daif & (1 << 6)) == 0) {
                return interrupt(1, VECTOR_FIQ);
            }
            if ((hcr & (HCR_VI | HCR_IMO)) == (HCR_VI | HCR_IMO) && (daif & (1 << 7)) == 0) {
                return interrupt(1, VECTOR_IRQ);
            }
            if ((hcr & (HCR_VSE | HCR_AMO)) == (HCR_VSE | HCR_AMO) && (daif & (1 << 8)) == 0) {
                // Taking a virtual SError clears HCR_EL2.VSE (ARM ARM D1.14.4).
                mmu.hcrEl2 = hcr & ~HCR_VSE;
                esr[1] = ((long) ExceptionClass.SERROR << 26) | (1L << 25);
                return interrupt(1, VECTOR_SERROR);
            }
        }
        return false;
    }

    /**
     * Whether a physical interrupt for {@code target} is taken now (D1.14.1): never at a higher EL than
     * its target, masked by PSTATE at its target EL (and at EL0 for EL1), unmasked below that.
     */
    private boolean physicalTaken(int target, int maskBit) {
        if (el > target) {
            return false;
        }
        if (el == target || (el == 0 && target == 1)) {
            return (daif & maskBit) == 0;
        }
        return true;
    }

    /** The target EL of a physical interrupt: EL3 if SCR_EL3 routes it there, else EL2 if {@code toEl2}, else EL1. */
    private int physicalTarget(long scrBit, boolean toEl2) {
        if (hasEl3 && (scrEl3 & scrBit) != 0) {
            return 3;
        }
        return toEl2 ? 2 : 1;
    }

    private boolean interrupt(int targetEl, int vector) {
        enter(targetEl, vector, pc);
        stateChanged();
        return true;
    }

    /** True if an interrupt is pending that wakes WFI (masking ignored, ARM ARM D1.16.2). */
    public boolean interruptPending() {
        long hcr = mmu.hcrEl2;
        boolean virtual = el < 2 && (hcr & HCR_TGE) == 0
                && ((hcr & (HCR_VI | HCR_IMO)) == (HCR_VI | HCR_IMO)
                || (hcr & (HCR_VF | HCR_FMO)) == (HCR_VF | HCR_FMO)
                || (hcr & (HCR_VSE | HCR_AMO)) == (HCR_VSE | HCR_AMO));
        return irqLine || fiqLine || serrorLine || virtual;
    }

    private boolean wakeCondition() {
        return interruptPending() || (waiting == ExitReason.WFE && eventRegister);
    }

    /** The core is in WFI/WFE (null when running). */
    public ExitReason waitingFor() {
        return waiting;
    }

    /** WFI once its traps are checked: sleep unless an interrupt is pending. */
    public void waitForInterrupt() {
        if (!interruptPending()) {
            waiting = ExitReason.WFI;
            exit = ExitReason.WFI;
        }
    }

    /** WFE once its traps are checked: consume the event register or sleep. */
    public void waitForEvent() {
        if (eventRegister) {
            eventRegister = false;
        } else if (!interruptPending()) {
            waiting = ExitReason.WFE;
            exit = ExitReason.WFE;
        }
    }

    /** Sets the event register (SEV from any core, exclusive monitor clear, timer event stream). */
    public void signalEvent() {
        eventRegister = true;
    }

    /** Wakes a core in WFE without an event (the machine's spurious wake-up, allowed by D1.16.1). */
    public void wake() {
        waiting = null;
    }

    // ---- SIMD&FP access -------------------------------------------------------------------------------

    /**
     * Recomputes which ELs may use SIMD&FP: call after writing CPACR_EL1, CPTR_EL2, CPTR_EL3, HCR_EL2.TGE
     * or SCR_EL3.NS (CPTR_EL2 has no effect in Secure state).
     */
    public void updateFpAccess() {
        int fpen = (int) (cpacrEl1 >>> 20) & 3;
        boolean tfp = el2Enabled() && (cptrEl2 & CPTR_TFP) != 0;
        int mask = 0;
        if (!tfp) {
            mask |= 1 << 2;
            if (fpen == 3 || (mmu.hcrEl2 & HCR_TGE) != 0) {
                mask |= 3;
            } else if (fpen == 1) {
                mask |= 2;
            }
        }
        if (hasEl3) {
            mask = (cptrEl3 & CPTR_TFP) != 0 ? 0 : mask | 1 << 3;
        }
        fpEnabledEls = mask;
    }

    /** Call first in every SIMD&FP instruction: traps if CPACR_EL1.FPEN or CPTR_EL2.TFP disable it. */
    public void checkFpAccess() {
        if ((fpEnabledEls & (1 << el)) == 0) {
            fpAccessTrap();
        }
    }

    private void fpAccessTrap() {
        // ISS for an AArch64 trapped SIMD&FP access: CV=1, COND=0b1110 (ARM ARM D13.2.37, EC 0x07).
        int iss = (1 << 24) | (0xE << 20);
        int fpen = (int) (cpacrEl1 >>> 20) & 3;
        boolean cpacrTraps = el < 2 && (mmu.hcrEl2 & HCR_TGE) == 0
                && (fpen == 0 || fpen == 2 || (fpen == 1 && el == 0));
        if (cpacrTraps) {
            exception(1, ExceptionClass.FP_ACCESS, iss, pc);
        }
        if (el < 3 && el2Enabled() && (cptrEl2 & CPTR_TFP) != 0) {
            exception(2, ExceptionClass.FP_ACCESS, iss, pc);
        }
        // CPTR_EL3.TFP, checked last (AArch64.CheckFPAdvSIMDTrap).
        exception(hasEl3 ? 3 : 2, ExceptionClass.FP_ACCESS, iss, pc);
    }

    @Override
    public String toString() {
        return RegisterDump.format(this);
    }
}
