package visor.e2e.bare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unmodified bare-metal software behaves on {@code visor boot} as on QEMU's raspi3b: each guests/tests
 * kernel runs on both with the same input (the virtual clock on visor, so its run is reproducible) and
 * the mini-UART transcripts must agree line by line, except for the differences {@link Transcripts#ALLOWED}
 * lists with their reasons. The QEMU runs go in parallel while visor's run one after another.
 *
 * <p>Without qemu-system-aarch64 (outside CI only; CI=true fails), visor's transcript is compared with
 * guests/tests/NAME/expected.txt instead, the transcript recorded on QEMU 7.2.
 */
class QemuDifferentialTest {
    private static final String UART_INPUT = "Hello, visor 42!\n";

    /** Kernel name to the text after which its input is typed (null: no input). */
    private static final Map<String, String> KERNELS = new LinkedHashMap<>();

    static {
        KERNELS.put("systimer", null);
        KERNELS.put("gentimer", null);
        KERNELS.put("mailbox", null);
        KERNELS.put("smp", null);
        KERNELS.put("uart-irq", "uart-irq: ready");
        KERNELS.put("watchdog", null);
        KERNELS.put("sdcard", null);
    }

    @TempDir
    static Path dir;

    private static ExecutorService pool;
    private static final Map<String, Future<String>> qemu = new LinkedHashMap<>();
    private static boolean haveQemu;

    @BeforeAll
    static void startQemu() throws Exception {
        haveQemu = Prerequisites.onPath(Qemu.BINARY);
        if (!haveQemu && Prerequisites.inCi()) {
            Prerequisites.tool(Qemu.BINARY, "package qemu-system-arm, scripts/install-deps.sh"); // fails in CI
        }
        if (!haveQemu) {
            return;
        }
        pool = Executors.newFixedThreadPool(4);
        for (String name : KERNELS.keySet()) {
            Path kernel = kernel(name);
            if (!Files.isRegularFile(kernel)) {
                continue;
            }
            Path card = name.equals("sdcard") ? card("qemu") : null;
            String after = KERNELS.get(name);
            qemu.put(name, pool.submit(() -> Qemu.run(kernel, card, after, after == null ? null : UART_INPUT, 30_000)));
        }
    }

    @AfterAll
    static void stopPool() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private static Path kernel(String name) {
        return Prerequisites.ROOT.resolve("guests/tests/" + name + "/" + name + ".bin");
    }

    private static Path card(String who) throws Exception {
        Path d = Files.createDirectories(dir.resolve(who));
        return CardImage.create(d).path;
    }

    /**
     * Debian's U-Boot with the same SD image and no key pressed prints the same lines on both up to its
     * prompt: banner, DRAM, board, MMC controllers, the environment looked for on the card's FAT partition
     * (mmc 0, the SDHOST controller, as U-Boot's pinctrl selects ALT0 on GPIO 48-53), USB DWC2 with only
     * the root hub, then autoboot's distro scan of mmc 0-2, USB and PXE failing the same way. The
     * countdown line is compared up to its colon: the digits it rewrites are timing.
     */
    @Test
    void uBootBootsAsOnQemu() throws Exception {
        Path uboot = Prerequisites.file("guests/uboot/u-boot.bin", "run scripts/fetch-guests.sh");
        if (!haveQemu) {
            Prerequisites.tool(Qemu.BINARY, "package qemu-system-arm"); // skips, or fails in CI
        }
        String prompt = "U-Boot>";
        Path qemuCard = card("qemu-uboot");
        Future<String> onQemu = pool.submit(() -> Qemu.run(uboot, qemuCard, null, null, prompt, 60_000));
        Visor run = Visor.run(new Visor.Script("boot", uboot.toString(), "--sd", card("visor-uboot").toString(),
                "--clock", "realtime", "--headless", "--timeout", "60").expect(prompt).args());
        assertEquals(0, run.exitCode, run.toString());
        List<String> q = countdownCut(Transcripts.lines(onQemu.get(90, TimeUnit.SECONDS), prompt));
        List<String> v = countdownCut(Transcripts.lines(run.out, prompt));
        assertEquals(prompt, q.get(q.size() - 1), "U-Boot did not reach its prompt on QEMU:\n" + q);
        List<String> problems = Transcripts.unexplained("u-boot", q, v);
        assertTrue(problems.isEmpty(), "U-Boot on visor differs from QEMU:\n" + String.join("\n", problems)
                + "\n--- qemu ---\n" + String.join("\n", q) + "\n--- visor ---\n" + String.join("\n", v));
    }

    private static List<String> countdownCut(List<String> lines) {
        String countdown = "Hit any key to stop autoboot:";
        return lines.stream().map(l -> l.startsWith(countdown) ? countdown : l).toList();
    }

    @TestFactory
    Stream<DynamicTest> transcriptsAgree() {
        return KERNELS.keySet().stream().map(name -> DynamicTest.dynamicTest(name, () -> compare(name)));
    }

    private void compare(String name) throws Exception {
        Path kernel = Prerequisites.file("guests/tests/" + name + "/" + name + ".bin", "built by scripts/build-guests.sh");
        Visor.Script s = new Visor.Script("boot", kernel.toString(), "--clock", "virtual", "--headless",
                "--timeout", "30");
        if (name.equals("sdcard")) {
            s.args().addAll(List.of("--sd", card("visor").toString()));
        }
        String after = KERNELS.get(name);
        if (after != null) {
            s.expect(after).send(UART_INPUT.replace("\n", "\\n"));
        }
        Visor run = Visor.run(s.expect(Transcripts.TEST_DONE).args());
        assertEquals(0, run.exitCode, run.toString());

        String reference;
        String source;
        if (haveQemu) {
            reference = qemu.get(name).get(60, TimeUnit.SECONDS);
            source = "qemu-system-aarch64 -M raspi3b";
            assertTrue(reference.contains(Transcripts.TEST_DONE), name + " did not finish on QEMU:\n" + reference);
        } else {
            reference = Files.readString(kernel.resolveSibling("expected.txt"));
            source = "expected.txt (recorded on QEMU 7.2; qemu-system-aarch64 not installed)";
        }
        List<String> q = Transcripts.lines(reference);
        List<String> v = Transcripts.lines(run.out);
        List<String> problems = Transcripts.unexplained(name, q, v);
        assertTrue(problems.isEmpty(), name + ": visor differs from " + source + ":\n" + String.join("\n", problems)
                + "\n--- reference ---\n" + String.join("\n", q) + "\n--- visor ---\n" + String.join("\n", v));
    }
}
