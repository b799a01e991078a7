package visor.e2e.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/** {@code java -jar visor.jar ARGS} as a child process with stdin a pipe and stdout, stderr collected. */
public final class VisorProcess implements AutoCloseable {
    private final Process process;
    private final List<String> command;
    private final OutputStream stdin;
    public final Output stdout;
    public final Output stderr;

    private VisorProcess(Process process, List<String> command) {
        this.process = process;
        this.command = command;
        this.stdin = process.getOutputStream();
        this.stdout = new Output(process.getInputStream(), "visor-stdout-" + process.pid());
        this.stderr = new Output(process.getErrorStream(), "visor-stderr-" + process.pid());
    }

    /** Starts visor in {@code dir} (relative paths in ARGS resolve there). */
    public static VisorProcess start(Path dir, String... args) {
        return start(dir, java.util.Map.of(), args);
    }

    /** As {@link #start(Path, String...)}, with {@code env} added to the environment (DISPLAY, say). */
    public static VisorProcess start(Path dir, java.util.Map<String, String> env, String... args) {
        return start(dir, env, List.of(), args);
    }

    /** As {@link #start(Path, String...)}, the JVM given {@code jvmOptions} (-Xmx, say). */
    public static VisorProcess start(Path dir, List<String> jvmOptions, String... args) {
        return start(dir, java.util.Map.of(), jvmOptions, args);
    }

    private static VisorProcess start(Path dir, java.util.Map<String, String> env, List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>(javaCommand());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(Repo.jar().toString());
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
            builder.environment().putAll(env);
            return new VisorProcess(builder.start(), command);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** The JVM running the tests runs visor too, on the execution engine the suite chose (visor.jit*). */
    public static List<String> javaCommand() {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String p : new String[] {"visor.jit", "visor.jit.threshold", "visor.jit.sync"}) {
            String value = System.getProperty(p);
            if (value != null) {
                command.add("-D" + p + "=" + value);
            }
        }
        return command;
    }

    public long pid() {
        return process.pid();
    }

    public void send(byte[] bytes) {
        try {
            stdin.write(bytes);
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to visor's stdin" + describe(), e);
        }
    }

    public void send(String text) {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    public void closeStdin() {
        try {
            stdin.close();
        } catch (IOException e) {
            // already gone
        }
    }

    /** Waits for {@code text} on stdout after byte offset {@code from}; fails with both streams if it never comes. */
    public int expect(String text, int from, Duration timeout) {
        int end = stdout.await(text, from, timeout);
        if (end < 0) {
            fail("visor never printed " + quote(text) + " within " + timeout.toSeconds() + " s" + describe());
        }
        return end;
    }

    /** Waits for the process to end; fails (killing it) if it does not within {@code timeout}. */
    public int exitCode(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                fail("visor did not exit within " + timeout.toSeconds() + " s" + describe());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
        stdout.awaitClosed(Duration.ofSeconds(5));
        stderr.awaitClosed(Duration.ofSeconds(5));
        return process.exitValue();
    }

    /** CPU time (user + system) the visor JVM has used so far, from the kernel's accounting of the process. */
    public Duration cpuTime() {
        return process.toHandle().info().totalCpuDuration()
                .orElseThrow(() -> new IllegalStateException("the OS does not report process CPU time"));
    }

    /** Command, exit state and both streams, for failure messages. */
    public String describe() {
        String state = process.isAlive() ? "still running" : "exit " + process.exitValue();
        return "\n--- command: " + String.join(" ", command) + " (" + state + ")"
                + "\n--- stdout (last 3000 chars):\n" + tail(stdout.text(), 3000)
                + "\n--- stderr (last 3000 chars):\n" + tail(stderr.text(), 3000) + "\n--- end";
    }

    static String tail(String text, int chars) {
        return text.length() <= chars ? text : "..." + text.substring(text.length() - chars);
    }

    static String quote(String text) {
        return "'" + text.replace("\r", "\\r").replace("\n", "\\n") + "'";
    }

    @Override
    public void close() {
        closeStdin();
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
