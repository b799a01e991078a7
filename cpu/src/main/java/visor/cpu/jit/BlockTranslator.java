package visor.cpu.jit;

import static org.objectweb.asm.Opcodes.*;

import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import visor.cpu.Block;
import visor.cpu.CompiledBlock;
import visor.cpu.Insn;
import visor.cpu.a64.A64Decoder;
import visor.cpu.a64.Row;

/**
 * Translates a {@link Block} into a hidden class implementing {@link CompiledBlock}: one straight-line
 * method. The common integer instructions (see {@link InstructionEmitter}) become bytecode working on
 * guest registers held in JVM locals, loaded on first use and written back to {@code Cpu.x} at the
 * block's end, before any other instruction and, for the ones dirty at that point, when an instruction
 * takes a guest exception. Every other instruction calls its interpreter handler with its word as a
 * constant (the handlers are the class's constants, class data loaded by {@code ldc} of a dynamic
 * constant), so HotSpot still inlines the handler and folds the fields of the constant word.
 */
final class BlockTranslator {
    static final String CPU = "visor/cpu/Cpu";
    private static final String INSN = "visor/cpu/Insn";
    private static final String NAME = "visor/cpu/Translated";
    private static final String COMPILED = "visor/cpu/CompiledBlock";
    /** Bytecode bytes of a method HotSpot still compiles (HugeMethodLimit is 8000). */
    static final int MAX_METHOD_BYTES = 7600;
    private static final Handle CLASS_DATA_AT = new Handle(H_INVOKESTATIC, "java/lang/invoke/MethodHandles",
            "classDataAt",
            "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/Class;I)Ljava/lang/Object;",
            false);

    /** A full-privilege lookup in visor.cpu (see {@link Jit#hostIn}). */
    private MethodHandles.Lookup lookup;

    void hostIn(MethodHandles.Lookup host) {
        if (!host.lookupClass().getPackageName().equals("visor.cpu") || !host.hasFullPrivilegeAccess()) {
            throw new IllegalArgumentException("translations live in visor.cpu, not " + host.lookupClass());
        }
        lookup = host;
    }
    /** Size of the last class file made, for the JIT's counters. */
    int lastClassBytes;
    /** Instructions of the last unit that became bytecode rather than handler calls. */
    int lastInlined;
    /** Blocks and instructions of the last unit translated. */
    int lastBlocks, lastInstructions;

    /** The translation of {@code region}, with fewer of its blocks when the method would be too big for C2. */
    CompiledBlock translate(Region region) {
        while (true) {
            List<Object> classData = new ArrayList<>();
            byte[] bytes = classFile(region, classData);
            if (bytes != null) {
                lastClassBytes = bytes.length;
                lastBlocks = region.blocks.size();
                lastInstructions = region.instructions();
                return define(region.blocks.get(0), bytes, classData);
            }
            region = region.prefix(region.blocks.size() / 2);
        }
    }

    private CompiledBlock define(Block entry, byte[] bytes, List<Object> classData) {
        try {
            // Not ClassOption.STRONG: the class unloads with its block once the code cache drops it.
            MethodHandles.Lookup hidden = lookup.defineHiddenClassWithClassData(bytes, List.copyOf(classData), true);
            return (CompiledBlock) hidden.findConstructor(hidden.lookupClass(),
                    java.lang.invoke.MethodType.methodType(void.class)).invoke();
        } catch (Throwable e) {
            throw new IllegalStateException("cannot define the translation of the block at PA 0x"
                    + Long.toHexString(entry.pa()), e);
        }
    }

    private static ConstantDynamic classData(int index, String descriptor) {
        return new ConstantDynamic("_", descriptor, CLASS_DATA_AT, index);
    }

    /** The class file, or null when its method exceeds {@link #MAX_METHOD_BYTES} with more than one block. */
    private byte[] classFile(Region region, List<Object> classData) {
        List<Block> blocks = region.blocks;
        int total = region.instructions();
        int[] words = new int[total];
        int[] inBlock = new int[total];
        int[] first = new int[blocks.size()];
        for (int k = 0, g = 0; k < blocks.size(); k++) {
            first[k] = g;
            Block b = blocks.get(k);
            for (int i = 0; i < b.length(); i++, g++) {
                words[g] = b.word(i);
                inBlock[g] = i;
            }
        }
        classData.add(words);
        classData.add(inBlock);

        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        cw.visit(V17, ACC_FINAL | ACC_SUPER, NAME, null, COMPILED, null);
        MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, "run", "(L" + CPU + ";J)I", null, null);
        mv.visitCode();
        RegisterLocals regs = new RegisterLocals(mv, total);
        Label start = new Label();
        Label end = new Label();
        Label caught = new Label();
        // One range for the unit: a guest exception is caught here, so it unwinds no further frame.
        mv.visitTryCatchBlock(start, end, caught, "java/lang/RuntimeException");
        regs.initialize();
        mv.visitLabel(start);
        boolean loops = region.hasInternalEdges();
        if (loops) {
            // A first pass (emitting nowhere) finds the registers the unit uses, which then stay in locals
            // across its internal edges.
            RegisterLocals scan = new RegisterLocals(new MethodVisitor(ASM9) { }, total);
            body(region, first, new InstructionEmitter(scan.visitor(), scan), scan, new ArrayList<>(), false);
            regs.enterLoop(scan.used, scan.written);
        }
        lastInlined = body(region, first, new InstructionEmitter(mv, regs), regs, classData, loops);
        mv.visitLabel(end);
        regs.emitExceptionHandler(caught, inBlock);
        Label methodEnd = new Label();
        mv.visitLabel(methodEnd);
        mv.visitMaxs(0, 0);
        mv.visitEnd();

        MethodVisitor init = cw.visitMethod(0, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(ALOAD, 0);
        init.visitLdcInsn(classData(0, "[I"));
        init.visitLdcInsn(classData(1, "[I"));
        init.visitMethodInsn(INVOKESPECIAL, COMPILED, "<init>", "([I[I)V", false);
        // Resolves every handler constant now: C1 and C2 refuse to compile a method with an unresolved
        // dynamic constant, which the ldc of a handler on a path not yet run would be.
        for (int h = 2; h < classData.size(); h++) {
            init.visitLdcInsn(classData(h, "L" + INSN + ";"));
            init.visitInsn(POP);
        }
        init.visitInsn(RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        cw.visitEnd();
        if (methodEnd.getOffset() > MAX_METHOD_BYTES && blocks.size() > 1) {
            return null;
        }
        return cw.toByteArray();
    }

    /**
     * Emits the region's blocks, each at its label and ending in a jump or a return; returns how many
     * instructions became bytecode rather than handler calls.
     */
    private static int body(Region region, int[] first, InstructionEmitter emitter, RegisterLocals regs,
            List<Object> classData, boolean loops) {
        List<Block> blocks = region.blocks;
        Label[] heads = new Label[blocks.size()];
        for (int k = 0; k < heads.length; k++) {
            heads[k] = new Label();
        }
        long entryPa = blocks.get(0).pa();
        emitter.labels(offset -> {
            int k = region.indexOf(entryPa + offset);
            return k < 0 ? null : heads[k];
        });
        MethodVisitor mv = regs.visitor();
        int inlined = 0;
        for (int k = 0; k < blocks.size(); k++) {
            Block block = blocks.get(k);
            int n = block.length();
            mv.visitLabel(heads[k]);
            if (loops) {
                regs.atBlockHead();
            }
            emitter.enterBlock((int) ((block.pa() - entryPa) >> 2), first[k], n);
            for (int i = 0; i < n; i++) {
                int word = block.word(i);
                Row row = A64Decoder.row(word);
                boolean last = i == n - 1;
                if (row != null && emitter.emit(row.name(), word, i, last)) {
                    inlined++;
                    continue;
                }
                // A handler reads and writes Cpu's fields: give it every register, take them back after.
                regs.flush();
                regs.enterTrapping(first[k] + i);
                emitter.setPc(i);
                mv.visitLdcInsn(classData(classData.size(), "L" + INSN + ";"));
                classData.add(block.op(i));
                mv.visitVarInsn(ALOAD, RegisterLocals.CPU_LOCAL);
                mv.visitLdcInsn(word);
                mv.visitMethodInsn(INVOKEINTERFACE, INSN, "execute", "(L" + CPU + ";I)V", true);
                regs.forget();
                if (last) {
                    // A handler that branched set the PC; otherwise execution goes on after it.
                    mv.visitVarInsn(ALOAD, RegisterLocals.CPU_LOCAL);
                    mv.visitMethodInsn(INVOKEVIRTUAL, CPU, "stepUnlessJumped", "()V", false);
                    mv.visitLdcInsn(n);
                    mv.visitInsn(IRETURN);
                }
            }
        }
        return inlined;
    }
}
