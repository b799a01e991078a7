package visor.cpu.diff;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs sequences under qemu-aarch64 user mode through guests/diff-harness (built at test time into
 * cpu/target/diff-harness by its Makefile with aarch64-linux-gnu-gcc). One qemu process per batch.
 */
final class QemuHarness {
    static final String QEMU = "qemu-aarch64";
    static final String CC = "aarch64-linux-gnu-gcc";

    private final Path binary;
    /** Address of the first instruction word inside the harness (the same PC is used in our core). */
    long wordsAddress = -1;

    private QemuHarness(Path binary) {
        this.binary = binary;
    }

    /** True if {@code program} is an executable on PATH. */
    static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /** The repository root: the nearest ancestor of the working directory with guests/diff-harness. */
    static Path sourceDir() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path d = p.resolve("guests/diff-harness");
            if (Files.isRegularFile(d.resolve("Makefile"))) {
                return d;
            }
        }
        throw new IllegalStateException("guests/diff-harness not found above " + Path.of("").toAbsolutePath());
    }

    /** Builds the harness with make (a no-op when it is up to date) into target/diff-harness. */
    static QemuHarness build() throws IOException, InterruptedException {
        Path out = Path.of("target/diff-harness").toAbsolutePath();
        Process p = new ProcessBuilder("make", "-s", "-C", sourceDir().toString(), "OUT=" + out)
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("building the diff harness failed:\n" + log);
        }
        return new QemuHarness(out.resolve("harness"));
    }

    /** Runs every sequence in one qemu process; results in the same order. */
    List<GuestState> run(List<Sequence> sequences) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(QEMU, "-cpu", "cortex-a53", binary.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Thread writer = new Thread(() -> feed(p.getOutputStream(), sequences), "diff-harness-feed");
        writer.setDaemon(true);
        writer.start();
        List<GuestState> results = new ArrayList<>(sequences.size());
        try (InputStream in = p.getInputStream()) {
            DataInputStream data = new DataInputStream(new java.io.BufferedInputStream(in, 1 << 16));
            byte[] head = new byte[8];
            data.readFully(head);
            wordsAddress = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getLong();
            byte[] rec = new byte[8 + GuestState.BYTES];
            ByteBuffer b = ByteBuffer.wrap(rec).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < sequences.size(); i++) {
                data.readFully(rec);
                b.clear();
                results.add(GuestState.read(b));
            }
        }
        writer.join();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("qemu harness did not exit");
        }
        return results;
    }

    private static void feed(OutputStream raw, List<Sequence> sequences) {
        try (OutputStream out = new BufferedOutputStream(raw, 1 << 16)) {
            ByteBuffer b = ByteBuffer.allocate(8 + GuestState.BYTES + 4 * 1024).order(ByteOrder.LITTLE_ENDIAN);
            for (Sequence s : sequences) {
                b.clear();
                b.putInt(s.words().length).putInt(0);
                s.initial().write(b);
                for (int w : s.words()) {
                    b.putInt(w);
                }
                out.write(b.array(), 0, b.position());
            }
        } catch (IOException e) {
            // The reader reports the short output.
        }
    }
}
