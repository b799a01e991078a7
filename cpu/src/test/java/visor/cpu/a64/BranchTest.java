package visor.cpu.a64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static visor.cpu.a64.IntegerTestSupport.assertUndefined;

import org.junit.jupiter.api.Test;
import visor.cpu.Cpu;
import visor.cpu.TestMachine;

class BranchTest {
    private static final long CODE = TestMachine.CODE;

    /** Runs one branch at CODE with NZCV and X1, X2, X30 preset; returns the core (PC = next or target). */
    private static Cpu step(int word, int nzcv, long x1) {
        TestMachine m = new TestMachine();
        m.code(word);
        m.cpu.setNzcv((long) nzcv << 28);
        m.cpu.x[1] = x1;
        m.cpu.x[2] = 0x4_0000;
        m.cpu.x[30] = 0x5_0000;
        m.cpu.run(1);
        return m.cpu;
    }

    private static long pcAfter(int word, int nzcv, long x1) {
        return step(word, nzcv, x1).pc;
    }

    @Test
    void unconditionalImmediateKept() {
        assertEquals(CODE + 8, pcAfter(0x14000002, 0, 0)); // b .+8
        Cpu c = step(0x97fffffe, 0, 0); // bl .-8
        assertEquals(CODE - 8, c.pc);
        assertEquals(CODE + 4, c.x[30]);
    }

    @Test
    void conditionalBranch() {
        assertEquals(CODE + 8, pcAfter(0x54000040, 0b0100, 0)); // b.eq .+8
        assertEquals(CODE + 4, pcAfter(0x54000040, 0b0000, 0));
        assertEquals(CODE - 8, pcAfter(0x54ffffc1, 0b0000, 0)); // b.ne .-8
        assertEquals(CODE + 4, pcAfter(0x54ffffc1, 0b0100, 0));
        assertEquals(CODE + 12, pcAfter(0x5400006e, 0b0000, 0)); // b.al .+12
        assertEquals(CODE + 12, pcAfter(0x5400006f, 0b0000, 0)); // cond=1111 ("nv") also always
        assertUndefined(step(0x54000050, 0, 0)); // o0=1 (BC.cond of v8.8) has no row
    }

    @Test
    void compareAndBranch() {
        assertEquals(CODE + 8, pcAfter(0xb4000041, 0, 0)); // cbz x1, .+8
        assertEquals(CODE + 4, pcAfter(0xb4000041, 0, 1L << 40));
        assertEquals(CODE + 8, pcAfter(0x34000041, 0, 1L << 40)); // cbz w1, .+8: only W1 tested
        assertEquals(CODE + 8, pcAfter(0xb5000041, 0, 1L << 40)); // cbnz x1, .+8
        assertEquals(CODE - 0x10_0000, pcAfter(0x35800001, 0, 0x8000_0000L)); // cbnz w1, .-0x100000
        assertEquals(CODE + 4, pcAfter(0x35800001, 0, 1L << 32));
    }

    @Test
    void testAndBranch() {
        assertEquals(CODE + 8, pcAfter(0xb6f80041, 0, Long.MAX_VALUE)); // tbz x1, #63, .+8
        assertEquals(CODE + 4, pcAfter(0xb6f80041, 0, Long.MIN_VALUE));
        assertEquals(CODE + 4, pcAfter(0x36180041, 0, 8)); // tbz w1, #3, .+8
        assertEquals(CODE + 8, pcAfter(0xb7400041, 0, 1L << 40)); // tbnz x1, #40, .+8
        assertEquals(CODE + 4, pcAfter(0xb7400041, 0, 1L << 39));
        assertEquals(CODE - 0x8000, pcAfter(0x37040001, 0, 1)); // tbnz x1, #0, .-0x8000
    }

    @Test
    void branchToRegister() {
        assertEquals(0x1234_5678L, pcAfter(0xd61f0020, 0, 0x1234_5678L)); // br x1
        Cpu c = step(0xd63f0020, 0, 0x3_0000); // blr x1
        assertEquals(0x3_0000L, c.pc);
        assertEquals(CODE + 4, c.x[30]);
        c = step(0xd63f03c0, 0, 0); // blr x30: branches to the old X30
        assertEquals(0x5_0000L, c.pc);
        assertEquals(CODE + 4, c.x[30]);
        assertEquals(0x5_0000L, pcAfter(0xd65f03c0, 0, 0)); // ret
        assertEquals(0x4_0000L, pcAfter(0xd65f0040, 0, 0)); // ret x2
    }

    @Test
    void pointerAuthenticationBranchesAreUndefinedInV80() {
        assertUndefined(step(0xd71f0820, 0, 0)); // braa x1, x0
        assertUndefined(step(0xd61f083f, 0, 0)); // braaz x1
        assertUndefined(step(0xd65f0bff, 0, 0)); // retaa
        assertUndefined(step(0xd63f0820 | 0x1F, 0, 0)); // blraaz x1
        assertUndefined(step(0xd61f0021, 0, 0)); // br with op4 != 0
    }
}
