package visor.e2e.bare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import visor.e2e.support.Repo;

/**
 * guests/tests/uart-paste clears the mini-UART's RX FIFO after every character its IRQ handler reads:
 * a paste reaches it intact only when characters arrive one character time apart, as on a serial line.
 */
class UartPasteTest {
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:-_=+!?";

    @Test
    void aFourKibPasteViaSendArrivesIntactAtLineRate() {
        Random r = new Random(7);
        StringBuilder paste = new StringBuilder();
        for (int i = 0; i < 4096; i++) {
            paste.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
        }
        int hash = 0x811C9DC5;
        for (byte b : paste.toString().getBytes(StandardCharsets.US_ASCII)) {
            hash = (hash ^ (b & 0xFF)) * 16777619;
        }
        Visor.Script s = new Visor.Script("boot", Repo.guest("tests/uart-paste/uart-paste.bin").toString(),
                "--clock", "virtual", "--headless", "--timeout", "120")
                .expect("uart-paste: ready").send(paste + "~").expect("TEST DONE");
        Visor run = Visor.run(s.args());
        assertEquals(0, run.exitCode, run.toString());
        String line = "uart-paste: 4096 bytes fnv1a " + Integer.toHexString(hash) + " overruns 0";
        assertTrue(run.out.contains(line), "expected '" + line + "':\n" + run);
    }
}
