package visor.cpu.jit;

import static org.objectweb.asm.Opcodes.*;
import static visor.cpu.jit.BlockTranslator.CPU;
import static visor.cpu.jit.RegisterLocals.BASE_LOCAL;
import static visor.cpu.jit.RegisterLocals.CPU_LOCAL;
import static visor.cpu.jit.RegisterLocals.ADDRESS_LOCAL;
import static visor.cpu.jit.RegisterLocals.OPERAND1_LOCAL;
import static visor.cpu.jit.RegisterLocals.OPERAND2_LOCAL;
import static visor.cpu.jit.RegisterLocals.PAGE_OFFSET_LOCAL;
import static visor.cpu.jit.RegisterLocals.SUM_LOCAL;
import static visor.cpu.jit.RegisterLocals.TEMP_LOCAL;
import static visor.cpu.jit.RegisterLocals.TLB_INDEX_LOCAL;

import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import visor.cpu.a64.Bits;
import visor.cpu.a64.Branches;

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
    private static final String MEMORY = "visor/mmu/PhysicalMemory";
    private static final String VAR_HANDLE = "java/lang/invoke/VarHandle";
    private static final long W = 0xFFFF_FFFFL;
    private static final int STORE = 0, LOAD = 1, LOAD_SX64 = 2;

    private final MethodVisitor mv;
    private final RegisterLocals regs;

    /** The labels of the unit's blocks by their byte offset from the unit's entry (null: not in the unit). */
    interface BlockLabels {
        Label at(long offset);
    }

    private BlockLabels labels = offset -> null;
    /** The current block: its first instruction's offset from the entry in instructions, its first index in the unit, its length. */
    private int address;
    private int unitIndex;
    private int length;

    InstructionEmitter(MethodVisitor mv, RegisterLocals regs) {
        this.mv = mv;
        this.regs = regs;
    }

    void labels(BlockLabels blockLabels) {
        labels = blockLabels;
    }

    /** The block whose instructions are emitted next (see the fields above). */
    void enterBlock(int addressInInstructions, int firstUnitIndex, int blockLength) {
        address = addressInInstructions;
        unitIndex = firstUnitIndex;
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
            // The block ended at its size limit or the page end.
            edge(i, 4);
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

    /** Pushes the address of instruction i of the current block. */
    private void pushPc(int i) {
        pushAddress(((long) address + i) << 2);
    }

    private void pushAddress(long offset) {
        mv.visitVarInsn(LLOAD, BASE_LOCAL);
        if (offset != 0) {
            mv.visitLdcInsn(offset);
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
            regs.loadXsp(rn(w));
            mv.visitLdcInsn(imm);
            addWithCarryFlags(sf, sub);
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
            regs.loadX(rn(w));
            shiftedOperand(w, sf);
            addWithCarryFlags(sf, sub);
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
        regs.loadX(rn(w));
        shiftedOperand(w, sf);
        if (invert) {
            mv.visitLdcInsn(-1L);
            mv.visitInsn(LXOR);
        }
        mv.visitInsn(opc == 1 ? LOR : opc == 2 ? LXOR : LAND);
        truncate(sf);
        if (opc == 3) {
            logicalFlags(sf);
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
        regs.loadX(rn(w));
        mv.visitLdcInsn(imm);
        mv.visitInsn(opc == 1 ? LOR : opc == 2 ? LXOR : LAND);
        truncate(sf);
        if (opc == 3) {
            logicalFlags(sf);
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

    /** Pushes ConditionHolds(cond) (ARM ARM J1 shared/functions/system) as 0 or 1, from the flag locals. */
    private void condition(int cond) {
        switch (cond >>> 1) {
            case 0 -> regs.loadFlag(Z);
            case 1 -> regs.loadFlag(C);
            case 2 -> regs.loadFlag(N);
            case 3 -> regs.loadFlag(V);
            case 4 -> { // HI: C == 1 && Z == 0
                regs.loadFlag(C);
                regs.loadFlag(Z);
                not();
                mv.visitInsn(IAND);
            }
            case 5 -> nEqualsV();
            case 6 -> { // GT: N == V && Z == 0
                nEqualsV();
                regs.loadFlag(Z);
                not();
                mv.visitInsn(IAND);
            }
            default -> mv.visitInsn(ICONST_1);
        }
        if ((cond & 1) != 0 && cond != 0xF) {
            not();
        }
    }

    private static final int N = 0, Z = 1, C = 2, V = 3;

    private void not() {
        mv.visitInsn(ICONST_1);
        mv.visitInsn(IXOR);
    }

    private void nEqualsV() {
        regs.loadFlag(N);
        regs.loadFlag(V);
        mv.visitInsn(IXOR);
        not();
    }

    /**
     * AddWithCarry(x, y, 0) or, for a subtraction, AddWithCarry(x, NOT(y), 1) with x and y pushed: leaves
     * the result (datasize bits) pushed and NZCV in the flag locals.
     */
    private void addWithCarryFlags(boolean sf, boolean sub) {
        if (sub) {
            mv.visitLdcInsn(-1L);
            mv.visitInsn(LXOR);
        }
        mv.visitVarInsn(LSTORE, OPERAND2_LOCAL);
        mv.visitVarInsn(LSTORE, OPERAND1_LOCAL);
        mv.visitVarInsn(LLOAD, OPERAND1_LOCAL);
        mv.visitVarInsn(LLOAD, OPERAND2_LOCAL);
        mv.visitInsn(LADD);
        if (sub) {
            mv.visitInsn(LCONST_1);
            mv.visitInsn(LADD);
        }
        truncate(sf);
        mv.visitVarInsn(LSTORE, SUM_LOCAL);
        regs.flagsWritten();
        resultFlags(sf);
        for (String flag : new String[] {"carry", "overflow"}) {
            mv.visitVarInsn(LLOAD, OPERAND1_LOCAL);
            mv.visitVarInsn(LLOAD, OPERAND2_LOCAL);
            mv.visitVarInsn(LLOAD, SUM_LOCAL);
            push(sf);
            ops(flag, "(JJJZ)I");
            mv.visitVarInsn(ISTORE, RegisterLocals.flag(flag.equals("carry") ? C : V));
        }
        mv.visitVarInsn(LLOAD, SUM_LOCAL);
    }

    /** NZCV of the flag-setting logicals (ANDS, BICS, TST) from the pushed result, which stays pushed. */
    private void logicalFlags(boolean sf) {
        mv.visitVarInsn(LSTORE, SUM_LOCAL);
        regs.flagsWritten();
        resultFlags(sf);
        mv.visitInsn(ICONST_0);
        mv.visitVarInsn(ISTORE, RegisterLocals.flag(C));
        mv.visitInsn(ICONST_0);
        mv.visitVarInsn(ISTORE, RegisterLocals.flag(V));
        mv.visitVarInsn(LLOAD, SUM_LOCAL);
    }

    /** N and Z of the result in the sum local. */
    private void resultFlags(boolean sf) {
        mv.visitVarInsn(LLOAD, SUM_LOCAL);
        push(sf);
        ops("negative", "(JZ)I");
        mv.visitVarInsn(ISTORE, RegisterLocals.flag(N));
        mv.visitVarInsn(LLOAD, SUM_LOCAL);
        ops("zero", "(J)I");
        mv.visitVarInsn(ISTORE, RegisterLocals.flag(Z));
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

    /**
     * Leaves the current block after instruction i (its last) for the instruction at its address plus
     * {@code offset}: a jump to that block when it is in the unit and {@code Cpu.loopBack} lets the run
     * go on (interrupts, budget, exit requests, translation and code changes), with the unit's
     * registers kept in their locals (see {@link RegisterLocals#enterLoop}); otherwise the registers
     * are written back, the PC set and the method returns the block's length.
     */
    private void edge(int i, long offset) {
        long target = (((long) address + i) << 2) + offset;
        Label label = labels.at(target);
        if (label != null) {
            RegisterLocals.State before = regs.save();
            Label leave = new Label();
            mv.visitVarInsn(ALOAD, CPU_LOCAL);
            mv.visitLdcInsn(length);
            mv.visitMethodInsn(INVOKEVIRTUAL, CPU, "loopBack", "(I)Z", false);
            mv.visitJumpInsn(IFEQ, leave);
            regs.backEdge();
            mv.visitJumpInsn(GOTO, label);
            mv.visitLabel(leave);
            regs.restore(before);
        }
        regs.flush();
        mv.visitVarInsn(ALOAD, CPU_LOCAL);
        pushAddress(target);
        mv.visitFieldInsn(PUTFIELD, CPU, "pc", "J");
        mv.visitLdcInsn(length);
        mv.visitInsn(IRETURN);
    }

    /**
     * The block's closing branch to instruction i's address plus {@code offset}; for a conditional one
     * the condition is on the stack and {@code ifNotTaken} the jump to the other way, the next
     * instruction (-1 for an unconditional one).
     */
    private void closingBranch(int ifNotTaken, int i, long offset) {
        if (ifNotTaken < 0) {
            edge(i, offset);
            return;
        }
        RegisterLocals.State atBranch = regs.save();
        Label notTaken = new Label();
        mv.visitJumpInsn(ifNotTaken, notTaken);
        edge(i, offset);
        mv.visitLabel(notTaken);
        regs.restore(atBranch);
        edge(i, 4);
    }

    private boolean branchImmediate(int w, int i) {
        if (w < 0) {
            pushPc(i + 1);
            regs.storeX(30);
        }
        closingBranch(-1, i, Branches.offset26(w));
        return true;
    }

    private boolean branchConditional(int w, int i) {
        condition(w & 15);
        closingBranch(IFEQ, i, Branches.offset19(w));
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
        closingBranch(cbnz ? IFEQ : IFNE, i, Branches.offset19(w));
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
        closingBranch(tbnz ? IFEQ : IFNE, i, Branches.offset14(w));
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
        mv.visitFieldInsn(PUTFIELD, CPU, "pc", "J");
        mv.visitLdcInsn(length);
        mv.visitInsn(IRETURN);
        return true;
    }

    // ---- Loads and stores -------------------------------------------------------------------------------

    /** The instruction of the memory access being emitted and the syndrome Cpu reports if it faults. */
    private int accessIndex, accessSyndrome;

    /** Prepares a memory access of instruction i (see {@link #beforeSlowAccess}). */
    private void beginAccess(int i, int syndrome) {
        regs.enterTrapping(unitIndex + i);
        accessIndex = i;
        accessSyndrome = syndrome;
    }

    /**
     * Before a call that may take a guest exception for the access: the PC, syndrome and SP that exception
     * entry reads go to Cpu. Only there: the inline micro-TLB hit cannot fault, so it stores none of them.
     */
    private void beforeSlowAccess(boolean syndrome) {
        regs.trapStateToCpu();
        setPc(accessIndex);
        if (syndrome) {
            mv.visitVarInsn(ALOAD, CPU_LOCAL);
            mv.visitLdcInsn(accessSyndrome);
            mv.visitFieldInsn(PUTFIELD, CPU, "lsSyndrome", "I");
        }
    }

    /** Pushes the base register, with the SP alignment check when it is SP. */
    private void pushBase(int n) {
        if (n == RegisterLocals.SP) {
            beforeSlowAccess(false);
            mv.visitVarInsn(ALOAD, CPU_LOCAL);
            regs.loadXsp(n);
            mv.visitMethodInsn(INVOKEVIRTUAL, CPU, "checkSpAlignment", "(J)V", false);
        }
        regs.loadXsp(n);
    }

    /**
     * Loads or stores register t at the address in the scratch local plus {@code plus}; a load leaves the
     * value pushed. The micro-TLB hit is tested inline as {@code Cpu.read}/{@code Cpu.write} test it (tag
     * of the page and EL, the access inside the page, alignment where the page is Device memory), then the
     * page's bytes are accessed directly and, for a store, its code lines checked; anything else calls
     * {@code Cpu.read}/{@code Cpu.write}, which take the slow path.
     */
    private void access(int t, int size, int op, int plus) {
        boolean store = op == STORE;
        if (store && t != 31) {
            // Loaded before the paths split, so its local holds it on both.
            regs.ensureLoaded(t);
        }
        mv.visitVarInsn(LLOAD, TEMP_LOCAL);
        if (plus != 0) {
            mv.visitLdcInsn((long) plus);
            mv.visitInsn(LADD);
        }
        mv.visitVarInsn(LSTORE, ADDRESS_LOCAL);
        Label slow = new Label();
        Label done = new Label();
        // i = (va >>> 12) & UTLB_MASK; hit when tag[i] == (va & ~0xFFF) | elTag
        mv.visitVarInsn(LLOAD, ADDRESS_LOCAL);
        mv.visitIntInsn(BIPUSH, 12);
        mv.visitInsn(LUSHR);
        mv.visitInsn(L2I);
        mv.visitIntInsn(SIPUSH, visor.cpu.Cpu.UTLB_MASK);
        mv.visitInsn(IAND);
        mv.visitVarInsn(ISTORE, TLB_INDEX_LOCAL);
        mv.visitVarInsn(ALOAD, CPU_LOCAL);
        mv.visitFieldInsn(GETFIELD, CPU, store ? "wTag" : "rTag", "[J");
        mv.visitVarInsn(ILOAD, TLB_INDEX_LOCAL);
        mv.visitInsn(LALOAD);
        mv.visitVarInsn(LLOAD, ADDRESS_LOCAL);
        mv.visitLdcInsn(~0xFFFL);
        mv.visitInsn(LAND);
        mv.visitVarInsn(ALOAD, CPU_LOCAL);
        mv.visitFieldInsn(GETFIELD, CPU, "elTag", "J");
        mv.visitInsn(LOR);
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(IFNE, slow);
        mv.visitVarInsn(LLOAD, ADDRESS_LOCAL);
        mv.visitInsn(L2I);
        mv.visitIntInsn(SIPUSH, 0xFFF);
        mv.visitInsn(IAND);
        mv.visitVarInsn(ISTORE, PAGE_OFFSET_LOCAL);
        if (size > 1) {
            mv.visitVarInsn(ILOAD, PAGE_OFFSET_LOCAL);
            mv.visitIntInsn(SIPUSH, 0x1000 - size);
            mv.visitJumpInsn(IF_ICMPGT, slow);
            mv.visitVarInsn(ILOAD, PAGE_OFFSET_LOCAL);
            mv.visitLdcInsn(size - 1);
            mv.visitInsn(IAND);
            mv.visitVarInsn(ALOAD, CPU_LOCAL);
            mv.visitFieldInsn(GETFIELD, CPU, store ? "wAlign" : "rAlign", "[I");
            mv.visitVarInsn(ILOAD, TLB_INDEX_LOCAL);
            mv.visitInsn(IALOAD);
            mv.visitInsn(IAND);
            mv.visitJumpInsn(IFNE, slow);
        }
        if (size > 1) {
            mv.visitFieldInsn(GETSTATIC, MEMORY, size == 2 ? "I16" : size == 4 ? "I32" : "I64",
                    "Ljava/lang/invoke/VarHandle;");
        }
        mv.visitVarInsn(ALOAD, CPU_LOCAL);
        mv.visitFieldInsn(GETFIELD, CPU, store ? "wPage" : "rPage", "[[B");
        mv.visitVarInsn(ILOAD, TLB_INDEX_LOCAL);
        mv.visitInsn(AALOAD);
        mv.visitVarInsn(ILOAD, PAGE_OFFSET_LOCAL);
        String type = size == 2 ? "S" : size == 4 ? "I" : "J";
        if (store) {
            regs.loadX(t);
            if (size == 1) {
                mv.visitInsn(L2I);
                mv.visitInsn(BASTORE);
            } else {
                if (size == 2) {
                    mv.visitInsn(L2I);
                    mv.visitInsn(I2S);
                } else if (size == 4) {
                    mv.visitInsn(L2I);
                }
                mv.visitMethodInsn(INVOKEVIRTUAL, VAR_HANDLE, "set", "([BI" + type + ")V", false);
            }
            // A store to a page holding decoded code checks its lines (PhysicalMemory.checkCodeWrite).
            mv.visitVarInsn(ALOAD, CPU_LOCAL);
            mv.visitFieldInsn(GETFIELD, CPU, "memory", "L" + MEMORY + ";");
            mv.visitFieldInsn(GETFIELD, MEMORY, "codeLines", "[J");
            mv.visitVarInsn(ALOAD, CPU_LOCAL);
            mv.visitFieldInsn(GETFIELD, CPU, "wPpn", "[I");
            mv.visitVarInsn(ILOAD, TLB_INDEX_LOCAL);
            mv.visitInsn(IALOAD);
            mv.visitInsn(LALOAD);
            mv.visitInsn(LCONST_0);
            mv.visitInsn(LCMP);
            mv.visitJumpInsn(IFEQ, done);
            mv.visitVarInsn(ALOAD, CPU_LOCAL);
            mv.visitFieldInsn(GETFIELD, CPU, "memory", "L" + MEMORY + ";");
            mv.visitVarInsn(ALOAD, CPU_LOCAL);
            mv.visitFieldInsn(GETFIELD, CPU, "wPpn", "[I");
            mv.visitVarInsn(ILOAD, TLB_INDEX_LOCAL);
            mv.visitInsn(IALOAD);
            mv.visitInsn(I2L);
            mv.visitIntInsn(BIPUSH, 12);
            mv.visitInsn(LSHL);
            mv.visitVarInsn(ILOAD, PAGE_OFFSET_LOCAL);
            mv.visitInsn(I2L);
            mv.visitInsn(LOR);
            mv.visitLdcInsn(size);
            mv.visitMethodInsn(INVOKEVIRTUAL, MEMORY, "checkCodeWrite", "(JI)V", false);
            slowPath(done, slow, size);
            regs.loadX(t);
            mv.visitMethodInsn(INVOKEVIRTUAL, CPU, "write", "(JIJ)V", false);
            mv.visitLabel(done);
            return;
        }
        if (size == 1) {
            mv.visitInsn(BALOAD);
            mv.visitInsn(I2L);
            mv.visitLdcInsn(0xFFL);
            mv.visitInsn(LAND);
        } else {
            mv.visitMethodInsn(INVOKEVIRTUAL, VAR_HANDLE, "get", "([BI)" + type, false);
            if (size == 2) {
                mv.visitInsn(I2L);
                mv.visitLdcInsn(0xFFFFL);
                mv.visitInsn(LAND);
            } else if (size == 4) {
                mv.visitInsn(I2L);
                mv.visitLdcInsn(W);
                mv.visitInsn(LAND);
            }
        }
        slowPath(done, slow, size);
        mv.visitMethodInsn(INVOKEVIRTUAL, CPU, "read", "(JI)J", false);
        mv.visitLabel(done);
        if (op == LOAD_SX64) {
            mv.visitLdcInsn(size);
            ops("signExtend", "(JI)J");
        }
    }

    /** Ends the fast path at {@code done}; the slow one pushes Cpu, the address and the size for Cpu.read/write. */
    private void slowPath(Label done, Label slow, int size) {
        mv.visitJumpInsn(GOTO, done);
        mv.visitLabel(slow);
        beforeSlowAccess(true);
        mv.visitVarInsn(ALOAD, CPU_LOCAL);
        mv.visitVarInsn(LLOAD, ADDRESS_LOCAL);
        mv.visitLdcInsn(size);
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
