package visor.e2e.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import visor.e2e.support.Needs;
import visor.e2e.support.Repo;
import visor.e2e.support.Tmux;
import visor.e2e.support.VisorProcess;

/**
 * {@code boot} on a terminal with QEMU's Ctrl-A c monitor: the gdbdemo guest stopped at a breakpoint by
 * symbol, stepped, its memory and registers read, continued and quit with Ctrl-A x.
 */
class BootMonitorTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void breakStepExamineContinueAndQuit() {
        Needs.tmux();
        List<String> command = new ArrayList<>(VisorProcess.javaCommand());
        command.addAll(List.of("-jar", Repo.jar().toString(), "boot", "guests/gdbdemo/gdbdemo.elf"));
        try (Tmux tmux = Tmux.start(Repo.root(), 160, 60, command)) {
            tmux.awaitScreen("the guest's first line", s -> s.contains("gdbdemo: fib(10) = 55"), WAIT);
            tmux.keys("C-a", "c");
            tmux.awaitScreen("the monitor", s -> s.contains("visor monitor: 'help' lists commands") && promptLast(s), WAIT);

            tmux.keys("break tick", "Enter");
            String screen = tmux.awaitScreen("the breakpoint hit", s -> s.contains("breakpoint 1 at 0x800E4 <tick>")
                    && s.contains("[visor: core 0 stopped: breakpoint at 0x800e4 <tick>; Ctrl-A c opens the monitor]")
                    && promptLast(s), WAIT);

            tmux.keys("step", "Enter");
            screen = tmux.awaitScreen("one step", s -> s.contains("0x00000000000800e8 <tick+0x4>: ") && promptLast(s), WAIT);
            tmux.keys("regs", "Enter");
            screen = tmux.awaitScreen("the registers", s -> s.contains("PC  00000000000800e8") && promptLast(s), WAIT);
            assertTrue(screen.contains("(EL1h"), screen);

            // Stopped in tick before its store: ticks is what main saw, and reads the same physically (MMU off).
            tmux.keys("x/1g ticks", "Enter");
            screen = tmux.awaitScreen("ticks", s -> s.contains("0000000000083000: 0x") && promptLast(s), WAIT);
            String value = after(screen, "0000000000083000: ").substring(0, 18);
            tmux.keys("xp/1g 0x83000", "Enter");
            tmux.awaitScreen("ticks physically", s -> after(s, "xp/1g 0x83000").contains("0000000000083000: " + value)
                    && promptLast(s), WAIT);

            tmux.type("delete"); // typed, not tmux's Delete key
            tmux.keys("Enter");
            tmux.awaitScreen("delete", s -> s.contains("deleted 1 breakpoint") && promptLast(s), WAIT);
            tmux.keys("cont", "Enter");
            tmux.awaitScreen("the guest counting again", s -> after(s, "(visor) cont").contains("ticks"), WAIT);

            tmux.keys("C-a", "x");
            assertEquals(0, tmux.awaitExit(WAIT), "Ctrl-A x exits with 0");
        }
    }

    private static boolean promptLast(String screen) {
        return screen.stripTrailing().endsWith("(visor)");
    }

    private static String after(String screen, String marker) {
        int at = screen.lastIndexOf(marker);
        return at < 0 ? "" : screen.substring(at + marker.length());
    }
}
