package visor.hv;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Our own guests run as VMs under the modelled EL2 hypervisor. */
class GuestVmTest {
    @Test
    void echoGuestPrintsItsBannerAndEchoesInput() throws Exception {
        try (HypervisorTestSupport t = new HypervisorTestSupport()) {
            Vm echo = t.vm("echo", "guests/echo/echo.bin", 0, 0x100000, 16 << 20);
            t.start();
            HypervisorTestSupport.awaitOutput(echo, "visor echo guest", 10);
            echo.console().type("hello\r".getBytes(StandardCharsets.US_ASCII));
            String out = HypervisorTestSupport.awaitOutput(echo, "hello\r\n", 10);
            assertTrue(out.contains("> hello\r\n"), out);
            assertTrue(echo.state().schedulable(), "running or waiting for input: " + echo.state());
            assertTrue(echo.stats().mmio() > 0, "UART accesses trapped as MMIO");
            assertTrue(echo.stats().pages() > 0, "guest RAM backed on demand");
        }
    }

    @Test
    void lrtosInterleavesItsTwoUserProcesses() throws Exception {
        try (HypervisorTestSupport t = new HypervisorTestSupport()) {
            Vm lrtos = t.vm("lrtos", "guests/lrtos/lrtos.bin", 0, 0x100000, 16 << 20);
            t.start();
            String out = HypervisorTestSupport.awaitOutput(lrtos, "abcde", 20);
            out = HypervisorTestSupport.awaitOutput(lrtos, "12345", 20);
            assertTrue(lrtos.stats().virqs() > 0, "timer interrupts injected as virtual IRQs");
        }
    }
}
