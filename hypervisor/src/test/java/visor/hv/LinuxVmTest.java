package visor.hv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;
import static visor.hv.HypervisorTestSupport.awaitOutput;
import static visor.hv.HypervisorTestSupport.awaitOutputFrom;
import static visor.hv.HypervisorTestSupport.guest;
import static visor.hv.HypervisorTestSupport.output;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import visor.soc.boot.DeviceTree;

/**
 * Debian's arm64 Linux 6.1 as a VM: the package's Image, its Raspberry Pi 3 device tree (cut down to the
 * VM's one vCPU) and the busybox initramfs, booted at EL1 under the hypervisor with the console on the
 * virtual mini-UART, to a shell that answers what is typed (mini-UART receive interrupt through the
 * virtual BCM2835 interrupt controller). scripts/test.sh fetches and builds the files; without them the
 * test is skipped, except in CI or with VISOR_LINUX=1, where missing files fail it.
 */
class LinuxVmTest {
    static final String IMAGE = "guests/linux/Image";
    static final String DTB = "guests/linux/bcm2837-rpi-3-b.dtb";
    static final String INITRD = "guests/linux/initramfs.cpio.gz";
    static final long MIB = 1 << 20;

    @BeforeEach
    void needsTheKernel() {
        for (String f : new String[] {IMAGE, DTB, INITRD}) {
            if (!HypervisorTestSupport.guestExists(f)) {
                String why = f + " missing (scripts/fetch-linux.sh and scripts/make-initramfs.sh)";
                if ("1".equals(System.getenv("VISOR_LINUX")) || "true".equals(System.getenv("CI"))) {
                    fail(why + "; CI and VISOR_LINUX=1 require this test");
                }
                abort(why + "; skipped");
            }
        }
    }

    @Test
    void deviceTreeKeepsOnlyTheBootCpu() throws Exception {
        DeviceTree original = DeviceTree.parse(guest(DTB));
        assertEquals(4, original.node("/cpus").children().stream().filter(c -> c.name().startsWith("cpu@")).count());
        DeviceTree vm = DeviceTree.parse(LinuxVm.onlyBootCpu(guest(DTB)));
        assertEquals(java.util.List.of("cpu@0"), vm.node("/cpus").children().stream()
                .map(DeviceTree.Node::name).filter(n -> n.startsWith("cpu@")).toList());
    }

    @Test
    void bootsToBusyboxOnTheMiniUart() throws Exception {
        try (HypervisorTestSupport t = new HypervisorTestSupport()) {
            Vm linux = t.hv.create(LinuxVm.spec("linux", IMAGE, guest(IMAGE), guest(DTB),
                    "console=ttyS1,115200 rdinit=/init", guest(INITRD), 256 * MIB), true);
            t.start();
            String boot = awaitOutput(linux, "visor:/# ", 55);
            assertTrue(boot.contains("Machine model: Raspberry Pi 3 Model B"), boot);
            assertTrue(boot.contains("CPU: All CPU(s) started at EL1"), "a VM's kernel runs at EL1: " + boot);
            assertTrue(boot.contains("smp: Brought up 1 node, 1 CPU") && !boot.contains("failed to come online"),
                    "one vCPU, no secondary left waiting: " + boot);
            assertTrue(boot.contains("node   0: [mem 0x0000000000000000-0x000000000fffffff]"), "/memory = the VM's 256 MiB: " + boot);
            assertTrue(boot.contains("visor: busybox up (") && boot.contains(", 1 cpus)"), boot);
            assertFalse(boot.contains("Kernel panic") || boot.contains("Oops") || boot.contains("WARNING:"), boot);

            int from = output(linux).length();
            linux.console().type("uname -m\r".getBytes(StandardCharsets.US_ASCII));
            awaitOutputFrom(linux, from, "aarch64\r\nvisor:/# ", 20);
            assertNull(linux.crashReason());
            t.assertAlive();
        }
    }
}
