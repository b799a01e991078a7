package visor.hv;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static visor.hv.HypervisorTestSupport.awaitOutput;
import static visor.hv.HypervisorTestSupport.awaitOutputFrom;
import static visor.hv.HypervisorTestSupport.awaitState;
import static visor.hv.HypervisorTestSupport.output;

import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import visor.soc.ClockMode;

/**
 * Every demo guest at once as VMs on one core: echo, lrtos, two hostile guests, the MMIO-forms guest and
 * Debian's U-Boot, each checked against the transcript its README documents.
 */
class DemoGuestsVmTest {
    static final String UBOOT = "guests/uboot/u-boot.bin";
    static final long MIB = 1 << 20;

    @Test
    void allDemoGuestsRunTogether() throws Exception {
        assumeTrue(HypervisorTestSupport.guestExists(UBOOT), UBOOT + " is fetched by scripts/fetch-guests.sh");
        // Real time: U-Boot's drivers wait in udelay() loops on CNTPCT, which a virtual clock (one
        // nanosecond per instruction) stretches tenfold in host time.
        try (HypervisorTestSupport t = new HypervisorTestSupport(ClockMode.REALTIME, UnaryOperator.identity())) {
            Vm echo = t.vm("echo", "guests/echo/echo.bin", 0, 0x100000, 16 * MIB);
            Vm lrtos = t.vm("lrtos", "guests/lrtos/lrtos.bin", 0, 0x100000, 16 * MIB);
            Vm hostile1 = t.vm("hostile1", "guests/hostile/hostile.bin", 0, 0x100000, 16 * MIB);
            Vm hostile2 = t.vm("hostile2", "guests/hostile/hostile.bin", 0, 0x100000, 16 * MIB);
            Vm forms = t.vm("mmio-forms", "guests/mmio-forms/mmio-forms.bin", 0, 0x100000, 16 * MIB);
            Vm uboot = t.hv.create(new VmSpec("uboot", UBOOT, HypervisorTestSupport.guest(UBOOT),
                    0x80000, 0x80000, 0, 512 * MIB), true);
            t.start();

            // U-Boot: stop the autoboot countdown, then the three commands.
            awaitOutput(uboot, "Hit any key to stop autoboot", 50);
            uboot.console().type("\r".getBytes(StandardCharsets.US_ASCII));
            awaitOutput(uboot, "U-Boot> ", 20);
            String boot = output(uboot);
            assertTrue(boot.contains("DRAM:  512 MiB"), boot);
            assertTrue(boot.contains("RPI 3 Model B (0xa02082)"), boot);
            assertTrue(boot.contains("Card did not respond to voltage select! : -110"), "SDHOST, empty slot: " + boot);
            assertTrue(boot.contains("Bus usb@7e980000: USB DWC2") && boot.contains("1 USB Device(s) found"),
                    "the DWC2 host controller with only its root hub, as on the bare machine: " + boot);
            ubootCommand(uboot, "version", "U-Boot 2023.01");
            ubootCommand(uboot, "printenv", "board_revision=0xA02082");
            String bd = ubootCommand(uboot, "bdinfo", "-> size     = 0x0000000020000000");
            assertTrue(bd.contains("FB base     = 0x000000003c100000"), "framebuffer in VideoCore memory: " + bd);

            awaitOutput(forms, "TEST DONE", 20);
            String f = output(forms);
            assertTrue(f.contains("mmio-forms: 28 forms ok"), f);
            assertFalse(f.contains("FAIL"), f);

            for (Vm h : new Vm[] {hostile1, hostile2}) {
                awaitOutput(h, "hostile: probing beyond ram", 30);
                awaitState(h, VmState.CRASHED, 10);
                String out = output(h);
                assertTrue(out.contains("hostile: VM id " + h.id() + "\r\n"), out);
                assertTrue(out.contains("hostile: ram 0x1000000 bytes"), out);
                for (String phase : new String[] {"ram ok", "tables ok", "mmio ok"}) {
                    assertTrue(out.contains("hostile: " + phase), phase + ": " + out);
                }
                assertFalse(out.contains("FAIL") || out.contains("TEST DONE"), out);
                assertTrue(h.crashReason().startsWith("data abort outside its memory: IPA 0x1000000"), h.crashReason());
            }

            awaitOutput(lrtos, "abcde", 10);
            awaitOutput(lrtos, "12345", 10);
            awaitOutput(echo, "visor echo guest", 10);
            int from = output(echo).length();
            echo.console().type("still here\r".getBytes(StandardCharsets.US_ASCII));
            awaitOutputFrom(echo, from, "still here\r\n> ", 10);

            for (Vm vm : new Vm[] {echo, lrtos, forms, uboot}) {
                assertNotEquals(VmState.CRASHED, vm.state(), vm.name() + ": " + vm.crashReason());
            }
            assertTrue(forms.stats().mmio() > 0 && uboot.stats().mmio() > 0);
            t.assertAlive();
        }
    }

    /** Types {@code command} at the U-Boot prompt and waits for its output and the next prompt. */
    private static String ubootCommand(Vm uboot, String command, String expected) throws InterruptedException {
        int from = output(uboot).length();
        uboot.console().type((command + "\r").getBytes(StandardCharsets.US_ASCII));
        awaitOutputFrom(uboot, from, expected, 20);
        String out = awaitOutputFrom(uboot, from + command.length(), "U-Boot> ", 20);
        return out.substring(from);
    }
}
