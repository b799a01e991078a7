package visor.cpu.jit;

import static org.objectweb.asm.Opcodes.*;

import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

/**
 * The guest registers of one translated unit as JVM locals: X0-X30 and SP, each loaded from {@code Cpu}
 * on first use (for a unit with internal edges, all of them at its entry) and marked dirty when written,
 * so a unit touches {@code Cpu.x} once per register, at its edges. Before an instruction that can take a
 * guest exception the dirty set is recorded, and the method's exception handler writes back exactly the
 * registers dirty at the faulting instruction: the guest state at a fault is the interpreter's. SP is
 * written back before any call that may raise one, since exception entry banks it.
 */
final class RegisterLocals {
    static final int CPU_LOCAL = 1;
    static final int BASE_LOCAL = 2;
    /** The index of the last instruction that could take an exception. */
    static final int INDEX_LOCAL = 4;
    private static final int FIRST_REGISTER_LOCAL = 5;
    static final int SP = 31;
    /** A scratch long (addresses, branch targets). */
    static final int TEMP_LOCAL = FIRST_REGISTER_LOCAL + 2 * 32;
    private static final int EXCEPTION_LOCAL = TEMP_LOCAL + 2;
    /** What the exception handler returns: ~(index in its block of the instruction that raised it). */
    private static final int RESULT_LOCAL = EXCEPTION_LOCAL + 1;
    /** A memory access: its virtual address (long), micro-TLB index and page offset (ints). */
    static final int ADDRESS_LOCAL = RESULT_LOCAL + 1;
    static final int TLB_INDEX_LOCAL = ADDRESS_LOCAL + 2;
    static final int PAGE_OFFSET_LOCAL = TLB_INDEX_LOCAL + 1;
    /** Scratch longs for the operands and result of a flag-setting instruction. */
    static final int OPERAND1_LOCAL = PAGE_OFFSET_LOCAL + 1;
    static final int OPERAND2_LOCAL = OPERAND1_LOCAL + 2;
    static final int SUM_LOCAL = OPERAND2_LOCAL + 2;
    /**
     * PSTATE.{N,Z,C,V} as ints 0/1: a pseudo-register (index {@link #FLAGS}) loaded, dirty and written back
     * as a whole, so a loop whose SUBS only feeds its B.NE stores no flag until it leaves.
     */
    static final int FLAGS = 32;
    private static final int FIRST_FLAG_LOCAL = SUM_LOCAL + 2;
    private static final String[] FLAG_FIELDS = {"n", "z", "c", "v"};

    private final MethodVisitor mv;
    private final boolean[] loaded = new boolean[33];
    private final boolean[] dirty = new boolean[33];
    /** Per instruction of the unit (by its index in the unit), the registers dirty when it may trap (bit r). */
    private final long[] dirtyAtTrap;
    /** Per instruction of the unit, whether it may trap. */
    private final boolean[] trapping;

    /** Registers read or written (bit r), and written, by the code emitted so far. */
    long used, written;
    /** For a block that loops: the registers its body uses and writes, kept in locals across iterations. */
    private long loopUsed, loopWritten;

    RegisterLocals(MethodVisitor mv, int instructions) {
        this.mv = mv;
        this.dirtyAtTrap = new long[instructions];
        this.trapping = new boolean[instructions];
    }

    MethodVisitor visitor() {
        return mv;
    }

    /** What the translator knows about the locals at one point of the code, to emit another path from it. */
    record State(boolean[] loaded, boolean[] dirty) { }

    State save() {
        return new State(loaded.clone(), dirty.clone());
    }

    void restore(State s) {
        System.arraycopy(s.loaded, 0, loaded, 0, loaded.length);
        System.arraycopy(s.dirty, 0, dirty, 0, dirty.length);
    }

    /**
     * The start of a unit with internal edges (a loop): every register the unit uses is loaded here and
     * the ones it writes count as dirty from here on (writing back a value not yet changed is harmless).
     * That is the state at the head of each of its blocks, which {@link #backEdge} re-establishes before
     * a jump to one and {@link #atBlockHead} assumes.
     */
    void enterLoop(long bodyUsed, long bodyWritten) {
        loopUsed = bodyUsed;
        loopWritten = bodyWritten;
        backEdge();
    }

    /** The state at the head of a block of a unit with internal edges (see {@link #enterLoop}). */
    void atBlockHead() {
        for (int r = 0; r <= FLAGS; r++) {
            loaded[r] = (loopUsed & (1L << r)) != 0;
            dirty[r] = (loopWritten & (1L << r)) != 0;
        }
    }

    void backEdge() {
        for (int r = 0; r <= FLAGS; r++) {
            if ((loopUsed & (1L << r)) != 0) {
                ensureLoaded(r);
            }
            if ((loopWritten & (1L << r)) != 0) {
                dirty[r] = true;
            }
        }
    }

    private static int slot(int r) {
        return FIRST_REGISTER_LOCAL + 2 * r;
    }

    /** Gives every local a value before the protected range, so the handler may read any of them. */
    void initialize() {
        mv.visitInsn(ICONST_0);
        mv.visitVarInsn(ISTORE, INDEX_LOCAL);
        for (int r = 0; r <= 32; r++) {
            mv.visitInsn(LCONST_0);
            mv.visitVarInsn(LSTORE, FIRST_REGISTER_LOCAL + 2 * r);
        }
        mv.visitInsn(ACONST_NULL);
        mv.visitVarInsn(ASTORE, EXCEPTION_LOCAL);
        mv.visitInsn(ICONST_M1);
        mv.visitVarInsn(ISTORE, RESULT_LOCAL);
        mv.visitInsn(LCONST_0);
        mv.visitVarInsn(LSTORE, ADDRESS_LOCAL);
        mv.visitInsn(ICONST_0);
        mv.visitVarInsn(ISTORE, TLB_INDEX_LOCAL);
        mv.visitInsn(ICONST_0);
        mv.visitVarInsn(ISTORE, PAGE_OFFSET_LOCAL);
        for (int local = OPERAND1_LOCAL; local <= SUM_LOCAL; local += 2) {
            mv.visitInsn(LCONST_0);
            mv.visitVarInsn(LSTORE, local);
        }
        for (int f = 0; f < 4; f++) {
            mv.visitInsn(ICONST_0);
            mv.visitVarInsn(ISTORE, FIRST_FLAG_LOCAL + f);
        }
    }

    /** The local of flag f (0 N, 1 Z, 2 C, 3 V). */
    static int flag(int f) {
        return FIRST_FLAG_LOCAL + f;
    }

    /** Pushes flag f (0 N, 1 Z, 2 C, 3 V) as 0 or 1. */
    void loadFlag(int f) {
        ensureLoaded(FLAGS);
        mv.visitVarInsn(ILOAD, flag(f));
    }

    /** The emitted code is about to store all four flag locals ({@link #flag}). */
    void flagsWritten() {
        used |= 1L << FLAGS;
        written |= 1L << FLAGS;
        loaded[FLAGS] = true;
        dirty[FLAGS] = true;
    }

    /** Makes the local of register r (31 = SP) hold the register's value, without pushing it. */
    void ensureLoaded(int r) {
        used |= 1L << r;
        if (loaded[r]) {
            return;
        }
        if (r == FLAGS) {
            for (int f = 0; f < 4; f++) {
                mv.visitVarInsn(ALOAD, CPU_LOCAL);
                mv.visitFieldInsn(GETFIELD, BlockTranslator.CPU, FLAG_FIELDS[f], "Z");
                mv.visitVarInsn(ISTORE, flag(f));
            }
            loaded[r] = true;
            return;
        }
        mv.visitVarInsn(ALOAD, CPU_LOCAL);
        if (r == SP) {
            mv.visitFieldInsn(GETFIELD, BlockTranslator.CPU, "sp", "J");
        } else {
            mv.visitFieldInsn(GETFIELD, BlockTranslator.CPU, "x", "[J");
            mv.visitLdcInsn(r);
            mv.visitInsn(LALOAD);
        }
        mv.visitVarInsn(LSTORE, slot(r));
        loaded[r] = true;
    }

    /** Pushes X[r], 31 reading as zero (XZR). */
    void loadX(int r) {
        if (r == 31) {
            mv.visitInsn(LCONST_0);
            return;
        }
        ensureLoaded(r);
        mv.visitVarInsn(LLOAD, slot(r));
    }

    /** Pushes X[r], 31 being SP. */
    void loadXsp(int r) {
        ensureLoaded(r);
        mv.visitVarInsn(LLOAD, slot(r));
    }

    /** Pops a long into X[r], 31 discarding it (XZR). */
    void storeX(int r) {
        if (r == 31) {
            mv.visitInsn(POP2);
            return;
        }
        storeXsp(r);
    }

    /** Pops a long into X[r], 31 being SP. */
    void storeXsp(int r) {
        used |= 1L << r;
        written |= 1L << r;
        mv.visitVarInsn(LSTORE, slot(r));
        loaded[r] = true;
        dirty[r] = true;
    }

    private void writeBack(int r) {
        if (r == FLAGS) {
            for (int f = 0; f < 4; f++) {
                mv.visitVarInsn(ALOAD, CPU_LOCAL);
                mv.visitVarInsn(ILOAD, flag(f));
                mv.visitFieldInsn(PUTFIELD, BlockTranslator.CPU, FLAG_FIELDS[f], "Z");
            }
            return;
        }
        mv.visitVarInsn(ALOAD, CPU_LOCAL);
        if (r == SP) {
            mv.visitVarInsn(LLOAD, slot(r));
            mv.visitFieldInsn(PUTFIELD, BlockTranslator.CPU, "sp", "J");
        } else {
            mv.visitFieldInsn(GETFIELD, BlockTranslator.CPU, "x", "[J");
            mv.visitLdcInsn(r);
            mv.visitVarInsn(LLOAD, slot(r));
            mv.visitInsn(LASTORE);
        }
    }

    /**
     * Writes SP and NZCV to Cpu if they changed, keeping them dirty (on one path of several that join
     * again): what exception entry reads (banked SP, SPSR) before a call that may take one.
     */
    void trapStateToCpu() {
        if (dirty[SP]) {
            writeBack(SP);
        }
        if (dirty[FLAGS]) {
            writeBack(FLAGS);
        }
    }

    /** Writes every dirty register back to Cpu. */
    void flush() {
        for (int r = 0; r <= FLAGS; r++) {
            if (dirty[r]) {
                writeBack(r);
                dirty[r] = false;
            }
        }
    }

    /** After a handler ran: Cpu holds the registers now, the locals must be reloaded. */
    void forget() {
        java.util.Arrays.fill(loaded, false);
    }

    /**
     * Instruction i may take a guest exception next: the dirty set is noted for the handler. SP, which
     * exception entry banks, must reach Cpu before the call that may raise it ({@link #trapStateToCpu}).
     */
    void enterTrapping(int i) {
        mv.visitLdcInsn(i);
        mv.visitVarInsn(ISTORE, INDEX_LOCAL);
        long set = 0;
        for (int r = 0; r <= FLAGS; r++) {
            if (r != SP && dirty[r]) {
                set |= 1L << r;
            }
        }
        dirtyAtTrap[i] = set;
        trapping[i] = true;
    }

    /**
     * The handler of the unit's protected range: writes back the registers dirty at the instruction that
     * raised the exception, then returns ~(that instruction's index in its block, {@code inBlock}) for a
     * guest exception ({@code Trap}) or rethrows anything else with {@code Cpu.compiledIndex} set to its
     * index in the unit.
     */
    void emitExceptionHandler(Label handler, int[] inBlock) {
        int n = inBlock.length;
        mv.visitLabel(handler);
        mv.visitVarInsn(ASTORE, EXCEPTION_LOCAL);
        Label done = new Label();
        Label[] cases = new Label[n];
        for (int i = 0; i < n; i++) {
            cases[i] = trapping[i] ? new Label() : done;
        }
        mv.visitVarInsn(ILOAD, INDEX_LOCAL);
        mv.visitTableSwitchInsn(0, n - 1, done, cases);
        for (int i = 0; i < n; i++) {
            if (trapping[i]) {
                mv.visitLabel(cases[i]);
                for (int r = 0; r <= FLAGS; r++) {
                    if ((dirtyAtTrap[i] & (1L << r)) != 0) {
                        writeBack(r);
                    }
                }
                mv.visitLdcInsn(~inBlock[i]);
                mv.visitVarInsn(ISTORE, RESULT_LOCAL);
                mv.visitJumpInsn(GOTO, done);
            }
        }
        mv.visitLabel(done);
        Label rethrow = new Label();
        mv.visitVarInsn(ALOAD, EXCEPTION_LOCAL);
        mv.visitTypeInsn(INSTANCEOF, "visor/cpu/Trap");
        mv.visitJumpInsn(IFEQ, rethrow);
        mv.visitVarInsn(ILOAD, RESULT_LOCAL);
        mv.visitInsn(IRETURN);
        mv.visitLabel(rethrow);
        mv.visitVarInsn(ALOAD, CPU_LOCAL);
        mv.visitVarInsn(ILOAD, INDEX_LOCAL);
        mv.visitFieldInsn(PUTFIELD, BlockTranslator.CPU, "compiledIndex", "I");
        mv.visitVarInsn(ALOAD, EXCEPTION_LOCAL);
        mv.visitInsn(ATHROW);
    }
}
