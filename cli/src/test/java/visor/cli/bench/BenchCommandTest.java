package visor.cli.bench;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import visor.cli.testing.Cli;
import visor.cli.testing.FakeMachine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchCommandTest {
    @TempDir
    Path dir;
    Path kernel;

    @BeforeEach
    void setUp() throws IOException {
        kernel = dir.resolve("bench.bin");
        Files.write(kernel, new byte[] {1, 2, 3, 4});
    }

    private Cli bench(Consumer<FakeMachine> program, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "bench";
        System.arraycopy(args, 0, all, 1, args.length);
        all[all.length - 1] = kernel.toString();
        return Cli.run(null, spec -> new FakeMachine(spec, program), new ByteArrayInputStream(new byte[0]), all);
    }

    private static Consumer<FakeMachine> guest(String checksum) {
        return m -> m.print(m.mini, "bench: start\r\nbench: checksum " + checksum + "\r\nbench: done\r\n");
    }

    /** A stand-in for qemu-system-aarch64 that prints the benchmark transcript with {@code checksum}. */
    private Path fakeQemu(String checksum) throws IOException {
        Path script = dir.resolve("qemu-" + checksum);
        Files.writeString(script, "#!/bin/sh\nprintf 'bench: start\\r\\nbench: checksum " + checksum
                + "\\r\\nbench: done\\r\\n'\nsleep 5\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private static String value(Cli cli, String key) {
        for (String line : cli.out.split("\n")) {
            if (line.startsWith(key + ": ")) {
                return line.substring(key.length() + 2);
            }
        }
        throw new AssertionError("no " + key + " in\n" + cli);
    }

    @Test
    void reportsEachRunAndTheGuestsChecksumWithoutQemu() {
        Cli cli = bench(guest("0x1234abcd"), "--runs", "3", "--no-qemu");
        assertEquals(0, cli.exitCode, cli.toString());
        assertEquals("0x1234abcd", value(cli, "visor_checksum"));
        String[] seconds = value(cli, "visor_run_seconds").split(" ");
        assertEquals(3, seconds.length);
        assertTrue(value(cli, "qemu").startsWith("skipped"), cli.toString());
        // Progress: one stderr line per run, with the seconds the report lists.
        for (int r = 0; r < 3; r++) {
            assertTrue(cli.err.contains("visor: bench: visor run " + (r + 1) + " of 3... " + seconds[r] + " s\n"), cli.err);
        }
    }

    @Test
    void sameChecksumOnQemuGivesTheRatio() throws IOException {
        Cli cli = bench(guest("0xfeed"), "--runs", "1", "--qemu-binary", fakeQemu("0xfeed").toString());
        assertEquals(0, cli.exitCode, cli.toString());
        assertEquals("0xfeed", value(cli, "qemu_checksum"));
        assertEquals("true", value(cli, "checksums_match"));
        assertTrue(Double.parseDouble(value(cli, "ratio")) >= 0, cli.toString());
        assertTrue(value(cli, "qemu").contains("-M raspi3b -kernel " + kernel), cli.toString());
    }

    @Test
    void differentChecksumOnQemuFails() throws IOException {
        Cli cli = bench(guest("0xfeed"), "--runs", "1", "--qemu-binary", fakeQemu("0xbeef").toString());
        assertEquals(1, cli.exitCode, cli.toString());
        assertEquals("false", value(cli, "checksums_match"));
    }

    @Test
    void missingQemuIsReportedNotFatal() {
        Cli cli = bench(guest("0x1"), "--runs", "1", "--qemu-binary", dir.resolve("no-such-qemu").toString());
        assertEquals(0, cli.exitCode, cli.toString());
        assertTrue(value(cli, "qemu").startsWith("not found"), cli.toString());
    }

    @Test
    void aGuestThatNeverFinishesTimesOut() {
        Cli cli = bench(m -> m.print(m.mini, "bench: start\r\n"), "--runs", "1", "--no-qemu", "--timeout", "0.3");
        assertEquals(1, cli.exitCode, cli.toString());
        assertTrue(value(cli, "visor_error").contains("bench: done"), cli.toString());
    }

    @Test
    void missingImageIsAUsageError() {
        Cli cli = Cli.run("bench", "--no-qemu", dir.resolve("absent.bin").toString());
        assertEquals(2, cli.exitCode, cli.toString());
    }
}
