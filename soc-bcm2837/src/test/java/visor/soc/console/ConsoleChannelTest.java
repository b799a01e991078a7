package visor.soc.console;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ConsoleChannelTest {
    @Test
    void aLargePasteArrivesIntactInOrder() {
        ConsoleChannel ch = new ConsoleChannel("echo", 1024);
        byte[] paste = new byte[64 * 1024];
        new Random(1).nextBytes(paste);
        ch.type(paste, 0, 40_000);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        for (int i = 0; i < 1000; i++) {
            got.write(ch.pollInput());
        }
        ch.type(paste, 40_000, paste.length - 40_000);
        int b;
        while ((b = ch.pollInput()) >= 0) {
            got.write(b);
        }
        assertArrayEquals(paste, got.toByteArray());
    }

    @Test
    void historyKeepsTheNewestBytesOfABoundedRing() {
        ConsoleChannel ch = new ConsoleChannel("vm", 8);
        for (char c : "abcdefghijkl".toCharArray()) {
            ch.emit(c);
        }
        assertEquals("efghijkl", new String(ch.history()));
        assertEquals(12, ch.written());
    }

    @Test
    void listenersSeeOutputAsItIsWritten() {
        ConsoleChannel ch = new ConsoleChannel("vm", 8);
        StringBuilder seen = new StringBuilder();
        ch.addListener((c, data, off, len) -> seen.append(new String(data, off, len)));
        ch.emit('h');
        ch.emit('i');
        assertEquals("hi", seen.toString());
    }
}
