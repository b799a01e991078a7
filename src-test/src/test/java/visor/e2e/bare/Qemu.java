package visor.e2e.bare;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One guests/tests kernel on {@code qemu-system-aarch64 -M raspi3b}, as guests/tests/run-qemu.sh runs it:
 * the mini-UART (QEMU's second serial port) on stdio, the PL011 discarded, an optional SD card. Input is
 * typed once {@code inputAfter} has appeared; the run ends at "TEST DONE" (or another marker) or after the
 * time limit.
 */
final class Qemu {
    static final String BINARY = "qemu-system-aarch64";

    private Qemu() {
    }

    static String run(Path kernel, Path card, String inputAfter, String input, long limitMillis)
            throws IOException, InterruptedException {
        return run(kernel, card, inputAfter, input, Transcripts.TEST_DONE, limitMillis);
    }

    /** As {@link #run(Path, Path, String, String, long)}, ending when {@code until} has appeared. */
    static String run(Path kernel, Path card, String inputAfter, String input, String until, long limitMillis)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(BINARY, "-M", "raspi3b", "-kernel", kernel.toString(),
                "-serial", "null", "-serial", "stdio", "-display", "none", "-monitor", "none"));
        if (card != null) {
            cmd.addAll(List.of("-drive", "if=sd,format=raw,file=" + card));
        }
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limitMillis);
        boolean typed = input == null;
        try (InputStream in = p.getInputStream(); OutputStream keys = p.getOutputStream()) {
            byte[] buf = new byte[4096];
            while (System.nanoTime() < deadline) {
                if (in.available() > 0) {
                    int n = in.read(buf);
                    if (n < 0) {
                        break;
                    }
                    out.write(buf, 0, n);
                    String text = out.toString(StandardCharsets.ISO_8859_1);
                    if (!typed && text.contains(inputAfter)) {
                        keys.write(input.getBytes(StandardCharsets.ISO_8859_1));
                        keys.flush();
                        typed = true;
                    }
                    if (text.contains(until)) {
                        break;
                    }
                } else if (!p.isAlive()) {
                    break;
                } else {
                    Thread.sleep(20);
                }
            }
        } finally {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}
