package visor.hv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static visor.hv.HypervisorTestSupport.awaitOutput;
import static visor.hv.HypervisorTestSupport.awaitState;
import static visor.hv.HypervisorTestSupport.words;

import org.junit.jupiter.api.Test;

/** The VMs share the host's RAM: one that runs out is crashed and gives its pages back; a VM that cannot start is not kept. */
class HostMemoryTest {
    static final long MIB = 1 << 20;

    /** Touches every page from 2 MiB upward, forever. */
    static final byte[] HOG = words(
            0xd2a00400, // mov x0, #0x200000
            0xf9000000, // 1: str x0, [x0]
            0x91400400, // add x0, x0, #1, lsl #12
            0x17fffffe); // b 1b

    @Test
    void aVmThatExhaustsHostMemoryIsCrashedAndItsPagesServeTheNextVm() throws Exception {
        try (HypervisorTestSupport t = new HypervisorTestSupport(8 * MIB)) {
            Vm echo = t.vm("echo", "guests/echo/echo.bin", 0, 0x100000, 16 * MIB);
            Vm hog = t.vm("hog", HOG, 256 * MIB);
            t.start();
            awaitState(hog, VmState.CRASHED, 20);
            assertTrue(hog.crashReason().startsWith("host memory exhausted backing IPA 0x"), hog.crashReason());
            assertTrue(hog.crashReason().matches(".*\\(\\d+ pages returned to the host\\)"), hog.crashReason());
            assertEquals(0, hog.stats().pages(), "a crashed VM holds no host page");
            awaitOutput(echo, "visor echo guest", 20);
            // Without the hog's pages back, the 8 MiB would be gone and this VM could not even load.
            Vm second = t.vm("hog2", HOG, 256 * MIB);
            awaitState(second, VmState.CRASHED, 20);
            assertTrue(second.stats().instructions() > 1000, "it ran on the returned pages before running out itself");
            t.assertAlive();
        }
    }

    @Test
    void aVmWhoseImageDoesNotFitInHostMemoryIsNotKept() throws Exception {
        try (HypervisorTestSupport t = new HypervisorTestSupport(512 * 1024)) {
            t.start();
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> t.vm("big", new byte[(int) MIB], 16 * MIB));
            assertTrue(e.getMessage().contains("could not be started: host memory exhausted"), e.getMessage());
            assertTrue(t.hv.vms().isEmpty(), "no zombie VM: " + t.hv.vms());
            assertFalse(t.hv.vm("big") != null);
            Vm small = t.vm("small", words(0x14000000), MIB); // b .
            assertEquals(1, small.id(), "the failed VM's id is free again");
            awaitState(small, VmState.RUNNING, 5);
            t.assertAlive();
        }
    }
}
