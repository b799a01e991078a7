package visor.e2e.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import visor.e2e.support.Needs;
import visor.e2e.support.Repo;
import visor.e2e.support.VisorProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo configuration booted headless through the real jar, as CI runs it: each guest does what a
 * user would see it do on its console. visor's own timeout is generous; a run ends as soon as every
 * expectation matched.
 */
class HeadlessDemoTest {
    private static final Duration EXIT = Duration.ofSeconds(120);

    @TempDir
    Path logs;

    @Test
    void echoEchoesWhatIsSentAndLrtosInterleavesItsTwoTasks() throws IOException {
        try (VisorProcess visor = VisorProcess.start(Repo.root(), "run", "demo.toml", "--headless",
                "--timeout", "90", "--log-dir", logs.toString(),
                "--expect", "echo=visor echo guest\r\n> ",
                "--send", "echo=hello, visor\\r",
                "--expect", "echo=hello, visor\r\n> ",
                "--expect", "lrtos=12345", "--expect", "lrtos=abcde", "--expect", "lrtos=12345")) {
            assertEquals(0, visor.exitCode(EXIT), visor::describe);
        }
        assertEquals("visor echo guest\r\n> hello, visor\r\n> ", Files.readString(logs.resolve("echo.log")),
                "the echo guest's console: banner, then exactly what was typed, then a new prompt");

        String lrtos = Files.readString(logs.resolve("lrtos.log"));
        assertTrue(lrtos.startsWith("lrtos: mmu on, 2 tasks, 10 ms tick\r\n"), lrtos);
        String tasks = lrtos.substring(lrtos.indexOf('\n') + 1);
        // Each task writes its whole string per system call, so the console is a sequence of whole strings
        // (the run may end mid-string), switching between the tasks as the scheduler wakes each from its sleep.
        assertTrue(Pattern.matches("(12345|abcde)+[1-5a-e]*", tasks), tasks);
        assertTrue(switches(tasks) >= 2, "both tasks take turns, more than once: " + tasks);
    }

    private static int switches(String tasks) {
        Matcher m = Pattern.compile("12345|abcde").matcher(tasks);
        String last = null;
        int switches = 0;
        while (m.find()) {
            if (last != null && !last.equals(m.group())) {
                switches++;
            }
            last = m.group();
        }
        return switches;
    }

    /**
     * Debian's U-Boot as a VM: it autoboots (finding no boot device) unless a key arrives during its
     * countdown, then answers {@code version} at its prompt.
     */
    @Test
    void ubootReachesItsPromptAndAnswersVersion() throws IOException {
        Needs.uboot();
        try (VisorProcess visor = VisorProcess.start(Repo.root(), "run", "demo.toml", "--headless",
                "--timeout", "100", "--log-dir", logs.toString(),
                "--expect", "uboot=Hit any key to stop autoboot",
                "--send", "uboot=\\r",
                "--expect", "uboot=U-Boot> ",
                "--send", "uboot=version\\r",
                "--expect", "uboot=version\r\n",
                "--expect", "uboot=U-Boot 20",
                "--expect", "uboot=U-Boot> ")) {
            assertEquals(0, visor.exitCode(EXIT), () -> "U-Boot in a VM (hypervisor): " + visor.describe());
        }
        String console = Files.readString(logs.resolve("uboot.log"));
        String answer = console.substring(console.lastIndexOf("version\r\n"));
        // The version command prints the same version string as the banner U-Boot printed at boot.
        String banner = console.substring(console.indexOf("U-Boot 20"));
        String version = banner.substring(0, banner.indexOf('\r'));
        assertTrue(answer.contains(version), "version answers with the banner's " + version + ": " + answer);
    }
}
