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
    private static final String NAME = "visor/cpu/jit/Translated";
    private static final Handle CLASS_DATA_AT = new Handle(H_INVOKESTATIC, "java/lang/invoke/MethodHandles",
            "classDataAt",
            "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/Class;I)Ljava/lang/Object;",
            false);

    private final MethodHandles.Lookup lookup = MethodHandles.lookup();
    /** Size of the last class file made, for the JIT's counters. */
    int lastClassBytes;
    /** Instructions of the last block that became bytecode rather than handler calls. */
    int lastInlined;

    CompiledBlock translate(Block block) {
        List<Insn> handlers = new ArrayList<>();
        byte[] bytes = classFile(block, handlers);
        lastClassBytes = bytes.length;
        try {
            // Not ClassOption.STRONG: the class unloads with its block once the code cache drops it.
            MethodHandles.Lookup hidden = lookup.defineHiddenClassWithClassData(bytes, List.copyOf(handlers), true);
            return (CompiledBlock) hidden.findConstructor(hidden.lookupClass(),
                    java.lang.invoke.MethodType.methodType(void.class)).invoke();
        } catch (Throwable e) {
            throw new IllegalStateException("cannot define the translation of the block at PA 0x"
                    + Long.toHexString(block.pa()), e);
        }
    }

    private byte[] classFile(Block block, List<Insn> handlers) {
        int n = block.length();
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

        MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, "run", "(L" + CPU + ";J)I", null, null);
        mv.visitCode();
        int lastWord = block.word(n - 1);
        Row lastRow = A64Decoder.row(lastWord);
        boolean loops = lastRow != null && InstructionEmitter.branchesToStart(lastRow.name(), lastWord, n);
        RegisterLocals regs = new RegisterLocals(mv);
        Label start = new Label();
        Label end = new Label();
        Label caught = new Label();
        // One range for the block: a guest exception is caught here, so it unwinds no further frame.
        mv.visitTryCatchBlock(start, end, caught, "java/lang/RuntimeException");
        regs.initialize();
        mv.visitLabel(start);
        Label loopHead = null;
        if (loops) {
            // A block whose last instruction branches to its first loops inside the method: a first pass
            // (emitting nowhere) finds the registers the body uses, which stay in locals across iterations.
            RegisterLocals scan = new RegisterLocals(new MethodVisitor(ASM9) { });
            body(block, new InstructionEmitter(scan.visitor(), scan), scan, new ArrayList<>(), null);
            regs.enterLoop(scan.used, scan.written);
            loopHead = new Label();
            mv.visitLabel(loopHead);
        }
        lastInlined = body(block, new InstructionEmitter(mv, regs), regs, handlers, loopHead);
        regs.flush();
        mv.visitLabel(end);
        mv.visitLdcInsn(n);
        mv.visitInsn(IRETURN);
        regs.emitExceptionHandler(caught, n);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    /** Emits the block's instructions; returns how many became bytecode rather than handler calls. */
    private static int body(Block block, InstructionEmitter emitter, RegisterLocals regs, List<Insn> handlers,
            Label loopHead) {
        int n = block.length();
        MethodVisitor mv = regs.visitor();
        emitter.loop(loopHead, n);
        int inlined = 0;
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
            regs.enterTrapping(i);
            emitter.setPc(i);
            mv.visitLdcInsn(new ConstantDynamic("_", "L" + INSN + ";", CLASS_DATA_AT, handlers.size()));
            handlers.add(block.op(i));
            mv.visitVarInsn(ALOAD, RegisterLocals.CPU_LOCAL);
            mv.visitLdcInsn(word);
            mv.visitMethodInsn(INVOKEINTERFACE, INSN, "execute", "(L" + CPU + ";I)V", true);
            regs.forget();
        }
        return inlined;
    }
}
