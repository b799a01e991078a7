package visor.cli.headless;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import visor.cli.testing.Cli;
import visor.cli.testing.DemoVms;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code run --headless}: scripts over fake VMs whose consoles answer scripted lines. */
class HeadlessRunTest extends DemoVms {
    @BeforeEach
    void scriptVms() {
        echo.emit("login: ");
        echo.responder = line -> switch (line) {
            case "root" -> "\r\n# ";
            case "uname" -> "\r\nvisor-echo\r\n# ";
            default -> "\r\n" + line + ": not found\r\n# ";
        };
        lrtos.responder = line -> "lrtos got " + line + "\r\n";
        echo.runGuest();
        lrtos.runGuest();
    }

    private Cli run(String... script) {
        List<String> args = new ArrayList<>(List.of("run", "--headless", "--timeout", "5"));
        args.addAll(List.of(script));
        args.add(config.toString());
        return Cli.run(c -> host, "", args.toArray(String[]::new));
    }

    @Test
    void aScriptThatMatchesExitsZero() {
        Cli cli = run("--expect", "login: ", "--send", "root\\r", "--expect", "# ", "--send", "uname\\r",
                "--expect", "visor-echo\\r\\n# ");
        assertEquals(0, cli.exitCode, cli.toString());
        assertEquals("root\runame\r", echo.receivedText());
        assertTrue(host.shutdown);
        assertTrue(cli.err.matches("(?s)(.*\n)?visor: headless: all 3 expectations met in [0-9]+\\.[0-9] s\n"), cli.err);
    }

    @Test
    void aSendWaitsForItsConsolesPrecedingExpectation() {
        echo.emit("\r\n");
        // "ready" appears only after a delay; a send fired early would be answered before it.
        Thread late = new Thread(() -> {
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                return;
            }
            echo.emit("ready> ");
        });
        late.start();
        Cli cli = run("--expect", "ready> ", "--send", "hello\\r", "--expect", "hello: not found");
        assertEquals(0, cli.exitCode, cli.toString());
        String history = new String(echo.channel.history());
        assertTrue(history.indexOf("ready> ") < history.indexOf("hello: not found"), history);
    }

    @Test
    void anExpectationOnlyMatchesAfterThePreviousMatch() {
        echo.emit("AB");
        Cli cli = Cli.run(c -> host, "", "run", "--headless", "--timeout", "0.3", "--expect", "B", "--expect", "A",
                config.toString());
        assertEquals(1, cli.exitCode, cli.toString());
        assertTrue(cli.err.contains("visor: headless: timed out after 0.3 s"), cli.err);
        assertTrue(cli.err.contains("visor: console echo: expectation 2 of 2 unmet: --expect A"), cli.err);
        assertTrue(cli.err.contains("--- last 20 lines of echo ---\nlogin: AB\n--- end of echo ---"), cli.err);
    }

    @Test
    void theTailIsTheLastTwentyLines() {
        for (int i = 1; i <= 30; i++) {
            echo.emit("line " + i + "\r\n");
        }
        Cli cli = Cli.run(c -> host, "", "run", "--headless", "--timeout", "0.2", "--expect", "never", config.toString());
        assertEquals(1, cli.exitCode, cli.toString());
        assertFalse(cli.err.contains("line 10\n"), cli.err);
        assertTrue(cli.err.contains("\nline 11\n"), cli.err);
        assertTrue(cli.err.contains("\nline 30\n--- end of echo ---"), cli.err);
    }

    @Test
    void consolesProgressIndependentlyByNameOrId() {
        lrtos.emit("lrtos> ");
        Cli cli = run("--expect", "lrtos=lrtos> ", "--send", "2=ping\\n", "--send", "echo=root\\r",
                "--expect", "lrtos=lrtos got ping", "--expect", "1=# ");
        assertEquals(0, cli.exitCode, cli.toString());
        assertEquals("ping\n", lrtos.receivedText());
        assertEquals("root\r", echo.receivedText());
    }

    @Test
    void withoutVmTheFirstVmIsMeantAndUnknownPrefixesAreText() {
        echo.emit("a=b ");
        Cli cli = run("--expect", "a=b", "--send", "x=y\\r", "--expect", "x=y: not found");
        assertEquals(0, cli.exitCode, cli.toString());
        assertEquals("x=y\r", echo.receivedText());
    }

    @Test
    void eachUnmetConsoleIsReported() {
        Cli cli = Cli.run(c -> host, "", "run", "--headless", "--timeout", "0.2", "--expect", "login",
                "--expect", "lrtos=never", "--expect", "echo=nope", config.toString());
        assertEquals(1, cli.exitCode, cli.toString());
        assertTrue(cli.err.contains("console echo: expectation 2 of 2 unmet: --expect echo=nope"), cli.err);
        assertTrue(cli.err.contains("console lrtos: expectation 1 of 1 unmet: --expect lrtos=never"), cli.err);
    }

    @Test
    void withoutExpectationsTheRunLastsTheTimeoutAndSucceeds() {
        long start = System.nanoTime();
        Cli cli = Cli.run(c -> host, "", "run", "--headless", "--timeout", "0.3", "--send", "lrtos=hi\\r", config.toString());
        assertEquals(0, cli.exitCode, cli.toString());
        assertTrue(System.nanoTime() - start >= 300_000_000L);
        assertEquals("hi\r", lrtos.receivedText());
        assertTrue(cli.err.matches("(?s)(.*\n)?visor: headless: ran 0\\.[3-9] s, no expectations\n"), cli.err);
    }

    @Test
    void badEscapeIsAUsageError() {
        Cli cli = run("--send", "oops\\q");
        assertEquals(2, cli.exitCode, cli.toString());
        assertTrue(cli.err.contains("--send oops\\q: 'oops\\q' has an unknown escape \\q"), cli.err);
    }

    @Test
    void logDirGetsOneFilePerVm() throws IOException {
        Path logs = dir.resolve("logs");
        Cli cli = run("--log-dir", logs.toString(), "--expect", "login: ", "--send", "root\\r", "--expect", "# ",
                "--send", "lrtos=x\\r", "--expect", "lrtos=lrtos got x\r\n");
        assertEquals(0, cli.exitCode, cli.toString());
        assertEquals("login: \r\n# ", Files.readString(logs.resolve("echo.log")));
        assertEquals("lrtos got x\r\n", Files.readString(logs.resolve("lrtos.log")));
    }

    @Test
    void scriptOptionsWithoutHeadlessAreAUsageError() {
        Cli cli = Cli.run(c -> host, "", "run", "--send", "x", config.toString());
        assertEquals(2, cli.exitCode, cli.toString());
        assertTrue(cli.err.contains("--send needs --headless"), cli.err);
        Cli timeout = Cli.run(c -> host, "", "run", "--timeout", "3", config.toString());
        assertEquals(2, timeout.exitCode, timeout.toString());
        assertTrue(timeout.err.contains("--timeout needs --headless"), timeout.err);
    }

    @Test
    void aHostThatCannotStartIsExit1() {
        Cli cli = Cli.run(c -> {
            throw new IllegalStateException("no memory");
        }, "", "run", "--headless", config.toString());
        assertEquals(1, cli.exitCode, cli.toString());
        assertTrue(cli.err.contains("visor: cannot start the hypervisor: no memory"), cli.err);
    }

    @Test
    void aFailedHypervisorEndsTheRunWith1BeforeTheTimeout() {
        host.failure = "hypervisor thread died: java.lang.StackOverflowError";
        long start = System.nanoTime();
        Cli cli = run("--expect", "never");
        assertEquals(1, cli.exitCode, cli.toString());
        assertTrue(System.nanoTime() - start < 2_000_000_000L);
        assertTrue(cli.err.contains("the run ended before every expectation was met: hypervisor thread died"), cli.err);
    }
}
