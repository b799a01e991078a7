package visor.soc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The repository's bare-metal test kernels (guests/tests), run on the VIRTUAL clock, against their
 * transcripts. Those were recorded on QEMU; the lines where a Pi 3B (and design.md) differs from QEMU's
 * model are replaced by the Pi values: firmware clocks, MAC and serial, temperature, CNTFRQ, PM_RSTS.
 */
@Timeout(60)
class GuestKernelsTest {
    private static Path guests() {
        Path p = Path.of("..", "guests", "tests").toAbsolutePath().normalize();
        return Files.isDirectory(p) ? p : Path.of("guests", "tests").toAbsolutePath();
    }

    private static final java.util.Map<String, String> PI3B_LINES = java.util.Map.of(
            "tag MAC address:", "tag MAC address: b8:27:eb:00:00:00",
            "tag board serial:", "tag board serial: 0x0000000010000000",
            "tag UART clock:", "tag UART clock: 48000000 Hz",
            "tag EMMC clock:", "tag EMMC clock: 250000000 Hz",
            "tag ARM clock:", "tag ARM clock: 1200000000 Hz",
            "tag temperature:", "tag temperature: 45000 mC",
            "gentimer: CNTFRQ_EL0", "gentimer: CNTFRQ_EL0 19200000",
            "watchdog: PM_RSTS", "watchdog: PM_RSTS 0x00000020");

    private static String pi3b(String transcript) {
        StringBuilder b = new StringBuilder();
        for (String line : transcript.strip().split("\n")) {
            for (var e : PI3B_LINES.entrySet()) {
                if (line.startsWith(e.getKey())) {
                    line = e.getValue();
                }
            }
            b.append(line).append('\n');
        }
        return b.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mailbox", "systimer", "gentimer", "smp", "watchdog", "uart-irq"})
    void transcriptMatches(String name) throws Exception {
        Path dir = guests().resolve(name);
        Path bin = dir.resolve(name + ".bin");
        assumeTrue(Files.isRegularFile(bin), "guest kernel not built: " + bin);
        Raspi3Machine m = new Raspi3Machine(MachineConfig.defaults().withClock(ClockMode.VIRTUAL));
        m.loadKernel(Files.readAllBytes(bin));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.miniUartConsole().addListener((ch, data, off, len) -> {
            synchronized (out) {
                out.write(data, off, len);
                if (out.toString(StandardCharsets.ISO_8859_1).contains("TEST DONE")) {
                    m.stop();
                }
            }
        });
        if (name.equals("uart-irq")) {
            m.miniUartConsole().type("hello, visor 42!\r".getBytes(StandardCharsets.ISO_8859_1));
        }
        Thread t = new Thread(m::run);
        t.setDaemon(true);
        t.start();
        t.join(50_000);
        m.stop();
        t.join(5000);
        String got;
        synchronized (out) {
            got = out.toString(StandardCharsets.ISO_8859_1).replace("\r\n", "\n");
        }
        Path expected = dir.resolve("expected.txt");
        if (Files.isRegularFile(expected)) {
            assertEquals(pi3b(Files.readString(expected)), pi3b(got), name + " transcript");
        }
    }
}
