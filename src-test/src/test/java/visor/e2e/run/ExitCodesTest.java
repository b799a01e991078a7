package visor.e2e.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import visor.e2e.support.Configs;
import visor.e2e.support.VisorProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The exit codes of {@code visor run} (docs/console.md): 0 success, 1 failed run, 2 usage or configuration. */
class ExitCodesTest {
    private static final Duration EXIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void anUnmetExpectationIsExit1NamingItWithTheConsoleTail() {
        Configs.write(dir, "echo.toml", Configs.echo());
        try (VisorProcess visor = VisorProcess.start(dir, "run", "echo.toml", "--headless", "--timeout", "15",
                "--expect", "echo=visor echo guest", "--expect", "echo=never printed")) {
            assertEquals(1, visor.exitCode(EXIT), visor::describe);
            String err = visor.stderr.text();
            assertTrue(err.contains("visor: headless: timed out after 15 s"), err);
            assertTrue(err.contains("visor: console echo: expectation 2 of 2 unmet: --expect echo=never printed"), err);
            assertTrue(err.contains("--- last 20 lines of echo ---\nvisor echo guest"), err);
        }
    }

    @Test
    void eachConfigurationErrorIsReportedWithFileLineAndKeyAndExit2() throws IOException {
        Files.writeString(dir.resolve("bad.toml"), String.join("\n",
                "[hypervisor]",
                "quantum = 10",
                "",
                "[[vm]]",
                "name = \"echo\"",
                "image = \"missing.bin\"",
                "sp = 0x100008",
                "",
                "[[vm]]",
                "name = \"echo\"",
                "image = \"bad.toml\"",
                "load = 0x3F000000",
                ""));
        try (VisorProcess visor = VisorProcess.start(dir, "run", "bad.toml")) {
            assertEquals(2, visor.exitCode(EXIT), visor::describe);
            String err = visor.stderr.text();
            assertTrue(err.contains("bad.toml:2: [hypervisor]: unknown key 'quantum'"), err);
            assertTrue(err.contains("bad.toml:6: [[vm]] #1 \"echo\": key 'image': missing.bin not found"), err);
            assertTrue(err.contains("bad.toml:7: [[vm]] #1 \"echo\": key 'sp': 0x100008 is not 16-byte aligned"), err);
            assertTrue(err.contains("bad.toml:10: [[vm]] #2 \"echo\": key 'name': duplicate name \"echo\""), err);
            assertTrue(err.contains("bad.toml:12: [[vm]] #2 \"echo\": key 'load': 0x3F000000 is inside the MMIO window"), err);
            assertFalse(visor.stdout.text().contains("hypervisor console"), "nothing started: " + visor.stdout.text());
            assertFalse(err.contains("started"), "no VM started: " + err);
        }
    }

    @Test
    void aTomlSyntaxErrorIsExit2WithLineAndColumn() throws IOException {
        Files.writeString(dir.resolve("syntax.toml"), "[[vm]]\nname = \"echo\"\nload = = 0x0\n");
        try (VisorProcess visor = VisorProcess.start(dir, "run", "syntax.toml")) {
            assertEquals(2, visor.exitCode(EXIT), visor::describe);
            assertTrue(visor.stderr.text().startsWith("syntax.toml:3:8: syntax error:"), visor.stderr.text());
        }
    }

    @Test
    void usageErrorsAreExit2() {
        Configs.write(dir, "echo.toml", Configs.echo());
        try (VisorProcess visor = VisorProcess.start(dir, "run", "echo.toml", "--expect", "echo=x")) {
            assertEquals(2, visor.exitCode(EXIT), visor::describe);
            assertTrue(visor.stderr.text().contains("--expect"), visor.stderr.text());
        }
        try (VisorProcess visor = VisorProcess.start(dir, "run", "no-such.toml")) {
            assertEquals(2, visor.exitCode(EXIT), visor::describe);
            assertTrue(visor.stderr.text().contains("no-such.toml: no such file"), visor.stderr.text());
        }
    }
}
