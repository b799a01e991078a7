package visor.cpu.diff;

import visor.cpu.Cpu;
import visor.cpu.TestMachine;

/**
 * Runs a sequence on our core at EL0 (MMU off) from the same PC as in the qemu harness, or at EL3 (a core
 * reset into EL3, Non-secure lower ELs, SP_EL0 selected as at EL0): data processing does not depend on
 * the EL, so both must give qemu's EL0 result.
 */
final class Interpreter {
    private final TestMachine machine = new TestMachine();
    private final long wordsAddress;
    private final int el;

    Interpreter(long wordsAddress) {
        this(wordsAddress, 0);
    }

    /** {@code el} is 0 or 3. */
    Interpreter(long wordsAddress, int el) {
        if (el != 0 && el != 3) {
            throw new IllegalArgumentException("EL" + el);
        }
        this.el = el;
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
        cpu.reset(wordsAddress, el == 3 ? 3 : 1);
        cpu.vbar[1] = TestMachine.VECTORS;
        cpu.vbar[2] = TestMachine.VECTORS + 0x1000;
        cpu.vbar[3] = TestMachine.VECTORS + 0x2000;
        cpu.cpacrEl1 = 3L << 20;
        cpu.cptrEl2 = 0;
        if (el == 3) {
            cpu.setScrEl3(Cpu.SCR_NS | Cpu.SCR_RW);
        }
        cpu.setElAndSpSel(el, false);
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
        // Every exception entry sets ESR_ELx.IL, so a non-zero ESR of the handler's EL means one was taken.
        int handler = el == 3 ? 3 : 1;
        for (int i = 0; i < 4 * words.length + 4 && cpu.esr[handler] == 0 && cpu.pc != end; i++) {
            cpu.run(1);
        }
        GuestState out = new GuestState();
        if (cpu.internalErrors != errorsBefore) {
            out.status = -1; // a Java exception inside an instruction: always a mismatch
            out.index = (int) ((cpu.elr[handler] - wordsAddress) >>> 2);
            return out;
        }
        if (cpu.esr[handler] != 0 || cpu.el != el) {
            long esr = cpu.esr[handler];
            out.status = esr >>> 26 == 0 ? GuestState.SIGILL : 1000 + (int) (esr >>> 26);
            out.index = (int) ((cpu.elr[handler] - wordsAddress) >>> 2);
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
