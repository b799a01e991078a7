package visor.cpu.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import visor.cpu.Cpu;
import visor.cpu.ExitReason;
import visor.cpu.TestMachine;

class DebuggerTest {
    private static final int MOVZ_X0_1 = 0xD2800020;
    private static final int ADD_X0_X0_1 = 0x91000400;
    private static final int STR_X0_X1 = 0xF9000020;
    private static final int LDR_X2_X1 = 0xF9400022;
    private static final int NOP = 0xD503201F;
    private static final long CODE = TestMachine.CODE;
    private static final long DATA = 0x20_0000;

    private final TestMachine m = new TestMachine(1).normalMemory();
    private final Cpu cpu = m.cpu;
    private final Debugger d = new Debugger(cpu);

    private Debugger attached(int... code) {
        m.code(code);
        cpu.x[1] = DATA;
        cpu.attachDebugger(d);
        return d;
    }

    @Test
    void breakpointInsideABlockStopsBeforeItsInstruction() {
        attached(MOVZ_X0_1, ADD_X0_X0_1, ADD_X0_X0_1, ADD_X0_X0_1);
        d.addBreakpoint(CODE + 8);
        assertEquals(ExitReason.DEBUG, cpu.run(1000));
        assertEquals(new DebugStop(DebugStop.Kind.BREAKPOINT, CODE + 8, 0, null), d.lastStop());
        assertEquals(CODE + 8, cpu.pc);
        assertEquals(2, cpu.x[0], "MOVZ and one ADD ran, the ADD at the breakpoint did not");
    }

    @Test
    void continueFromABreakpointRunsItsInstructionAndHitsItAgainOnTheNextPass() {
        // CODE: add x0,x0,#1 ; b CODE  (a loop through the breakpoint)
        m.code(ADD_X0_X0_1, 0x17FFFFFF);
        cpu.attachDebugger(d);
        d.addBreakpoint(CODE);
        assertEquals(ExitReason.DEBUG, cpu.run(1000));
        assertEquals(0, cpu.x[0]);
        d.resume();
        assertEquals(ExitReason.DEBUG, cpu.run(1000));
        assertEquals(1, cpu.x[0], "one trip round the loop between the two hits");
        assertEquals(CODE, cpu.pc);
    }

    @Test
    void stepExecutesExactlyOneInstruction() {
        attached(MOVZ_X0_1, ADD_X0_X0_1, ADD_X0_X0_1);
        d.step();
        assertEquals(ExitReason.DEBUG, cpu.run(1000));
        assertEquals(DebugStop.Kind.STEP, d.lastStop().kind());
        assertEquals(CODE + 4, cpu.pc);
        assertEquals(1, cpu.x[0]);
        d.step();
        cpu.run(1000);
        assertEquals(CODE + 8, cpu.pc);
        assertEquals(2, cpu.x[0]);
    }

    @Test
    void stepLeavesAPendingInterruptUntakenByDefault() {
        attached(NOP, NOP);
        cpu.daif = 0;
        cpu.setIrqLine(true);
        d.step();
        cpu.run(1000);
        assertEquals(CODE + 4, cpu.pc, "the NOP ran; the IRQ was not taken");
        d.setStepMasksInterrupts(false);
        d.step();
        cpu.run(1000);
        assertEquals(TestMachine.VECTORS + 0x280, cpu.pc, "IRQ to EL1 current EL with SPx, then the step stops");
    }

    @Test
    void writeWatchpointStopsAfterTheStoreWithTheDataAddress() {
        attached(MOVZ_X0_1, LDR_X2_X1, STR_X0_X1, NOP, NOP);
        d.addWatchpoint(DATA + 4, 2, WatchKind.WRITE);
        assertEquals(ExitReason.DEBUG, cpu.run(1000));
        DebugStop s = d.lastStop();
        assertEquals(DebugStop.Kind.WATCHPOINT, s.kind());
        assertEquals(CODE + 12, s.pc(), "stopped after the STR, not at the LDR before it");
        assertEquals(DATA + 4, s.dataAddress());
        assertEquals(1, cpu.memory.read(DATA, 8), "the store completed");
    }

    @Test
    void readWatchpointSeesAccessesThroughAWarmMicroTlb() {
        attached(LDR_X2_X1, LDR_X2_X1, NOP);
        cpu.detachDebugger();
        cpu.run(1); // the data page is now in the read micro-TLB
        assertEquals(CODE + 12, cpu.pc);
        cpu.pc = CODE;
        cpu.attachDebugger(d);
        d.addWatchpoint(DATA, 8, WatchKind.READ);
        assertEquals(ExitReason.DEBUG, cpu.run(1000));
        assertEquals(DebugStop.Kind.WATCHPOINT, d.lastStop().kind());
        assertEquals(CODE + 4, cpu.pc, "stopped after the first LDR");
    }

    @Test
    void haltRequestStopsARunningCoreAndASleepingOne() {
        attached(0x14000000); // b .
        d.requestHalt();
        assertEquals(ExitReason.DEBUG, cpu.run(1000));
        assertEquals(DebugStop.Kind.HALT, d.lastStop().kind());
        m.code(0xD503207F); // WFI
        d.resume();
        assertEquals(ExitReason.WFI, cpu.run(1000));
        d.requestHalt();
        assertEquals(ExitReason.DEBUG, cpu.run(1000));
        assertEquals(CODE + 4, d.lastStop().pc());
    }

    @Test
    void removedBreakpointAndDetachedCoreRunFreely() {
        attached(MOVZ_X0_1, ADD_X0_X0_1, ADD_X0_X0_1);
        d.addBreakpoint(CODE + 4);
        d.removeBreakpoint(CODE + 4);
        assertEquals(ExitReason.BUDGET, cpu.run(3));
        assertEquals(3, cpu.x[0]);
        assertNull(d.lastStop());
        cpu.detachDebugger();
        assertNull(cpu.debugger());
    }
}
