package visor.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/** Debian's gdb-multiarch in batch mode: {@code -ex} commands against an ELF file, its output collected. */
public final class Gdb implements AutoCloseable {
    public static final String COMMAND = "gdb-multiarch";

    private final Process process;
    private final List<String> command;
    public final Output output;

    private Gdb(Process process, List<String> command) {
        this.process = process;
        this.command = command;
        this.output = new Output(process.getInputStream(), "gdb-" + process.pid());
    }

    /** Starts {@code gdb-multiarch -nx -batch ELF -ex C1 -ex C2 ...} (stderr merged into the output). */
    public static Gdb batch(Path elf, String... commands) {
        // remotetimeout: gdb's 2 s for a reply is short on a loaded CI machine; a late reply would be taken
        // for the answer to the next packet.
        List<String> command = new ArrayList<>(List.of(COMMAND, "-nx", "-batch", "-ex", "set pagination off",
                "-ex", "set confirm off", "-ex", "set remotetimeout 30"));
        for (String c : commands) {
            command.add("-ex");
            command.add(c);
        }
        command.add(elf.toString());
        try {
            return new Gdb(new ProcessBuilder(command).redirectErrorStream(true).start(), command);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Runs to the end of its commands; fails if that takes longer than {@code timeout}. Returns the output. */
    public String finish(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                fail("gdb did not finish within " + timeout.toSeconds() + " s\n" + describe());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
        output.awaitClosed(Duration.ofSeconds(5));
        return output.text();
    }

    public String describe() {
        return "--- gdb: " + String.join(" ", command) + "\n--- gdb output:\n" + output.text() + "\n--- end";
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
