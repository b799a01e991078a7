package visor.cli.console;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import visor.cli.testing.Cli;
import visor.cli.testing.DemoVms;
import visor.cli.testing.FakeVmHost;
import visor.cli.testing.GatedInput;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console driven through a pipe, as {@code printf ... | java -jar visor.jar run demo.toml} would. */
class HypervisorConsoleTest extends DemoVms {
    @BeforeEach
    void scriptVms() {
        echo.emit("echo guest ready\r\n");
        lrtos.emit("lrtos: task A\r\n");
    }

    private Cli console(String stdin) {
        return console(stdin.getBytes(StandardCharsets.UTF_8));
    }

    private Cli console(byte[] stdin) {
        return Cli.run(c -> host, null, new ByteArrayInputStream(stdin), "run", config.toString());
    }

    @Test
    void bannerPromptAndQuit() {
        Cli cli = console("quit\nvml\n");
        assertEquals(0, cli.exitCode, cli.toString());
        assertTrue(cli.out.startsWith("visor "), cli.out);
        assertTrue(cli.out.contains("2 VMs: 1 echo, 2 lrtos"), cli.out);
        assertTrue(cli.out.contains(HypervisorConsole.PROMPT), cli.out);
        assertFalse(cli.out.contains("saved-pc"), "nothing after quit runs");
        assertEquals(List.of("shutdown"), host.calls);
    }

    @Test
    void endOfInputAtThePromptQuits() {
        Cli cli = console("vml\n");
        assertEquals(0, cli.exitCode, cli.toString());
        assertTrue(host.shutdown);
    }

    @Test
    void vmlIsAnAlignedTable() {
        lrtos.state = "paused";
        Cli cli = console("vml\nquit\n");
        List<String> lines = cli.out.lines().filter(l -> l.contains("saved-pc") || l.matches("\\s*\\d+\\s.*")).toList();
        assertEquals(3, lines.size(), cli.out);
        assertTrue(lines.get(0).endsWith("id  name   state    pages  saved-pc  wfx  hvc  sysreg  pf  mmio"), lines.get(0));
        assertEquals(" 1  echo   running     10   0x80004    1    2     300   4  1234", lines.get(1));
        assertEquals(" 2  lrtos  paused      20   0x80008    2    2     300   4  1234", lines.get(2));
    }

    @Test
    void helpListsEveryCommand() {
        Cli cli = console("help\n");
        for (String command : HypervisorConsole.commandNames()) {
            assertTrue(cli.out.contains("  " + command), command + " in " + cli.out);
        }
        assertTrue(cli.out.contains("In a VM console: Ctrl-A 0 back to this prompt"), cli.out);
    }

    @Test
    void trailingArgumentsAreAnErrorForEveryCommand() {
        StringBuilder in = new StringBuilder();
        for (String command : HypervisorConsole.commandNames()) {
            in.append(command).append(switch (command) {
                case "help", "vml", "ls", "quit" -> " extra\n";
                case "vmld" -> " a 0 0 extra\n";
                case "regs" -> " 1 extra\n";
                case "info", "x", "xp", "screendump", "break", "delete", "gdb" -> " 1 1 extra\n";
                case "disas" -> " 0 1 1 extra\n";
                default -> " 1 extra\n";
            });
        }
        Cli cli = console(in.toString());
        for (String command : HypervisorConsole.commandNames()) {
            assertTrue(cli.out.contains("error: unexpected argument 'extra'; usage: " + command), command + " in " + cli.out);
        }
        assertEquals(List.of("shutdown"), host.calls);
    }

    @Test
    void lifecycleCommandsByIdOrName() {
        Cli cli = console("stop echo\nstart 1\npause LRTOS\nresume 2\nreset lrtos\nstop 9\nstop\nstart echo\nfrobnicate\n");
        assertEquals(List.of("stop 1", "start 1", "pause 2", "resume 2", "reset 2", "shutdown"), host.calls);
        assertTrue(cli.out.contains("stopped vm 1 (echo)"), cli.out);
        assertTrue(cli.out.contains("resumed vm 2 (lrtos)"), cli.out);
        assertTrue(cli.out.contains("error: no VM '9' ('vml' lists them)"), cli.out);
        assertTrue(cli.out.contains("usage: stop <id|name>"), cli.out);
        assertTrue(cli.out.contains("error: vm 1 is already running"), cli.out);
        assertTrue(cli.out.contains("unknown command 'frobnicate'; 'help' lists commands"), cli.out);
    }

    @Test
    void infoLsAndVmld() {
        host.images.add(new VmHost.ImageInfo("lrtos.bin", 40960));
        host.images.add(new VmHost.ImageInfo("echo.bin", 512));
        Cli cli = console("info 2\nls\nvmld lrtos.bin 0x0 0\nvmld nope.bin 0 0\nvmld x\nvml\n");
        assertTrue(cli.out.contains("vm 2 lrtos\n  pc 0x0000000000080000"), cli.out);
        assertTrue(cli.out.contains("image       size\nlrtos.bin  40960\necho.bin     512\n"), cli.out);
        assertTrue(cli.out.contains("started vm 3 (lrtos-3)"), cli.out);
        assertTrue(host.calls.contains("load lrtos.bin 0x0 0x0"), host.calls.toString());
        assertTrue(cli.out.contains("error: no image 'nope.bin'"), cli.out);
        assertTrue(cli.out.contains("usage: vmld <image> <load> <entry>"), cli.out);
        assertTrue(cli.out.contains(" 3  lrtos-3"), cli.out);
    }

    @Test
    void vmcReplaysHistoryPassesInputAndAt0Returns() {
        Cli cli = console("vmc echo\nhello\r\u00010vml\nquit\n");
        assertEquals(0, cli.exitCode, cli.toString());
        assertEquals("hello\r", echo.receivedText());
        assertEquals("", lrtos.receivedText());
        int history = cli.out.indexOf("echo guest ready\r\n");
        int table = cli.out.indexOf("saved-pc");
        assertTrue(history > 0 && table > history, cli.out);
        assertFalse(cli.out.contains("lrtos: task A"), "a VM not attached is not shown: " + cli.out);
    }

    @Test
    void ctrlADigitSwitchesVmsAndCtrlACtrlATypesOneCtrlA() {
        console("vmc 1\na\u0001\u0001b\u00012c\u0001x\u00011d\u00010quit\n");
        assertEquals("a\u0001bd", echo.receivedText());
        assertEquals("c\u0001x", lrtos.receivedText());
    }

    @Test
    void anAtTypedInAVmConsoleReachesTheGuest() {
        // ssh root@host in a Linux VM: with the default escape, @ is an ordinary byte.
        Cli cli = console("vmc 1\nssh root@2host\r\u00010quit\n");
        assertEquals(0, cli.exitCode, cli.toString());
        assertEquals("ssh root@2host\r", echo.receivedText());
        assertEquals("", lrtos.receivedText());
    }

    @Test
    void theEscapeKeyIsConfigurableAndAtStillWorks() {
        Cli cli = Cli.run(c -> host, null, new ByteArrayInputStream("vmc 1\na@@b@2c@x@1d\u00012@0quit\n"
                .getBytes(StandardCharsets.UTF_8)), "run", "--escape", "@", config.toString());
        assertEquals(0, cli.exitCode, cli.toString());
        assertEquals("a@bd\u00012", echo.receivedText());
        assertEquals("c@x", lrtos.receivedText());
        assertTrue(cli.out.contains("[vm 1 echo: @0 returns to visor]"), cli.out);
    }

    @Test
    void aBadEscapeKeyIsAUsageError() {
        Cli cli = Cli.run(c -> host, null, new ByteArrayInputStream(new byte[0]), "run", "--escape", "ctrl-1", config.toString());
        assertEquals(2, cli.exitCode, cli.toString());
        assertTrue(cli.err.contains("--escape \"ctrl-1\" is not an escape key: ctrl-a .. ctrl-z, or one punctuation character"), cli.err);
    }

    @Test
    void ctrlAWithAnUnknownVmStaysAndSaysSo() {
        Cli cli = console("vmc 1\na\u00017b\u00010quit\n");
        assertEquals("ab", echo.receivedText());
        assertTrue(cli.out.contains("[visor: no VM 7]"), cli.out);
    }

    @Test
    void liveOutputOfTheAttachedVmIsShown() {
        echo.responder = line -> "you said " + line + "\r\n";
        echo.runGuest();
        Cli cli = Cli.run(c -> host, null, new GatedInput("vmc echo\nping\r", () -> history(echo).contains("you said ping"), "\u00010"),
                "run", config.toString());
        assertTrue(cli.out.contains("echo guest ready\r\nyou said ping\r\n"), cli.out);
    }

    private static String history(FakeVmHost.FakeVm vm) {
        return new String(vm.channel.history(), StandardCharsets.UTF_8);
    }

    @Test
    void a64KiBPasteArrivesByteIdentical() {
        Random random = new Random(42);
        byte[] paste = new byte[64 * 1024];
        for (int i = 0; i < paste.length; i++) {
            // Any byte but the escape key (Ctrl-A), whose doubling is tested separately.
            byte b;
            do {
                b = (byte) random.nextInt(256);
            } while (b == 0x01);
            paste[i] = b;
        }
        ByteArrayOutputStream stdin = new ByteArrayOutputStream();
        stdin.writeBytes("vmc echo\n".getBytes(StandardCharsets.US_ASCII));
        stdin.writeBytes(paste);
        stdin.writeBytes("\u00010quit\n".getBytes(StandardCharsets.US_ASCII));
        Cli cli = console(stdin.toByteArray());
        assertEquals(0, cli.exitCode, cli.toString());
        assertArrayEquals(paste, echo.received());
    }

    @Test
    void aPasteDrainedByARunningGuestArrivesByteIdentical() {
        echo.runGuest();
        byte[] paste = "0123456789abcdef\r\n".repeat(4096).getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream stdin = new ByteArrayOutputStream();
        stdin.writeBytes("vmc 1\n".getBytes(StandardCharsets.US_ASCII));
        stdin.writeBytes(paste);
        // End of input inside the VM console: the guest gets time to read everything, then visor quits.
        Cli cli = console(stdin.toByteArray());
        assertEquals(0, cli.exitCode, cli.toString());
        assertArrayEquals(paste, echo.received());
    }

    @Test
    void logLinesShowAtThePromptAndWaitWhileAttached() {
        Logger log = LoggerFactory.getLogger("visor.hv.Test");
        host.onReset = () -> log.info("reset requested");
        echo.responder = line -> {
            log.info("event while attached");
            return "ok\r\n";
        };
        echo.runGuest();
        Cli cli = Cli.run(c -> host, null, new GatedInput("reset 2\nvmc echo\nx\r", () -> history(echo).contains("ok"), "\u00010vml\n"),
                "run", config.toString());
        int reset = cli.out.indexOf("INFO  Test: reset requested");
        int guestAnswer = cli.out.indexOf("ok\r\n");
        int held = cli.out.indexOf("INFO  Test: event while attached");
        int table = cli.out.indexOf("saved-pc");
        assertTrue(reset > 0 && guestAnswer > reset && held > guestAnswer && table > held, cli.out);
    }

    @Test
    void completionOffersCommandsThenVmsOrImages() {
        host.images.add(new VmHost.ImageInfo("echo.bin", 16));
        HypervisorConsole console = new HypervisorConsole(host, new PipeConsoleIO(InputStream.nullInputStream(),
                new PrintStream(OutputStream.nullOutputStream())), "test", Duration.ZERO);
        assertTrue(console.complete(List.of(""), 0).containsAll(HypervisorConsole.commandNames()));
        assertEquals(List.of("echo", "lrtos"), console.complete(List.of("vmc", ""), 1));
        assertEquals(List.of("echo.bin"), console.complete(List.of("vmld", ""), 1));
        assertEquals(List.of(), console.complete(List.of("vmld", "echo.bin", ""), 2));
    }
}
