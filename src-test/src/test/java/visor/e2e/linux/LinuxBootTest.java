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
 * scripts/fetch-linux.sh) and a busybox initramfs (scripts/make-initramfs.sh) on {@code visor boot --dtb
 * --initrd --append}, as {@code qemu-system-aarch64 -M raspi3b -kernel Image -dtb ... -initrd ... -append
 * ...} boots them: the whole kernel init runs, from earlycon's first line through the timer, the four
 * cores and the drivers, to busybox's shell on the PL011, which answers what is typed into the console
 * (PL011 receive interrupt, GPU IRQ 57, through the BCM2835 and BCM2836 interrupt controllers). The device
 * tree is the package's with the PL011's bluetooth child disabled, so that ttyAMA0 is a tty, not a serdev
 * port. scripts/test.sh fetches and builds the files; without them the test is skipped, except in CI or
 * with VISOR_LINUX=1, where missing files fail it.
 */
class LinuxBootTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path IMAGE = ROOT.resolve("guests/linux/Image");
    private static final Path DTB = ROOT.resolve("guests/linux/bcm2837-rpi-3-b-nobt.dtb");
    private static final Path INITRD = ROOT.resolve("guests/linux/initramfs.cpio.gz");
    private static final String PROMPT = "visor:/# ";

    @BeforeEach
    void needsTheKernel() {
        boolean present = Files.isRegularFile(IMAGE) && Files.isRegularFile(DTB) && Files.isRegularFile(INITRD);
        if (!present) {
            String why = "guests/linux/Image, bcm2837-rpi-3-b-nobt.dtb or initramfs.cpio.gz missing"
                    + " (run scripts/fetch-linux.sh and scripts/make-initramfs.sh)";
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
    void kernelBootsToABusyboxShellThatAnswersOnThePl011() {
        String cmdline = "earlycon=pl011,mmio32,0x3f201000 console=ttyAMA0 rdinit=/init";
        List<String> args = new ArrayList<>(List.of("boot", IMAGE.toString(), "--dtb", DTB.toString(),
                "--initrd", INITRD.toString(), "--append", cmdline, "--serial", "pl011", "--headless",
                "--timeout", "80"));
        String[] milestones = {
            "Booting Linux on physical CPU 0x0000000000 [0x410fd034]",
            "Machine model: Raspberry Pi 3 Model B",
            "Kernel command line: " + cmdline,
            "arch_timer: cp15 timer(s) running at 19.20MHz (phys).",
            "smp: Brought up 1 node, 4 CPUs",
            "CPU: All CPU(s) started at EL2",
            "Trying to unpack rootfs image as initramfs...",
            "3f201000.serial: ttyAMA0 at MMIO 0x3f201000",
            "printk: console [ttyAMA0] enabled",
            "Run /init as init process",
            "visor: busybox up (6.1.",
            PROMPT,
        };
        for (String m : milestones) {
            args.addAll(List.of("--expect", m));
        }
        // Each command is typed once the shell prompts for it, so the shell, not the tty, echoes it.
        for (String command : List.of("uname -m", "cat /proc/cpuinfo | grep -c processor", "ls /")) {
            args.addAll(List.of("--send", command + "\\n", "--expect", command, "--expect", PROMPT));
        }
        String[] r = run(args.toArray(String[]::new));
        String transcript = "exit " + r[0] + "\n--- stdout ---\n" + r[1] + "\n--- stderr ---\n" + r[2];
        assertEquals("0", r[0], transcript);
        // The DTB's /memory as the firmware's split leaves it, and no core stuck on the way up.
        assertTrue(r[1].contains("node   0: [mem 0x0000000000000000-0x000000003bffffff]"), transcript);
        for (int cpu = 1; cpu <= 3; cpu++) {
            assertTrue(r[1].contains("CPU" + cpu + ": Booted secondary processor 0x000000000" + cpu + " [0x410fd034]"), transcript);
        }
        // The clock manager as the firmware leaves it: every PLL locks and the UART clocks have rates.
        assertTrue(!r[1].contains("couldn't lock PLL"), transcript);
        assertTrue(!r[1].contains("WARNING:"), "no kernel WARNING (e.g. a 0 Hz UART clock)\n" + transcript);
        // What the commands printed, on the lines after them: init saw four cores in /proc/cpuinfo too.
        assertTrue(r[1].matches("(?s).*visor: busybox up \\(6\\.1\\.[^,]*, 4 cpus\\).*"), transcript);
        assertTrue(r[1].contains("uname -m\naarch64\n" + PROMPT), transcript);
        assertTrue(r[1].contains("grep -c processor\n4\n" + PROMPT), transcript);
        int ls = r[1].indexOf("ls /\n");
        String listing = r[1].substring(ls, r[1].indexOf(PROMPT, ls));
        for (String entry : List.of("bin", "dev", "init", "proc", "sys")) {
            assertTrue(listing.contains(entry), "ls / lists " + entry + "\n" + transcript);
        }
    }

    /**
     * The firmware's simple-framebuffer node in /chosen (640x480 a8r8g8b8 at 0x3C100000) gives Linux
     * simplefb and fbcon: with console=tty1 the boot log is drawn on the screen, in fbcon's default grey
     * (VGA colour 7, 0xAAAAAA) on black, from the top row down.
     */
    @Test
    void fbconDrawsTheBootLogOnTheFirmwareFramebuffer(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path png = dir.resolve("linux.png");
        String[] r = run("boot", IMAGE.toString(), "--dtb", DTB.toString(), "--initrd", INITRD.toString(),
                "--append", "console=tty1 console=ttyAMA0 rdinit=/init", "--serial", "pl011", "--headless",
                "--timeout", "150", "--expect", "simple-framebuffer 3c100000.framebuffer: fb0: simplefb registered!",
                "--expect", "Run /init as init process", "--screenshot", png.toString());
        assertEquals("0", r[0], "exit code; stdout:\n" + r[1] + "\nstderr:\n" + r[2]);
        assertTrue(r[1].contains("format=a8r8g8b8, mode=640x480x32, linelength=2560"), r[1]);
        assertFbconTopRow(png);
    }

    /** The same as a VM ({@code run}): its device tree gets the node for its own framebuffer, in its IPA space. */
    @Test
    void fbconDrawsTheBootLogOnALinuxVmsFramebuffer(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path png = dir.resolve("vm.png");
        Path config = dir.resolve("linux.toml");
        Files.writeString(config, "[[vm]]\nname = \"linux\"\nimage = \"" + IMAGE + "\"\ndtb = \""
                + ROOT.resolve("guests/linux/bcm2837-rpi-3-b.dtb") + "\"\ninitrd = \"" + INITRD + "\"\n"
                + "append = \"console=tty1 console=ttyS1,115200 rdinit=/init\"\nmemory = \"256M\"\n");
        String[] r = run("run", config.toString(), "--headless", "--timeout", "240",
                "--expect", "linux=simple-framebuffer 3c100000.framebuffer: fb0: simplefb registered!",
                "--expect", "linux=Run /init as init process", "--screenshot", "linux=" + png);
        assertEquals("0", r[0], "exit code; stdout:\n" + r[1] + "\nstderr:\n" + r[2]);
        assertFbconTopRow(png);
    }

    private static void assertFbconTopRow(Path png) throws java.io.IOException {
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(png.toFile());
        assertEquals(640, image.getWidth());
        assertEquals(480, image.getHeight());
        int grey = 0, other = 0;
        for (int y = 0; y < 16; y++) { // fbcon's first text row: an 8x16 font
            for (int x = 0; x < 640; x++) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                if (rgb == 0xAAAAAA) {
                    grey++;
                } else if (rgb != 0) {
                    other++;
                }
            }
        }
        assertTrue(grey > 200, "text-coloured pixels in the top row: " + grey);
        assertEquals(0, other, "only text grey and black in the top row");
    }
}
