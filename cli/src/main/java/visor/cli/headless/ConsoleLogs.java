package visor.cli.headless;

import visor.cli.console.ConsoleTap;
import visor.soc.console.ConsoleChannel;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code --log-dir}: each console's complete output (history included) in DIR/NAME.log. */
public final class ConsoleLogs implements AutoCloseable {
    private final Path dir;
    private final List<ConsoleTap> taps = new ArrayList<>();
    private final List<OutputStream> files = new ArrayList<>();

    public ConsoleLogs(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
    }

    /** Starts logging the output of {@code channels} (merged, in emission order) to {@code name}.log. */
    public synchronized void add(String name, List<ConsoleChannel> channels) throws IOException {
        OutputStream file = new BufferedOutputStream(Files.newOutputStream(dir.resolve(name + ".log")));
        files.add(file);
        for (ConsoleChannel channel : channels) {
            taps.add(ConsoleTap.open(channel, (data, offset, length) -> {
                synchronized (file) {
                    try {
                        file.write(data, offset, length);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }));
        }
    }

    /** Idempotent, so a shutdown hook may call it as well. */
    @Override
    public synchronized void close() throws IOException {
        taps.forEach(ConsoleTap::close);
        IOException first = null;
        for (OutputStream file : files) {
            synchronized (file) {
                try {
                    file.close();
                } catch (IOException e) {
                    first = first == null ? e : first;
                }
            }
        }
        taps.clear();
        files.clear();
        if (first != null) {
            throw first;
        }
    }
}
