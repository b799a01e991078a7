package visor.hv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import visor.cpu.debug.DebugStop;

/** A vCPU's debugger pauses only its VM: a breakpoint, a step, a continue, while the other VM runs on. */
@Timeout(120)
class VmDebugTest {
    private final LinkedBlockingQueue<Vm> stops = new LinkedBlockingQueue<>();

    private Vm nextStop() throws InterruptedException {
        Vm vm = stops.poll(30, TimeUnit.SECONDS);
        assertTrue(vm != null, "no VM stopped");
        return vm;
    }

    @Test
    void aBreakpointPausesOneVmAndTheOtherRunsOn() throws Exception {
        try (HypervisorTestSupport t = new HypervisorTestSupport()) {
            // add x0, x0, #1; b .-4 at IPA 0.
            Vm loop = t.vm("loop", HypervisorTestSupport.words(0x9100_0400, 0x17FF_FFFF), 1 << 20);
            Vm echo = t.vm("echo", "guests/echo/echo.bin", 0, 0x100000, 16 << 20);
            t.hv.addDebugStopListener(stops::add);
            t.hv.debugger(loop).addBreakpoint(0x4);
            t.start();
            assertEquals(loop, nextStop());
            assertEquals(VmState.PAUSED, loop.state());
            assertEquals(DebugStop.Kind.BREAKPOINT, loop.vcpu().debugger().lastStop().kind());
            assertEquals(0x4, (long) t.hv.onMachineThread(() -> loop.vcpu().pc));

            // echo boots and answers while loop stands at its breakpoint.
            HypervisorTestSupport.awaitOutput(echo, "visor echo guest\r\n> ", 60);
            echo.console().type("x".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            HypervisorTestSupport.awaitOutput(echo, "> x", 60);
            assertEquals(VmState.PAUSED, loop.state());

            t.hv.step(loop);
            assertEquals(loop, nextStop());
            assertEquals(DebugStop.Kind.STEP, loop.vcpu().debugger().lastStop().kind());
            assertEquals(0x0, (long) t.hv.onMachineThread(() -> loop.vcpu().pc), "the step took the branch");

            t.hv.resume(loop);
            assertEquals(loop, nextStop());
            assertEquals(2L, (long) t.hv.onMachineThread(() -> loop.vcpu().x[0]), "once round the loop, past the breakpoint");
            t.assertAlive();
        }
    }
}
