package visor.hv;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    void resetStartsEveryStatisticAfresh() throws Exception {
        try (HypervisorTestSupport t = new HypervisorTestSupport()) {
            Vm echo = t.vm("echo", "guests/echo/echo.bin", 0, 0x100000, 16 << 20);
            t.start();
            HypervisorTestSupport.awaitOutput(echo, "visor echo guest", 10);
            assertTrue(echo.stats().mmio() > 0 && echo.stats().pf() > 0);
            VmStats fresh = t.hv.onMachineThread(() -> {
                t.hv.reset(echo);
                return echo.stats();
            });
            assertEquals(0, fresh.mmio(), "mmio");
            assertEquals(0, fresh.pf(), "page faults");
            assertEquals(0, fresh.instructions(), "instructions");
            long imagePages = (echo.spec().image().length + 0xFFFL) >> 12;
            assertEquals(imagePages, fresh.pages(), "only the pages the image was loaded into");
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

    /** The MMIO-forms guest prints exactly its QEMU transcript: every load/store form reaches the device. */
    @Test
    void mmioFormsGuestMatchesItsTranscript() throws Exception {
        try (HypervisorTestSupport t = new HypervisorTestSupport()) {
            Vm forms = t.vm("mmio-forms", "guests/mmio-forms/mmio-forms.bin", 0, 0x100000, 16 << 20);
            t.start();
            String out = HypervisorTestSupport.awaitOutput(forms, "TEST DONE", 20);
            assertEquals(transcript("guests/mmio-forms/expected.txt"), out.replace("\r\n", "\n"));
        }
    }

    /**
     * The mini-UART receive interrupt (AUX bit 0, legacy controller bank 1 bit 29) reaches a guest loaded
     * at 0x80000 with SP 0 as a virtual IRQ: the mechanism FreeRTOS's Pi 3 port uses for its console.
     */
    @Test
    void miniUartInterruptsReachAGuestAt0x80000() throws Exception {
        try (HypervisorTestSupport t = new HypervisorTestSupport()) {
            Vm vm = t.vm("uart-irq", "guests/tests/uart-irq/uart-irq.bin", 0x80000, 0, 16 << 20);
            vm.console().type("Hello, visor 42!\n".getBytes(StandardCharsets.US_ASCII));
            t.start();
            String out = HypervisorTestSupport.awaitOutput(vm, "TEST DONE", 20);
            assertEquals(transcript("guests/tests/uart-irq/expected.txt"), out.replace("\r\n", "\n"));
            assertTrue(vm.stats().virqs() > 0);
        }
    }

    /** CNTP, CNTV (through CNTVOFF_EL2 and the virtual local peripherals) and the ARM local timer in a VM. */
    @Test
    void genericTimersInterruptAVm() throws Exception {
        try (HypervisorTestSupport t = new HypervisorTestSupport()) {
            Vm vm = t.vm("gentimer", "guests/tests/gentimer/gentimer.bin", 0x80000, 0, 16 << 20);
            t.start();
            String out = HypervisorTestSupport.awaitOutput(vm, "TEST DONE", 20);
            String expected = transcript("guests/tests/gentimer/expected.txt")
                    .replace("CNTFRQ_EL0 62500000", "CNTFRQ_EL0 19200000"); // a Pi 3's value (design.md §1)
            assertEquals(expected, out.replace("\r\n", "\n"));
        }
    }

    private static String transcript(String path) throws java.io.IOException {
        return new String(HypervisorTestSupport.guest(path), StandardCharsets.US_ASCII);
    }
}
