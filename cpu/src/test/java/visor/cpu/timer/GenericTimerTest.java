package visor.cpu.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import visor.cpu.Clock;
import visor.cpu.Cpu;
import visor.cpu.GenericTimer;
import visor.cpu.TestMachine;
import visor.cpu.a64.SystemTestSupport;

/** The generic timer (ARM ARM D11) through its System registers and the machine-facing API. */
class GenericTimerTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long TICKS_PER_SECOND = 19_200_000L;

    // Instruction words (aarch64-linux-gnu-as).
    private static final int MRS_X0_CNTFRQ = 0xd53be000;      // mrs x0, cntfrq_el0
    private static final int MRS_X0_CNTPCT = 0xd53be020;      // mrs x0, cntpct_el0
    private static final int MRS_X0_CNTVCT = 0xd53be040;      // mrs x0, cntvct_el0
    private static final int MSR_CNTVOFF_X1 = 0xd51ce061;     // msr cntvoff_el2, x1
    private static final int MRS_X0_CNTP_CTL = 0xd53be220;    // mrs x0, cntp_ctl_el0
    private static final int MSR_CNTP_CTL_X1 = 0xd51be221;    // msr cntp_ctl_el0, x1
    private static final int MRS_X0_CNTP_TVAL = 0xd53be200;   // mrs x0, cntp_tval_el0
    private static final int MSR_CNTP_TVAL_X1 = 0xd51be201;   // msr cntp_tval_el0, x1
    private static final int MRS_X0_CNTP_CVAL = 0xd53be240;   // mrs x0, cntp_cval_el0
    private static final int MSR_CNTP_CVAL_X1 = 0xd51be241;   // msr cntp_cval_el0, x1
    private static final int MSR_CNTFRQ_X1 = 0xd51be001;      // msr cntfrq_el0, x1
    private static final int MRS_X0_CNTHP_CTL = 0xd53ce220;   // mrs x0, cnthp_ctl_el2

    private static TestMachine at(int el, long nanos) {
        TestMachine m = SystemTestSupport.machineAt(el);
        m.clock.nanos = nanos;
        return m;
    }

    private static long exec(TestMachine m, int... words) {
        m.cpu.pc = TestMachine.CODE;
        SystemTestSupport.run(m, words);
        assertEquals(0L, m.cpu.esr[1] | m.cpu.esr[2], "no exception");
        return m.cpu.x[0];
    }

    @Test
    void frequencyIs19200000AndWritableAtEl2() {
        TestMachine m = at(2, 0);
        assertEquals(TICKS_PER_SECOND, exec(m, MRS_X0_CNTFRQ));
        m.cpu.x[1] = 54_000_000L;
        assertEquals(54_000_000L, exec(m, MSR_CNTFRQ_X1, MRS_X0_CNTFRQ));
    }

    @Test
    void physicalCountFollowsTheClock() {
        TestMachine m = at(1, SECOND);
        assertEquals(TICKS_PER_SECOND, exec(m, MRS_X0_CNTPCT));
        m.clock.nanos = SECOND + 1250;
        assertEquals(TICKS_PER_SECOND + 24, exec(m, MRS_X0_CNTPCT));
        m.clock.nanos = 52;
        assertEquals(0L, exec(m, MRS_X0_CNTPCT), "52 ns is less than one 19.2 MHz tick");
        m.clock.nanos = 53;
        assertEquals(1L, exec(m, MRS_X0_CNTPCT));
    }

    @Test
    void virtualCountSubtractsCntvoff() {
        TestMachine m = at(2, SECOND);
        m.cpu.x[1] = 1000;
        assertEquals(TICKS_PER_SECOND - 1000, exec(m, MSR_CNTVOFF_X1, MRS_X0_CNTVCT));
        m.cpu.x[1] = TICKS_PER_SECOND + 1; // the virtual count may wrap below zero
        assertEquals(-1L, exec(m, MSR_CNTVOFF_X1, MRS_X0_CNTVCT));
    }

    @Test
    void tvalWriteSetsCvalRelativeToNow() {
        TestMachine m = at(1, SECOND);
        m.cpu.x[1] = 1000;
        assertEquals(TICKS_PER_SECOND + 1000, exec(m, MSR_CNTP_TVAL_X1, MRS_X0_CNTP_CVAL));
        m.clock.nanos = SECOND + 10_000; // 192 ticks later
        assertEquals(808L, exec(m, MRS_X0_CNTP_TVAL));
    }

    @Test
    void tvalIsSignExtendedOnWriteAndTruncatedOnRead() {
        TestMachine m = at(1, SECOND);
        m.cpu.x[1] = 0xFFFF_FFFF_FFFF_FF00L; // TVAL -256; bits 63:32 ignored
        assertEquals(TICKS_PER_SECOND - 256, exec(m, MSR_CNTP_TVAL_X1, MRS_X0_CNTP_CVAL));
        assertEquals(0xFFFF_FF00L, exec(m, MRS_X0_CNTP_TVAL), "TVAL[31:0], bits 63:32 RES0");
        m.cpu.x[1] = 0x1_0000_0010L; // upper bits of the written value are ignored: TVAL = 16
        assertEquals(TICKS_PER_SECOND + 16, exec(m, MSR_CNTP_TVAL_X1, MRS_X0_CNTP_CVAL));
    }

    @Test
    void istatusComputedOnRead() {
        TestMachine m = at(1, SECOND);
        m.cpu.x[1] = TICKS_PER_SECOND + 100;
        exec(m, MSR_CNTP_CVAL_X1);
        m.cpu.x[1] = 1 | 4; // ENABLE; ISTATUS is read-only
        assertEquals(1L, exec(m, MSR_CNTP_CTL_X1, MRS_X0_CNTP_CTL), "not yet");
        m.clock.nanos = 2 * SECOND;
        assertEquals(5L, exec(m, MRS_X0_CNTP_CTL), "ENABLE | ISTATUS");
        m.cpu.x[1] = 3;
        assertEquals(7L, exec(m, MSR_CNTP_CTL_X1, MRS_X0_CNTP_CTL), "IMASK does not hide ISTATUS");
        m.cpu.x[1] = 0;
        assertEquals(0L, exec(m, MSR_CNTP_CTL_X1, MRS_X0_CNTP_CTL), "disabled: ISTATUS 0");
    }

    @Test
    void compareIsUnsigned() {
        TestMachine m = at(1, SECOND);
        GenericTimer t = m.cpu.timer;
        t.setCval(GenericTimer.PHYS, -1L);
        t.setCtl(GenericTimer.PHYS, 1);
        assertEquals(1L, t.ctl(GenericTimer.PHYS), "CVAL 2^64-1 is never reached");
        assertEquals(0, t.outputs());
        assertEquals(Long.MAX_VALUE, t.nextDeadlineNanos());
    }

    @Test
    void outputsNeedEnabledUnmaskedAndCondition() {
        TestMachine m = at(2, SECOND);
        GenericTimer t = m.cpu.timer;
        t.setCval(GenericTimer.PHYS, 0);
        t.setCval(GenericTimer.VIRT, 0);
        t.setCval(GenericTimer.HYP, 0);
        assertEquals(0, t.outputs(), "all disabled");
        t.setCtl(GenericTimer.PHYS, 1);
        assertEquals(GenericTimer.OUT_CNTPNS, t.outputs());
        t.setCtl(GenericTimer.VIRT, 1);
        t.setCtl(GenericTimer.HYP, 3);
        assertEquals(GenericTimer.OUT_CNTPNS | GenericTimer.OUT_CNTV, t.outputs(), "CNTHP masked");
        t.setCtl(GenericTimer.HYP, 1);
        assertEquals(GenericTimer.OUT_CNTPNS | GenericTimer.OUT_CNTV | GenericTimer.OUT_CNTHP, t.outputs());
        assertEquals(5L, exec(m, MRS_X0_CNTHP_CTL));
    }

    @Test
    void virtualTimerUsesTheVirtualCount() {
        TestMachine m = at(2, SECOND);
        GenericTimer t = m.cpu.timer;
        t.setCntvoff(TICKS_PER_SECOND / 2);
        t.setCval(GenericTimer.VIRT, TICKS_PER_SECOND);
        t.setCtl(GenericTimer.VIRT, 1);
        assertEquals(0, t.outputs(), "virtual count is half a second behind");
        assertEquals(SECOND + SECOND / 2, t.nextDeadlineNanos());
        m.clock.nanos = SECOND + SECOND / 2;
        assertEquals(GenericTimer.OUT_CNTV, t.outputs());
        assertEquals(m.clock.nanos, t.nextDeadlineNanos(), "already firing: now");
    }

    @Test
    void nextDeadlineIsTheEarliestEnabledUnmaskedTimer() {
        TestMachine m = at(2, SECOND);
        GenericTimer t = m.cpu.timer;
        assertEquals(Long.MAX_VALUE, t.nextDeadlineNanos());
        t.setCval(GenericTimer.PHYS, 3 * TICKS_PER_SECOND);
        t.setCtl(GenericTimer.PHYS, 1);
        t.setCval(GenericTimer.HYP, 2 * TICKS_PER_SECOND);
        t.setCtl(GenericTimer.HYP, 3); // masked: ignored
        assertEquals(3 * SECOND, t.nextDeadlineNanos());
        t.setCtl(GenericTimer.HYP, 1);
        assertEquals(2 * SECOND, t.nextDeadlineNanos());
        t.setCval(GenericTimer.PHYS, TICKS_PER_SECOND + 1);
        long d = t.nextDeadlineNanos();
        assertEquals(SECOND + 53, d, "rounded up to the first nanosecond the count reaches CVAL");
        assertTrue(Clock.counterTicks(d) >= TICKS_PER_SECOND + 1 && Clock.counterTicks(d - 1) < TICKS_PER_SECOND + 1);
    }

    @Test
    void eventStreamFiresOnTheSelectedBitTransition() {
        TestMachine m = at(2, 0);
        GenericTimer t = m.cpu.timer;
        assertEquals(Long.MAX_VALUE, t.nextEventStreamNanos());
        t.cntkctl = 4 | (3 << 4); // EVNTEN, bit 3 of CNTVCT rising: counts 8, 24, 40...
        assertEquals(Clock.nanosForTicks(8), t.nextEventStreamNanos());
        m.clock.nanos = Clock.nanosForTicks(8);
        assertEquals(Clock.nanosForTicks(24), t.nextEventStreamNanos());
        t.cntkctl = 4 | 8 | (3 << 4); // falling: counts 16, 32...
        assertEquals(Clock.nanosForTicks(16), t.nextEventStreamNanos());
    }

    @Test
    void writesNotifyTheMachineAndResetClears() {
        TestMachine m = at(1, SECOND);
        AtomicInteger changes = new AtomicInteger();
        m.cpu.timer.changeHook = changes::incrementAndGet;
        m.cpu.x[1] = 5;
        exec(m, MSR_CNTP_CVAL_X1, MSR_CNTP_CTL_X1, MSR_CNTP_TVAL_X1);
        assertEquals(3, changes.get());
        m.cpu.reset(TestMachine.CODE, 1);
        assertEquals(0L, m.cpu.timer.ctl(GenericTimer.PHYS));
        assertEquals(0L, m.cpu.timer.cval(GenericTimer.PHYS));
        assertEquals(TICKS_PER_SECOND, m.cpu.timer.cntfrq);
    }

    @Test
    void el0AccessWithCntkctl() {
        TestMachine m = at(0, SECOND);
        m.cpu.timer.cntkctl = 3; // EL0PCTEN | EL0VCTEN
        assertEquals(TICKS_PER_SECOND, exec(m, MRS_X0_CNTPCT));
        assertEquals(TICKS_PER_SECOND, exec(m, MRS_X0_CNTFRQ));
        Cpu cpu = m.cpu;
        assertEquals(0, cpu.el);
    }
}
