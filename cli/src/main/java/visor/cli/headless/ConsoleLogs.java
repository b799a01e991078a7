package visor.cli.headless;

import visor.cli.config.GuestMemory;
import visor.cli.console.ConsoleTap;
import visor.soc.console.ConsoleChannel;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code --log-dir}: each console's complete output (history included) in DIR/NAME.log. */
public final class ConsoleLogs implements AutoCloseable {
    /** Per file; docs/console.md and docs/config.md state it. */
    public static final long DEFAULT_CAP_BYTES = 64L << 20;

    private final Path dir;
    private final long capBytes;
    private final List<ConsoleTap> taps = new ArrayList<>();
    private final List<OutputStream> files = new ArrayList<>();

    public ConsoleLogs(Path dir) throws IOException {
        this(dir, DEFAULT_CAP_BYTES);
    }

    ConsoleLogs(Path dir, long capBytes) throws IOException {
        this.dir = dir;
        this.capBytes = capBytes;
        Files.createDirectories(dir);
    }

    /** Starts logging the output of {@code channels} (merged, in emission order) to {@code name}.log. */
    public synchronized void add(String name, List<ConsoleChannel> channels) throws IOException {
        CappedLog file = new CappedLog(Files.newOutputStream(dir.resolve(name + ".log")), capBytes);
        files.add(file);
        for (ConsoleChannel channel : channels) {
            taps.add(ConsoleTap.open(channel, file::write));
        }
    }

    /**
     * One log file, written without a user-space buffer so that {@code tail -f} follows it and a killed run
     * loses nothing; past the cap one line says so and the rest is dropped (a flooding guest cannot fill
     * the disk).
     */
    private static final class CappedLog extends OutputStream {
        private final OutputStream out;
        private final long cap;
        private long written;
        private boolean failed;

        CappedLog(OutputStream out, long cap) {
            this.out = out;
            this.cap = cap;
        }

        @Override
        public synchronized void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] data, int offset, int length) {
            if (failed || written > cap) {
                return;
            }
            int n = (int) Math.min(length, cap - written);
            try {
                out.write(data, offset, n);
                written += n;
                if (n < length) {
                    out.write(("\n[visor: log reached its cap of " + GuestMemory.formatSize(cap) + "iB; further output is not logged]\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    written = cap + 1;
                }
            } catch (IOException e) {
                // A full disk must not stop the guest; the log simply ends here.
                failed = true;
            }
        }

        @Override
        public synchronized void close() throws IOException {
            out.close();
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
