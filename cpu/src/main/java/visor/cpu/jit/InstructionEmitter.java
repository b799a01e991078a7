package visor.cpu.jit;

import static org.objectweb.asm.Opcodes.*;
import static visor.cpu.jit.BlockTranslator.CPU;
import static visor.cpu.jit.RegisterLocals.BASE_LOCAL;
import static visor.cpu.jit.RegisterLocals.CPU_LOCAL;
import static visor.cpu.jit.RegisterLocals.TEMP_LOCAL;

import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import visor.cpu.a64.Bits;

/**
 * Bytecode for the integer instructions that dominate guest code: add/sub, logical, move-wide, bitfield,
 * conditional select, multiply-add, PC-relative addresses, the general-register loads and stores (through
 * {@code Cpu.read}/{@code Cpu.write}, whose micro-TLB fast path HotSpot inlines) and the branches. The
 * semantics are the interpreter's (visor.cpu.a64, same ARM ARM pseudocode); any encoding a handler
 * treats specially (reserved fields, UNDEFINED) is left to the handler: {@link #emit} then emits nothing
 * and returns false.
 */
final class InstructionEmitter {
    private static final String OPS = "visor/cpu/jit/InlineOps";
    private static final long W = 0xFFFF_FFFFL;
    private static final int STORE = 0, LOAD = 1, LOAD_SX64 = 2;

    private final MethodVisitor mv;
    private final RegisterLocals regs;

    /** The start of the block's method body and the block's length, for branches back to the start. */
    private Label loopHead;
    private int length;

    InstructionEmitter(MethodVisitor mv, RegisterLocals regs) {
        this.mv = mv;
        this.regs = regs;
    }

    /** Whether {@code w}, the last of {@code n} instructions, branches to the block's first. */
    static boolean branchesToStart(String name, int w, int n) {
        long offset = switch (name) {
            case "B" -> (long) (w << 6) >> 4;
            case "B.cond", "CBZ", "CBNZ" -> (long) (w << 8) >> 11 & ~3L;
            case "TBZ", "TBNZ" -> (long) (w << 13) >> 16 & ~3L;
            default -> 1;
        };
        return offset == -4L * (n - 1);
    }

    void loop(Label head, int blockLength) {
        loopHead = head;
        length = blockLength;
    }

    /** Emits instruction {@code i} of the block (row {@code name}, encoding {@code w}); false if it is not handled here. */
    boolean emit(String name, int w, int i, boolean last) {
        boolean done = switch (name) {
            case "ADD (immediate)", "SUB (immediate)", "ADDS (immediate)", "SUBS (immediate)" -> addSubImmediate(w);
            case "ADD (shifted register)", "SUB (shifted register)", "ADDS (shifted register)",
                    "SUBS (shifted register)" -> addSubShifted(w);
            case "AND (shifted register)", "BIC (shifted register)", "ORR (shifted register)", "ORN (shifted register)",
                    "EOR (shifted register)", "EON (shifted register)", "ANDS (shifted register)",
                    "BICS (shifted register)" -> logicalShifted(w);
            case "AND (immediate)", "ORR (immediate)", "EOR (immediate)", "ANDS (immediate)" -> logicalImmediate(w);
            case "MOVN", "MOVZ", "MOVK" -> moveWide(w);
            case "UBFM", "SBFM" -> bitfield(w);
            case "CSEL", "CSINC", "CSINV", "CSNEG" -> conditionalSelect(w);
            case "MADD", "MSUB" -> multiplyAdd(w);
            case "ADR", "ADRP" -> pcRelative(w, i);
            case "B", "BL" -> branchImmediate(w, i);
            case "B.cond" -> branchConditional(w, i);
            case "CBZ", "CBNZ" -> compareAndBranch(w, i);
            case "TBZ", "TBNZ" -> testAndBranch(w, i);
            case "BR", "RET", "BLR" -> branchRegister(w, i);
            default -> name.startsWith("LDP (") || name.startsWith("STP (") ? pair(w, i) : loadStore(name, w, i);
        };
        if (done && last && !endsWithBranch(name)) {
            // The block ended at its size limit: the run loop steps past the last instruction.
            setPc(i);
        }
        return done;
    }

    private static boolean endsWithBranch(String name) {
        return switch (name) {
            case "B", "BL", "B.cond", "CBZ", "CBNZ", "TBZ", "TBNZ", "BR", "RET", "BLR" -> true;
            default -> false;
        };
    }

    // ---- Helpers --------------------------------------------------------------------------------------

    private void pushPc(int i) {
        mv.visitVarInsn(LLOAD, BASE_LOCAL);
        if (i != 0) {
            mv.visitLdcInsn((long) i << 2);
            mv.visitInsn(LADD);
        }
    }

    /** Cpu.pc = the address of instruction i. */
    void setPc(int i) {
        mv.visitVarInsn(ALOAD, CPU_LOCAL);
        pushPc(i);
        mv.visitFieldInsn(PUTFIELD, CPU, "pc", "J");
    }

    private void truncate(boolean sf) {
        if (!sf) {
            mv.visitLdcInsn(W);
            mv.visitInsn(LAND);
        }
    }

    private void push(boolean b) {
        mv.visitInsn(b ? ICONST_1 : ICONST_0);
    }

    private void ops(String method, String descriptor) {
        mv.visitMethodInsn(INVOKESTATIC, OPS, method, descriptor, false);
    }

    private static int rd(int w) {
        return w & 31;
    }

    private static int rn(int w) {
        return (w >>> 5) & 31;
    }

    private static int rm(int w) {
        return (w >>> 16) & 31;
    }

    /** Pushes ShiftReg(X[m], shift, imm6) of the shifted-register forms. */
    private void shiftedOperand(int w, boolean sf) {
        int type = (w >>> 22) & 3;
        int amount = (w >>> 10) & 0x3F;
        regs.loadX(rm(w));
        if (amount != 0) {
            // An amount of 0 is the identity for every shift type; the consumers use only datasize bits.
            push(sf);
            mv.visitLdcInsn(type);
            mv.visitLdcInsn(amount);
            ops("shift", "(JZII)J");
        }
    }

    // ---- Data processing --------------------------------------------------------------------------------

    private boolean addSubImmediate(int w) {
        boolean sf = w < 0;
        boolean sub = (w & (1 << 30)) != 0;
        boolean setFlags = (w & (1 << 29)) != 0;
        long imm = (w >>> 10) & 0xFFF;
        if ((w & (1 << 22)) != 0) {
            imm <<= 12;
        }
        if (setFlags) {
            mv.visitVarInsn(ALOAD, CPU_LOCAL);
            push(sf);
            regs.loadXsp(rn(w));
            mv.visitLdcInsn(imm);
            ops(sub ? "subs" : "adds", "(L" + CPU + ";ZJJ)J");
            regs.storeX(rd(w));
        } else {
            regs.loadXsp(rn(w));
            mv.visitLdcInsn(imm);
            mv.visitInsn(sub ? LSUB : LADD);
            truncate(sf);
            regs.storeXsp(rd(w));
        }
        return true;
    }

    private boolean addSubShifted(int w) {
        boolean sf = w < 0;
        if (((w >>> 22) & 3) == 3 || (!sf && (w & (1 << 15)) != 0)) {
            return false;
        }
        boolean sub = (w & (1 << 30)) != 0;
        if ((w & (1 << 29)) != 0) {
            mv.visitVarInsn(ALOAD, CPU_LOCAL);
            push(sf);
            regs.loadX(rn(w));
            shiftedOperand(w, sf);
            ops(sub ? "subs" : "adds", "(L" + CPU + ";ZJJ)J");
        } else {
            regs.loadX(rn(w));
            shiftedOperand(w, sf);
            mv.visitInsn(sub ? LSUB : LADD);
            truncate(sf);
        }
        regs.storeX(rd(w));
        return true;
    }

    private boolean logicalShifted(int w) {
        boolean sf = w < 0;
        if (!sf && (w & (1 << 15)) != 0) {
            return false;
        }
        int opc = (w >>> 29) & 3;
        boolean invert = (w & (1 << 21)) != 0;
        if (opc == 3) {
            mv.visitVarInsn(ALOAD, CPU_LOCAL);
            push(sf);
        }
        regs.loadX(rn(w));
        shiftedOperand(w, sf);
        if (invert) {
            mv.visitLdcInsn(-1L);
            mv.visitInsn(LXOR);
        }
        mv.visitInsn(opc == 1 ? LOR : opc == 2 ? LXOR : LAND);
        truncate(sf);
        if (opc == 3) {
            ops("logicalFlags", "(L" + CPU + ";ZJ)J");
        }
        regs.storeX(rd(w));
        return true;
    }

    private boolean logicalImmediate(int w) {
        boolean sf = w < 0;
        int n = (w >>> 22) & 1;
        if (!sf && n != 0) {
            return false;
        }
        long imm = Bits.decodeBitMasksW(n, (w >>> 10) & 0x3F, (w >>> 16) & 0x3F, true);
        if (!sf) {
            imm &= W;
        }
        if (imm == 0) {
            return false;
        }
        int opc = (w >>> 29) & 3;
        if (opc == 3) {
            mv.visitVarInsn(ALOAD, CPU_LOCAL);
            push(sf);
        }
        regs.loadX(rn(w));
        mv.visitLdcInsn(imm);
        mv.visitInsn(opc == 1 ? LOR : opc == 2 ? LXOR : LAND);
        truncate(sf);
        if (opc == 3) {
            ops("logicalFlags", "(L" + CPU + ";ZJ)J");
            regs.storeX(rd(w));
        } else {
            regs.storeXsp(rd(w));
        }
        return true;
    }

    private boolean moveWide(int w) {
        boolean sf = w < 0;
        int hw = (w >>> 21) & 3;
        if (!sf && hw >= 2) {
            return false;
        }
        int pos = hw << 4;
        long imm = (long) ((w >>> 5) & 0xFFFF) << pos;
        switch ((w >>> 29) & 3) {
            case 0 -> mv.visitLdcInsn(sf ? ~imm : ~imm & W);
            case 2 -> mv.visitLdcInsn(imm);
            default -> {
                regs.loadX(rd(w));
                mv.visitLdcInsn(~(0xFFFFL << pos));
                mv.visitInsn(LAND);
                mv.visitLdcInsn(imm);
                mv.visitInsn(LOR);
                truncate(sf);
            }
        }
        regs.storeX(rd(w));
        return true;
    }

    private boolean bitfield(int w) {
        boolean sf = w < 0;
        int n = (w >>> 22) & 1;
        int immr = (w >>> 16) & 0x3F, imms = (w >>> 10) & 0x3F;
        if (sf ? n != 1 : n != 0 || immr >= 32 || imms >= 32) {
            return false;
        }
        long wmask = Bits.decodeBitMasksW(n, imms, immr, false);
        long tmask = Bits.decodeBitMasksT(n, imms, immr);
        if (!sf) {
            wmask &= W;
            tmask &= W;
        }
        regs.loadX(rn(w));
        push(sf);
        mv.visitLdcInsn(immr);
        if (((w >>> 29) & 3) == 2) {
            mv.visitLdcInsn(wmask & tmask);
            ops("ubfm", "(JZIJ)J");
        } else {
            mv.visitLdcInsn(imms);
            mv.visitLdcInsn(wmask);
            mv.visitLdcInsn(tmask);
            ops("sbfm", "(JZIIJJ)J");
        }
        regs.storeX(rd(w));
        return true;
    }

    private void condition(int cond) {
        mv.visitVarInsn(ALOAD, CPU_LOCAL);
        mv.visitLdcInsn(cond);
        mv.visitMethodInsn(INVOKEVIRTUAL, CPU, "conditionHolds", "(I)Z", false);
    }

    private boolean conditionalSelect(int w) {
        boolean sf = w < 0;
        boolean op = (w & (1 << 30)) != 0;
        boolean o2 = (w & (1 << 10)) != 0;
        int n = rn(w), m = rm(w);
        // Both operands loaded before the branch, so the locals are valid on either path.
        if (n != 31) {
            regs.ensureLoaded(n);
        }
        if (m != 31) {
            regs.ensureLoaded(m);
        }
        Label otherwise = new Label();
        Label join = new Label();
        condition((w >>> 12) & 15);
        mv.visitJumpInsn(IFEQ, otherwise);
        regs.loadX(n);
        mv.visitJumpInsn(GOTO, join);
        mv.visitLabel(otherwise);
        regs.loadX(m);
        if (!op && o2) {
            mv.visitInsn(LCONST_1);
            mv.visitInsn(LADD);
        } else if (op && !o2) {
            mv.visitLdcInsn(-1L);
            mv.visitInsn(LXOR);
        } else if (op) {
            mv.visitInsn(LNEG);
        }
        mv.visitLabel(join);
        truncate(sf);
        regs.storeX(rd(w));
        return true;
    }

    private boolean multiplyAdd(int w) {
        boolean sf = w < 0;
        regs.loadX((w >>> 10) & 31);
        regs.loadX(rn(w));
        regs.loadX(rm(w));
        mv.visitInsn(LMUL);
        mv.visitInsn((w & (1 << 15)) != 0 ? LSUB : LADD);
        truncate(sf);
        regs.storeX(rd(w));
        return true;
    }

    private boolean pcRelative(int w, int i) {
        long imm = Bits.signExtend((((long) (w >>> 5) & 0x7FFFF) << 2) | ((w >>> 29) & 3), 21);
        pushPc(i);
        if (w < 0) {
            mv.visitLdcInsn(~0xFFFL);
            mv.visitInsn(LAND);
            imm <<= 12;
        }
        mv.visitLdcInsn(imm);
        mv.visitInsn(LADD);
        regs.storeX(rd(w));
        return true;
    }

    // ---- Branches (always a block's last instruction) ------------------------------------------------------

    private void branchTo(int i, long offset) {
        mv.visitVarInsn(ALOAD, CPU_LOCAL);
        pushPc(i);
        mv.visitLdcInsn(offset);
        mv.visitInsn(LADD);
        mv.visitMethodInsn(INVOKEVIRTUAL, CPU, "branchTo", "(J)V", false);
    }

    /**
     * The block's closing branch to instruction i's address plus {@code offset}; for a conditional one
     * the condition is on the stack and {@code ifNotTaken} the jump that skips the branch (-1 for an
     * unconditional one). Not taken, the PC stays on the branch and the run loop steps past it. A branch
     * to the block's own start runs the block again without leaving the method while {@code Cpu.loopBack}
     * allows it, with the loop's registers kept in their locals (see {@link RegisterLocals#enterLoop}).
     */
    private void closingBranch(int ifNotTaken, int i, long offset) {
        boolean loops = offset == -4L * i && i == length - 1 && loopHead != null;
        if (!loops) {
            regs.flush();
        }
        RegisterLocals.State atBranch = regs.save();
        Label notTaken = new Label();
        Label done = new Label();
        if (ifNotTaken >= 0) {
            mv.visitJumpInsn(ifNotTaken, notTaken);
        }
        if (loops) {
            Label leave = new Label();
            mv.visitVarInsn(ALOAD, CPU_LOCAL);
            mv.visitLdcInsn(length);
            mv.visitMethodInsn(INVOKEVIRTUAL, CPU, "loopBack", "(I)Z", false);
            mv.visitJumpInsn(IFEQ, leave);
            regs.backEdge();
            mv.visitJumpInsn(GOTO, loopHead);
            mv.visitLabel(leave);
            regs.restore(atBranch);
            regs.flush();
        }
        branchTo(i, offset);
        if (ifNotTaken >= 0) {
            mv.visitJumpInsn(GOTO, done);
            mv.visitLabel(notTaken);
            regs.restore(atBranch);
            regs.flush();
            setPc(i);
        }
        mv.visitLabel(done);
    }

    private boolean branchImmediate(int w, int i) {
        if (w < 0) {
            pushPc(i + 1);
            regs.storeX(30);
        }
        closingBranch(-1, i, (long) (w << 6) >> 4);
        return true;
    }

    private boolean branchConditional(int w, int i) {
        condition(w & 15);
        closingBranch(IFEQ, i, (long) (w << 8) >> 11 & ~3L);
        return true;
    }

    private boolean compareAndBranch(int w, int i) {
        regs.loadX(rd(w));
        if (w >= 0) {
            mv.visitLdcInsn(W);
            mv.visitInsn(LAND);
        }
        mv.visitInsn(LCONST_0);
        mv.visitInsn(LCMP);
        boolean cbnz = (w & (1 << 24)) != 0;
        closingBranch(cbnz ? IFEQ : IFNE, i, (long) (w << 8) >> 11 & ~3L);
        return true;
    }

    private boolean testAndBranch(int w, int i) {
        int pos = ((w >>> 26) & 0x20) | ((w >>> 19) & 0x1F);
        regs.loadX(rd(w));
        mv.visitLdcInsn(1L << pos);
        mv.visitInsn(LAND);
        mv.visitInsn(LCONST_0);
        mv.visitInsn(LCMP);
        boolean tbnz = (w & (1 << 24)) != 0;
        closingBranch(tbnz ? IFEQ : IFNE, i, (long) (w << 13) >> 16 & ~3L);
        return true;
    }

    private boolean branchRegister(int w, int i) {
        regs.loadX(rn(w));
        mv.visitVarInsn(LSTORE, TEMP_LOCAL);
        if (((w >>> 21) & 3) == 1) {
            pushPc(i + 1);
            regs.storeX(30);
        }
        regs.flush();
        mv.visitVarInsn(ALOAD, CPU_LOCAL);
        mv.visitVarInsn(LLOAD, TEMP_LOCAL);
        mv.visitMethodInsn(INVOKEVIRTUAL, CPU, "branchTo", "(J)V", false);
        return true;
    }

    // ---- Loads and stores -------------------------------------------------------------------------------

    /** Prepares a memory access of instruction i: the PC and syndrome Cpu reports if it faults. */
    private void beginAccess(int i, int syndrome) {
        regs.enterTrapping(i);
        setPc(i);
        mv.visitVarInsn(ALOAD, CPU_LOCAL);
        mv.visitLdcInsn(syndrome);
        mv.visitFieldInsn(PUTFIELD, CPU, "lsSyndrome", "I");
    }

    /** Pushes the base register, with the SP alignment check when it is SP. */
    private void pushBase(int n) {
        if (n == RegisterLocals.SP) {
            mv.visitVarInsn(ALOAD, CPU_LOCAL);
            regs.loadXsp(n);
            mv.visitMethodInsn(INVOKEVIRTUAL, CPU, "checkSpAlignment", "(J)V", false);
        }
        regs.loadXsp(n);
    }

    /** Loads or stores register t at the address in the scratch local plus {@code plus}; a load leaves the value pushed. */
    private void access(int t, int size, int op, int plus) {
        mv.visitVarInsn(ALOAD, CPU_LOCAL);
        mv.visitVarInsn(LLOAD, TEMP_LOCAL);
        if (plus != 0) {
            mv.visitLdcInsn((long) plus);
            mv.visitInsn(LADD);
        }
        mv.visitLdcInsn(size);
        if (op == STORE) {
            regs.loadX(t);
            mv.visitMethodInsn(INVOKEVIRTUAL, CPU, "write", "(JIJ)V", false);
            return;
        }
        mv.visitMethodInsn(INVOKEVIRTUAL, CPU, "read", "(JI)J", false);
        if (op == LOAD_SX64) {
            mv.visitLdcInsn(size);
            ops("signExtend", "(JI)J");
        }
    }

    /** ISS[24:14] of a single register access without writeback (ISV = 1; LoadStore.syndrome). */
    private static int syndrome(int size, int op, int t) {
        int sas = Integer.numberOfTrailingZeros(size);
        int sse = op == LOAD_SX64 ? 1 << 21 : 0;
        int sf = size == 8 || op == LOAD_SX64 ? 1 << 15 : 0;
        return 1 << 24 | sas << 22 | sse | t << 16 | sf;
    }

    /** LDR/STR/LDRB/STRB/LDRH/STRH/LDRSW and LDUR/STUR of general registers: offset, pre/post-index, register. */
    private boolean loadStore(String name, int w, int i) {
        if (!(name.startsWith("LDR") || name.startsWith("STR") || name.startsWith("LDUR") || name.startsWith("STUR"))
                || ((w >>> 27) & 7) != 7 || (w & (1 << 26)) != 0) {
            return false;
        }
        int size = 1 << (w >>> 30);
        int opc = (w >>> 22) & 3;
        int op;
        if (opc == 0) {
            op = STORE;
        } else if (opc == 1) {
            op = LOAD;
        } else if (opc == 2 && size == 4) {
            op = LOAD_SX64;
        } else {
            return false;
        }
        int t = rd(w), n = rn(w);
        long simm9 = w << 11 >> 23;
        int form; // 0 unsigned offset, 1 unscaled, 2 post-index, 3 pre-index, 4 register
        if (((w >>> 24) & 3) == 1) {
            form = 0;
        } else if (((w >>> 24) & 3) != 0) {
            return false;
        } else if ((w & (1 << 21)) != 0) {
            if (((w >>> 10) & 3) != 2 || ((w >>> 13) & 2) == 0) {
                return false;
            }
            form = 4;
        } else {
            form = switch ((w >>> 10) & 3) {
                case 0 -> 1;
                case 1 -> 2;
                case 3 -> 3;
                default -> -1;
            };
            if (form < 0) {
                return false;
            }
        }
        beginAccess(i, form == 2 || form == 3 ? 0 : syndrome(size, op, t));
        pushBase(n);
        switch (form) {
            case 0 -> {
                mv.visitLdcInsn(((w >>> 10) & 0xFFFL) * size);
                mv.visitInsn(LADD);
            }
            case 1, 3 -> {
                mv.visitLdcInsn(simm9);
                mv.visitInsn(LADD);
            }
            case 4 -> {
                regs.loadX(rm(w));
                mv.visitLdcInsn((w >>> 13) & 7);
                mv.visitLdcInsn((w & (1 << 12)) != 0 ? Integer.numberOfTrailingZeros(size) : 0);
                ops("extend", "(JII)J");
                mv.visitInsn(LADD);
            }
            default -> { }
        }
        mv.visitVarInsn(LSTORE, TEMP_LOCAL);
        access(t, size, op, 0);
        if (op != STORE) {
            regs.storeX(t);
        }
        if (form == 2 || form == 3) {
            mv.visitVarInsn(LLOAD, TEMP_LOCAL);
            if (form == 2) {
                mv.visitLdcInsn(simm9);
                mv.visitInsn(LADD);
            }
            regs.storeXsp(n);
        }
        return true;
    }

    /** LDP/STP of general registers, 32 and 64-bit: signed offset, pre- and post-index (LoadStore.pair). */
    private boolean pair(int w, int i) {
        int opc = w >>> 30;
        int type = (w >>> 23) & 7;
        if ((opc != 0 && opc != 2) || ((w >>> 27) & 7) != 5 || (w & (1 << 26)) != 0 || type < 1 || type > 3) {
            return false;
        }
        int size = opc == 2 ? 8 : 4;
        boolean load = (w & (1 << 22)) != 0;
        int t = rd(w), t2 = (w >>> 10) & 31, n = rn(w);
        long offset = (long) (w << 10 >> 25) * size;
        beginAccess(i, 0);
        pushBase(n);
        if (type != 1) {
            mv.visitLdcInsn(offset);
            mv.visitInsn(LADD);
        }
        mv.visitVarInsn(LSTORE, TEMP_LOCAL);
        if (load) {
            // Both words are read before either register is written.
            access(t, size, LOAD, 0);
            access(t2, size, LOAD, size);
            regs.storeX(t2);
            regs.storeX(t);
        } else {
            access(t, size, STORE, 0);
            access(t2, size, STORE, size);
        }
        if (type != 2) {
            mv.visitVarInsn(LLOAD, TEMP_LOCAL);
            if (type == 1) {
                mv.visitLdcInsn(offset);
                mv.visitInsn(LADD);
            }
            regs.storeXsp(n);
        }
        return true;
    }
}
