package visor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ExceptionLoopTest {
    /** VBAR_EL1 not 4-byte aligned: every vector fetch raises a PC alignment fault to the same vector. */
    private static TestMachine unfetchableVectors() {
        TestMachine m = new TestMachine(1);
        m.code(0x0000_0000); // UDF #0 enters the EL1 vectors
        m.cpu.vbar[1] = TestMachine.VECTORS + 2;
        return m;
    }

    @Test
    void fetchFaultLoopEndsTheBudget() {
        TestMachine m = unfetchableVectors();
        assertEquals(ExitReason.BUDGET, m.cpu.run(100));
        assertEquals(100, m.cpu.instret, "every exception entry counts as one step");
        assertEquals(ExceptionClass.PC_ALIGNMENT, (int) (m.cpu.esr[1] >>> 26));
        assertEquals(TestMachine.VECTORS + 2 + 0x200, m.cpu.far[1]);
    }

    @Test
    void loopIsReportedOnceThenSpinsOnWithinTheBudget() {
        TestMachine m = unfetchableVectors();
        assertEquals(ExitReason.EXCEPTION_LOOP, m.cpu.run(1_000_000));
        assertTrue(m.cpu.inExceptionLoop());
        // UDF, then EXCEPTION_LOOP_ENTRIES - 1 fetch faults after it.
        assertEquals(Cpu.EXCEPTION_LOOP_ENTRIES, m.cpu.instret);
        assertEquals(ExitReason.BUDGET, m.cpu.run(10_000));
        assertEquals(ExitReason.BUDGET, m.cpu.run(10_000));
    }

    @Test
    void handlerThatRetiresIsNoLoop() {
        TestMachine m = new TestMachine(1);
        // SVC #0 in a loop; the EL1 vector is `b .` replaced by ERET, so each exception retires the ERET.
        m.code(0xD400_0001, 0x17FF_FFFF); // svc #0; b -4
        m.memory.write(TestMachine.VECTORS + 0x200, 4, 0xD69F_03E0); // eret
        assertEquals(ExitReason.BUDGET, m.cpu.run(100_000));
        assertFalse(m.cpu.inExceptionLoop());
    }

    @Test
    void theReportNamesTheExceptionTheLoopBeganWith() {
        TestMachine m = new TestMachine(1);
        // Two instructions retire, then an SP alignment fault mid-block goes to vectors that cannot be fetched.
        m.code(0xd2800100, 0x9100001f, 0xf94003e1); // mov x0, #8; mov sp, x0; ldr x1, [sp]
        m.cpu.vbar[1] = TestMachine.VECTORS + 2;
        assertEquals(ExitReason.EXCEPTION_LOOP, m.cpu.run(1_000_000));
        String report = RegisterDump.exceptionLoop(m.cpu);
        assertTrue(report.contains("it began with ESR_EL1 9a000000 (EC 0x26) at ELR 0x" + Long.toHexString(TestMachine.CODE + 8)),
                report);
        assertEquals(ExceptionClass.PC_ALIGNMENT, (int) (m.cpu.esr[1] >>> 26), "the loop itself is the fetch fault");
    }
}
