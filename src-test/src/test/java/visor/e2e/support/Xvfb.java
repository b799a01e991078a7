package visor.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A private X server (Xvfb) for one test, and xdotool driving it: the display window's keyboard. */
public final class Xvfb implements AutoCloseable {
    private final Process server;
    private final String display;

    private Xvfb(Process server, String display) {
        this.server = server;
        this.display = display;
    }

    /** Starts Xvfb on the first free display from :90 and waits for its socket. */
    public static Xvfb start() throws InterruptedException {
        Needs.xDisplay();
        for (int n = 90; n < 190; n++) {
            Path socket = Path.of("/tmp/.X11-unix/X" + n);
            if (Files.exists(socket) || Files.exists(Path.of("/tmp/.X" + n + "-lock"))) {
                continue;
            }
            Process p;
            try {
                p = new ProcessBuilder("Xvfb", ":" + n, "-screen", "0", "1024x768x24", "-nolisten", "tcp")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (int i = 0; i < 100 && p.isAlive() && !Files.exists(socket); i++) {
                Thread.sleep(50);
            }
            if (p.isAlive() && Files.exists(socket)) {
                return new Xvfb(p, ":" + n);
            }
            p.destroy();
        }
        throw new IllegalStateException("no free X display between :90 and :189");
    }

    public String display() {
        return display;
    }

    /** Runs {@code xdotool ARGS} on this display; returns its stdout, or fails with its output. */
    public String xdotool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("xdotool"));
        command.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
        b.environment().put("DISPLAY", display);
        Process p = b.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(command + " failed: " + out);
        }
        return out.trim();
    }

    @Override
    public void close() throws InterruptedException {
        server.destroy();
        if (!server.waitFor(5, TimeUnit.SECONDS)) {
            server.destroyForcibly();
        }
    }
}
