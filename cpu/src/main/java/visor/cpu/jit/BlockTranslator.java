package visor.cpu.jit;

import static org.objectweb.asm.Opcodes.*;

import java.lang.invoke.MethodHandles;
import java.util.List;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import visor.cpu.Block;
import visor.cpu.CompiledBlock;
import visor.cpu.Insn;

/**
 * Translates a {@link Block} into a hidden class implementing {@link CompiledBlock}: one straight-line
 * method that calls each instruction's handler with its word as a constant. The handlers are the class's
 * constants (class data loaded by {@code ldc} of a dynamic constant), so every call site sees one receiver
 * and HotSpot inlines the handler and folds the operand fields of the constant word, instead of the
 * interpreter's one megamorphic {@code Insn.execute} per instruction.
 */
final class BlockTranslator {
    private static final String CPU = "visor/cpu/Cpu";
    private static final String INSN = "visor/cpu/Insn";
    private static final String NAME = "visor/cpu/jit/Translated";
    private static final Handle CLASS_DATA_AT = new Handle(H_INVOKESTATIC, "java/lang/invoke/MethodHandles",
            "classDataAt",
            "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/Class;I)Ljava/lang/Object;",
            false);

    private final MethodHandles.Lookup lookup = MethodHandles.lookup();
    /** Size of the last class file made, for the JIT's counters. */
    int lastClassBytes;

    CompiledBlock translate(Block block) {
        int n = block.length();
        byte[] bytes = classFile(block, n);
        lastClassBytes = bytes.length;
        Insn[] ops = new Insn[n];
        for (int i = 0; i < n; i++) {
            ops[i] = block.op(i);
        }
        try {
            // Not ClassOption.STRONG: the class unloads with its block once the code cache drops it.
            MethodHandles.Lookup hidden = lookup.defineHiddenClassWithClassData(bytes, List.of(ops), true);
            return (CompiledBlock) hidden.findConstructor(hidden.lookupClass(),
                    java.lang.invoke.MethodType.methodType(void.class)).invoke();
        } catch (Throwable e) {
            throw new IllegalStateException("cannot define the translation of the block at PA 0x"
                    + Long.toHexString(block.pa()), e);
        }
    }

    private static byte[] classFile(Block block, int n) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        cw.visit(V17, ACC_FINAL | ACC_SUPER, NAME, null, "java/lang/Object",
                new String[] {"visor/cpu/CompiledBlock"});
        MethodVisitor init = cw.visitMethod(0, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(ALOAD, 0);
        init.visitMethodInsn(INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();

        // int run(Cpu cpu /* 1 */, long base /* 2-3 */), local 4 = the index of the running instruction.
        MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, "run", "(L" + CPU + ";J)I", null, null);
        mv.visitCode();
        Label start = new Label();
        Label end = new Label();
        Label trapped = new Label();
        Label failed = new Label();
        // One range for the block: the guest exception is caught here, so it unwinds no further frame.
        mv.visitTryCatchBlock(start, end, trapped, "visor/cpu/Trap");
        mv.visitTryCatchBlock(start, end, failed, "java/lang/RuntimeException");
        mv.visitInsn(ICONST_0);
        mv.visitVarInsn(ISTORE, 4);
        mv.visitLabel(start);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                mv.visitLdcInsn(i);
                mv.visitVarInsn(ISTORE, 4);
            }
            mv.visitVarInsn(ALOAD, 1);
            mv.visitVarInsn(LLOAD, 2);
            if (i > 0) {
                mv.visitLdcInsn((long) i << 2);
                mv.visitInsn(LADD);
            }
            mv.visitFieldInsn(PUTFIELD, CPU, "pc", "J");
            // classDataAt wants the name "_" (ConstantDescs.DEFAULT_NAME).
            mv.visitLdcInsn(new ConstantDynamic("_", "L" + INSN + ";", CLASS_DATA_AT, i));
            mv.visitVarInsn(ALOAD, 1);
            mv.visitLdcInsn(block.word(i));
            mv.visitMethodInsn(INVOKEINTERFACE, INSN, "execute", "(L" + CPU + ";I)V", true);
        }
        mv.visitLabel(end);
        mv.visitLdcInsn(n);
        mv.visitInsn(IRETURN);
        // A guest exception was taken by instruction i: i instructions before it retired.
        mv.visitLabel(trapped);
        mv.visitInsn(POP);
        mv.visitVarInsn(ILOAD, 4);
        mv.visitInsn(IRETURN);
        // A Java exception (a bug in a handler): note which instruction raised it and rethrow.
        mv.visitLabel(failed);
        mv.visitVarInsn(ALOAD, 1);
        mv.visitVarInsn(ILOAD, 4);
        mv.visitFieldInsn(PUTFIELD, CPU, "compiledIndex", "I");
        mv.visitInsn(ATHROW);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }
}
