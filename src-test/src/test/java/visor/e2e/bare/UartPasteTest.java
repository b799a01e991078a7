package visor.e2e.bare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import visor.e2e.support.Needs;
import visor.e2e.support.Repo;
import visor.e2e.support.Tmux;
import visor.e2e.support.VisorProcess;

/**
 * guests/tests/uart-paste clears the mini-UART's RX FIFO after every character its IRQ handler reads:
 * a paste reaches it intact only when characters arrive one character time apart, as on a serial line,
 * and (real-time clock) only when a slow or loaded host still gives the handler its time between two.
 */
class UartPasteTest {
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:-_=+!?";
    private static final Duration WAIT = Duration.ofSeconds(120);

    private static String paste() {
        Random r = new Random(7);
        StringBuilder paste = new StringBuilder();
        for (int i = 0; i < 4096; i++) {
            paste.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
        }
        return paste.toString();
    }

    /** The line the guest prints for {@code paste} received whole, without an overrun. */
    private static String report(String paste) {
        int hash = 0x811C9DC5;
        for (byte b : paste.getBytes(StandardCharsets.US_ASCII)) {
            hash = (hash ^ (b & 0xFF)) * 16777619;
        }
        return "uart-paste: " + paste.length() + " bytes fnv1a " + Integer.toHexString(hash) + " overruns 0";
    }

    private static void viaSend(String clock) {
        String paste = paste();
        Visor.Script s = new Visor.Script("boot", Repo.guest("tests/uart-paste/uart-paste.bin").toString(),
                "--clock", clock, "--headless", "--timeout", Long.toString(WAIT.toSeconds()))
                .expect("uart-paste: ready").send(paste + "~").expect("TEST DONE");
        Visor run = Visor.run(s.args());
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.out.contains(report(paste)), "expected '" + report(paste) + "':\n" + run);
    }

    @Test
    void aFourKibPasteViaSendArrivesIntactAtLineRate() {
        viaSend("virtual");
    }

    @Test
    void aFourKibPasteViaSendArrivesIntactWithTheRealTimeClock() {
        viaSend("realtime");
    }

    /** Pasted into the terminal of {@code visor boot} (real-time clock, stdin in raw mode). */
    @Test
    void aFourKibPasteOnATerminalArrivesIntact() {
        Needs.tmux();
        String paste = paste();
        List<String> command = new ArrayList<>(VisorProcess.javaCommand());
        command.addAll(List.of("-jar", Repo.jar().toString(), "boot",
                Repo.guest("tests/uart-paste/uart-paste.bin").toString()));
        try (Tmux tmux = Tmux.start(Repo.root(), 160, 50, command)) {
            tmux.awaitScreen("the guest's ready line", s -> s.contains("uart-paste: ready"), WAIT);
            tmux.paste((paste + "~").getBytes(StandardCharsets.US_ASCII));
            String screen = tmux.awaitScreen("the guest's report", s -> s.contains("TEST DONE"), WAIT);
            assertTrue(screen.contains(report(paste)), "expected '" + report(paste) + "':\n" + screen);
        }
    }
}
