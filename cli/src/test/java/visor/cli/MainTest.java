package visor.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import visor.cli.testing.Cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {
    @Test
    void versionOnEveryCommandIsTheMavenVersion() {
        String version = VersionProvider.version();
        assertTrue(version.matches("\\d+\\.\\d+\\.\\d+.*"), version);
        for (String[] args : new String[][] {{"--version"}, {"run", "--version"}, {"boot", "-V"}}) {
            Cli cli = Cli.run(args);
            assertEquals(0, cli.exitCode, cli.toString());
            assertEquals("visor " + version + "\n", cli.out);
        }
    }

    @Test
    void helpOnEveryCommand() {
        Cli top = Cli.run("--help");
        assertEquals(0, top.exitCode);
        assertTrue(top.out.startsWith("Usage: visor "), top.out);
        assertTrue(top.out.contains("run ") && top.out.contains("boot "), top.out);

        Cli run = Cli.run("run", "--help");
        assertEquals(0, run.exitCode);
        for (String option : new String[] {"CONFIG.toml", "--headless", "--timeout", "--expect", "--send", "--log-dir", "--log-level"}) {
            assertTrue(run.out.contains(option), option + " in " + run.out);
        }
        Cli boot = Cli.run("boot", "-h");
        assertEquals(0, boot.exitCode);
        for (String option : new String[] {"IMAGE", "--sd", "--cores", "--serial", "--clock", "--headless", "--expect"}) {
            assertTrue(boot.out.contains(option), option + " in " + boot.out);
        }
    }

    @Test
    void usageErrorsAreExit2WithAShortMessage() {
        Cli none = Cli.run();
        assertEquals(2, none.exitCode);
        assertTrue(none.err.contains("a command is required"), none.err);
        Cli unknown = Cli.run("frob");
        assertEquals(2, unknown.exitCode);
        Cli missing = Cli.run("run");
        assertEquals(2, missing.exitCode);
        assertTrue(missing.err.contains("Missing required parameter: 'CONFIG.toml'"), missing.err);
        assertTrue(missing.err.contains("Try 'visor run --help'"), missing.err);
        assertEquals(2, Cli.run("--log-level", "LOUD", "--version").exitCode);
    }

    @Test
    void logLevelIsAcceptedBeforeOrAfterTheCommand() {
        assertEquals(0, Cli.run("--log-level", "info", "run", "--version").exitCode);
        assertEquals(0, Cli.run("run", "--log-level", "DEBUG", "--version").exitCode);
        Cli.run("--log-level", "warn", "--version");
    }

    @Test
    void aHypervisorThatCannotStartIsAFailedRun(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("empty.toml");
        Files.writeString(config, "");
        Cli cli = Cli.run(c -> {
            throw new IOException("no memory for the machine");
        }, "", "run", config.toString());
        assertEquals(1, cli.exitCode, cli.toString());
        assertTrue(cli.err.contains("visor: cannot start the hypervisor: no memory for the machine"), cli.err);
    }

    @Test
    void theBuildFindsTheRealHypervisor(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("empty.toml");
        Files.writeString(config, "");
        Cli cli = Cli.run("run", config.toString());
        assertEquals(0, cli.exitCode, cli.toString());
        assertTrue(cli.out.startsWith("visor " + visor.cli.VersionProvider.version() + " hypervisor console, 0 VMs"), cli.out);
    }
}
