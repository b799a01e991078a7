package visor.e2e.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import visor.e2e.support.Configs;
import visor.e2e.support.VisorProcess;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hypervisor console with stdin a pipe, as a script or another program drives it. */
class PipeConsoleTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PROMPT = "visor> ";

    @TempDir
    Path dir;

    @Test
    void vmlVmcAndEscapesSwitchConsolesAndAPasteComesBackByteIdentical() {
        Configs.write(dir, "demo.toml", Configs.echo(), Configs.lrtos());
        try (VisorProcess visor = VisorProcess.start(dir, "run", "demo.toml")) {
            int at = visor.expect(PROMPT, 0, WAIT);

            visor.send("vmc 1\n");
            at = visor.expect("[vm 1 echo: Ctrl-A 0 returns to visor]\nvisor echo guest\r\n> ", at, WAIT);
            visor.send("hello\r");
            at = visor.expect("hello\r\n> ", at, WAIT);

            // The echo guest now sits polling its empty UART: the hypervisor parks it (WAITING), vml says running.
            visor.send("\u00010vml\n");
            at = visor.expect(PROMPT, at, WAIT);
            int end = visor.expect(PROMPT, at, WAIT);
            String table = visor.stdout.textFrom(at).substring(0, end - at - PROMPT.length());
            assertEquals("running", state(table, 1, "echo"), table);
            assertEquals("running", state(table, 2, "lrtos"), table);

            visor.send("info echo\n");
            at = end;
            end = visor.expect(PROMPT, at, WAIT);
            String info = visor.stdout.textFrom(at);
            assertTrue(info.startsWith("VM 1 'echo': running"), info);
            assertTrue(info.contains("PC  "), "a register dump: " + info);

            visor.send("vmc lrtos\n");
            at = visor.expect("[vm 2 lrtos: Ctrl-A 0 returns to visor]\nlrtos: mmu on, 2 tasks, 10 ms tick\r\n", end, WAIT);
            at = visor.expect("12345", at, WAIT);
            at = visor.expect("abcde", at, WAIT);
            at = visor.expect("12345", at, WAIT);

            // Ctrl-A 1 goes straight to VM 1, whose console shows everything it printed since it started.
            visor.send("\u00011");
            at = visor.expect("[vm 1 echo: Ctrl-A 0 returns to visor]\nvisor echo guest\r\n> hello\r\n> ", at, WAIT);

            byte[] paste = pasteFor(65536, 1);
            visor.send(paste);
            int pasted = visor.stdout.await(paste, at, WAIT);
            assertTrue(pasted > 0, () -> "the 64 KiB paste did not come back byte-identical within "
                    + WAIT.toSeconds() + " s" + visor.describe());

            visor.send("\u00010quit\n");
            assertEquals(0, visor.exitCode(WAIT), visor::describe);
        }
    }

    /** A script that ends inside a VM console still sees the guest's answer to its last bytes. */
    @Test
    void endOfInputInAVmConsoleWaitsForTheGuestToAnswer() {
        Configs.write(dir, "echo.toml", Configs.echo());
        try (VisorProcess visor = VisorProcess.start(dir, "run", "echo.toml")) {
            visor.send("vmc echo\nhello, world\r");
            visor.closeStdin();
            assertEquals(0, visor.exitCode(WAIT), visor::describe);
            assertTrue(visor.stdout.text().endsWith("[vm 1 echo: Ctrl-A 0 returns to visor]\nvisor echo guest\r\n> hello, world\r\n> \n"),
                    visor::describe);
        }
    }

    /** The state column of VM {@code id} in a vml table. */
    private static String state(String table, int id, String name) {
        Matcher m = Pattern.compile("(?m)^\\s*" + id + "\\s+" + Pattern.quote(name) + "\\s+(\\S+)\\s").matcher(table);
        assertTrue(m.find(), "no row for VM " + id + " " + name + " in\n" + table);
        return m.group(1);
    }

    /**
     * Random bytes of every value the echo guest echoes unchanged: all but CR, LF (line ends), DEL and BS
     * (line editing) and the console's escape key Ctrl-A.
     */
    static byte[] pasteFor(int size, long seed) {
        Random random = new Random(seed);
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            int b;
            do {
                b = random.nextInt(256);
            } while (b == '\r' || b == '\n' || b == 0x7F || b == 0x08 || b == 0x01);
            bytes[i] = (byte) b;
        }
        return bytes;
    }
}
