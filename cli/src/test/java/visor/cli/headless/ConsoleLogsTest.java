package visor.cli.headless;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import visor.soc.console.ConsoleChannel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ConsoleLogsTest {
    @Test
    void eachByteIsInTheFileAtOnceAndTheFileStopsAtItsCap(@TempDir Path dir) throws Exception {
        ConsoleChannel channel = new ConsoleChannel("c", 1 << 16);
        try (ConsoleLogs logs = new ConsoleLogs(dir, 64L << 10)) {
            logs.add("vm", List.of(channel));
            channel.emit('a');
            assertEquals("a", Files.readString(dir.resolve("vm.log")));
            for (int i = 1; i < (64 << 10) + 10; i++) {
                channel.emit('b');
            }
            String log = Files.readString(dir.resolve("vm.log"));
            String marker = "\n[visor: log reached its cap of 64KiB; further output is not logged]\n";
            assertEquals((64 << 10) + marker.length(), log.length());
            assertEquals(marker, log.substring(64 << 10));
        }
    }
}
