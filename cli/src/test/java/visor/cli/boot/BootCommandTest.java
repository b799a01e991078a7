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
import static org.junit.jupiter.api.Assertions.assertNull;
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
    /** A usage error: exit 2 with exactly this line, and no machine was created. */
    private void rejected(String message, String... args) {
        Cli cli = boot(BootCommandTest::greeter, "", args);
        assertEquals(2, cli.exitCode, cli.toString());
        assertEquals("visor: " + message, cli.err.lines().findFirst().orElse(""), cli.err);
        assertNull(machine.get(), "a machine was created");
    }

    @Test
    void badInputsAreRejectedBeforeTheMachineIsCreated() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.img"));
        String k = kernel.toString();
        rejected(empty + ": is empty", empty.toString());
        rejected(dir + ": is a directory, not a file", dir.toString());
        rejected("--sd " + dir + ": is a directory, not a file", "--sd", dir.toString(), k);
        rejected("--sd /dev/null: is not a regular file (a device, FIFO or socket)", "--sd", "/dev/null", k);
        for (String t : new String[] {"-1", "0", "NaN", "Infinity"}) {
            rejected("--timeout " + t + ": must be a number of seconds above 0 and at most 31536000 (one year)",
                    "--headless", "--timeout", t, k);
        }
        rejected("--expect '': empty text would match at once", "--headless", "--expect", "", k);
        rejected("--dtb " + kernel + ": not a device tree blob (no magic 0xD00DFEED at offset 0)", "--dtb", k, k);
        rejected("--dtb " + empty + ": is empty", "--dtb", empty.toString(), k);
        rejected("--log-dir " + kernel + ": not a directory", "--headless", "--log-dir", k, k);
        rejected("--send a\\q: 'a\\q' has an unknown escape \\q (known: \\r \\n \\t \\\\)",
                "--headless", "--expect", "mini", "--send", "a\\q", k);
    }

    @Test
    void theLogFileHoldsOutputWhileTheRunGoesOn() throws Exception {
        Path logs = dir.resolve("logs");
        java.util.concurrent.CountDownLatch seen = new java.util.concurrent.CountDownLatch(1);
        Thread reader = new Thread(() -> {
            // The guest keeps running (it waits for input) until the log is seen to hold its greeting.
            while (true) {
                try {
                    if (Files.readString(logs.resolve("console.log")).contains("pl011: hello\r\n")) {
                        seen.countDown();
                        return;
                    }
                    Thread.sleep(5);
                } catch (IOException e) {
                    // not created yet
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        reader.setDaemon(true);
        reader.start();
        Cli cli = boot(m -> {
            m.print(m.pl011, "pl011: hello\r\n");
            try {
                seen.await();
            } catch (InterruptedException e) {
                return;
            }
            m.print(m.mini, "logged\r\n");
        }, "", "--headless", "--timeout", "30", "--log-dir", logs.toString(), "--expect", "logged", kernel.toString());
        assertEquals(0, cli.exitCode, cli.toString());
    }
}
