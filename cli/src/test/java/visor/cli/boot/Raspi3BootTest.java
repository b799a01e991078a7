package visor.cli.boot;

import org.junit.jupiter.api.Test;
import visor.cli.testing.Cli;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code boot} on the real SoC model, found through ServiceLoader, with the committed echo guest. */
class Raspi3BootTest {
    private static final Path ECHO = Path.of("../guests/echo/echo.bin");

    @Test
    void echoGuestAnswersOnTheMiniUart() {
        assumeTrue(Files.isRegularFile(ECHO), "guests/echo/echo.bin not in this checkout");
        Cli cli = Cli.run("boot", "--cores", "1", "--clock", "virtual", "--headless", "--timeout", "20",
                "--expect", "> ", "--send", "ping\\r", "--expect", "ping", "--expect", "> ", ECHO.toString());
        assertEquals(0, cli.exitCode, cli.toString());
        assertTrue(cli.out.startsWith("visor echo guest"), cli.out);
    }

    @Test
    void echoGuestBootsFromItsElf() {
        Path elf = Path.of("../guests/echo/echo.elf");
        Cli cli = Cli.run("boot", "--cores", "1", "--clock", "virtual", "--headless", "--timeout", "20",
                "--expect", "> ", "--send", "ping\\r", "--expect", "ping", elf.toString());
        assertEquals(0, cli.exitCode, cli.toString());
        assertTrue(cli.out.startsWith("visor echo guest"), cli.out);
    }

    @Test
    void elfForAnotherMachineIsAUsageError(@org.junit.jupiter.api.io.TempDir Path dir) throws java.io.IOException {
        byte[] x86 = Files.readAllBytes(Path.of("../guests/echo/echo.elf"));
        x86[18] = 62;
        Path bad = dir.resolve("x86.elf");
        Files.write(bad, x86);
        Cli cli = Cli.run("boot", "--headless", "--timeout", "5", bad.toString());
        assertEquals(2, cli.exitCode, cli.toString());
        assertTrue(cli.err.contains("ELF for machine 62 (x86-64), not AArch64 (183)"), cli.err);
    }

    @Test
    void anExceptionLoopIsReportedAndTheTimeoutStillEndsTheRun() {
        Path faultloop = Path.of("../guests/faultloop/faultloop.bin");
        Cli cli = Cli.run("boot", "--cores", "1", "--headless", "--timeout", "1", "--expect", "never printed",
                faultloop.toString());
        assertEquals(1, cli.exitCode, cli.toString());
        assertTrue(cli.out.startsWith("faultloop: MMU on over zeroed tables"), cli.out);
        assertTrue(cli.err.contains("timed out after 1 s"), cli.err);
    }

    @Test
    void aMalformedDeviceTreeIsNamedNotTheKernel(@org.junit.jupiter.api.io.TempDir Path dir) throws java.io.IOException {
        // The magic passes the early check; the blob's totalsize (0) is what the loader then refuses.
        Path dtb = dir.resolve("broken.dtb");
        Files.write(dtb, new byte[] {(byte) 0xD0, 0x0D, (byte) 0xFE, (byte) 0xED, 0, 0, 0, 0});
        Cli cli = Cli.run("boot", "--headless", "--timeout", "5", "--dtb", dtb.toString(), ECHO.toString());
        assertEquals(2, cli.exitCode, cli.toString());
        assertTrue(cli.err.startsWith("visor: --dtb " + dtb + ": "), cli.err);
        assertTrue(!cli.err.contains(ECHO.toString()), "the kernel is not blamed: " + cli.err);
    }

    @Test
    void aMalformedDeviceTreeOfALinuxVmIsNamedWithExit2(@org.junit.jupiter.api.io.TempDir Path dir) throws java.io.IOException {
        Path dtb = dir.resolve("broken.dtb");
        Files.write(dtb, new byte[] {(byte) 0xD0, 0x0D, (byte) 0xFE, (byte) 0xED, 0, 0, 0, 0});
        Files.copy(ECHO, dir.resolve("Image"));
        Path config = dir.resolve("linux.toml");
        Files.writeString(config, "[[vm]]\nname = \"linux\"\nimage = \"Image\"\ndtb = \"broken.dtb\"\n");
        Cli cli = Cli.run("run", "--headless", "--timeout", "5", config.toString());
        assertEquals(2, cli.exitCode, cli.toString());
        assertTrue(cli.err.contains("visor: " + config + ": VM \"linux\": " + dtb.toAbsolutePath() + ": not a device tree blob"), cli.err);
    }
}
