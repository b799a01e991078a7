package visor.cpu.a64;

import static org.junit.jupiter.api.Assertions.assertEquals;

import visor.cpu.Cpu;
import visor.cpu.ExceptionClass;
import visor.cpu.TestMachine;

/** Runs single instructions at EL1 on a {@link TestMachine} with chosen X registers. */
final class IntegerTestSupport {
    private IntegerTestSupport() {
    }

    /** Runs {@code words} with X1, X2, X3 preset (X0 = 0xDEAD_BEEF_DEAD_BEEF to show partial writes). */
    static Cpu run(int[] words, long x1, long x2, long x3) {
        TestMachine m = new TestMachine();
        m.code(words);
        m.cpu.x[0] = 0xDEAD_BEEF_DEAD_BEEFL;
        m.cpu.x[1] = x1;
        m.cpu.x[2] = x2;
        m.cpu.x[3] = x3;
        return m.run(words.length + 4);
    }

    /** Runs one instruction with PSTATE.NZCV preset to {@code nzcv} (N in bit 3). */
    static Cpu runFlags(int word, int nzcv, long x1, long x2, long x3) {
        TestMachine m = new TestMachine();
        m.code(word);
        m.cpu.setNzcv((long) nzcv << 28);
        m.cpu.x[0] = 0xDEAD_BEEF_DEAD_BEEFL;
        m.cpu.x[1] = x1;
        m.cpu.x[2] = x2;
        m.cpu.x[3] = x3;
        return m.run(5);
    }

    static Cpu run(int word, long x1, long x2, long x3) {
        return run(new int[] {word}, x1, x2, x3);
    }

    static Cpu run(int word, long x1, long x2) {
        return run(new int[] {word}, x1, x2, 0);
    }

    static Cpu run(int word, long x1) {
        return run(new int[] {word}, x1, 0, 0);
    }

    /** NZCV as a 4-bit number, N in bit 3. */
    static int nzcv(Cpu cpu) {
        return (int) (cpu.nzcv() >>> 28);
    }

    /** Asserts the instruction took an UNDEFINED exception to EL1 (EC 0) and left X0 alone. */
    /** Runs each word alone on a fresh machine whose X0-X4 hold {@code base}, and asserts each is UNDEFINED. */
    static void assertEachUndefined(long base, int... words) {
        for (int w : words) {
            TestMachine t = new TestMachine();
            for (int r = 0; r <= 4; r++) {
                t.cpu.x[r] = base;
            }
            t.code(w).run(2);
            assertEquals(TestMachine.VECTORS + 0x200, t.cpu.pc, Integer.toHexString(w));
            assertEquals(ExceptionClass.UNKNOWN, (int) (t.cpu.esr[1] >>> 26), Integer.toHexString(w));
        }
    }

    static void assertUndefined(Cpu cpu) {
        assertEquals(TestMachine.VECTORS + 0x200, cpu.pc, "UNDEFINED: vector");
        assertEquals(0x0200_0000L, cpu.esr[1], "EC=0 UNKNOWN");
        assertEquals(TestMachine.CODE, cpu.elr[1]);
        assertEquals(0, cpu.internalErrors, "no Java exception");
    }

    /** Asserts the instruction completed (the core reached the branch-to-self after it). */
    static void assertCompleted(Cpu cpu, int words) {
        assertEquals(TestMachine.CODE + 4L * words, cpu.pc, "completed");
    }
}
