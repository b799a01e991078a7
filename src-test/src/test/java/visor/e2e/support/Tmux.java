package visor.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A command on a pseudo-terminal: a detached tmux session on a private server (its own socket, so the
 * tests never touch a user's tmux), driven with send-keys and read with capture-pane.
 */
public final class Tmux implements AutoCloseable {
    private static final AtomicInteger SESSIONS = new AtomicInteger();
    private static final Duration TMUX_CALL = Duration.ofSeconds(20);
    private static final String EXIT_MARK = "[command exited with ";
    private static final Pattern EXIT_LINE = Pattern.compile(Pattern.quote(EXIT_MARK) + "(\\d+)]");

    private final String socket;
    private final Path config;

    private Tmux(String socket, Path config) {
        this.socket = socket;
        this.config = config;
    }

    /**
     * Runs {@code command} in {@code dir} on a {@code columns} x {@code rows} terminal. The pane stays after
     * the command exits, so its last screen and exit status can still be read.
     */
    public static Tmux start(Path dir, int columns, int rows, List<String> command) {
        String socket = "visor-e2e-" + ProcessHandle.current().pid() + "-" + SESSIONS.incrementAndGet();
        try {
            Path config = Files.createTempFile("visor-e2e-tmux", ".conf");
            Files.writeString(config, "set -g remain-on-exit on\nset -g history-limit 100000\nset -g status off\n");
            Tmux tmux = new Tmux(socket, config);
            tmux.run("new-session", "-d", "-s", "e2e", "-x", Integer.toString(columns), "-y", Integer.toString(rows),
                    "-c", dir.toString(), shellCommand(command));
            return tmux;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The command for tmux's shell, followed by a line with its exit status: tmux's own
     * {@code pane_dead_status} is not always filled in when the pane's terminal closes first.
     */
    private static String shellCommand(List<String> command) {
        StringBuilder sb = new StringBuilder();
        for (String word : command) {
            sb.append('\'').append(word.replace("'", "'\\''")).append("' ");
        }
        return sb.append("; echo \"").append(EXIT_MARK).append("$?]\"").toString();
    }

    /** Keys as tmux names them: {@code Enter}, {@code C-c}, or words typed as they are. */
    public void keys(String... keys) {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", "e2e"));
        args.addAll(List.of(keys));
        run(args.toArray(String[]::new));
    }

    /** Types {@code text} literally (no key-name lookup), as a user would. */
    public void type(String text) {
        run("send-keys", "-t", "e2e", "-l", text);
    }

    /** Pastes {@code text} as one block, as a terminal paste does (tmux paste-buffer, no bracketing). */
    public void paste(byte[] text) {
        try {
            Path buffer = Files.createTempFile("visor-e2e-paste", ".txt");
            try {
                Files.write(buffer, text);
                run("load-buffer", "-b", "paste", buffer.toString());
                run("paste-buffer", "-d", "-r", "-b", "paste", "-t", "e2e");
            } finally {
                Files.deleteIfExists(buffer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The whole pane, history included, with lines the terminal wrapped joined again. */
    public String screen() {
        return run("capture-pane", "-p", "-J", "-S", "-", "-E", "-", "-t", "e2e");
    }

    /** Polls the screen until {@code ready} accepts it; fails with the last screen after {@code timeout}. */
    public String awaitScreen(String what, Predicate<String> ready, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String screen = screen();
            if (ready.test(screen)) {
                return screen;
            }
            if (System.nanoTime() > deadline) {
                fail("the terminal never showed " + what + " within " + timeout.toSeconds() + " s; screen:\n"
                        + VisorProcess.tail(screen, 1500));
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    /** Waits for the command to end and returns its exit status. */
    public int awaitExit(Duration timeout) {
        Matcher m = EXIT_LINE.matcher(awaitScreen("the command's exit", s -> EXIT_LINE.matcher(s).find(), timeout));
        m.find();
        return Integer.parseInt(m.group(1));
    }

    private String run(String... args) {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", socket, "-f", config.toString()));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(TMUX_CALL.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
                fail(String.join(" ", command) + " failed: " + new String(out, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        try {
            new ProcessBuilder("tmux", "-L", socket, "kill-server").redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(config);
        } catch (IOException e) {
            // the server already ended
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
