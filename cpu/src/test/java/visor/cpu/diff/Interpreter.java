package visor.cpu.diff;

import visor.cpu.Cpu;
import visor.cpu.TestMachine;

/** Runs a sequence on our core at EL0 (MMU off) from the same PC as in the qemu harness. */
final class Interpreter {
    private final TestMachine machine = new TestMachine();
    private final long wordsAddress;

    Interpreter(long wordsAddress) {
        if ((wordsAddress & 0xFFF) != 0 || wordsAddress + 0x2000 > machine.memory.ramSize()) {
            throw new IllegalStateException("harness words at 0x" + Long.toHexString(wordsAddress)
                    + " are not a page inside the test machine's RAM");
        }
        this.wordsAddress = wordsAddress;
    }

    private final GuestState zero = new GuestState();

    /** True if {@code word} alone, from an all-zero state, is UNDEFINED on our core. */
    boolean undefinedAlone(int word) {
        return run(new Sequence(0, new int[] {word}, zero)).status == GuestState.SIGILL;
    }

    /** The final state, or status SIGILL with the word index when an instruction was UNDEFINED. */
    GuestState run(Sequence s) {
        Cpu cpu = machine.cpu;
        int[] words = s.words();
        for (int i = 0; i < words.length; i++) {
            machine.memory.write(wordsAddress + 4L * i, 4, words[i]);
        }
        long end = wordsAddress + 4L * words.length;
        machine.memory.write(end, 4, 0x14000000); // b .
        cpu.codeCache.invalidateAll();
        cpu.reset(wordsAddress, 1);
        cpu.vbar[1] = TestMachine.VECTORS;
        cpu.vbar[2] = TestMachine.VECTORS + 0x1000;
        cpu.cpacrEl1 = 3L << 20;
        cpu.cptrEl2 = 0;
        cpu.setElAndSpSel(0, false);
        cpu.daif = 0;
        cpu.updateFpAccess();
        GuestState in = s.initial();
        System.arraycopy(in.x, 0, cpu.x, 0, 31);
        cpu.sp = in.sp;
        cpu.setNzcv(in.nzcv);
        cpu.fpcr = (int) in.fpReg;
        cpu.fpsr = 0;
        System.arraycopy(in.v, 0, cpu.vreg, 0, 64);
        long errorsBefore = cpu.internalErrors;
        for (int i = 0; i < 4 * words.length + 4 && cpu.el == 0 && cpu.pc != end; i++) {
            cpu.run(1);
        }
        GuestState out = new GuestState();
        if (cpu.internalErrors != errorsBefore) {
            out.status = -1; // a Java exception inside an instruction: always a mismatch
            out.index = (int) ((cpu.elr[1] - wordsAddress) >>> 2);
            return out;
        }
        if (cpu.el != 0) {
            out.status = cpu.esr[1] >>> 26 == 0 ? GuestState.SIGILL : 1000 + (int) (cpu.esr[1] >>> 26);
            out.index = (int) ((cpu.elr[1] - wordsAddress) >>> 2);
            return out;
        }
        if (cpu.pc != end) {
            out.status = -2; // did not reach the end: a branch or a loop
            return out;
        }
        System.arraycopy(cpu.x, 0, out.x, 0, 31);
        out.sp = cpu.sp;
        out.nzcv = cpu.nzcv();
        out.fpReg = cpu.fpsr & 0xFFFF_FFFFL;
        System.arraycopy(cpu.vreg, 0, out.v, 0, 64);
        return out;
    }
}
