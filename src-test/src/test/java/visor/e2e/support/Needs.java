package visor.e2e.support;

import java.io.IOException;
import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * Third-party binaries and tools some tests need. Missing on a developer's machine, the test is skipped
 * with a message saying how to get it; in CI (environment CI=true) a missing one fails the test, so CI
 * never passes by skipping.
 */
public final class Needs {
    private Needs() {
    }

    public static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** guests/uboot/u-boot.bin. */
    public static void uboot() {
        if (!Files.isRegularFile(Repo.uboot())) {
            missing(Repo.uboot() + " not found: run scripts/fetch-guests.sh (Debian's u-boot-rpi)");
        }
    }

    /** tmux on the PATH, for the pseudo-terminal tests. */
    public static void tmux() {
        if (!runs("tmux", "-V")) {
            missing("tmux not found: install it (apt-get install tmux) for the terminal tests");
        }
    }

    /** gdb-multiarch on the PATH (Debian's gdb for foreign architectures), for the gdb stub tests. */
    public static void gdbMultiarch() {
        if (!runs(Gdb.COMMAND, "--version")) {
            missing(Gdb.COMMAND + " not found: install it (apt-get install gdb-multiarch, or scripts/install-deps.sh)");
        }
    }

    /** True if {@code command} starts and exits with 0. */
    private static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Xvfb and xdotool on the PATH and a JDK with AWT's X11 toolkit, for the display window tests. */
    public static void xDisplay() {
        for (String tool : new String[] {"Xvfb", "xdotool"}) {
            if (!onPath(tool)) {
                missing(tool + " not found: install xvfb and xdotool (apt-get install xvfb xdotool) for the window tests");
            }
        }
        if (!Files.isRegularFile(java.nio.file.Path.of(System.getProperty("java.home"), "lib", "libawt_xawt.so"))) {
            missing("this JDK has no X11 toolkit (a headless JDK): install openjdk-17-jre for the window tests");
        }
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(java.nio.file.Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static void missing(String message) {
        if (ci()) {
            fail("CI=true and " + message);
        }
        abort("skipped: " + message);
    }
}
