package visor.cli.console;

import org.junit.jupiter.api.Test;
import visor.soc.console.ConsoleChannel;

import java.io.ByteArrayOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class ConsoleTapTest {
    @Test
    void historyThenLiveOutputEachByteOnceWhileTheGuestWrites() throws Exception {
        ConsoleChannel channel = new ConsoleChannel("c", 1 << 20);
        int total = 200_000;
        byte[] expected = new byte[total];
        for (int i = 0; i < total; i++) {
            expected[i] = (byte) (i % 251);
        }
        Thread guest = new Thread(() -> {
            for (byte b : expected) {
                channel.emit(b & 0xFF);
            }
        });
        guest.start();
        while (channel.written() < total / 4) {
            Thread.onSpinWait();
        }
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        ConsoleTap tap = ConsoleTap.open(channel, (data, offset, length) -> {
            synchronized (seen) {
                seen.write(data, offset, length);
            }
        });
        guest.join();
        tap.close();
        synchronized (seen) {
            assertArrayEquals(expected, seen.toByteArray());
        }
    }

    @Test
    void liveSkipsHistory() {
        ConsoleChannel channel = new ConsoleChannel("c", 64);
        channel.emit('a');
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        try (ConsoleTap tap = ConsoleTap.live(channel, seen::write)) {
            channel.emit('b');
        }
        channel.emit('c');
        assertArrayEquals(new byte[] {'b'}, seen.toByteArray());
    }
}
