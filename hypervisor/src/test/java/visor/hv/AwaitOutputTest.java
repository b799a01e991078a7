package visor.hv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static visor.hv.HypervisorTestSupport.awaitOutput;
import static visor.hv.HypervisorTestSupport.words;

import org.junit.jupiter.api.Test;

/**
 * The end-to-end waits count the hypervisor thread's own time: a guest that loops without printing
 * keeps that thread running, so the wait for its output fails instead of stretching forever.
 */
class AwaitOutputTest {
    @Test
    void aWaitForOutputALoopingGuestNeverPrintsFails() throws Exception {
        try (HypervisorTestSupport t = new HypervisorTestSupport()) {
            Vm vm = t.vm("loop", words(0x14000000), 1 << 20); // b .
            t.start();
            AssertionError e = assertThrows(AssertionError.class, () -> awaitOutput(vm, "never printed", 1));
            assertTrue(e.getMessage().contains("s of hypervisor time"), e.getMessage());
            assertEquals(VmState.RUNNING, vm.state());
            t.assertAlive();
        }
    }
}
