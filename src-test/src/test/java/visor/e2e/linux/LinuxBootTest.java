package visor.e2e.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import visor.cli.Environment;
import visor.cli.Main;

/**
 * Debian's arm64 Linux kernel with the Pi 3 Model B device tree (guests/linux/, fetched by
 * scripts/fetch-linux.sh) on {@code visor boot --dtb --append}, as {@code qemu-system-aarch64 -M raspi3b
 * -kernel Image -dtb bcm2837-rpi-3-b.dtb -append ...} boots it: the whole kernel init runs, from earlycon's
 * first line through the timer, the four cores and the drivers, to the panic for the missing root file
 * system. scripts/test.sh fetches the kernel (scripts/fetch-linux.sh); without it the test is skipped,
 * except in CI or with VISOR_LINUX=1, where missing files fail it.
 */
class LinuxBootTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path IMAGE = ROOT.resolve("guests/linux/Image");
    private static final Path DTB = ROOT.resolve("guests/linux/bcm2837-rpi-3-b.dtb");

    @BeforeEach
    void needsTheKernel() {
        boolean present = Files.isRegularFile(IMAGE) && Files.isRegularFile(DTB);
        if (!present) {
            String why = "guests/linux/Image or bcm2837-rpi-3-b.dtb missing (run scripts/fetch-linux.sh)";
            if ("1".equals(System.getenv("VISOR_LINUX")) || "true".equals(System.getenv("CI"))) {
                fail(why + "; CI and VISOR_LINUX=1 require this test");
            }
            abort(why + "; skipped");
        }
    }

    private static String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Environment env = new Environment(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), null, null, false, Duration.ofMillis(500));
        int code = Main.run(env, args);
        return new String[] {Integer.toString(code), out.toString(StandardCharsets.UTF_8).replace("\r", ""),
                err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void kernelInitRunsToTheMissingRootFileSystemOnThePl011() {
        List<String> args = new ArrayList<>(List.of("boot", IMAGE.toString(), "--dtb", DTB.toString(),
                "--append", "earlycon=pl011,mmio32,0x3f201000 console=ttyAMA0", "--headless", "--timeout", "80"));
        String[] milestones = {
            "Booting Linux on physical CPU 0x0000000000 [0x410fd034]",
            "Machine model: Raspberry Pi 3 Model B",
            "Kernel command line: earlycon=pl011,mmio32,0x3f201000 console=ttyAMA0",
            "arch_timer: cp15 timer(s) running at 19.20MHz (phys).",
            "smp: Brought up 1 node, 4 CPUs",
            "CPU: All CPU(s) started at EL2",
            "3f201000.serial: ttyAMA0 at MMIO 0x3f201000",
            "printk: console [ttyAMA0] enabled",
            "Kernel panic - not syncing: VFS: Unable to mount root fs",
        };
        for (String m : milestones) {
            args.add("--expect");
            args.add(m);
        }
        String[] r = run(args.toArray(String[]::new));
        String transcript = "exit " + r[0] + "\n--- stdout ---\n" + r[1] + "\n--- stderr ---\n" + r[2];
        assertEquals("0", r[0], transcript);
        // The DTB's /memory as the firmware's split leaves it, and no core stuck on the way up.
        assertTrue(r[1].contains("node   0: [mem 0x0000000000000000-0x000000003bffffff]"), transcript);
        for (int cpu = 1; cpu <= 3; cpu++) {
            assertTrue(r[1].contains("CPU" + cpu + ": Booted secondary processor 0x000000000" + cpu + " [0x410fd034]"), transcript);
        }
    }
}
