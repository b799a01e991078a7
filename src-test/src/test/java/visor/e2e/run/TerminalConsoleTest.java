package visor.e2e.run;

import org.junit.jupiter.api.Test;
import visor.e2e.support.Needs;
import visor.e2e.support.Repo;
import visor.e2e.support.Tmux;
import visor.e2e.support.VisorProcess;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code java -jar visor.jar run demo.toml} on a pseudo-terminal (tmux), typed at as a user types: the
 * jline prompt, a raw VM console, the Ctrl-A 0 escape, Ctrl-C at the prompt and a large paste.
 */
class TerminalConsoleTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern VM_ROW = Pattern.compile("(?m)^\\s*(\\d+)\\s+(\\S+)\\s+(\\S+)\\s+\\d+\\s+0x");

    @Test
    void theDemoOnATerminal() {
        Needs.tmux();
        List<String> command = new ArrayList<>(VisorProcess.javaCommand());
        command.addAll(List.of("-jar", Repo.jar().toString(), "run", "demo.toml"));
        try (Tmux tmux = Tmux.start(Repo.root(), 160, 50, command)) {
            String screen = tmux.awaitScreen("the prompt", s -> s.contains("hypervisor console") && s.stripTrailing().endsWith("visor>"), WAIT);
            int vms = Integer.parseInt(match(screen, "hypervisor console, (\\d+) VMs?"));

            tmux.keys("vml", "Enter");
            screen = tmux.awaitScreen("the vml table", s -> rows(after(s, "visor> vml")).size() == vms && promptLast(s), WAIT);
            assertAllRunning(after(screen, "visor> vml"), vms);

            tmux.keys("vmc 1", "Enter");
            tmux.awaitScreen("the echo guest's console", s -> after(s, "visor> vmc 1").contains("visor echo guest\n>"), WAIT);
            tmux.type("hello from a terminal");
            tmux.keys("Enter");
            tmux.awaitScreen("the echo", s -> after(s, "visor> vmc 1").contains("> hello from a terminal\n>"), WAIT);
            tmux.keys("C-a", "0");
            tmux.awaitScreen("the prompt again", TerminalConsoleTest::promptLast, WAIT);

            // Ctrl-C at the prompt clears the line; the VMs go on running.
            tmux.type("stop 1");
            tmux.keys("C-c");
            tmux.keys("vml", "Enter");
            screen = tmux.awaitScreen("vml after Ctrl-C", s -> rows(lastAfter(s, "visor> vml")).size() == vms && promptLast(s), WAIT);
            assertFalse(screen.contains("stopped vm 1"), "Ctrl-C discarded the half-typed command:\n" + screen);
            assertAllRunning(lastAfter(screen, "visor> vml"), vms);

            // A paste into the raw VM console reaches the guest whole, and its echo shows it unchanged.
            tmux.keys("vmc echo", "Enter");
            tmux.awaitScreen("the echo console again", s -> lastAfter(s, "visor> vmc echo").contains("> hello from a terminal\n>"), WAIT);
            String paste = printablePaste(65536, 2);
            tmux.paste(paste.getBytes(StandardCharsets.US_ASCII));
            tmux.awaitScreen("the 64 KiB paste echoed", s -> lastAfter(s, "visor> vmc echo").contains(paste), WAIT);
            tmux.keys("C-a", "0");
            tmux.awaitScreen("the prompt after the paste", TerminalConsoleTest::promptLast, WAIT);

            tmux.keys("quit", "Enter");
            assertEquals(0, tmux.awaitExit(WAIT), "quit exits with 0");
        }
    }

    private static void assertAllRunning(String table, int vms) {
        List<String[]> rows = rows(table);
        assertEquals(vms, rows.size(), table);
        for (String[] row : rows) {
            assertEquals("running", row[2], "vml shows VM " + row[0] + " " + row[1] + " running:\n" + table);
        }
    }

    /** id, name, state of each vml row in {@code text}. */
    private static List<String[]> rows(String text) {
        List<String[]> rows = new ArrayList<>();
        Matcher m = VM_ROW.matcher(text);
        while (m.find()) {
            rows.add(new String[] {m.group(1), m.group(2), m.group(3)});
        }
        return rows;
    }

    private static boolean promptLast(String screen) {
        return screen.stripTrailing().endsWith("visor>");
    }

    private static String after(String screen, String marker) {
        int at = screen.indexOf(marker);
        return at < 0 ? "" : screen.substring(at + marker.length());
    }

    private static String lastAfter(String screen, String marker) {
        int at = screen.lastIndexOf(marker);
        return at < 0 ? "" : screen.substring(at + marker.length());
    }

    private static String match(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "no " + regex + " in\n" + text);
        return m.group(1);
    }

    /** Visible ASCII (no spaces, which a screen capture cannot tell from blank cells) and no '@', the escape of old. */
    private static String printablePaste(int size, long seed) {
        Random random = new Random(seed);
        StringBuilder sb = new StringBuilder(size);
        while (sb.length() < size) {
            char c = (char) ('!' + random.nextInt('~' - '!' + 1));
            if (c != '@') {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
