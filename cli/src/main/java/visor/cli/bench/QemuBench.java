package visor.cli.bench;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Times the same image on {@code qemu-system-aarch64 -M raspi3b}: its second serial port is the mini-UART
 * (the first, the PL011, is discarded), so the guest's lines arrive on QEMU's stdout as it writes them.
 */
public final class QemuBench {
    public static final String DEFAULT_BINARY = "qemu-system-aarch64";

    private final String binary;
    private final Path image;

    public QemuBench(String binary, Path image) {
        this.binary = binary;
        this.image = image;
    }

    /** The binary to run: a path as given, or a bare name looked up on PATH; empty if there is none. */
    public static Optional<String> locate(String binary) {
        if (binary.contains(File.separator)) {
            return Files.isExecutable(Path.of(binary)) ? Optional.of(binary) : Optional.empty();
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, binary);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }

    public List<String> commandLine() {
        return List.of(binary, "-M", "raspi3b", "-kernel", image.toString(), "-serial", "null", "-serial", "stdio",
                "-display", "none", "-monitor", "none");
    }

    public Measurement run(Duration timeout) throws IOException, InterruptedException, BenchFailure {
        ProcessBuilder pb = new ProcessBuilder(commandLine())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        long launch = System.nanoTime();
        Process process = pb.start();
        // Every QEMU thread's CPU time (the kernel's per-process count, in clock ticks).
        BenchTranscript transcript = new BenchTranscript(() -> 0, () -> process.toHandle().info().totalCpuDuration()
                .map(java.time.Duration::toNanos).orElse(0L));
        try {
            process.getOutputStream().close();
            Thread reader = new Thread(() -> pump(process.getInputStream(), transcript), "qemu-stdout");
            reader.setDaemon(true);
            reader.start();
            if (!awaitDone(process, transcript, timeout)) {
                String why = process.isAlive() ? "no \"" + BenchTranscript.DONE + "\" within " + timeout.toSeconds() + " s"
                        : "exited with status " + process.exitValue() + " before \"" + BenchTranscript.DONE + "\"";
                throw new BenchFailure(binary + ": " + why);
            }
            return Measurement.of(transcript, launch);
        } finally {
            process.destroy();
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** Waits for "bench: done" until the timeout, or until QEMU has exited and its output is read. */
    private static boolean awaitDone(Process process, BenchTranscript transcript, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            boolean alive = process.isAlive();
            if (transcript.awaitDone(Duration.ofMillis(50).toNanos())) {
                return true;
            }
            if (!alive) {
                return false;
            }
        }
        return false;
    }

    private static void pump(InputStream in, BenchTranscript transcript) {
        byte[] buf = new byte[4096];
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                transcript.accept(buf, 0, n);
            }
        } catch (IOException e) {
            // The process was destroyed while we read: nothing more to follow.
        }
    }
}
