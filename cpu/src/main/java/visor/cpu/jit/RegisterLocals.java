package visor.cpu.jit;

import static org.objectweb.asm.Opcodes.*;

import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

/**
 * The guest registers of one translated block as JVM locals: X0-X30 and SP, each loaded from {@code Cpu}
 * on first use and marked dirty when written, so a block touches {@code Cpu.x} once per register, at its
 * edges. Before an instruction that can take a guest exception the dirty set is recorded, and the
 * method's exception handler writes back exactly the registers dirty at the faulting instruction: the
 * guest state at a fault is the interpreter's. SP is written back before any such instruction, since
 * exception entry banks it.
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

    private final MethodVisitor mv;
    private final boolean[] loaded = new boolean[32];
    private final boolean[] dirty = new boolean[32];
    /** Per instruction that can trap, the registers dirty when it runs (bit r), or 0. */
    private final long[] dirtyAtTrap = new long[64];
    private boolean anyDirtyAtTrap;

    /** Registers read or written (bit r), and written, by the code emitted so far. */
    long used, written;
    /** For a block that loops: the registers its body uses and writes, kept in locals across iterations. */
    private long loopUsed, loopWritten;

    RegisterLocals(MethodVisitor mv) {
        this.mv = mv;
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
        System.arraycopy(s.loaded, 0, loaded, 0, 32);
        System.arraycopy(s.dirty, 0, dirty, 0, 32);
    }

    /**
     * The head of a block that branches to its own start: every register the body uses is loaded here
     * and the ones it writes count as dirty from here on (writing back a value not yet changed is
     * harmless), which is what {@link #backEdge} re-establishes before jumping back.
     */
    void enterLoop(long bodyUsed, long bodyWritten) {
        loopUsed = bodyUsed;
        loopWritten = bodyWritten;
        backEdge();
    }

    void backEdge() {
        for (int r = 0; r < 32; r++) {
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
    }

    /** Makes the local of register r (31 = SP) hold the register's value, without pushing it. */
    void ensureLoaded(int r) {
        used |= 1L << r;
        if (loaded[r]) {
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

    /** Writes every dirty register back to Cpu. */
    void flush() {
        for (int r = 0; r < 32; r++) {
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

    /** Instruction i may take a guest exception next: SP to Cpu, the dirty set noted for the handler. */
    void enterTrapping(int i) {
        if (dirty[SP]) {
            writeBack(SP);
            dirty[SP] = false;
        }
        mv.visitLdcInsn(i);
        mv.visitVarInsn(ISTORE, INDEX_LOCAL);
        long set = 0;
        for (int r = 0; r < 31; r++) {
            if (dirty[r]) {
                set |= 1L << r;
            }
        }
        dirtyAtTrap[i] = set;
        anyDirtyAtTrap |= set != 0;
    }

    /**
     * The handler of the block's protected range: writes back the registers dirty at the instruction that
     * raised the exception, then returns that instruction's index for a guest exception ({@code Trap}) or
     * rethrows anything else with {@code Cpu.compiledIndex} set.
     */
    void emitExceptionHandler(Label handler, int n) {
        mv.visitLabel(handler);
        mv.visitVarInsn(ASTORE, EXCEPTION_LOCAL);
        Label done = new Label();
        if (anyDirtyAtTrap) {
            Label[] cases = new Label[n];
            for (int i = 0; i < n; i++) {
                cases[i] = dirtyAtTrap[i] != 0 ? new Label() : done;
            }
            mv.visitVarInsn(ILOAD, INDEX_LOCAL);
            mv.visitTableSwitchInsn(0, n - 1, done, cases);
            for (int i = 0; i < n; i++) {
                if (dirtyAtTrap[i] != 0) {
                    mv.visitLabel(cases[i]);
                    for (int r = 0; r < 31; r++) {
                        if ((dirtyAtTrap[i] & (1L << r)) != 0) {
                            writeBack(r);
                        }
                    }
                    mv.visitJumpInsn(GOTO, done);
                }
            }
        }
        mv.visitLabel(done);
        Label rethrow = new Label();
        mv.visitVarInsn(ALOAD, EXCEPTION_LOCAL);
        mv.visitTypeInsn(INSTANCEOF, "visor/cpu/Trap");
        mv.visitJumpInsn(IFEQ, rethrow);
        mv.visitVarInsn(ILOAD, INDEX_LOCAL);
        mv.visitInsn(IRETURN);
        mv.visitLabel(rethrow);
        mv.visitVarInsn(ALOAD, CPU_LOCAL);
        mv.visitVarInsn(ILOAD, INDEX_LOCAL);
        mv.visitFieldInsn(PUTFIELD, BlockTranslator.CPU, "compiledIndex", "I");
        mv.visitVarInsn(ALOAD, EXCEPTION_LOCAL);
        mv.visitInsn(ATHROW);
    }
}
