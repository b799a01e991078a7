package visor.e2e.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import visor.cli.Environment;
import visor.cli.Main;

/**
 * Debian's kernel with its root file system on the SD card that scripts/make-sdimage.sh builds from
 * Debian packages (FAT boot partition, ext4 root made by mke2fs -d from busybox-static, an initrd with
 * the kernel's own SD card and ext4 modules): on the SDHOST controller with the package's device tree
 * (bcm2835 driver, multi-block reads and writes by the DMA controller), booted from the card's FAT
 * partition as the firmware does, the shell writes a file, syncs, reboots through the PM watchdog and
 * reads it back after the second boot; on the Arasan controller
 * (the device tree copy that routes the card to mmc@7e300000, sdhci-iproc in PIO mode) it finds the card
 * and reads a whole file of the root partition intact. The image is built by the script in the set-up
 * (once: the script does nothing when it is up to date); each test boots a copy of it.
 */
class LinuxSdCardTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path LINUX = ROOT.resolve("guests/linux");
    private static final Path IMAGE = LINUX.resolve("Image");
    private static final Path DTB = LINUX.resolve("bcm2837-rpi-3-b-nobt.dtb");
    private static final Path SD = LINUX.resolve("sd");
    private static final String PROMPT = "sd:/# ";
    /** make-sdimage.sh's layout: the ext4 root starts at LBA 2048 + 64 MiB. */
    private static final long ROOT_OFFSET = (2048L + 64 * 2048) * 512;

    @TempDir
    Path dir;

    @BeforeAll
    static void buildTheCard() throws Exception {
        if (!Files.isRegularFile(IMAGE) || !Files.isRegularFile(DTB)) {
            String why = "guests/linux/Image or bcm2837-rpi-3-b-nobt.dtb missing (run scripts/fetch-linux.sh and"
                    + " scripts/make-initramfs.sh)";
            if ("1".equals(System.getenv("VISOR_LINUX")) || "true".equals(System.getenv("CI"))) {
                fail(why + "; CI and VISOR_LINUX=1 require this test");
            }
            abort(why + "; skipped");
        }
        String out = command(List.of("bash", ROOT.resolve("scripts/make-sdimage.sh").toString()), 600);
        assertTrue(Files.isRegularFile(SD.resolve("card.img")), "make-sdimage.sh made no card:\n" + out);
    }

    private static String command(List<String> argv, int seconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(seconds, TimeUnit.SECONDS), String.join(" ", argv) + " did not finish");
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), String.join(" ", argv) + " failed:\n" + text);
        return text;
    }

    private Path card() throws IOException {
        Path copy = dir.resolve("card.img");
        Files.copy(SD.resolve("card.img"), copy);
        return copy;
    }

    /** Runs visor in this JVM; returns exit code and the console's text. */
    private static String[] run(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Environment env = new Environment(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), null, null, false, Duration.ofMillis(500));
        int code = Main.run(env, args.toArray(String[]::new));
        String text = out.toString(StandardCharsets.UTF_8).replace("\r", "");
        return new String[] {Integer.toString(code), text, "exit " + code + "\n--- stdout ---\n" + text
                + "\n--- stderr ---\n" + err.toString(StandardCharsets.UTF_8)};
    }

    private static List<String> boot(Path dtb, Path card, int timeout) {
        return new ArrayList<>(List.of("boot", IMAGE.toString(), "--dtb", dtb.toString(),
                "--initrd", SD.resolve("initrd.img").toString(), "--sd", card.toString(), "--serial", "pl011",
                "--append", "console=ttyAMA0 root=/dev/mmcblk0p2 rootwait", "--headless", "--timeout",
                Integer.toString(timeout)));
    }

    private static void expect(List<String> args, String... texts) {
        for (String t : texts) {
            args.addAll(List.of("--expect", t));
        }
    }

    /** Types {@code command} at the prompt and waits for the next one. */
    private static void type(List<String> args, String command) {
        args.addAll(List.of("--send", command + "\\n", "--expect", command, "--expect", PROMPT));
    }

    /** What {@code command} printed: the lines between its echo and the next prompt. */
    private static String answer(String out, String command, int nth) {
        int at = -1;
        for (int i = 0; i < nth; i++) {
            at = out.indexOf(command + "\n", at + 1);
            assertTrue(at >= 0, "no '" + command + "' typed in:\n" + out);
        }
        int from = at + command.length() + 1;
        return out.substring(from, out.indexOf(PROMPT, from));
    }

    /**
     * As a Pi boots the card: {@code visor boot --sd card.img} alone, the firmware's part read from the
     * FAT partition (config.txt: kernel8.img, the device tree, initrd.img; cmdline.txt: root=/dev/mmcblk0p2
     * rootwait).
     */
    @Test
    void rootOnTheSdhostCardKeepsAFileAcrossAWatchdogReboot() throws Exception {
        Path card = card();
        List<String> args = new ArrayList<>(List.of("boot", "--sd", card.toString(), "--serial", "pl011", "--headless",
                "--timeout", "300"));
        expect(args, "Kernel command line: earlycon=pl011,mmio32,0x3f201000 console=ttyAMA0 root=/dev/mmcblk0p2 rootwait");
        expect(args, "sdhost-bcm2835 3f202000.mmc: loaded - DMA enabled", "mmc0: new high speed SDHC card at address b368",
                "mmcblk0: p1 p2", "EXT4-fs (mmcblk0p2): mounted filesystem", "visor: sd root up (6.1.", PROMPT);
        type(args, "echo written-before-reboot > /root/note; sync");
        args.addAll(List.of("--send", "reboot\\n"));
        expect(args, "reboot: Restarting system", "Booting Linux on physical CPU", "EXT4-fs (mmcblk0p2): mounted filesystem",
                PROMPT);
        type(args, "cat /root/note");
        String[] r = run(args);
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("visor: sd root up (6.1.0-57-arm64, 4 cpus, / on /dev/mmcblk0p2)")
                || r[1].matches("(?s).*visor: sd root up \\(6\\.1\\.[^,]*, 4 cpus, / on /dev/mmcblk0p2\\).*"), r[2]);
        assertFalse(r[1].contains("Reboot failed"), "the watchdog reset the board within the kernel's 1 ms wait\n" + r[2]);
        assertEquals("written-before-reboot\n", answer(r[1], "cat /root/note", 1), r[2]);
        // The kernel's ext4 wrote it to the image: e2fsprogs reads it from the card file.
        Path part = dir.resolve("root.ext4");
        command(List.of("dd", "if=" + card, "of=" + part, "bs=1M", "skip=" + ROOT_OFFSET / (1 << 20), "status=none"), 60);
        assertEquals("written-before-reboot\n", command(List.of("debugfs", "-R", "cat /root/note", part.toString()), 60)
                .replaceFirst("(?s)^debugfs [^\n]*\n", ""));
    }

    @Test
    void theArasanControllerFindsTheCardAndReadsAFileIntact() throws Exception {
        Path card = card();
        List<String> args = boot(SD.resolve("bcm2837-rpi-3-b-emmc.dtb"), card, 240);
        expect(args, "mmc0: SDHCI controller on 3f300000.mmc [3f300000.mmc] using PIO",
                "mmc0: new high speed SDHC card at address b368", "mmcblk0: p1 p2", "visor: sd root up (6.1.", PROMPT);
        type(args, "cat /sys/block/mmcblk0/device/name /sys/block/mmcblk0/mmcblk0p1/size");
        type(args, "md5sum /bin/busybox");
        String[] r = run(args);
        assertEquals("0", r[0], r[2]);
        assertFalse(r[1].contains("SDHCI REGISTER DUMP"), "no controller error or stray interrupt\n" + r[2]);
        assertFalse(r[1].contains("sdhost-bcm2835 3f202000.mmc: loaded"), "the SDHOST is disabled in this tree\n" + r[2]);
        // CID product name and the FAT partition's 64 MiB in 512-byte sectors.
        assertEquals("VISOR\n131072\n", answer(r[1], "cat /sys/block/mmcblk0/device/name /sys/block/mmcblk0/mmcblk0p1/size", 1), r[2]);
        Path part = dir.resolve("root.ext4");
        Path busybox = dir.resolve("busybox");
        command(List.of("dd", "if=" + card, "of=" + part, "bs=1M", "skip=" + ROOT_OFFSET / (1 << 20), "status=none"), 60);
        command(List.of("debugfs", "-R", "dump /bin/busybox " + busybox, part.toString()), 60);
        String md5 = command(List.of("md5sum", busybox.toString()), 60).substring(0, 32);
        assertEquals(md5 + "  /bin/busybox\n", answer(r[1], "md5sum /bin/busybox", 1), r[2]);
    }

    /**
     * {@code sd = "card.img"} in a [[vm]] gives that VM its own SD slot: the same kernel as a VM (one vCPU
     * at EL1, console on the virtual mini-UART) mounts its root from the card on the virtual SDHOST (DMA
     * into guest memory), writes a file, reboots through its virtual watchdog and reads the file back.
     */
    @Test
    void aVmWithSdInItsConfigHasTheCardAsItsRoot() throws Exception {
        Path card = card();
        Path config = dir.resolve("sd-vm.toml");
        Files.writeString(config, String.join("\n",
                "[[vm]]",
                "name = \"sdvm\"",
                "image = \"" + IMAGE + "\"",
                "dtb = \"" + LINUX.resolve("bcm2837-rpi-3-b.dtb") + "\"",
                "initrd = \"" + SD.resolve("initrd.img") + "\"",
                "append = \"console=ttyS1,115200 root=/dev/mmcblk0p2 rootwait\"",
                "memory = \"256M\"",
                "sd = \"" + card + "\"", ""));
        Path logs = dir.resolve("logs");
        List<String> args = new ArrayList<>(List.of("run", config.toString(), "--headless", "--timeout", "300",
                "--log-dir", logs.toString()));
        for (String e : List.of("mmcblk0: p1 p2", "visor: sd root up (6.1.", PROMPT)) {
            args.addAll(List.of("--expect", "sdvm=" + e));
        }
        String note = "echo from-the-vm > /root/vm-note; sync";
        args.addAll(List.of("--send", "sdvm=" + note + "\\n", "--expect", "sdvm=" + PROMPT, "--send", "sdvm=reboot\\n"));
        for (String e : List.of("Booting Linux on physical CPU", "visor: sd root up (6.1.", PROMPT)) {
            args.addAll(List.of("--expect", "sdvm=" + e));
        }
        args.addAll(List.of("--send", "sdvm=cat /root/vm-note\\n", "--expect", "sdvm=from-the-vm"));
        String[] r = run(args);
        assertEquals("0", r[0], r[2]);
        String console = Files.readString(logs.resolve("sdvm.log")).replace("\r", "");
        assertTrue(console.contains("CPU: All CPU(s) started at EL1"), "the kernel ran as a VM\n" + console);
        assertTrue(console.contains("sdhost-bcm2835 3f202000.mmc: loaded - DMA enabled"), console);
        assertEquals(2, console.split("Booting Linux on physical CPU", -1).length - 1, "booted twice\n" + console);
        assertTrue(console.contains("cat /root/vm-note\nfrom-the-vm\n"), console);
    }

    /** Two VMs cannot share a card: the configuration is refused before anything starts. */
    @Test
    void twoVmsCannotHaveTheSameCard() throws Exception {
        Path card = card();
        Path config = dir.resolve("two.toml");
        StringBuilder toml = new StringBuilder();
        for (String name : List.of("one", "two")) {
            toml.append("[[vm]]\nname = \"").append(name).append("\"\nimage = \"").append(IMAGE)
                    .append("\"\nsd = \"").append(card).append("\"\n");
        }
        Files.writeString(config, toml.toString());
        String[] r = run(List.of("run", config.toString(), "--headless", "--timeout", "10"));
        assertEquals("2", r[0], r[2]);
        assertTrue(r[2].contains("[[vm]] #2 \"two\": key 'sd': " + card + " is already the SD card of [[vm]] #1"), r[2]);
    }
}
