package visor.cli.boot;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import visor.cli.testing.Cli;
import visor.cli.testing.FakeMachine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BootCommandTest {
    @TempDir
    Path dir;
    Path kernel;
    final AtomicReference<FakeMachine> machine = new AtomicReference<>();

    @BeforeEach
    void setUp() throws IOException {
        kernel = dir.resolve("kernel8.img");
        Files.write(kernel, new byte[] {1, 2, 3, 4});
    }

    private Cli boot(Consumer<FakeMachine> program, String stdin, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "boot";
        System.arraycopy(args, 0, all, 1, args.length);
        return Cli.run(null, spec -> {
            FakeMachine m = new FakeMachine(spec, program);
            machine.set(m);
            return m;
        }, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), all);
    }

    /** Greets on both UARTs, then echoes lines typed on the mini-UART as "> line" on the PL011. */
    private static void greeter(FakeMachine m) {
        m.print(m.mini, "mini: hello\r\n");
        m.print(m.pl011, "pl011: hello\r\n");
        String line;
        while ((line = m.readLine(m.mini)) != null) {
            m.print(m.pl011, "> " + line + "\r\n");
        }
    }

    @Test
    void headlessMatchesOutputOfBothUartsAndTypesIntoTheMiniUart() {
        Cli cli = boot(BootCommandTest::greeter, "", "--headless", "--timeout", "5", "--cores", "1",
                "--expect", "mini: hello", "--expect", "pl011: hello", "--send", "ls\\r", "--expect", "> ls\r\n", kernel.toString());
        assertEquals(0, cli.exitCode, cli.toString());
        assertTrue(cli.out.contains("mini: hello\r\n") && cli.out.contains("pl011: hello\r\n") && cli.out.contains("> ls\r\n"), cli.out);
        FakeMachine m = machine.get();
        assertEquals(1, m.spec.cores());
        assertArrayEquals(new byte[] {1, 2, 3, 4}, m.spec.kernel());
        assertEquals(BootSpec.Clock.REALTIME, m.spec.clock());
        assertTrue(m.stopCalled);
    }

    @Test
    void serialPl011AndVirtualClock() {
        Cli cli = boot(m -> {
            m.print(m.pl011, "ready\r\n");
            m.print(m.pl011, "got " + m.readLine(m.pl011) + "\r\n");
        }, "", "--headless", "--timeout", "5", "--serial", "pl011", "--clock", "virtual",
                "--expect", "ready", "--send", "x\\n", "--expect", "got x", kernel.toString());
        assertEquals(0, cli.exitCode, cli.toString());
        assertEquals(BootSpec.Clock.VIRTUAL, machine.get().spec.clock());
    }

    @Test
    void headlessTimeoutIsExit1WithTheTail() {
        Cli cli = boot(BootCommandTest::greeter, "", "--headless", "--timeout", "0.2", "--expect", "login:", kernel.toString());
        assertEquals(1, cli.exitCode, cli.toString());
        assertTrue(cli.err.contains("console console: expectation 1 of 1 unmet: --expect login:"), cli.err);
        assertTrue(cli.err.contains("mini: hello\n"), cli.err);
    }

    @Test
    void aMachineThatFailsEndsTheHeadlessRunWith1() {
        Cli cli = boot(m -> {
            m.print(m.mini, "panic\r\n");
            throw new IllegalStateException("core 0 halted");
        }, "", "--headless", "--timeout", "5", "--expect", "login:", kernel.toString());
        assertEquals(1, cli.exitCode, cli.toString());
        assertTrue(cli.err.contains("the run ended before every expectation was met: the machine failed: "
                + "java.lang.IllegalStateException: core 0 halted"), cli.err);
    }

    @Test
    void logDirWritesConsoleLog() throws IOException {
        Path logs = dir.resolve("logs");
        Cli cli = boot(BootCommandTest::greeter, "", "--headless", "--timeout", "5", "--log-dir", logs.toString(),
                "--expect", "pl011: hello\r\n", kernel.toString());
        assertEquals(0, cli.exitCode, cli.toString());
        String log = Files.readString(logs.resolve("console.log"));
        assertTrue(log.contains("mini: hello\r\n") && log.contains("pl011: hello\r\n"), log);
    }

    @Test
    void pipedStdinReachesTheMiniUartAndItsEndEndsTheRun() {
        Cli cli = boot(BootCommandTest::greeter, "one\rtwo\r", kernel.toString());
        assertEquals(0, cli.exitCode, cli.toString());
        assertEquals("one\rtwo\r", machine.get().miniInput.toString(StandardCharsets.UTF_8));
        assertTrue(cli.out.contains("> one\r\n> two\r\n"), cli.out);
    }

    @Test
    void usageErrorsAreExit2() {
        assertEquals(2, boot(BootCommandTest::greeter, "", "--cores", "5", kernel.toString()).exitCode);
        assertEquals(2, boot(BootCommandTest::greeter, "", "--serial", "usb", kernel.toString()).exitCode);
        assertEquals(2, boot(BootCommandTest::greeter, "", dir.resolve("none.img").toString()).exitCode);
        assertEquals(2, boot(BootCommandTest::greeter, "", "--sd", "card.img", kernel.toString()).exitCode);
        Cli cli = boot(BootCommandTest::greeter, "", "--expect", "x", kernel.toString());
        assertEquals(2, cli.exitCode);
        assertTrue(cli.err.contains("--expect needs --headless"), cli.err);
    }

    @Test
    void dtbAppendAndInitrdReachTheMachine() throws IOException {
        Path dtb = dir.resolve("board.dtb");
        Files.write(dtb, new byte[] {(byte) 0xD0, 0x0D, (byte) 0xFE, (byte) 0xED});
        Path initrd = dir.resolve("initrd.img");
        Files.write(initrd, new byte[] {9, 9});
        Cli cli = boot(BootCommandTest::greeter, "", "--headless", "--timeout", "5", "--dtb", dtb.toString(),
                "--append", "console=ttyAMA0 earlycon", "--initrd", initrd.toString(), "--expect", "mini: hello", kernel.toString());
        assertEquals(0, cli.exitCode, cli.toString());
        BootSpec spec = machine.get().spec;
        assertTrue(spec.linux());
        assertArrayEquals(new byte[] {(byte) 0xD0, 0x0D, (byte) 0xFE, (byte) 0xED}, spec.dtb());
        assertEquals("console=ttyAMA0 earlycon", spec.bootargs());
        assertArrayEquals(new byte[] {9, 9}, spec.initrd());
    }

    @Test
    void commandLineOrInitrdWithoutADeviceTreeIsAUsageError() {
        Cli cli = boot(BootCommandTest::greeter, "", "--append", "console=ttyS1", kernel.toString());
        assertEquals(2, cli.exitCode);
        assertTrue(cli.err.contains("give --dtb too"), cli.err);
        assertEquals(2, boot(BootCommandTest::greeter, "", "--initrd", kernel.toString(), kernel.toString()).exitCode);
        assertEquals(2, boot(BootCommandTest::greeter, "", "--dtb", "none.dtb", kernel.toString()).exitCode);
    }
}
