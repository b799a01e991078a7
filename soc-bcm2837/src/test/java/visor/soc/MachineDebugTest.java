package visor.soc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import visor.cpu.debug.DebugStop;

/** All-stop debugging of the bare machine: a core's breakpoint holds every core and freezes guest time. */
@Timeout(60)
class MachineDebugTest {
    /** At 0x80000: add x0, x0, #1; b .-4 (a counting loop). */
    private static final byte[] LOOP = {0x00, 0x04, 0x00, (byte) 0x91, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x17};

    private final LinkedBlockingQueue<Integer> stops = new LinkedBlockingQueue<>();

    private int nextStop() throws InterruptedException {
        Integer core = stops.poll(20, TimeUnit.SECONDS);
        assertTrue(core != null, "the machine never stopped");
        return core;
    }

    @Test
    void breakpointStepAndContinue() throws IOException, InterruptedException {
        Raspi3Machine m = new Raspi3Machine(MachineConfig.defaults().withClock(ClockMode.REALTIME));
        m.loadKernel(LOOP);
        m.addDebugStopListener(stops::add);
        m.debugger(0).addBreakpoint(0x80004);
        Thread t = new Thread(m::run, "machine");
        t.setDaemon(true);
        t.start();
        try {
            assertEquals(0, nextStop());
            m.onMachineThread(() -> {
                assertTrue(m.debugHalted());
                assertEquals(DebugStop.Kind.BREAKPOINT, m.core(0).debugger().lastStop().kind());
                // Stopped before the branch: the add ran once.
                assertEquals(0x80004, m.core(0).pc);
                assertEquals(1, m.core(0).x[0]);
                m.debugStep(0);
                return null;
            });
            assertEquals(0, nextStop());
            long frozen = m.onMachineThread(() -> {
                assertEquals(DebugStop.Kind.STEP, m.core(0).debugger().lastStop().kind());
                assertEquals(0x80000, m.core(0).pc, "the step took the branch");
                return m.clock().nanos();
            });
            // Held: guest time stands still however long the host waits.
            long host = System.nanoTime();
            while (System.nanoTime() - host < 2_000_000) {
                Thread.onSpinWait();
            }
            assertEquals(frozen, (long) m.onMachineThread(() -> m.clock().nanos()));
            m.onMachineThread(() -> {
                m.debugContinue();
                return null;
            });
            assertEquals(0, nextStop());
            m.onMachineThread(() -> {
                assertEquals(0x80004, m.core(0).pc);
                assertEquals(2, m.core(0).x[0], "continued past the breakpoint it stood on, once round the loop");
                return null;
            });
            assertThrows(IllegalStateException.class, () -> m.onMachineThread(() -> {
                m.debugStep(1);
                return null;
            }), "core 1 waits on the spin table");
        } finally {
            m.stop();
            t.join(5000);
        }
    }
}
